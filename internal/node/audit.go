package node

import (
	"context"
	"time"

	"github.com/liaison-project/liaison"
	"github.com/liaison-project/liaison/internal/guard"
)

// AuditFilter selects audit entries for an auditor. Empty fields match
// every entry.
type AuditFilter struct {
	Officer string // the acting officer's id
	Agency  string
	Action  string
	Object  string
	// From and To bound the entries' time: From <= time < To.
	From, To time.Time
	// After is the cursor: entries with an index above it.
	After int64
	Limit int
}

func (f AuditFilter) match(e *liaison.AuditEntry) bool {
	return (f.Officer == "" || e.Officer == f.Officer) &&
		(f.Agency == "" || e.Agency == f.Agency) &&
		(f.Action == "" || e.Action == f.Action) &&
		(f.Object == "" || e.Object == f.Object) &&
		(f.From.IsZero() || !e.Time.Before(f.From)) &&
		(f.To.IsZero() || e.Time.Before(f.To))
}

// Reading audit entries filters in the node over pages of the log: the
// store has no index on officer, action or object. maxAuditScan bounds the
// entries one call reads, so a rare filter over a long log answers a
// short or empty page with a cursor rather than scanning it all at once.
const (
	auditScanPage = 1000
	maxAuditScan  = 100_000
)

// AuditEntries returns, for an auditor, a page of the audit entries that
// match f in index order, and the cursor of the next page (0 on the last).
// Entries carry metadata and the hash of the content concerned, never the
// content. The read is audited; EFORBIDDEN, audited too, for any other
// role.
func (n *Node) AuditEntries(ctx context.Context, actor *liaison.Officer, f AuditFilter) ([]liaison.AuditEntry, int64, error) {
	if d := guard.ReadAudit(actor); !d.Allow {
		return nil, 0, n.refuse(ctx, actor, "audit.read", "", d)
	}
	if f.Limit <= 0 {
		f.Limit = 50
	}
	if err := n.update(ctx, func(tx liaison.Tx, _ map[string]bool) error {
		return n.audit(tx, actor, "audit.read", "", "allow", nil, nil)
	}); err != nil {
		return nil, 0, err
	}
	var out []liaison.AuditEntry
	after, scanned := f.After, 0
	for scanned < maxAuditScan {
		es, err := n.store.AuditEntries(ctx, after, auditScanPage)
		if err != nil {
			return nil, 0, err
		}
		for i := range es {
			after = es[i].Index
			if f.match(&es[i]) {
				if out = append(out, es[i]); len(out) == f.Limit {
					return out, after, nil
				}
			}
		}
		if len(es) < auditScanPage {
			return out, 0, nil
		}
		scanned += len(es)
	}
	return out, after, nil
}
