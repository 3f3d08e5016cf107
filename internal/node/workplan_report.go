package node

import (
	"context"
	"fmt"
	"time"

	"github.com/liaison-project/liaison"
	"github.com/liaison-project/liaison/internal/guard"
	"github.com/liaison-project/liaison/internal/report"
)

// WorkplanReport computes the progress report of every workplan this node
// holds: progress by objective, overdue actions by owner, and what changed
// since the day since (YYYY-MM-DD, UTC; "" for 30 days before now). A nil
// actor is the operator at the console. Overdue actions are told of, as
// when the plan is listed (see tellOverdue). The generation is audited.
func (n *Node) WorkplanReport(ctx context.Context, actor *liaison.Officer, since string) (*report.Workplan, error) {
	now := n.clock()
	from := now.AddDate(0, 0, -30).Truncate(24 * time.Hour)
	if since != "" {
		d, err := time.Parse(time.DateOnly, since)
		if err != nil {
			return nil, liaison.Invalid(liaison.FieldError{Field: "since", Problem: "must be a date YYYY-MM-DD"})
		}
		from = d
	}
	if actor != nil {
		if d := guard.ListWorkplan(actor); !d.Allow {
			return nil, n.refuse(ctx, actor, "workplan.report", "", d)
		}
	}
	var os []liaison.Objective
	for after := ""; ; {
		page, next, err := n.store.Workplan(ctx, liaison.WorkplanFilter{After: after, Limit: 1000})
		if err != nil {
			return nil, err
		}
		for _, o := range page {
			if actor != nil {
				a, err := n.arrangement(ctx, o.ArrangementID)
				if err != nil {
					return nil, err
				}
				if !guard.ReadWorkplan(actor, a).Allow {
					continue
				}
			}
			os = append(os, o)
		}
		if next == "" {
			break
		}
		after = next
	}
	if err := n.update(ctx, func(tx liaison.Tx, _ map[string]bool) error {
		return n.audit(tx, actor, "workplan.report", "", "allow", []string{"since " + from.Format(time.DateOnly)}, nil)
	}); err != nil {
		return nil, err
	}
	if err := n.tellOverdue(ctx, os); err != nil {
		return nil, err
	}
	w := report.NewWorkplan(n.party, n.name, os, now, from)
	w.GeneratedBy = "operator at the console"
	if actor != nil {
		w.GeneratedBy = fmt.Sprintf("%s %s (%s)", actor.Role, actor.Name, actor.Agency)
	}
	return w, nil
}
