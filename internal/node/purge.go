package node

import (
	"context"
	"time"

	"github.com/liaison-project/liaison"
	"github.com/liaison-project/liaison/internal/guard"
)

// Retention: each side purges what it holds once its retention passes,
// on its own clock and without asking the other. A purge deletes the
// content, keeps a tombstone (no content) in its place, puts the
// tombstone instead of the content into the outbox items that carried it,
// and appends an audit entry; the audit log keeps content hashes only, so
// nothing of the content remains.

// LeasePurge is the lease that makes one process of several run the purge
// job. Two at once stay correct: a message purged by one is not found by
// the other, which skips it.
const LeasePurge = "purge"

// PurgeBatch is how many cases or messages one purge transaction removes
// at most, so that a large backlog (the first run after a long pause)
// never holds the writer for long.
const PurgeBatch = 500

// PurgeExpired removes the content of every message, then every case
// holding no message, whose retention has passed (see [guard.Expiry]),
// in transactions of up to [PurgeBatch], and returns how many it purged.
// Messages on legal hold are skipped; so is a case until its messages are
// gone.
func (n *Node) PurgeExpired(ctx context.Context) (int, error) {
	now := n.clock()
	arrs, err := n.store.Arrangements(ctx)
	if err != nil {
		return 0, err
	}
	byID := make(map[string]*liaison.Arrangement, len(arrs))
	cutoffs := make(map[string]time.Time, len(arrs))
	for i := range arrs {
		a := &arrs[i]
		byID[a.ID] = a
		if a.RetentionDays > 0 {
			cutoffs[a.ID] = now.AddDate(0, 0, -a.RetentionDays)
		}
	}
	total := 0
	for _, kind := range []string{liaison.KindMessage, liaison.KindCase} {
		f := liaison.ExpiryFilter{Kind: kind, Today: now.Format(time.DateOnly), Cutoffs: cutoffs, Limit: PurgeBatch}
		for {
			es, err := n.store.Expired(ctx, f)
			if err != nil {
				return total, err
			}
			if len(es) == 0 {
				break
			}
			done, err := n.purgeBatch(ctx, es, byID, now)
			total += done
			if err != nil {
				return total, err
			}
			// A batch that purged nothing (all held, or purged by another
			// process meanwhile) would come back whole: stop.
			if done == 0 || len(es) < PurgeBatch {
				break
			}
		}
	}
	return total, nil
}

// purgeBatch purges the expired objects es in one transaction and returns
// how many it purged.
func (n *Node) purgeBatch(ctx context.Context, es []liaison.Expired, arrs map[string]*liaison.Arrangement, now time.Time) (int, error) {
	type purged struct {
		kind, id, reason string
	}
	var done []purged
	err := n.update(ctx, func(tx liaison.Tx, _ map[string]bool) error {
		done = done[:0]
		for _, e := range es {
			d := guard.Expiry(liaison.Handling{RetainUntil: e.RetainUntil}, e.Created, arrs[e.ArrangementID], now)
			if !d.Allow {
				continue // the store's filter and the guard differ by a day's edge; the guard decides
			}
			t := &liaison.Tombstone{
				ObjectID: e.ID, Kind: e.Kind, CaseID: e.CaseID, Created: e.Created,
				Purged: now, Reason: d.Reasons[0], By: liaison.PurgedByRetention,
			}
			var err error
			if e.Kind == liaison.KindCase {
				err = tx.PurgeCase(t)
			} else {
				err = tx.PurgeMessage(t)
			}
			switch liaison.ErrorCode(err) {
			case "":
				done = append(done, purged{e.Kind, e.ID, t.Reason})
			case liaison.ENOTFOUND, liaison.ECONFLICT:
				// Purged by another process, held, or given a message
				// since it was found: not this batch's to purge.
			default:
				return err
			}
		}
		// The audit log last (see Transactions in the package doc).
		for _, p := range done {
			if err := n.audit(tx, nil, p.kind+".purge", p.id, "allow", []string{p.reason}, nil); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	return len(done), nil
}

// Purge runs [Node.PurgeExpired] every interval until ctx ends, in the
// process that holds the lease [LeasePurge]; holder names this process.
func (n *Node) Purge(ctx context.Context, holder string, interval time.Duration) {
	n.everyUnderLease(ctx, LeasePurge, holder, interval, "retention: purge expired content", n.PurgeExpired)
}

// gone turns err, the ENOTFOUND of reading id, into one that says when
// and why id was purged, if it was; any other error passes unchanged.
func (n *Node) gone(ctx context.Context, id string, err error) error {
	if liaison.ErrorCode(err) != liaison.ENOTFOUND {
		return err
	}
	t, terr := n.store.Tombstone(ctx, id)
	if terr != nil {
		return err
	}
	return liaison.Errorf(liaison.ENOTFOUND, "%s %s was purged on %s: %s", t.Kind, id, t.Purged.Format(time.DateOnly), t.Reason)
}
