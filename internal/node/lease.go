package node

import (
	"context"
	"time"
)

// everyUnderLease runs job every interval until ctx ends, in the one
// process that holds the lease name (holder names this process; the lease
// lasts three intervals, so a holder that dies is replaced within them).
// A clean stop gives the lease up at once. what names the job in logs;
// job returns how many things it did.
func (n *Node) everyUnderLease(ctx context.Context, name, holder string, interval time.Duration, what string, job func(context.Context) (int, error)) {
	tick := time.NewTicker(interval)
	defer tick.Stop()
	held := false
	defer func() {
		if held {
			rctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
			defer cancel()
			n.store.Release(rctx, name, holder)
		}
	}()
	for {
		ok, err := n.store.Lease(ctx, name, holder, 3*interval)
		if ctx.Err() != nil {
			return
		}
		switch {
		case err != nil:
			n.log.Warn(what+": take lease", "lease", name, "err", err)
		case ok:
			held = true
			count, err := job(ctx)
			if err != nil && ctx.Err() == nil {
				n.log.Error(what, "err", err, "done", count)
			} else if count > 0 {
				n.log.Info(what, "done", count)
			}
		default:
			held = false
		}
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
	}
}
