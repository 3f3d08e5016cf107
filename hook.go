package liaison

import "time"

// HookItem is one event queued for one webhook: the dispatcher posts Body
// until the webhook accepts it or the attempts run out. There is at most
// one item per webhook and event, by the store's constraint.
type HookItem struct {
	ID       int64
	Hook     string // the webhook's URL, as configured
	EventID  string
	Kind     string
	Body     []byte // the event as JSON: text and ids, never content
	State    HookState
	Attempts int
	Next     time.Time // when the next attempt is due
	Created  time.Time
}

// HookState is where a webhook item stands.
type HookState string

// The states of a webhook item.
const (
	HookQueued    HookState = "queued"
	HookDelivered HookState = "delivered"
	HookFailed    HookState = "failed" // attempts exhausted, or no such webhook
)

// NotifyDelivery is one attempt to deliver outside the app, by e-mail or
// webhook: the delivery log administrators read.
type NotifyDelivery struct {
	ID      int64     `json:"id"`
	Channel string    `json:"channel"` // "email" or "webhook"
	Target  string    `json:"target"`  // the address or URL
	Officer string    `json:"officer,omitempty"`
	Ref     string    `json:"ref"` // the event id (webhook) or notice ids (e-mail)
	Attempt int       `json:"attempt"`
	Time    time.Time `json:"time"`
	OK      bool      `json:"ok"`
	Status  string    `json:"status"` // the HTTP status or SMTP reply
	Error   string    `json:"error,omitempty"`
	Digest  bool      `json:"digest,omitempty"`
}

// The channels of a delivery.
const (
	ChannelEmail   = "email"
	ChannelWebhook = "webhook"
)

// NotifyDeliveryFilter selects a page of the delivery log, newest first.
type NotifyDeliveryFilter struct {
	Channel string // "" for both
	After   string
	Limit   int
}
