// Package node is the service layer of Liaison: every act of an officer, a
// tool or a peer passes through it, in one order: authorise (the guard),
// store, audit, hand to federation. The API, the web UI and the federation
// link call it; none of them reaches the store around it.
//
// # Transactions
//
// Each act is one store transaction holding the change, its audit entry and
// the outbox rows for every receiving party, so an act is either wholly done
// and queued for delivery or not done at all. After the commit the node
// wakes the federation link of each peer concerned.
//
// Within a transaction the node touches the links first (queuing outbox
// items, taking inbound ones, recording an attempt), in the order of their
// parties, then the objects, and appends to the audit log last. A store
// shared by several processes locks in that order (the link rows, then the
// audit log's head), so two acts never wait for each other's locks in a
// circle. A store that orders its lists by when a transaction first wrote
// (internal/postgres) thereby lists the messages queued to a peer in the
// order of the link's sequence numbers, as the peer receives them.
package node

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/google/uuid"
	"github.com/liaison-project/liaison"
	"github.com/liaison-project/liaison/internal/auditlog"
	"github.com/liaison-project/liaison/internal/policy"
)

// Config holds what a Node needs. Store, Party and Name are required.
type Config struct {
	Party string
	Name  string
	Store liaison.Store
	// Region is the ISO 3166 region used to read national phone numbers in
	// this node's own messages (e.g. "IN"); defaults to the party code
	// upper-cased.
	Region string
	// Now returns the current time; defaults to time.Now.
	Now func() time.Time
	// NewID returns a new UUIDv7 string; defaults to uuid.NewV7.
	NewID func() string
	// Wake is called after a commit that queued items for peer. It MUST
	// NOT block.
	Wake   func(peer string)
	Logger *slog.Logger
	// Signer signs this node's audit checkpoints with its Ed25519 key,
	// under the origin of its party and certificate. Without it the node
	// signs nothing and Checkpoint returns EUNAVAILABLE.
	Signer *auditlog.Signer
	// Policies holds the party's own rules, reloaded as their files
	// change; nil means the party has none beyond the arrangement.
	Policies *policy.Watcher
	// AuthLimit bounds failed authentication (see Authenticate).
	AuthLimit AuthLimit
	// TokenAuditInterval is how often an officer's use of a token is
	// audited; defaults to DefaultTokenAuditInterval.
	TokenAuditInterval time.Duration
	// Observe, when set, is called with every event the node notifies,
	// in the transaction that caused it (tests watch reminders with it;
	// an event of a transaction that then fails was observed all the same).
	Observe func(liaison.Event)
}

// Node is one party's deployment: its store, identity and clock.
type Node struct {
	party  string
	name   string
	region string
	store  liaison.Store
	now    func() time.Time
	newID  func() string
	wake   func(string)
	log    *slog.Logger
	signer *auditlog.Signer
	policy *policy.Watcher
	auth   *auth
	// observe is Config.Observe.
	observe func(liaison.Event)

	arrangements sync.Map // id → *liaison.Arrangement, read once (see arrangement)

	notifyCfg NotifyConfig // see SetNotify
	notifyMu  sync.Mutex
	notifyRd  *readers // the last transaction's officers and subscriptions (see readers)

	indicators indicatorIndex // for MatchIndicators (match.go)
}

// New returns a Node for cfg.
func New(cfg Config) (*Node, error) {
	if !liaison.ValidParty(cfg.Party) {
		return nil, fmt.Errorf("node: invalid party code %q", cfg.Party)
	}
	if cfg.Store == nil {
		return nil, fmt.Errorf("node: no store")
	}
	n := &Node{
		party: cfg.Party, name: cfg.Name, region: cfg.Region, store: cfg.Store,
		now: cfg.Now, newID: cfg.NewID, wake: cfg.Wake, log: cfg.Logger,
		signer: cfg.Signer, policy: cfg.Policies,
		auth: newAuth(cfg.AuthLimit, cfg.TokenAuditInterval), observe: cfg.Observe,
	}
	if n.region == "" {
		n.region = upper(cfg.Party)
	}
	n.SetNotify(NotifyConfig{})
	if n.now == nil {
		n.now = time.Now
	}
	if n.newID == nil {
		n.newID = func() string { return uuid.Must(uuid.NewV7()).String() }
	}
	if n.wake == nil {
		n.wake = func(string) {}
	}
	if n.log == nil {
		n.log = slog.New(slog.DiscardHandler)
	}
	return n, nil
}

// SetPolicies sets the party's own rules; call it before the node is used.
func (n *Node) SetPolicies(w *policy.Watcher) { n.policy = w }

// rules returns the party's own rules as loaded now, or nil for none.
func (n *Node) rules() *policy.Set {
	if n.policy == nil {
		return nil
	}
	return n.policy.Current()
}

// Party returns this node's party code.
func (n *Node) Party() string { return n.party }

// Name returns this node's name.
func (n *Node) Name() string { return n.name }

// SetWake sets the function called after commits that queue items; the
// federation link registers itself here once it is built.
func (n *Node) SetWake(f func(peer string)) { n.wake = f }

// SetLogger sets the logger after construction.
func (n *Node) SetLogger(l *slog.Logger) { n.log = l }

// clock returns the time in UTC to the microsecond: PostgreSQL keeps no
// more, and a time must read back exactly as it was written and sent.
func (n *Node) clock() time.Time { return n.now().UTC().Truncate(time.Microsecond) }

// update runs fn in one transaction and wakes the links of the peers fn
// queued items for, after the commit.
func (n *Node) update(ctx context.Context, fn func(tx liaison.Tx, queued map[string]bool) error) error {
	queued := map[string]bool{}
	if err := n.store.Update(ctx, func(tx liaison.Tx) error {
		clear(queued)
		return fn(tx, queued)
	}); err != nil {
		return err
	}
	for p := range queued {
		n.wake(p)
	}
	return nil
}

// arrangement returns the applied arrangement with the id. An arrangement
// never changes (its id is the SHA-256 of its file), so it is read from the
// store and parsed once, then kept: posting a message no longer pays for
// decoding the arrangement's terms. Callers MUST NOT modify it.
func (n *Node) arrangement(ctx context.Context, id string) (*liaison.Arrangement, error) {
	if a, ok := n.arrangements.Load(id); ok {
		return a.(*liaison.Arrangement), nil
	}
	a, err := n.store.Arrangement(ctx, id)
	if err != nil {
		return nil, err
	}
	n.arrangements.Store(id, a)
	return a, nil
}

// audit appends an entry for actor (nil for the node itself).
func (n *Node) audit(tx liaison.Tx, actor *liaison.Officer, action, object, decision string, reasons []string, content []byte) error {
	e := &liaison.AuditEntry{
		Time: n.clock(), Party: n.party, Action: action, Object: object,
		Decision: decision, Reasons: reasons,
	}
	if actor != nil {
		e.Party, e.Agency, e.Officer = actor.Party, actor.Agency, actor.ID
	}
	if content != nil {
		e.ContentHash = hashHex(content)
	}
	if err := tx.AppendAudit(e); err != nil {
		return fmt.Errorf("audit %s: %w", action, err)
	}
	return nil
}

func hashHex(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

func upper(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'a' <= c && c <= 'z' {
			b[i] = c - 'a' + 'A'
		}
	}
	return string(b)
}
