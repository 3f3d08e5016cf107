package main

import (
	"context"
	"fmt"
	"os"
	"time"

	"github.com/liaison-project/liaison/internal/sqlite"
)

// migrateLeaseTTL is how long migrate holds each peer link: long enough
// that a node started during the move does not send from the old store,
// short enough that a migrate that died does not keep a restarted node's
// links idle for long.
const migrateLeaseTTL = 30 * time.Second

// linkHold is migrate's hold on every peer link of a node, which tells a
// running node apart from a stopped one: liaison serve holds the lease of
// each link it sends on, renews it while it runs and gives it up when it
// stops.
type linkHold struct {
	s       *sqlite.Store
	holder  string
	parties []string // the peers, in order
	held    bool     // take has run: the leases are to be given up
}

// holdLinks takes the lease of every peer link of the node in s, or fails
// when another holder has a live one: the node is running.
func holdLinks(ctx context.Context, s *sqlite.Store) (*linkHold, error) {
	peers, err := s.Peers(ctx)
	if err != nil {
		return nil, err
	}
	h := &linkHold{s: s, holder: fmt.Sprintf("migrate/%d", os.Getpid())}
	for _, p := range peers {
		h.parties = append(h.parties, p.Party)
	}
	if err := h.take(ctx); err != nil {
		h.release()
		return nil, err
	}
	return h, nil
}

// take takes every link's lease.
func (h *linkHold) take(ctx context.Context) error {
	h.held = true
	for _, party := range h.parties {
		ok, err := h.s.Lease(ctx, "link/"+party, h.holder, migrateLeaseTTL)
		if err != nil {
			return fmt.Errorf("take the link to %s: %w", party, err)
		}
		if !ok {
			return fmt.Errorf("the node is running (it holds the link to %s); stop liaison serve first", party)
		}
	}
	return nil
}

// release gives up the leases taken; releasing again does nothing.
// Release leaves a lease that another holder has alone.
func (h *linkHold) release() {
	if !h.held {
		return
	}
	h.held = false
	for _, party := range h.parties {
		// Best effort: a lease not given up expires by itself.
		_ = h.s.Release(context.Background(), "link/"+party, h.holder)
	}
}
