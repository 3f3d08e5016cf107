package liaison

import (
	"context"
	"time"
)

// Store is the contract every storage engine fulfils (internal/sqlite,
// internal/postgres); internal/storetest checks it. Reads are methods of the
// Store; every write happens inside Update, so that an act, its audit entry
// and its outbox rows commit together or not at all.
//
// Methods that look up one object return ENOTFOUND when it does not exist;
// they never return nil, nil. Uniqueness is enforced by the database and
// reported as ECONFLICT.
type Store interface {
	// Update runs fn in one write transaction and commits when fn returns
	// nil; when fn returns an error, none of its writes remain. Update MUST
	// NOT return nil before the commit is durable. A store may commit the
	// writes of several concurrent Updates together (group commit), each
	// still all-or-nothing. The Tx is not safe for concurrent use and MUST
	// NOT be used after fn returns; fn MUST NOT call Update.
	Update(ctx context.Context, fn func(Tx) error) error

	OfficerByToken(ctx context.Context, tokenHash []byte) (*Officer, error)
	Officer(ctx context.Context, id string) (*Officer, error)
	// Directory returns every agency and officer known, own and peers',
	// ordered by party, then agency code, then name.
	Directory(ctx context.Context) ([]Agency, []Officer, error)

	Peer(ctx context.Context, party string) (*Peer, error)
	Peers(ctx context.Context) ([]Peer, error)
	// Links returns the link state of every peer, ordered by party.
	Links(ctx context.Context) ([]Link, error)

	Arrangement(ctx context.Context, id string) (*Arrangement, error)
	// Arrangements returns every applied arrangement, latest applied first.
	Arrangements(ctx context.Context) ([]Arrangement, error)

	Case(ctx context.Context, id string) (*Case, error)
	// Cases returns a page of cases in the order this node stored them,
	// and the cursor of the next page ("" on the last).
	Cases(ctx context.Context, f CaseFilter) ([]Case, string, error)

	// Message returns a message with its deliveries (sending side).
	Message(ctx context.Context, id string) (*Message, error)
	// Messages returns a page of messages in the order this node stored
	// them (for inbound messages: the order received), and the next cursor.
	Messages(ctx context.Context, f MessageFilter) ([]Message, string, error)

	// Approval returns a message held for approval; ENOTFOUND when there
	// is none with the id.
	Approval(ctx context.Context, id string) (*Approval, error)
	// Approvals returns a page of approvals in the order requested, and
	// the next cursor; EINVALID when f.After is not a cursor it returned.
	Approvals(ctx context.Context, f ApprovalFilter) ([]Approval, string, error)
	// Dissemination returns a request for onward use of a received
	// message (a dissemination or an export).
	Dissemination(ctx context.Context, id string) (*Dissemination, error)
	// Disseminations returns every dissemination and export asked of the
	// message, whatever their state, oldest first; none is not an error.
	Disseminations(ctx context.Context, messageID string) ([]Dissemination, error)
	// Consent returns a peer's request for this node's consent.
	Consent(ctx context.Context, id string) (*Consent, error)
	// Consents returns a page of the consents that match f, ordered by id,
	// and the cursor of the next page ("" on the last).
	Consents(ctx context.Context, f ConsentFilter) ([]Consent, string, error)

	// Outbox returns up to limit queued items for peer, lowest sequence first.
	Outbox(ctx context.Context, peer string, limit int) ([]OutboxItem, error)
	Receipt(ctx context.Context, id string) (*Receipt, error)
	// AuditEntries returns up to limit entries with Index > after, in order.
	AuditEntries(ctx context.Context, after int64, limit int) ([]AuditEntry, error)
	// AuditTree returns the audit log's Merkle tree state, consistent with
	// the entries committed so far: its size and compact range.
	AuditTree(ctx context.Context) (AuditTree, error)
	// AuditLeaves returns the leaf hashes of tree positions [from, to),
	// those of the entries with indices from+1 to to. EINVALID unless
	// 0 <= from <= to <= the tree's size.
	AuditLeaves(ctx context.Context, from, to int64) ([]AuditHash, error)
	// Checkpoints returns up to limit checkpoints signed by party
	// (this node's own party for its own), largest size first.
	Checkpoints(ctx context.Context, party string, limit int) ([]AuditCheckpoint, error)

	// Lease takes or renews the lease name for holder until ttl from now,
	// by the store's clock (the database's, where processes on several
	// machines share it), and reports whether holder has it. A lease that
	// another holder has not let expire is not taken. Leases make one
	// process of several do a job (send to a peer, run a purge); the job
	// MUST stay correct if two run at once for a moment, as a lease cannot
	// stop a paused holder from acting after it expired.
	Lease(ctx context.Context, name, holder string, ttl time.Duration) (bool, error)
	// Release gives up the lease name if holder has it.
	Release(ctx context.Context, name, holder string) error

	// Tombstone returns what remains of a purged case or message;
	// ENOTFOUND when the id was never purged here.
	Tombstone(ctx context.Context, id string) (*Tombstone, error)
	// Expired returns up to f.Limit cases or messages (f.Kind) whose
	// retention has passed (see ExpiryFilter), oldest first. It leaves out
	// held messages and cases that still hold messages.
	Expired(ctx context.Context, f ExpiryFilter) ([]Expired, error)
	// Recalls returns the recalls of a message, ordered by party.
	Recalls(ctx context.Context, messageID string) ([]Recall, error)

	// Notices returns a page of f.Officer's notices, oldest first, and the
	// next cursor; EINVALID when f.After is not a cursor it returned.
	Notices(ctx context.Context, f NoticeFilter) ([]Notice, string, error)
	// Subscription returns the officer's subscription; ENOTFOUND when the
	// officer never set one (the defaults apply).
	Subscription(ctx context.Context, officer string) (*Subscription, error)

	// ReadReceipts returns the read receipts of a message this node sent,
	// by party; none when it has none.
	ReadReceipts(ctx context.Context, message string) ([]ReadReceipt, error)

	// Credential returns the sign-in credential of an officer of this
	// node; ENOTFOUND when it has none.
	Credential(ctx context.Context, officer string) (*Credential, error)
	// CredentialByLogin returns the credential with the login name;
	// ENOTFOUND when there is none.
	CredentialByLogin(ctx context.Context, login string) (*Credential, error)
	// Session returns the web session whose secret has the SHA-256
	// tokenHash; ENOTFOUND when there is none (however old: the caller
	// decides whether it is live).
	Session(ctx context.Context, tokenHash []byte) (*Session, error)
	// NotifyDeliveries returns a page of the delivery log, newest first.
	NotifyDeliveries(ctx context.Context, f NotifyDeliveryFilter) ([]NotifyDelivery, string, error)
	// MailsSent counts the e-mails of single notices (not digests) sent
	// to officer since the time.
	MailsSent(ctx context.Context, officer string, since time.Time) (int, error)
	// Objective returns a workplan objective with its actions and their
	// notes; ENOTFOUND when there is none.
	Objective(ctx context.Context, id string) (*Objective, error)
	// WorkplanAction returns a workplan action with its notes.
	WorkplanAction(ctx context.Context, id string) (*Action, error)
	// Workplan returns a page of objectives ordered by id, each with its
	// actions and their notes, and the cursor of the next page ("" on the
	// last).
	Workplan(ctx context.Context, f WorkplanFilter) ([]Objective, string, error)
	// Request returns a request for information; ENOTFOUND when none.
	Request(ctx context.Context, id string) (*Request, error)
	// Requests returns a page of the requests that match f in the order
	// this node stored them, and the cursor of the next page ("" on the
	// last); EINVALID when f.After is not a cursor it returned.
	Requests(ctx context.Context, f RequestFilter) ([]Request, string, error)

	// STIXObjects returns a page of the object versions that match f, in
	// the order added (by Seq), and the cursor of the next page ("" on the
	// last); EINVALID when f.After is not a cursor it returned or a
	// version is neither first, last, all nor an RFC 3339 time.
	STIXObjects(ctx context.Context, f STIXFilter) ([]STIXObject, string, error)
	// STIXStatus returns the status of an add-objects request; ENOTFOUND
	// when there is none with the id.
	STIXStatus(ctx context.Context, id string) (*STIXStatus, error)
	// TAXIICursor returns where the pull from a remote collection stopped;
	// ENOTFOUND when it never started.
	TAXIICursor(ctx context.Context, server, collection string) (*TAXIICursor, error)

	Close() error
}

