package main

import (
	"context"
	"iter"
	"runtime"
	"sync/atomic"

	"github.com/liaison-project/liaison"
	"github.com/liaison-project/liaison/internal/auditlog"
)

// auditVerifyPage is one page of the log as the readers of audit verify
// prepare it: the entries' leaf hashes recomputed, and the stored leaf
// hashes of the same positions.
type auditVerifyPage struct {
	leaves []auditlog.Leaf
	from   int64               // tree position of stored[0]
	stored []liaison.AuditHash // nil when they could not be read as a page
	err    error
}

// verifyReaders is how many pages audit verify reads and hashes at once:
// reading rows through the store costs more than hashing them, and the
// SQLite and PostgreSQL stores both read on a pool of connections.
func verifyReaders() int { return min(max(2, runtime.GOMAXPROCS(0)), 8) }

// auditLeaves reads the whole log in pages of auditPage entries, several
// pages at once, recomputes each entry's leaf hash as it reads, and
// yields the leaves in index order; leaf returns an entry's stored leaf
// hash as Expect.Leaf does, from the page being yielded. Page k holds the
// entries with indexes above k*auditPage: as long as the log has no gap,
// which VerifyLeaves checks entry by entry, that is what reading page
// after page from the last index read would give, and the first gap stops
// VerifyLeaves before a later page matters.
func auditLeaves(ctx context.Context, s liaison.Store, size int64) (leaves iter.Seq2[auditlog.Leaf, error], leaf func(int64) (liaison.AuditHash, bool, error)) {
	var cur auditVerifyPage
	slow := leafReader(ctx, s, size)
	leaf = func(index int64) (liaison.AuditHash, bool, error) {
		if pos := index - 1; cur.stored != nil && pos >= cur.from && pos < cur.from+int64(len(cur.stored)) {
			return cur.stored[pos-cur.from], true, nil
		}
		return slow(index)
	}
	leaves = func(yield func(auditlog.Leaf, error) bool) {
		ctx, cancel := context.WithCancel(ctx)
		defer cancel()
		var done atomic.Bool // a short page was read: the log ends there
		pages := make(chan chan auditVerifyPage, verifyReaders())
		go func() {
			defer close(pages)
			for k := int64(0); !done.Load(); k++ {
				ch := make(chan auditVerifyPage, 1)
				select {
				case pages <- ch:
				case <-ctx.Done():
					return
				}
				go func() {
					p := readAuditVerifyPage(ctx, s, k*auditPage, size)
					if p.err != nil || len(p.leaves) < auditPage {
						done.Store(true)
					}
					ch <- p
				}()
			}
		}()
		for ch := range pages {
			p := <-ch
			if p.err != nil {
				yield(auditlog.Leaf{}, p.err)
				return
			}
			cur = p
			for _, l := range p.leaves {
				if !yield(l, nil) {
					return
				}
			}
			if len(p.leaves) < auditPage {
				return
			}
		}
	}
	return leaves, leaf
}

// readAuditVerifyPage reads the entries after index after, hashes them, and
// reads the stored leaf hashes of the same positions.
func readAuditVerifyPage(ctx context.Context, s liaison.Store, after, size int64) auditVerifyPage {
	es, err := s.AuditEntries(ctx, after, auditPage)
	if err != nil {
		return auditVerifyPage{err: err}
	}
	p := auditVerifyPage{leaves: make([]auditlog.Leaf, len(es)), from: after}
	var buf []byte
	for i := range es {
		p.leaves[i].Index = es[i].Index
		p.leaves[i].Hash, buf = liaison.AuditLeafHash(&es[i], buf)
	}
	if after < size {
		// A missing or damaged leaf in the page: leave them to leafReader,
		// which reads them one by one.
		p.stored, _ = s.AuditLeaves(ctx, after, min(after+auditPage, size))
	}
	return p
}
