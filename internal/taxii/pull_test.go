package taxii

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/liaison-project/liaison"
)

// memStore is a store of pulled objects that commits a page and its
// cursor together, or, when the page numbered failAt comes, neither (a
// crash before the commit).
type memStore struct {
	held   map[string]int // id → times stored (a store keeps one)
	cursor liaison.TAXIICursor
	pages  int
	failAt int
}

var errCrash = errors.New("crash")

func (m *memStore) store(_ context.Context, objs []json.RawMessage, cur liaison.TAXIICursor) error {
	if m.pages+1 == m.failAt {
		return errCrash
	}
	for _, o := range objs {
		var h struct{ ID string }
		if err := json.Unmarshal(o, &h); err != nil {
			return err
		}
		m.held[h.ID]++
	}
	m.cursor, m.pages = cur, m.pages+1
	return nil
}

func TestPull(t *testing.T) {
	for _, tc := range []struct {
		name       string
		n, share   int
		noNext     bool
		wantPages  int
		wantRepeat bool // objects fetched twice (added_after paging)
	}{
		// Several pages, each followed by next: not the first only.
		{name: "Next", n: 25, share: 1, wantPages: 3},
		// 10,000 objects sharing one date_added, paged by next: every
		// object exactly once.
		{name: "NextOneDateAdded", n: 10000, share: 10000, wantPages: 1000},
		// more without next: added_after from the last date, one
		// microsecond early, so objects sharing it across a page's end
		// are fetched again, not lost.
		{name: "MoreWithoutNext", n: 25, share: 3, noNext: true, wantRepeat: true},
		{name: "Empty", n: 0, share: 1, wantPages: 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newFakeServer(t, tc.n, tc.share)
			f.mu.Lock()
			f.noNext = tc.noNext
			f.mu.Unlock()
			m := &memStore{held: map[string]int{}}
			res, err := f.client().Pull(t.Context(), liaison.TAXIICursor{Server: f.root, Collection: "c"}, 10, m.store)
			if err != nil {
				t.Fatalf("Pull = %v", err)
			}
			if len(m.held) != tc.n {
				t.Errorf("Pull stored %d objects, want %d", len(m.held), tc.n)
			}
			for id, k := range m.held {
				if k > 1 && !tc.wantRepeat {
					t.Fatalf("Pull stored %s %d times", id, k)
				}
			}
			if tc.wantPages > 0 && res.Pages != tc.wantPages {
				t.Errorf("Pull = %d pages, want %d", res.Pages, tc.wantPages)
			}
			if m.cursor.Next != "" || (tc.n > 0 && m.cursor.AddedAfter == "") {
				t.Errorf("cursor at the end = %+v, want added_after and no next", m.cursor)
			}
			// Again: nothing new; the last date's objects come again.
			before := len(f.gets)
			res, err = f.client().Pull(t.Context(), m.cursor, 10, m.store)
			if err != nil || len(f.gets) != before+1 {
				t.Fatalf("Pull again = %+v, %v after %d requests, want one request", res, err, len(f.gets)-before)
			}
			if tc.n > 0 && res.Objects > tc.share {
				t.Errorf("Pull again = %d objects, want at most the %d sharing the last date", res.Objects, tc.share)
			}
		})
	}
}

// TestPullResume stops a pull before page 3 commits, then resumes from
// the stored cursor: nothing lost, nothing fetched twice.
func TestPullResume(t *testing.T) {
	f := newFakeServer(t, 55, 55)
	m := &memStore{held: map[string]int{}, failAt: 3}
	start := liaison.TAXIICursor{Server: f.root, Collection: "c"}
	if _, err := f.client().Pull(t.Context(), start, 10, m.store); !errors.Is(err, errCrash) {
		t.Fatalf("Pull = %v, want the crash", err)
	}
	if len(m.held) != 20 || m.cursor.Next != "20" {
		t.Fatalf("after the crash: %d held, cursor %+v; want 20 and next 20", len(m.held), m.cursor)
	}
	m.failAt = 0
	gets := len(f.gets)
	if _, err := f.client().Pull(t.Context(), m.cursor, 10, m.store); err != nil {
		t.Fatal(err)
	}
	if f.gets[gets] != "limit=10&next=20" {
		t.Errorf("resumed with %q, want next=20", f.gets[gets])
	}
	for id, k := range m.held {
		if k != 1 {
			t.Errorf("%s stored %d times", id, k)
		}
	}
	if len(m.held) != 55 {
		t.Errorf("held %d, want 55", len(m.held))
	}
}

// TestPullRepeat: servers that would make a naive client loop forever
// are stopped with ErrRepeat, naming the fault; what came before is kept.
func TestPullRepeat(t *testing.T) {
	for _, tc := range []struct {
		name  string
		setup func(*fakeServer)
		share int
		want  string
	}{
		// A server that answers the first page only, whatever next says.
		{"FirstPageOnly", func(f *fakeServer) { f.ignoreNext = true }, 1, "does not honour next"},
		// No next, and more objects share one date_added than a page holds.
		{"NoNextOneDateAdded", func(f *fakeServer) { f.noNext = true }, 100, "cannot page past objects sharing one date_added"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newFakeServer(t, 30, tc.share)
			f.mu.Lock()
			tc.setup(f)
			f.mu.Unlock()
			m := &memStore{held: map[string]int{}}
			res, err := f.client().Pull(t.Context(), liaison.TAXIICursor{Server: f.root, Collection: "c"}, 10, m.store)
			if !errors.Is(err, ErrRepeat) || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), f.root) {
				t.Fatalf("Pull = %v, want ErrRepeat saying %q and naming the server", err, tc.want)
			}
			if res.Pages != 1 || len(m.held) != 10 {
				t.Errorf("Pull = %d pages, %d held; want the first page kept", res.Pages, len(m.held))
			}
		})
	}
}

// TestPullExpiredNext: a next kept from an earlier pull that the server no
// longer knows starts the pages again from just before the last date
// seen, so nothing after it is lost.
func TestPullExpiredNext(t *testing.T) {
	f := newFakeServer(t, 30, 1)
	m := &memStore{held: map[string]int{}}
	tenth := f.objs[9].added.Format("2006-01-02T15:04:05.000000Z")
	cur := liaison.TAXIICursor{Server: f.root, Collection: "c", Next: "expired-token", Last: tenth}
	res, err := f.client().Pull(t.Context(), cur, 10, m.store)
	if err != nil {
		t.Fatalf("Pull = %v", err)
	}
	if len(m.held) != 21 || res.Cursor.Next != "" {
		t.Errorf("Pull after an expired next: %d held (want objects 9 to 29), cursor %+v", len(m.held), res.Cursor)
	}
	if !strings.Contains(f.gets[1], "added_after=") || strings.Contains(f.gets[1], "expired") {
		t.Errorf("second request %q, want added_after and no next", f.gets[1])
	}
}
