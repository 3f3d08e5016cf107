package node

import (
	"context"
	"fmt"
	"time"

	"github.com/liaison-project/liaison"
)

// LeaseRequests is the lease that makes one process of several run the
// request clocks. Two at once stay correct: each records the reminders it
// sent in the transaction that sends them, and the second finds them
// recorded and sends nothing.
const LeaseRequests = "requests"

// RemindBatch is how many due requests one transaction of the reminder
// scan handles at most.
const RemindBatch = 500

// RemindRequests sends, by this node's clock, the reminders that have
// fallen due and not been sent: on the receiving node at 50 % and 90 % of
// a request's time, to its assignee (or, while unassigned, this party's
// liaison officers in its crime area), and at the deadline an escalation
// to its supervisors; on the requesting node, at the deadline, a notice to
// the requester. Each is sent once: the reminders sent are recorded with
// the request in the transaction that sends them, so a restart neither
// repeats nor forgets one. A node that was down across two thresholds
// sends the later one only. It returns how many it sent.
func (n *Node) RemindRequests(ctx context.Context) (int, error) {
	now := n.clock()
	total := 0
	for {
		sent, seen := 0, 0
		err := n.update(ctx, func(tx liaison.Tx, _ map[string]bool) error {
			// Read in the transaction that records what it sends: no
			// second read of each row, and no other writer in between.
			rs, err := tx.DueRequests(now, RemindBatch)
			if err != nil {
				return err
			}
			sent, seen = 0, len(rs)
			for i := range rs {
				r := &rs[i]
				if latest, _, ok := r.DueReminder(now); ok {
					if err := n.notify(tx, reminderEvent(r, latest, now)); err != nil {
						return err
					}
					sent++
				}
				// Recorded either way: the stored next reminder moves on.
				if err := tx.SetReminders(r.ID, r.Reminders, r.NextRemind()); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return total, err
		}
		total += sent
		if seen < RemindBatch {
			return total, nil
		}
	}
}

// reminderEvent is the event of reminder k about r at now.
func reminderEvent(r *liaison.Request, k liaison.Reminders, now time.Time) liaison.Event {
	left := r.Due.Sub(now).Round(time.Minute)
	var kind, tag, text string
	switch k {
	case liaison.RemindHalf, liaison.RemindNinety:
		kind, tag = "request.reminder", "50"
		if k == liaison.RemindNinety {
			tag = "90"
		}
		text = fmt.Sprintf("Request %s (%s, %s) is due in %s, at %s", r.ID, r.Priority, r.Handling.CrimeArea, left, r.Due.Format(time.RFC3339))
	default:
		kind, tag = "request.overdue", "breach"
		text = fmt.Sprintf("Request %s (%s, %s) passed its deadline %s unanswered", r.ID, r.Priority, r.Handling.CrimeArea, r.Due.Format(time.RFC3339))
	}
	ev := requestEvent(r, kind, tag, now, text)
	if k == liaison.RemindBreach && r.Inbound {
		// Escalation: the supervisors of the receiving side, beside the
		// assignee or the liaison officers.
		ev.Roles = append(ev.Roles, liaison.RoleSupervisor)
	}
	return ev
}

// Remind runs [Node.RemindRequests] every interval until ctx ends, in the
// process that holds the lease [LeaseRequests]; holder names this process.
func (n *Node) Remind(ctx context.Context, holder string, interval time.Duration) {
	n.everyUnderLease(ctx, LeaseRequests, holder, interval, "requests: remind and escalate", n.RemindRequests)
}
