package main

import (
	"context"
	"errors"
	"fmt"

	"github.com/liaison-project/liaison"
	"github.com/liaison-project/liaison/internal/auditlog"
)

// auditPage is how many entries and leaf hashes audit verify reads at a
// time.
const auditPage = 10_000

// maxVerifyCheckpoints bounds the checkpoints, own and each peer's, that
// audit verify reads: the latest ones, about a month of them at one
// every 30 seconds of activity.
const maxVerifyCheckpoints = 100_000

func runAuditVerify(ctx context.Context, e *env, args []string) error {
	fs := flags(e, "audit verify", "--dir DIR",
		"Recompute the node's audit log from its stored entries and check it: each entry against\nits stored leaf hash, the tree against the stored head and against every checkpoint\nthe node signed (whose signatures are checked with its card), and the signatures of\nthe checkpoints held from peers against their cards. Prints the size and root and ok,\nor exits 1 naming the first entry that does not match.")
	dir := fs.String("dir", "", "the node's directory")
	if err := parse(e, fs, args, 0); err != nil {
		return err
	}
	if err := required(fs, "dir", *dir); err != nil {
		return err
	}
	h, err := openNode(*dir, nil)
	if err != nil {
		return err
	}
	defer h.Close()
	card := h.keys.Card(h.cfg.Party, h.cfg.Name, h.cfg.Federation.URL)

	// Own checkpoints: each MUST carry this node's signature; the
	// recomputed roots MUST match them.
	own, err := openCheckpoints(ctx, h.store, card)
	if err != nil {
		return err
	}
	head, err := h.store.AuditTree(ctx)
	if err != nil {
		return err
	}
	leaves, leaf := auditLeaves(ctx, h.store, head.Size)
	res, err := auditlog.VerifyLeaves(leaves, auditlog.Expect{
		Leaf:        leaf,
		Checkpoints: own,
		Head:        &head,
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "size %d\nroot %s\n", res.Size, res.Root)
	if !res.OK() {
		return fmt.Errorf("entry %d does not match: %s", res.FirstBad, res.Problem)
	}
	fmt.Fprintf(e.stdout, "own checkpoints %d, signatures ok\n", len(own))

	peers, err := h.node.Peers(ctx)
	if err != nil {
		return err
	}
	for _, p := range peers {
		cs, err := openCheckpoints(ctx, h.store, p.Card)
		if err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "peer %s checkpoints %d, signatures ok\n", p.Party, len(cs))
	}
	fmt.Fprintln(e.stdout, "ok")
	return nil
}

// openCheckpoints reads the checkpoints held of card's party and checks
// each one's signature with card's key; the first that fails is an error.
func openCheckpoints(ctx context.Context, s liaison.Store, card liaison.Card) ([]auditlog.Checkpoint, error) {
	v, err := auditlog.NewVerifier(auditlog.Origin(card.Party, card.CertSHA256), card.SigningKey)
	if err != nil {
		return nil, err
	}
	held, err := s.Checkpoints(ctx, card.Party, maxVerifyCheckpoints)
	if err != nil {
		return nil, err
	}
	out := make([]auditlog.Checkpoint, 0, len(held))
	for _, c := range held {
		cp, err := auditlog.OpenCheckpoint(c.Note, v)
		if err != nil {
			return nil, fmt.Errorf("checkpoint %d of %s does not verify with its card: %w", c.Size, card.Party, err)
		}
		if cp.Size != c.Size || cp.Root != c.Root {
			return nil, fmt.Errorf("checkpoint %d of %s: stored as size %d root %s, its note says %d %s", c.Size, card.Party, c.Size, c.Root, cp.Size, cp.Root)
		}
		out = append(out, cp)
	}
	return out, nil
}

// leafReader returns the stored leaf hash of an entry, reading them a
// page at a time; an entry beyond the tree, or whose leaf is missing, has
// none.
func leafReader(ctx context.Context, s liaison.Store, size int64) func(int64) (liaison.AuditHash, bool, error) {
	var (
		from int64 // tree position of page[0]
		page []liaison.AuditHash
	)
	return func(index int64) (liaison.AuditHash, bool, error) {
		pos := index - 1
		if pos < 0 || pos >= size {
			return liaison.AuditHash{}, false, nil
		}
		if pos < from || pos >= from+int64(len(page)) {
			hs, err := s.AuditLeaves(ctx, pos, min(pos+auditPage, size))
			if err != nil {
				// A missing or damaged leaf in the page: read this one
				// alone, and call it missing if it cannot be read.
				one, err1 := s.AuditLeaves(ctx, pos, pos+1)
				if err1 != nil {
					if errors.Is(err1, context.Canceled) {
						return liaison.AuditHash{}, false, err1
					}
					return liaison.AuditHash{}, false, nil
				}
				hs = one
			}
			from, page = pos, hs
		}
		return page[pos-from], true, nil
	}
}
