package node

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/liaison-project/liaison"
)

// Notifications: every act that officers may need to hear of calls
// [Node.notify] in its own transaction, and nothing else makes notices.
// One door means one place decides who is told (the officers named, or
// those of the roles, agency and crime area named), one place applies the
// officers' subscriptions, and one constraint (one notice per event per
// officer) stops storms: an event told again, by a retry, a replayed
// envelope or a second process, adds nothing. Delivery outside the app
// (e-mail, webhooks) happens later, from the stored notices and webhook
// items, by a dispatcher that holds no transaction while it talks to the
// network (see dispatch.go).

// Hook is a webhook as the node knows it: where events go, and which
// kinds. The secret that signs them is the dispatcher's.
type Hook struct {
	URL string
	// Events are the kinds posted, exactly ("request.overdue") or by a
	// prefix ending in ".*" ("request.*"); none means every kind.
	Events []string
}

// Wants reports whether the webhook takes events of the kind.
func (h *Hook) Wants(kind string) bool {
	if len(h.Events) == 0 {
		return true
	}
	for _, e := range h.Events {
		if e == kind || e == "*" || (strings.HasSuffix(e, ".*") && strings.HasPrefix(kind, e[:len(e)-1])) {
			return true
		}
	}
	return false
}

// NotifyConfig is how the node notifies beyond the app.
type NotifyConfig struct {
	Hooks []Hook
	// MailCap is how many e-mails of single notices an officer gets in an
	// hour at most; beyond it notices wait for the next hourly digest.
	// Defaults to DefaultMailCap.
	MailCap int
}

// DefaultMailCap is the default of NotifyConfig.MailCap.
const DefaultMailCap = 12

// SetNotify sets how the node notifies beyond the app; call it before the
// node is used.
func (n *Node) SetNotify(c NotifyConfig) {
	if c.MailCap <= 0 {
		c.MailCap = DefaultMailCap
	}
	n.notifyCfg = c
}

// hookEvent is what a webhook receives: the event and the party whose node
// tells it. It names no officers.
type hookEvent struct {
	Party    string            `json:"party"`
	ID       string            `json:"id"`
	Kind     string            `json:"kind"`
	Object   string            `json:"object"`
	CaseID   string            `json:"case_id,omitempty"`
	Area     liaison.CrimeArea `json:"crime_area,omitempty"`
	Priority liaison.Priority  `json:"priority,omitempty"`
	Text     string            `json:"text"`
	Time     string            `json:"time"`
}