// Tx is one write transaction. Its reads see its own writes.
type Tx interface {
	Case(id string) (*Case, error)
	Message(id string) (*Message, error)
	Peer(party string) (*Peer, error)
	Arrangement(id string) (*Arrangement, error)
	// Peers, Arrangements and Directory read as the Store methods of the
	// same names do, but see this transaction's writes: the node queues its
	// directory in the transaction that adds an officer, peer or arrangement.
	Peers() ([]Peer, error)
	Arrangements() ([]Arrangement, error)
	Directory() ([]Agency, []Officer, error)

	// CreateOfficer stores an officer of this node with the SHA-256 of its
	// API token. ECONFLICT when the id or token hash exists.
	CreateOfficer(o *Officer, tokenHash []byte) error
	// PutAgency creates or renames an agency.
	PutAgency(a Agency) error
	// ReplaceDirectory replaces what is known of a peer party's agencies and
	// officers with the given lists.
	ReplaceDirectory(party string, agencies []Agency, officers []Officer) error
	// PutPeer creates or replaces a peer (by party) and its link row.
	PutPeer(p *Peer) error
	// PutArrangement stores an arrangement; applying the same one again
	// is not an error.
	PutArrangement(a *Arrangement) error

	// CreateCase and CreateMessage return ECONFLICT when the id exists.
	CreateCase(c *Case) error
	CreateMessage(m *Message) error
	SetMessageState(id string, s MessageState) error

	// Approval reads an approval in the transaction.
	Approval(id string) (*Approval, error)
	// CreateApproval stores an approval; ECONFLICT when its id exists,
	// ENOTFOUND when its case does not.
	CreateApproval(r *Approval) error
	// DecideApproval moves a pending approval to state, decided by
	// officer by at at with reason; ECONFLICT when it is not pending (the
	// message names its state), ENOTFOUND when there is none, EINVALID
	// when state is not approved, rejected or escalated.
	DecideApproval(id string, state ApprovalState, by string, at time.Time, reason string) error
	// Dissemination and Consent read as the Store methods do.
	Dissemination(id string) (*Dissemination, error)
	Consent(id string) (*Consent, error)
	// CreateDissemination stores d; ECONFLICT when its id exists.
	CreateDissemination(d *Dissemination) error
	// DecideDissemination moves a dissemination waiting for consent to
	// allowed or refused, with its reasons as they now read. ENOTFOUND
	// when there is none; ECONFLICT, changing nothing, when it is not
	// pending_consent.
	DecideDissemination(id string, st DisseminationState, reasons []string, at time.Time) error
	// CreateConsent stores c; ECONFLICT when its id exists.
	CreateConsent(c *Consent) error
	// DecideConsent moves a pending consent to granted or refused.
	// ENOTFOUND when there is none; ECONFLICT, changing nothing, when it is
	// not pending.
	DecideConsent(id string, st ConsentState, reason, decidedBy string, at time.Time) error

	// Enqueue assigns item.Seq from the peer's link and stores the item.
	// ENOTFOUND when the peer is unknown. Where transactions call Enqueue
	// before any other write, however many run at once, the cases and
	// messages they store list (Cases, Messages) in the order of the
	// sequence numbers they drew from a link: the order in which the peer
	// receives and lists them.
	Enqueue(item *OutboxItem) error
	// Settle marks a queued outbox item delivered or refused. Settling an
	// item already settled is not an error and changes nothing.
	Settle(peer string, seq int64, state MessageState, reason, receiptID string, at time.Time) error
	PutReceipt(r *Receipt) error

	// Take records an inbound item. It returns duplicate=true and changes
	// nothing when item.Seq is at or below the link's last inbound sequence;
	// ECONFLICT when item.Seq skips ahead of last+1.
	Take(item *InboundItem) (duplicate bool, err error)
	// LinkAttempt records the outcome of a push to peer; errText is empty
	// on success, which also sets the last delivery time.
	LinkAttempt(peer string, at time.Time, errText string) error
	// NoteRefusal records the latest refusal on the link to peer.
	NoteRefusal(peer string, at time.Time, text string) error

	// AppendAudit assigns e.Index (the next in the log) and stores e, its
	// leaf hash ([AuditLeafHash]) and the tree that includes it, so that
	// the tree always matches the committed entries.
	AppendAudit(e *AuditEntry) error
	// PutCheckpoint stores a signed checkpoint. Storing one with the same
	// party, size and root again changes nothing; ECONFLICT when the party
	// has a checkpoint of that size with another root (a fork).
	PutCheckpoint(c *AuditCheckpoint) error
	// SetAuditAlarm records, on the link to peer, that its audit log
	// failed a check (a fork, a failed consistency proof); text "" clears
	// it.
	SetAuditAlarm(peer string, at time.Time, text string) error

	// Tombstone reads as the Store method does, in the transaction.
	Tombstone(id string) (*Tombstone, error)
	// PurgeMessage deletes the message t.ObjectID and stores t in its
	// place. The outbox items that carried it keep t's JSON instead of the
	// message: a settled item keeps its state, a queued one becomes a
	// KindPurged item for the receiver to refuse. ENOTFOUND when there is
	// no such message (purged already), ECONFLICT when it is held.
	PurgeMessage(t *Tombstone) error
	// PurgeCase deletes the case t.ObjectID and stores t, and rewrites the
	// outbox items that carried it as PurgeMessage does. ENOTFOUND when
	// there is no such case, ECONFLICT when it still holds messages.
	PurgeCase(t *Tombstone) error
	// Hold returns the legal hold on a message; ENOTFOUND when none.
	Hold(messageID string) (*Hold, error)
	// PutHold puts a message under legal hold, replacing any earlier hold
	// of it; ENOTFOUND when there is no such message.
	PutHold(h *Hold) error
	// SetMessageHandling replaces the handling of a message; ENOTFOUND
	// when there is none.
	SetMessageHandling(id string, h Handling) error
	// Recalls reads as the Store method does, in the transaction.
	Recalls(messageID string) ([]Recall, error)
	// PutRecall creates or replaces the recall of r.MessageID from
	// r.Party.
	PutRecall(r *Recall) error

	// Subscriptions returns every subscription officers set.
	Subscriptions() ([]Subscription, error)
	// PutSubscription creates or replaces the officer's subscription.
	PutSubscription(s *Subscription) error

	// AddReadReceipt records a receiving party's read receipt of a
	// message; a party's later receipts of the same message change
	// nothing.
	AddReadReceipt(message string, r ReadReceipt) error

	// PutCredential creates or replaces the officer's credential;
	// ECONFLICT when another officer has the login, ENOTFOUND when the
	// officer does not exist.
	PutCredential(c *Credential) error
	// PutSession creates or replaces the session stored under tokenHash.
	PutSession(s *Session, tokenHash []byte) error
	// DeleteSessions deletes the session under tokenHash, or, when
	// tokenHash is nil, every session of officer; it returns how many.
	DeleteSessions(officer string, tokenHash []byte) (int, error)
	// AddNotices stores the notices, assigning their IDs, and skips each
	// whose event and officer a stored notice has already (one notice per
	// event per officer, by constraint). It returns how many it added.
	AddNotices(ns []Notice) (int, error)
	// ReadNotice marks the officer's notice read at at; reading it again
	// changes nothing. ENOTFOUND when the officer has no notice id.
	ReadNotice(officer string, id int64, at time.Time) error
	// ReadNotices marks read every unread notice of the officer created
	// before the time (all when before is zero) and returns how many.
	ReadNotices(officer string, before, at time.Time) (int, error)
	// ClaimMail returns up to limit notices whose e-mail is queued or in a
	// digest, due at now (MailAfter at or before it) and not claimed, and
	// claims them until until, oldest first. A store shared by processes
	// MUST NOT hand one notice to two claims that overlap in time.
	ClaimMail(now, until time.Time, limit int) ([]Notice, error)
	// SetMail sets a notice's e-mail state, due time and tries, and lifts
	// its claim.
	SetMail(id int64, st MailState, after *time.Time, tries int) error
	// QueueHooks stores webhook items, assigning their IDs, and skips each
	// whose webhook and event a stored item has already.
	QueueHooks(items []HookItem) error
	// ClaimHooks returns up to limit queued items due at now and not
	// claimed, and claims them until until, as ClaimMail does.
	ClaimHooks(now, until time.Time, limit int) ([]HookItem, error)
	// SetHook records the outcome of an attempt on a webhook item and
	// lifts its claim. ENOTFOUND when there is no such item.
	SetHook(id int64, st HookState, attempts int, next time.Time) error
	// AddNotifyDelivery appends d to the delivery log, assigning its ID.
	AddNotifyDelivery(d *NotifyDelivery) error
	// Objective reads an objective without its actions (Actions is
	// empty): receiving an item checks one action, and reading every
	// action and note of its objective would cost as much as the plan.
	Objective(id string) (*Objective, error)
	// WorkplanAction reads as the Store method does.
	WorkplanAction(id string) (*Action, error)
	// CreateObjective stores o (not its actions); ECONFLICT when its id
	// exists.
	CreateObjective(o *Objective) error
	// PutAction stores a (not its notes) when no action has its id, or
	// replaces the stored action's fields when a.Version is higher than
	// the stored version. ECONFLICT, changing nothing, when the stored
	// version is a.Version or higher; ENOTFOUND when its objective is not
	// held.
	PutAction(a *Action) error
	// AddNote stores a note; ECONFLICT when its id exists, ENOTFOUND when
	// its action is not held.
	AddNote(n *Note) error
	// MarkOverdue records that officers were told action id is overdue
	// for its due day due, and reports whether that is news: false when it
	// was recorded before for the same day. ENOTFOUND when there is no
	// such action.
	MarkOverdue(id, due string) (bool, error)
	// Request reads a request in the transaction; on a store shared by
	// several processes it locks the request's row until the commit, so
	// that two changes of one request do not both read the old history.
	Request(id string) (*Request, error)
	// CreateRequest stores r; ECONFLICT when its id exists.
	CreateRequest(r *Request) error
	// SaveRequest replaces what changes of a stored request: its state,
	// assignee, times, answer, history, reminders sent and next reminder
	// (r.NextRemind()). ENOTFOUND when there is none.
	SaveRequest(r *Request) error
	// DueRequests returns up to limit open requests whose next reminder
	// (Request.NextRemind, as last saved) is at or before now, earliest
	// first: the reminder scan's work, read in the transaction that
	// records the reminders it sends (and, on a shared store, locked).
	// Each holds what a reminder needs: ID, CaseID, Priority, Due,
	// Created, State, Inbound, From, To, Assignee, Handling.CrimeArea and
	// Reminders; its question, history and the rest of its handling are
	// left empty, as decoding them would be most of the scan's work.
	DueRequests(now time.Time, limit int) ([]Request, error)
	// SetReminders records the reminders sent about request id and when
	// the next falls due (nil for none), and changes nothing else.
	// ENOTFOUND when there is no such request.
	SetReminders(id string, sent Reminders, next *time.Time) error

	// AddSTIXObjects stores the object versions, assigning each its Seq
	// in order, and reports for each whether it was added: false when the
	// collection holds that id and Modified already (by constraint), in
	// which case nothing changes and Seq stays 0. Transactions that add
	// objects commit in the order of the sequence numbers they drew, so a
	// reader's cursor never passes a row still to be committed.
	AddSTIXObjects(objs []STIXObject) ([]bool, error)
	// HeldSTIXObjects reports for each of objs whether its Collection
	// holds that ID and Modified already (what AddSTIXObjects would not
	// add), without writing.
	HeldSTIXObjects(objs []STIXObject) ([]bool, error)
	// DeleteSTIXObjects deletes the versions of object id in collection
	// that f's Versions and SpecVersions select (every version when both
	// are empty; f's other fields are ignored) and returns how many.
	DeleteSTIXObjects(collection, id string, f STIXFilter) (int, error)
	// PutSTIXStatus creates or replaces a status resource.
	PutSTIXStatus(s *STIXStatus) error
	// PutTAXIICursor creates or replaces the cursor of c.Server and
	// c.Collection.
	PutTAXIICursor(c *TAXIICursor) error
}
