package node

import (
	"context"
	"net/mail"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/liaison-project/liaison"
	"github.com/liaison-project/liaison/internal/guard"
)

// Notices returns a page of the actor's own notices, oldest first, and the
// next cursor. Notices name no content, so listing them is not audited.
func (n *Node) Notices(ctx context.Context, actor *liaison.Officer, f liaison.NoticeFilter) ([]liaison.Notice, string, error) {
	f.Officer = actor.ID
	return n.store.Notices(ctx, f)
}

// ReadNotice marks one of the actor's notices read. ENOTFOUND when the
// actor has no notice with the id, whoever else has.
func (n *Node) ReadNotice(ctx context.Context, actor *liaison.Officer, id int64) error {
	return n.store.Update(ctx, func(tx liaison.Tx) error {
		return tx.ReadNotice(actor.ID, id, n.clock())
	})
}

// ReadNotices marks read every unread notice of the actor created before
// the time (all, when before is zero), and returns how many.
func (n *Node) ReadNotices(ctx context.Context, actor *liaison.Officer, before time.Time) (int, error) {
	var count int
	err := n.store.Update(ctx, func(tx liaison.Tx) error {
		var err error
		count, err = tx.ReadNotices(actor.ID, before, n.clock())
		return err
	})
	return count, err
}

// Subscription returns the actor's subscription, or the defaults when the
// actor never set one.
func (n *Node) Subscription(ctx context.Context, actor *liaison.Officer) (*liaison.Subscription, error) {
	s, err := n.store.Subscription(ctx, actor.ID)
	if liaison.ErrorCode(err) == liaison.ENOTFOUND {
		d := liaison.DefaultSubscription(actor.ID)
		return &d, nil
	}
	return s, err
}

// SetSubscription replaces the actor's subscription with s, keeping the
// e-mail address an administrator set; the change is audited. EINVALID
// when a field is wrong, or when s asks for e-mail and the actor has no
// address.
func (n *Node) SetSubscription(ctx context.Context, actor *liaison.Officer, s liaison.Subscription) (*liaison.Subscription, error) {
	if s.Digest == "" {
		s.Digest = liaison.DigestNone
	}
	if err := s.Validate(); err != nil {
		return nil, err
	}
	s.Priorities, s.Areas, s.Cases = sortedSet(s.Priorities), sortedSet(s.Areas), sortedSet(s.Cases)
	s.Officer = actor.ID
	err := n.update(ctx, func(tx liaison.Tx, _ map[string]bool) error {
		s.Address = ""
		subs, err := tx.Subscriptions()
		if err != nil {
			return err
		}
		if i := slices.IndexFunc(subs, func(x liaison.Subscription) bool { return x.Officer == actor.ID }); i >= 0 {
			s.Address = subs[i].Address
		}
		if s.Email && s.Address == "" {
			return liaison.Invalid(liaison.FieldError{Field: "email", Problem: "no e-mail address is set for you; ask an administrator (liaison user add --email)"})
		}
		s.Updated = n.clock()
		if err := tx.PutSubscription(&s); err != nil {
			return err
		}
		return n.audit(tx, actor, "subscription.set", actor.ID, "allow", []string{describe(&s)}, nil)
	})
	if err != nil {
		return nil, err
	}
	return &s, nil
}

// SetAddress sets the e-mail address notices go to for an officer of this
// node; it is called by the node's administrator on the machine (liaison
// user add --email) and audited. EINVALID when the address is not one.
func (n *Node) SetAddress(ctx context.Context, officerID, address string) error {
	a, err := mail.ParseAddress(address)
	if err != nil || a.Name != "" || len(address) > 254 || strings.ContainsAny(address, "\r\n") {
		return liaison.Invalid(liaison.FieldError{Field: "email", Problem: "not a plain e-mail address such as name@example.org"})
	}
	o, err := n.store.Officer(ctx, officerID)
	if err != nil {
		return err
	}
	if o.Party != n.party {
		return liaison.Errorf(liaison.EINVALID, "officer %s is not an officer of this node", officerID)
	}
	return n.update(ctx, func(tx liaison.Tx, _ map[string]bool) error {
		s := liaison.DefaultSubscription(officerID)
		subs, err := tx.Subscriptions()
		if err != nil {
			return err
		}
		if i := slices.IndexFunc(subs, func(x liaison.Subscription) bool { return x.Officer == officerID }); i >= 0 {
			s = subs[i]
		}
		s.Address, s.Updated = a.Address, n.clock()
		if err := tx.PutSubscription(&s); err != nil {
			return err
		}
		return n.audit(tx, nil, "officer.email", officerID, "", nil, nil)
	})
}

// NotifyDeliveries returns a page of the log of deliveries by e-mail and
// webhook, newest first, to an administrator; EFORBIDDEN (audited) for
// anyone else.
func (n *Node) NotifyDeliveries(ctx context.Context, actor *liaison.Officer, f liaison.NotifyDeliveryFilter) ([]liaison.NotifyDelivery, string, error) {
	if actor.Role != liaison.RoleAdmin {
		d := guard.Decision{Reasons: []string{"role " + string(actor.Role) + " may not read the delivery log; administrators may"}}
		return nil, "", n.refuse(ctx, actor, "notify.deliveries", "", d)
	}
	if f.Channel != "" && f.Channel != liaison.ChannelEmail && f.Channel != liaison.ChannelWebhook {
		return nil, "", liaison.Invalid(liaison.FieldError{Field: "channel", Problem: "unknown channel " + strQuote(f.Channel),
			Allowed: []string{liaison.ChannelEmail, liaison.ChannelWebhook}})
	}
	return n.store.NotifyDeliveries(ctx, f)
}

func sortedSet[T ~string](s []T) []T {
	out := slices.Clone(s)
	slices.Sort(out)
	return slices.Compact(out)
}

// describe says what a subscription asks for, for the audit log.
func describe(s *liaison.Subscription) string {
	list := func(name string, n int) string {
		if n == 0 {
			return name + ": all"
		}
		return name + ": " + strconv.Itoa(n)
	}
	email := "e-mail: off"
	if s.Email {
		email = "e-mail: " + string(s.Digest)
	}
	return strings.Join([]string{list("priorities", len(s.Priorities)), list("areas", len(s.Areas)), list("cases", len(s.Cases)), email}, ", ")
}
