package node_test

import (
	"strings"
	"testing"
	"time"

	"github.com/liaison-project/liaison"
)

// TestReceiveRetentionItems: ca refuses recall, recall-answer, handling
// and purged items that in may not send, each with its reason, and the
// link flows on.
func TestReceiveRetentionItems(t *testing.T) {
	f := newRecvFixture(t)
	at := time.Date(2025, 3, 2, 0, 0, 0, 0, time.UTC)
	bad := drugsHandling("in")
	bad.TLP = "PURPLE"
	secret := drugsHandling("in")
	secret.Classification = "SECRET"
	tests := []struct {
		name string
		it   liaison.OutboxItem
		body any
		want string
	}{
		{"RecallOfOwnMessage", liaison.OutboxItem{Kind: liaison.KindRecall, ObjectID: f.mCA.ID},
			map[string]any{"message": f.mCA.ID, "reason": "mine now", "time": at}, "was sent by this node"},
		{"RecallNoReason", liaison.OutboxItem{Kind: liaison.KindRecall, ObjectID: f.mIn.ID},
			map[string]any{"message": f.mIn.ID, "reason": "", "time": at}, "reason empty"},
		{"RecallIDMismatch", liaison.OutboxItem{Kind: liaison.KindRecall, ObjectID: f.mIn.ID},
			map[string]any{"message": f.mCA.ID, "reason": "x", "time": at}, "differs from item id"},
		{"AnswerNotAsked", liaison.OutboxItem{Kind: liaison.KindRecallAnswer, ObjectID: f.mCA.ID},
			map[string]any{"message": f.mCA.ID, "state": "purged", "reason": "x", "time": at}, "did not recall from in"},
		{"AnswerBadState", liaison.OutboxItem{Kind: liaison.KindRecallAnswer, ObjectID: f.mCA.ID},
			map[string]any{"message": f.mCA.ID, "state": "lost", "reason": "x", "time": at}, "want purged or kept"},
		{"HandlingOfOwnMessage", liaison.OutboxItem{Kind: liaison.KindHandling, ObjectID: f.mCA.ID},
			map[string]any{"message": f.mCA.ID, "handling": drugsHandling("in"), "time": at}, "was sent by this node"},
		{"HandlingInvalid", liaison.OutboxItem{Kind: liaison.KindHandling, ObjectID: f.mIn.ID},
			map[string]any{"message": f.mIn.ID, "handling": bad, "time": at}, "tlp"},
		{"HandlingAboveCeiling", liaison.OutboxItem{Kind: liaison.KindHandling, ObjectID: f.mIn.ID},
			map[string]any{"message": f.mIn.ID, "handling": secret, "time": at}, "ceiling"},
		{"HandlingUnknownMessage", liaison.OutboxItem{Kind: liaison.KindHandling, ObjectID: "nope"},
			map[string]any{"message": "nope", "handling": drugsHandling("in"), "time": at}, "does not hold"},
		{"Purged", liaison.OutboxItem{Kind: liaison.KindPurged, ObjectID: f.mIn.ID},
			liaison.Tombstone{ObjectID: f.mIn.ID, Kind: liaison.KindMessage, Reason: "retention passed"}, "purged before delivery: retention passed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, err := f.send(t, item(t, tt.it.Kind, tt.it.ObjectID, tt.body))
			if err != nil {
				t.Fatal(err)
			}
			if out[0].Status != liaison.InboundRefused || !strings.Contains(out[0].Reason, tt.want) {
				t.Errorf("outcome = %s %q, want refused with %q", out[0].Status, out[0].Reason, tt.want)
			}
		})
	}
	// The message is untouched, and the link still takes good items.
	m := readAs(t, f.ca, f.ca.liaison, f.mIn.ID)
	if m.Handling.TLP != liaison.TLPAmber {
		t.Errorf("handling changed to %+v by a refused item", m.Handling)
	}
	out, err := f.send(t, f.msgItem(t, nil))
	if err != nil || out[0].Status != liaison.InboundStored {
		t.Fatalf("good message after refusals: %+v, %v", out, err)
	}
}
