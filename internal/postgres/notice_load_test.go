package postgres_test

import (
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/liaison-project/liaison"
	"github.com/liaison-project/liaison/internal/pgtest"
	"github.com/liaison-project/liaison/internal/sqlite"
)

// TestLoadNotices moves subscriptions and notices from SQLite to
// PostgreSQL: they read back the same, and a notice stored after the move
// takes a later id and still keeps one per event per officer.
func TestLoadNotices(t *testing.T) {
	src, err := sqlite.Open(filepath.Join(t.TempDir(), "liaison.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { src.Close() })
	sub := liaison.Subscription{Officer: "o1", Priorities: []liaison.Priority{liaison.PriorityUrgent},
		Areas: []liaison.CrimeArea{}, Cases: []string{}, Email: true, Digest: liaison.DigestDaily,
		Address: "o1@example.org", Updated: loadAt(1)}
	no := liaison.Notice{EventID: "e1", Officer: "o1", Kind: "approval.pending", Object: "m1", Text: "waits",
		Time: loadAt(2), Created: loadAt(2), Read: ptr(loadAt(3)), Mail: liaison.MailDigest, MailAfter: ptr(loadAt(4))}
	mustUpdate(t, src, func(tx liaison.Tx) error {
		if err := tx.PutSubscription(&sub); err != nil {
			return err
		}
		_, err := tx.AddNotices([]liaison.Notice{no})
		return err
	})
	dst := mustOpen(t, pgtest.NewDatabase(t))
	counts, err := dst.Load(t.Context(), src.Dump(t.Context()))
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	if counts["subscriptions"] != 1 || counts["notices"] != 1 {
		t.Errorf("Load counts = %v, want one subscription and one notice", counts)
	}
	got, err := dst.Subscription(t.Context(), "o1")
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(&sub, got); d != "" {
		t.Errorf("subscription (-want +got):\n%s", d)
	}
	before, _, _ := src.Notices(t.Context(), liaison.NoticeFilter{Officer: "o1"})
	after, _, err := dst.Notices(t.Context(), liaison.NoticeFilter{Officer: "o1"})
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(before, after); d != "" {
		t.Errorf("notices (-sqlite +postgres):\n%s", d)
	}
	var added int
	mustUpdate(t, dst, func(tx liaison.Tx) error {
		two := no
		two.EventID = "e2"
		added, err = tx.AddNotices([]liaison.Notice{no, two})
		return err
	})
	after, _, _ = dst.Notices(t.Context(), liaison.NoticeFilter{Officer: "o1"})
	if added != 1 || len(after) != 2 || after[1].ID <= after[0].ID {
		t.Errorf("after the move: added %d, notices %v; want 1 added with a later id", added, after)
	}
}
