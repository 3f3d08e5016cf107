package node

import "github.com/liaison-project/liaison"

// notify tells the officers an event concerns, in the transaction of the
// act that caused it. It is the one door to notifications: requests,
// approvals, consents and the workplan call it; what it does with the
// event (notices in the app, e-mail, webhooks, subscriptions, digests)
// is the notification layer's.
func (n *Node) notify(tx liaison.Tx, ev liaison.Event) error {
	if n.observe != nil {
		n.observe(ev)
	}
	return nil
}
