package auditlog

import (
	"fmt"
	"iter"

	"github.com/liaison-project/liaison"
)

// Expect is what Verify compares the recomputed tree with. Every field is
// optional.
type Expect struct {
	// Leaf returns the leaf hash stored for the entry with index, and
	// false when none is stored.
	Leaf func(index int64) (liaison.AuditHash, bool, error)
	// Checkpoints are checkpoints of this log whose signatures the caller
	// checked, in any order: the recomputed root at each size MUST match.
	Checkpoints []Checkpoint
	// Head is the tree state the store keeps; its size and root MUST match
	// the recomputed log.
	Head *liaison.AuditTree
}

// Result is the outcome of Verify.
type Result struct {
	// Size and Root are those of the tree recomputed from the entries,
	// up to the first bad one.
	Size int64
	Root liaison.AuditHash
	// FirstBad is the index of the first entry that does not match, 0
	// when all do. When only a checkpoint's root shows the change (the
	// stored leaf hashes were rewritten too), it is the first entry after
	// the previous matching checkpoint.
	FirstBad int64
	// Problem says what did not match, for people.
	Problem string
}

// OK reports whether the log verified.
func (r Result) OK() bool { return r.FirstBad == 0 }

// Verify recomputes the tree from entries, which MUST come in index order
// from 1, and stops at the first entry that does not match: an index out
// of sequence (a row deleted, inserted or moved), a canonical encoding
// whose hash is not the stored leaf hash (a row changed), a root that is
// not the one a checkpoint signed. The error is for entries that could
// not be read.
func Verify(entries iter.Seq2[liaison.AuditEntry, error], want Expect) (Result, error) {
	leaves := func(yield func(Leaf, error) bool) {
		var buf []byte
		for e, err := range entries {
			if err != nil {
				yield(Leaf{}, err)
				return
			}
			l := Leaf{Index: e.Index}
			l.Hash, buf = liaison.AuditLeafHash(&e, buf)
			if !yield(l, nil) {
				return
			}
		}
	}
	return VerifyLeaves(leaves, want)
}

// Leaf is an entry's index and the leaf hash recomputed from it with
// [liaison.AuditLeafHash].
type Leaf struct {
	Index int64
	Hash  liaison.AuditHash
}

// VerifyLeaves is [Verify] over the entries' leaf hashes, recomputed by
// the caller from the entries as stored (so that it can hash them in
// parallel, or as it reads them). A hash the caller took from anywhere
// else than the entry itself, such as the stored leaf, verifies nothing.
func VerifyLeaves(entries iter.Seq2[Leaf, error], want Expect) (Result, error) {
	cps := map[int64]Checkpoint{}
	for _, c := range want.Checkpoints {
		cps[c.Size] = c
	}
	var (
		t       liaison.AuditTree
		lastOK  int64 // size of the last checkpoint matched
		stopped *Result
	)
	bad := func(index int64, format string, args ...any) *Result {
		return &Result{Size: t.Size, Root: t.Root(), FirstBad: index, Problem: fmt.Sprintf(format, args...)}
	}
	for e, err := range entries {
		if err != nil {
			return Result{}, fmt.Errorf("verify audit log: read entry %d: %w", t.Size+1, err)
		}
		next := t.Size + 1
		if e.Index != next {
			if e.Index > next {
				stopped = bad(next, "entry %d is missing (the next entry stored is %d)", next, e.Index)
			} else {
				stopped = bad(next, "entry %d is out of order (stored where entry %d belongs)", e.Index, next)
			}
			break
		}
		leaf := e.Hash
		if want.Leaf != nil {
			stored, ok, err := want.Leaf(e.Index)
			if err != nil {
				return Result{}, fmt.Errorf("verify audit log: read leaf %d: %w", e.Index, err)
			}
			switch {
			case !ok:
				stopped = bad(e.Index, "entry %d has no stored leaf hash: it was added outside the log", e.Index)
			case stored != leaf:
				stopped = bad(e.Index, "entry %d does not match its leaf hash: it was changed", e.Index)
			}
			if stopped != nil {
				break
			}
		}
		t.Append(leaf)
		if c, ok := cps[t.Size]; ok {
			if r := t.Root(); r != c.Root {
				stopped = bad(lastOK+1, "the log of size %d has root %x, but checkpoint %d signed %x: an entry from %d to %d was changed",
					t.Size, r[:4], c.Size, c.Root[:4], lastOK+1, t.Size)
				break
			}
			lastOK = t.Size
		}
	}
	if stopped != nil {
		return *stopped, nil
	}
	for _, c := range want.Checkpoints {
		if c.Size > t.Size {
			return *bad(t.Size+1, "checkpoint %d signed a log of %d entries, but only %d are stored", c.Size, c.Size, t.Size), nil
		}
	}
	if h := want.Head; h != nil {
		if h.Size > t.Size {
			return *bad(t.Size+1, "the tree holds %d entries, but only %d are stored", h.Size, t.Size), nil
		}
		if h.Size < t.Size {
			return *bad(h.Size+1, "entry %d was added outside the log (the tree holds %d)", h.Size+1, h.Size), nil
		}
		if h.Root() != t.Root() {
			return *bad(lastOK+1, "the stored tree's root does not match the entries"), nil
		}
	}
	return Result{Size: t.Size, Root: t.Root()}, nil
}
