package report

import (
	"cmp"
	"slices"
)

// Tally counts messages by a key and direction and returns the rows of a
// breakdown. The zero Tally is ready to use.
type Tally struct {
	rows map[tallyKey]*Row
}

type tallyKey struct{ key, note string }

// Add counts one message with key (and note) in direction dir, Sent or
// Received.
func (t *Tally) Add(key, note, dir string) {
	if t.rows == nil {
		t.rows = map[tallyKey]*Row{}
	}
	k := tallyKey{key, note}
	r := t.rows[k]
	if r == nil {
		r = &Row{Key: key, Note: note}
		t.rows[k] = r
	}
	if dir == Received {
		r.Received++
	} else {
		r.Sent++
	}
	r.Total++
}

// Rows returns the rows: first those whose keys are in fixed, in that
// order and present even when nothing was counted, then the others by
// total, highest first, and key.
func (t *Tally) Rows(fixed ...string) []Row {
	out := []Row{}
	seen := map[tallyKey]bool{}
	for _, key := range fixed {
		var found []Row
		for k, r := range t.rows {
			if k.key == key {
				found = append(found, *r)
				seen[k] = true
			}
		}
		if len(found) == 0 {
			found = append(found, Row{Key: key})
		}
		slices.SortFunc(found, func(a, b Row) int { return cmp.Compare(a.Note, b.Note) })
		out = append(out, found...)
	}
	var rest []Row
	for k, r := range t.rows {
		if !seen[k] {
			rest = append(rest, *r)
		}
	}
	slices.SortFunc(rest, func(a, b Row) int {
		return cmp.Or(cmp.Compare(b.Total, a.Total), cmp.Compare(a.Key, b.Key), cmp.Compare(a.Note, b.Note))
	})
	return append(out, rest...)
}
