package node

import (
	"cmp"
	"context"
	"slices"
	"strings"

	"github.com/liaison-project/liaison"
	"github.com/liaison-project/liaison/internal/report"
)

// maxReportReason bounds a refusal's reason as the report groups and
// shows it.
const maxReportReason = 300

// reportAudit reads the audit log up to the report's checkpoint and adds
// the refusals, recalls and purges of the period. It returns the messages
// the log says were sent or received in the period, id → direction.
func (n *Node) reportAudit(ctx context.Context, r *report.Report) (map[string]string, error) {
	type group struct{ action, reason string }
	refusals := map[group]int{}
	removals := map[string]int{}
	onward := map[string]int{}
	crossed := map[string]string{}
	var after int64
	for after < r.Checkpoint.Size {
		es, err := n.store.AuditEntries(ctx, after, reportPage)
		if err != nil {
			return nil, err
		}
		if len(es) == 0 {
			break
		}
		for i := range es {
			e := &es[i]
			after = e.Index
			if e.Index > r.Checkpoint.Size {
				break
			}
			if !r.Period.Contains(e.Time) {
				continue
			}
			switch {
			case e.Decision == "deny":
				refusals[group{e.Action, firstReason(e.Reasons)}]++
			case e.Action == "message.send":
				crossed[e.Object] = report.Sent
			case e.Action == "message.receive":
				crossed[e.Object] = report.Received
			}
			if onwardUse(e.Action) {
				onward[e.Action+" "+cmp.Or(e.Decision, "none")]++
			}
			if removal(e.Action) {
				removals[e.Action]++
				r.Removals = append(r.Removals, report.Removal{
					Index: e.Index, Time: e.Time, Action: e.Action, Object: e.Object,
					Actor: auditActor(e), Decision: e.Decision, Reason: firstReason(e.Reasons),
				})
			}
		}
	}
	for g, count := range refusals {
		r.Refusals = append(r.Refusals, report.Refusal{Action: g.action, Reason: g.reason, Count: count})
	}
	slices.SortFunc(r.Refusals, func(x, y report.Refusal) int {
		return cmp.Or(cmp.Compare(y.Count, x.Count), cmp.Compare(x.Action, y.Action), cmp.Compare(x.Reason, y.Reason))
	})
	for action, count := range removals {
		r.RemovalCounts = append(r.RemovalCounts, report.Count{Key: action, Count: count})
	}
	slices.SortFunc(r.RemovalCounts, func(x, y report.Count) int { return cmp.Compare(x.Key, y.Key) })
	for key, count := range onward {
		r.OnwardUse = append(r.OnwardUse, report.Count{Key: key, Count: count})
	}
	slices.SortFunc(r.OnwardUse, func(x, y report.Count) int { return cmp.Compare(x.Key, y.Key) })
	return crossed, nil
}

// onwardUse reports whether an audit action is an act of onward use or
// of the originator's consent to it; reading and listing them is not.
func onwardUse(action string) bool {
	kind, verb, _ := strings.Cut(action, ".")
	switch kind {
	case "dissemination", "export", "consent":
		return verb != "read" && verb != "list"
	}
	return false
}

// removal reports whether an audit action is a recall, a purge, or part
// of either: one of its dot-separated words starts with "recall"
// ("message.recall", "recall.receive", "recall-answer.receive",
// "message.recall-purged") or is "purge", "purged" or "keep" (a copy kept
// under legal hold when recalled).
func removal(action string) bool {
	for w := range strings.SplitSeq(action, ".") {
		switch {
		case strings.HasPrefix(w, "recall"), w == "purge", w == "purged", w == "keep":
			return true
		}
	}
	return false
}

// firstReason is the first reason of an entry, cut for grouping.
func firstReason(rs []string) string {
	if len(rs) == 0 {
		return "(no reason recorded)"
	}
	s := rs[0]
	if r := []rune(s); len(r) > maxReportReason {
		s = string(r[:maxReportReason-1]) + "…"
	}
	return s
}

// auditActor names who acted: "party/agency officer-id", or the party
// for the node itself.
func auditActor(e *liaison.AuditEntry) string {
	s := e.Party
	if e.Agency != "" {
		s += "/" + e.Agency
	}
	if e.Officer != "" {
		s += " " + e.Officer
	}
	return s
}

// reportApprovals counts the four-eyes decisions of the period: held and
// escalated by when they were requested, approved and rejected by when
// they were decided.
func (n *Node) reportApprovals(ctx context.Context, r *report.Report) error {
	a := &r.Approvals
	after := ""
	for {
		aps, next, err := n.store.Approvals(ctx, liaison.ApprovalFilter{After: after, Limit: reportPage})
		if err != nil {
			return err
		}
		for i := range aps {
			ap := &aps[i]
			requested := r.Period.Contains(ap.Requested)
			switch {
			case ap.State == liaison.ApprovalEscalated:
				if requested {
					a.Escalated++
				}
				continue
			case requested:
				a.Held++
				if ap.State == liaison.ApprovalPending {
					a.Pending++
				}
			}
			if ap.Decided == nil || !r.Period.Contains(*ap.Decided) {
				continue
			}
			switch ap.State {
			case liaison.ApprovalApproved:
				a.Approved++
			case liaison.ApprovalRejected:
				a.Rejected++
			}
		}
		if next == "" {
			return nil
		}
		after = next
	}
}