// notify tells the officers an event concerns, in the transaction of the
// act that caused it. It is the one door to notifications: requests,
// approvals, consents and the workplan call it. It stores one notice per
// officer concerned who subscribed to it, and one item per webhook that
// takes its kind; an event with an ID stored before adds nothing. It
// writes objects only, so an act calls it before its audit entry (see
// Transactions in the package doc).
func (n *Node) notify(tx liaison.Tx, ev liaison.Event) error {
	if n.observe != nil {
		n.observe(ev)
	}
	if ev.ID == "" || ev.Kind == "" {
		return fmt.Errorf("notify: event without id or kind: %+v", ev)
	}
	now := n.clock()
	if ev.Time.IsZero() {
		ev.Time = now
	}
	ev.Time = ev.Time.UTC().Truncate(time.Microsecond)
	rd, err := n.readers(tx, &ev)
	if err != nil {
		return fmt.Errorf("notify %s: %w", ev.Kind, err)
	}
	officers := n.concerned(rd, &ev)
	if len(officers) > 0 {
		byOfficer := rd.subs
		ns := make([]liaison.Notice, 0, len(officers))
		for _, id := range officers {
			sub := byOfficer[id]
			if sub == nil {
				d := liaison.DefaultSubscription(id)
				sub = &d
			}
			if !sub.Wants(&ev) {
				continue
			}
			no := liaison.Notice{
				EventID: ev.ID, Officer: id, Kind: ev.Kind, Object: ev.Object, CaseID: ev.CaseID,
				Area: ev.Area, Priority: ev.Priority, Text: ev.Text, Time: ev.Time, Created: now,
			}
			if sub.Email && sub.Address != "" {
				due := sub.Digest.Next(now, sub.Location())
				no.Mail, no.MailAfter = liaison.MailQueued, &due
				if sub.Digest != liaison.DigestNone {
					no.Mail = liaison.MailDigest
				}
			}
			ns = append(ns, no)
		}
		if _, err := tx.AddNotices(ns); err != nil {
			return fmt.Errorf("notify %s: %w", ev.Kind, err)
		}
	}
	var items []liaison.HookItem
	for _, h := range n.notifyCfg.Hooks {
		if !h.Wants(ev.Kind) {
			continue
		}
		body, err := json.Marshal(hookEvent{
			Party: n.party, ID: ev.ID, Kind: ev.Kind, Object: ev.Object, CaseID: ev.CaseID,
			Area: ev.Area, Priority: ev.Priority, Text: ev.Text, Time: ev.Time.Format("2006-01-02T15:04:05.999999Z07:00"),
		})
		if err != nil {
			return err
		}
		items = append(items, liaison.HookItem{Hook: h.URL, EventID: ev.ID, Kind: ev.Kind, Body: body,
			State: liaison.HookQueued, Next: now, Created: now})
	}
	if len(items) > 0 {
		if err := tx.QueueHooks(items); err != nil {
			return fmt.Errorf("notify %s: %w", ev.Kind, err)
		}
	}
	return nil
}

// readers is what notify reads to decide who is told: this node's
// officers and the subscriptions they set.
type readers struct {
	tx       liaison.Tx
	officers []liaison.Officer // this node's own
	subs     map[string]*liaison.Subscription
}

// readers returns the officers and subscriptions as tx sees them. A
// transaction that tells many events (the reminder scan tells hundreds)
// reads them once: they are kept for the transaction that read them and
// read again for any other.
func (n *Node) readers(tx liaison.Tx, ev *liaison.Event) (*readers, error) {
	if len(ev.Officers) == 0 && len(ev.Roles) == 0 {
		return &readers{}, nil
	}
	n.notifyMu.Lock()
	rd := n.notifyRd
	n.notifyMu.Unlock()
	if rd != nil && rd.tx == tx {
		return rd, nil
	}
	_, all, err := tx.Directory()
	if err != nil {
		return nil, err
	}
	subs, err := tx.Subscriptions()
	if err != nil {
		return nil, err
	}
	rd = &readers{tx: tx, subs: make(map[string]*liaison.Subscription, len(subs))}
	for i := range all {
		if all[i].Party == n.party {
			rd.officers = append(rd.officers, all[i])
		}
	}
	for i := range subs {
		rd.subs[subs[i].Officer] = &subs[i]
	}
	n.notifyMu.Lock()
	n.notifyRd = rd
	n.notifyMu.Unlock()
	return rd, nil
}

// concerned returns the ids of this node's officers the event concerns,
// sorted, each once: those it names, and those with one of its roles (in
// its agency, when it names one) who work in its crime area.
func (n *Node) concerned(rd *readers, ev *liaison.Event) []string {
	var ids []string
	for i := range rd.officers {
		o := &rd.officers[i]
		named := slices.Contains(ev.Officers, o.ID)
		byRole := slices.Contains(ev.Roles, o.Role) &&
			(ev.Agency == "" || o.Agency == ev.Agency) &&
			(ev.Area == "" || o.CoversArea(ev.Area))
		if named || byRole {
			ids = append(ids, o.ID)
		}
	}
	slices.Sort(ids)
	return ids
}

// Notify tells of an event that is no part of another act's transaction
// (an operator's announcement, a test), through the same door in a
// transaction of its own.
func (n *Node) Notify(ctx context.Context, ev liaison.Event) error {
	return n.store.Update(ctx, func(tx liaison.Tx) error { return n.notify(tx, ev) })
}
