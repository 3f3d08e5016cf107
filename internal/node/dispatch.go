package node

import (
	"context"
	"strconv"
	"strings"
	"time"

	"github.com/liaison-project/liaison"
)

// Delivery outside the app: a dispatcher (internal/notify) claims mail and
// webhook items in one short transaction, sends them with no transaction
// open, and records each outcome in another. A claim lasts ClaimTTL: a
// dispatcher that dies mid-send leaves its rows to be claimed again, so a
// mail may, rarely, go twice; none is lost.

// LeaseNotify is the lease that makes one process of several run the
// dispatcher. Two at once stay correct: claims keep them off each other's
// rows.
const LeaseNotify = "notify"

// ClaimTTL is how long a claimed mail or webhook item stays its
// dispatcher's before another may take it.
const ClaimTTL = 5 * time.Minute

// Mail is one e-mail to send: one notice, or a digest of several.
type Mail struct {
	Officer string
	To      string
	Digest  bool
	Notices []liaison.Notice
}

// MaxMailTries is how often the dispatcher tries a mail before giving up.
const MaxMailTries = 5

// Now returns the node's clock, in UTC to the microsecond.
func (n *Node) Now() time.Time { return n.clock() }

// ClaimMail claims up to limit notices due for e-mail and returns the
// mails to send: one per notice, or one digest per officer for the
// notices collected. An officer who had MailCap single mails in the last
// hour gets further notices in the next hourly digest instead; notices of
// an officer with no address now are skipped.
func (n *Node) ClaimMail(ctx context.Context, limit int) ([]Mail, error) {
	now := n.clock()
	var claimed []liaison.Notice
	err := n.store.Update(ctx, func(tx liaison.Tx) error {
		var err error
		claimed, err = tx.ClaimMail(now, now.Add(ClaimTTL), limit)
		return err
	})
	if err != nil || len(claimed) == 0 {
		return nil, err
	}
	type change struct {
		id    int64
		st    liaison.MailState
		after *time.Time
		tries int
	}
	var (
		mails   []Mail
		changes []change
		digests = map[string]int{} // officer → index in mails
		subs    = map[string]*liaison.Subscription{}
		sent    = map[string]int{}
	)
	for _, no := range claimed {
		sub, ok := subs[no.Officer]
		if !ok {
			s, err := n.store.Subscription(ctx, no.Officer)
			if err != nil && liaison.ErrorCode(err) != liaison.ENOTFOUND {
				return nil, err
			}
			sub = s
			subs[no.Officer] = s
			if s != nil {
				c, err := n.store.MailsSent(ctx, no.Officer, now.Add(-time.Hour))
				if err != nil {
					return nil, err
				}
				sent[no.Officer] = c
			}
		}
		if sub == nil || !sub.Email || sub.Address == "" {
			changes = append(changes, change{no.ID, liaison.MailSkipped, nil, no.MailTries})
			continue
		}
		if no.Mail == liaison.MailQueued {
			if sent[no.Officer] >= n.notifyCfg.MailCap {
				// No storms: past the cap, the rest wait for a digest.
				due := liaison.DigestHourly.Next(now, nil)
				changes = append(changes, change{no.ID, liaison.MailDigest, &due, no.MailTries})
				continue
			}
			sent[no.Officer]++
			mails = append(mails, Mail{Officer: no.Officer, To: sub.Address, Notices: []liaison.Notice{no}})
			continue
		}
		i, ok := digests[no.Officer]
		if !ok {
			i = len(mails)
			digests[no.Officer] = i
			mails = append(mails, Mail{Officer: no.Officer, To: sub.Address, Digest: true})
		}
		mails[i].Notices = append(mails[i].Notices, no)
	}
	if len(changes) > 0 {
		err := n.store.Update(ctx, func(tx liaison.Tx) error {
			for _, c := range changes {
				if err := tx.SetMail(c.id, c.st, c.after, c.tries); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	return mails, nil
}

// Outcome is the result of one attempt to deliver outside the app.
type Outcome struct {
	Status string // the server's reply: an HTTP status, an SMTP reply
	Err    error  // nil when delivered
	// Retry is how long to wait before the next attempt after a failure;
	// zero gives up.
	Retry time.Duration
}

// RecordMail records the outcome of sending m: the notices are sent, due
// again after o.Retry, or failed; the attempt goes to the delivery log.
func (n *Node) RecordMail(ctx context.Context, m Mail, o Outcome) error {
	return n.RecordMails(ctx, []Mail{m}, []Outcome{o})
}

// RecordMails records the outcomes of several mails, os[i] that of ms[i],
// in one transaction: a dispatcher sending a batch commits once for many
// mails, at the price of sending those again if it dies before recording.
func (n *Node) RecordMails(ctx context.Context, ms []Mail, os []Outcome) error {
	now := n.clock()
	return n.store.Update(ctx, func(tx liaison.Tx) error {
		for i, m := range ms {
			if err := n.recordMail(tx, m, os[i], now); err != nil {
				return err
			}
		}
		return nil
	})
}

func (n *Node) recordMail(tx liaison.Tx, m Mail, o Outcome, now time.Time) error {
	ids := make([]string, len(m.Notices))
	tries := 0
	for i, no := range m.Notices {
		ids[i] = strconv.FormatInt(no.ID, 10)
		tries = max(tries, no.MailTries+1)
	}
	for _, no := range m.Notices {
		st, after := liaison.MailSent, no.MailAfter
		if o.Err != nil {
			st = no.Mail
			if o.Retry <= 0 || tries >= MaxMailTries {
				st = liaison.MailFailed
			} else {
				due := now.Add(o.Retry)
				after = &due
			}
		}
		if err := tx.SetMail(no.ID, st, after, tries); err != nil {
			return err
		}
	}
	return tx.AddNotifyDelivery(&liaison.NotifyDelivery{
		Channel: liaison.ChannelEmail, Target: m.To, Officer: m.Officer, Ref: "notices " + strings.Join(ids, ","),
		Attempt: tries, Time: now, OK: o.Err == nil, Status: o.Status, Error: errText(o.Err), Digest: m.Digest,
	})
}

// ClaimHooks claims up to limit webhook items that are due.
func (n *Node) ClaimHooks(ctx context.Context, limit int) ([]liaison.HookItem, error) {
	now := n.clock()
	var items []liaison.HookItem
	err := n.store.Update(ctx, func(tx liaison.Tx) error {
		var err error
		items, err = tx.ClaimHooks(now, now.Add(ClaimTTL), limit)
		return err
	})
	return items, err
}

// RecordHook records the outcome of posting a webhook item: delivered,
// due again after o.Retry, or failed; the attempt goes to the delivery
// log.
func (n *Node) RecordHook(ctx context.Context, it liaison.HookItem, o Outcome) error {
	now := n.clock()
	attempts := it.Attempts + 1
	st, next := liaison.HookDelivered, now
	if o.Err != nil {
		st = liaison.HookFailed
		if o.Retry > 0 {
			st, next = liaison.HookQueued, now.Add(o.Retry)
		}
	}
	return n.store.Update(ctx, func(tx liaison.Tx) error {
		if err := tx.SetHook(it.ID, st, attempts, next); err != nil {
			return err
		}
		return tx.AddNotifyDelivery(&liaison.NotifyDelivery{
			Channel: liaison.ChannelWebhook, Target: it.Hook, Ref: it.EventID, Attempt: attempts,
			Time: now, OK: o.Err == nil, Status: o.Status, Error: errText(o.Err),
		})
	})
}

func errText(err error) string {
	if err == nil {
		return ""
	}
	s := err.Error()
	if len(s) > 500 {
		s = s[:500]
	}
	return s
}
