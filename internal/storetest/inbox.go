package storetest

import (
	"slices"
	"testing"

	"github.com/liaison-project/liaison"
)

// testInboxOrder pages the received messages of one state, newest first,
// as the web inbox lists unread then read ones: every message of the
// state exactly once, none of another.
func testInboxOrder(t *testing.T, open Open) {
	s := open(t)
	c := seed(t, s)
	var unread, read []string
	mustUpdate(t, s, func(tx liaison.Tx) error {
		for i := 1; i <= 23; i++ {
			m := inbound(newMessage(i, c.ID), i)
			if err := tx.CreateMessage(m); err != nil {
				return err
			}
			if i%3 == 0 {
				if err := tx.SetMessageState(m.ID, liaison.StateRead); err != nil {
					return err
				}
				read = append(read, m.ID)
			} else {
				unread = append(unread, m.ID)
			}
		}
		// One sent message, never in the inbox.
		return tx.CreateMessage(newMessage(99, c.ID))
	})
	slices.Reverse(unread)
	slices.Reverse(read)
	in := true
	for _, tc := range []struct {
		state liaison.MessageState
		want  []string
	}{{liaison.StateDelivered, unread}, {liaison.StateRead, read}} {
		var got []string
		after := ""
		for range 20 {
			ms, next, err := s.Messages(t.Context(), liaison.MessageFilter{Inbound: &in, State: &tc.state, Newest: true, After: after, Limit: 4})
			wantNoError(t, "Messages", err)
			for _, m := range ms {
				got = append(got, m.ID)
			}
			if next == "" {
				break
			}
			after = next
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("%s newest first = %v, want %v", tc.state, got, tc.want)
		}
	}
}
