package taxii

import (
	"context"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/liaison-project/liaison"
)

// ErrRepeat is the fault of a server that, within one pull, answers a page
// it answered already, sends a next value it sent before, or keeps saying
// more without sending anything: following it would loop forever.
var ErrRepeat = errors.New("the TAXII server repeats itself")

// maxEmptyPages bounds the pages without objects a pull follows in a row.
const maxEmptyPages = 100

// PullResult counts what one pull received.
type PullResult struct {
	Pages, Objects int
	// Cursor is where the pull stopped: what the next pull sends.
	Cursor liaison.TAXIICursor
}

// StoreFunc stores one page's objects (none for an empty page) and moves
// the cursor to cur in one transaction: when it returns nil both are
// durable, when it fails neither is.
type StoreFunc func(ctx context.Context, objects []json.RawMessage, cur liaison.TAXIICursor) error

// Pull gets the objects of collection cur.Collection of the API root
// cur.Server, from where cur stopped until the server has no more (section
// 3.4), limit objects a page (0 for the server's default), and hands each
// page to store with the cursor that follows it. A pull that stops early
// (an error, a kill) resumes from the last cursor stored: a page is
// stored with its cursor or not at all.
//
// It follows next while more is true. When a server says more and gives
// no next, the next request asks for added_after one microsecond before
// the last X-TAXII-Date-Added-Last, so that objects sharing that
// date_added are fetched again rather than lost; the store keeps one
// copy of each version. A next kept from an earlier pull that the server
// refuses (400, as an expired one is) starts the pages again the same
// way, once. At the end the cursor keeps added_after at that
// date (or just before it when the server writes dates coarser than the
// microsecond) for the next pull. A server that repeats a
// page or a next value within the pull fails with ErrRepeat.
func (c *Client) Pull(ctx context.Context, cur liaison.TAXIICursor, limit int, store StoreFunc) (PullResult, error) {
	res := PullResult{Cursor: cur}
	seen := map[[32]byte]int{} // hash of a page's objects → its number
	sent := map[string]bool{}  // next values sent
	empty := 0
	restarted := false // after a refused next
	for {
		if err := ctx.Err(); err != nil {
			return res, err
		}
		q := Query{AddedAfter: cur.AddedAfter, Next: cur.Next, Limit: limit}
		fault := func(format string, args ...any) error {
			return fmt.Errorf("%w: %s, collection %s, page %d (added_after %q, next %q): %s", ErrRepeat,
				cur.Server, cur.Collection, res.Pages+1, q.AddedAfter, q.Next, fmt.Sprintf(format, args...))
		}
		if q.Next != "" {
			if sent[q.Next] {
				return res, fault("the server sent this next value before; it would loop")
			}
			sent[q.Next] = true
		}
		p, err := c.Objects(ctx, cur.Server, cur.Collection, q)
		var refused *Error
		if errors.As(err, &refused) && refused.Status == http.StatusBadRequest && q.Next != "" && cur.Last != "" && !restarted {
			// A next value kept across a restart may have expired on the
			// server (section 3.4 leaves its life to the server): start a
			// run of pages again from just before the last date seen.
			restarted = true
			if cur.AddedAfter, err = resumeAfter(cur.Last, true); err != nil {
				return res, fault("%v", err)
			}
			cur.Next = ""
			continue
		}
		if err != nil {
			return res, err
		}
		if len(p.Objects) > 0 {
			h := pageHash(p.Objects)
			if n, ok := seen[h]; ok {
				if !p.More || q.Next != "" {
					return res, fault("the server answered the %d objects of page %d again; it does not honour next", len(p.Objects), n)
				}
				return res, fault("the server answered the %d objects of page %d again, all added at %s, and offers no next: "+
					"added_after cannot page past objects sharing one date_added; ask its operator to support next or a larger limit",
					len(p.Objects), n, p.DateAddedLast)
			}
			seen[h] = res.Pages + 1
			empty = 0
		} else if p.More {
			if empty++; empty >= maxEmptyPages || p.Next == "" {
				return res, fault("the server says more but sends no objects (%d pages in a row) and no way on", empty)
			}
		}
		next := cur
		next.Objects += int64(len(p.Objects))
		if p.DateAddedLast != "" {
			next.Last = p.DateAddedLast
		} else if len(p.Objects) > 0 && p.More && p.Next == "" {
			return res, fault("the server says more but gives neither next nor X-TAXII-Date-Added-Last")
		}
		switch {
		case p.More && p.Next != "":
			next.Next = p.Next
		case next.Last != "":
			// Mid-pull, objects sharing the last date may be still to
			// come: ask from just before it. At the end, all of them
			// came, unless the server's dates are too coarse to tell
			// later additions apart.
			next.Next = ""
			if next.AddedAfter, err = resumeAfter(next.Last, p.More); err != nil {
				return res, fault("%v", err)
			}
		default:
			next.Next = ""
		}
		if err := store(ctx, p.Objects, next); err != nil {
			return res, err
		}
		cur = next
		res.Pages++
		res.Objects += len(p.Objects)
		res.Cursor = cur
		if !p.More {
			return res, nil
		}
	}
}

// pageHash identifies a page by its objects' bytes.
func pageHash(objs []json.RawMessage) [32]byte {
	h := sha256.New()
	for _, o := range objs {
		h.Write(o)
		h.Write([]byte{0})
	}
	var s [32]byte
	h.Sum(s[:0])
	return s
}

// resumeAfter returns the added_after that follows a page whose last
// date_added is t (a TAXII timestamp, section 3.1): one microsecond
// before t when more objects may share t (more is true, or t is written
// coarser than to the microsecond, so a later addition may carry the same
// text), else t itself.
func resumeAfter(t string, more bool) (string, error) {
	v, err := time.Parse(time.RFC3339Nano, t)
	if err != nil {
		return "", fmt.Errorf("X-TAXII-Date-Added-Last %q is not an RFC 3339 timestamp", clip(t))
	}
	if !more {
		if _, frac, ok := strings.Cut(strings.TrimSuffix(t, "Z"), "."); ok && len(frac) >= 6 {
			return t, nil
		}
	}
	return v.UTC().Add(-time.Microsecond).Truncate(time.Microsecond).Format("2006-01-02T15:04:05.000000Z"), nil
}
