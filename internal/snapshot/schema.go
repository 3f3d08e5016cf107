package snapshot

// Schema is every table of a snapshot, in the order a snapshot holds them:
// each after the tables its rows refer to, so that a store checking foreign
// keys can write them as they come. It mirrors the migrations of
// internal/sqlite and internal/postgres; a migration that adds a table or a
// column of node data adds it here too, and the round-trip test of
// internal/postgres fails until both stores do.
var Schema = []Table{
	{"officers", []Column{
		{"id", Text, false}, {"party", Text, false}, {"agency", Text, false}, {"name", Text, false},
		{"role", Text, false}, {"areas", JSON, false}, {"created", Time, false},
		// Only this node's officers have a token; peers' officers have NULL.
		{"token_hash", Bytes, true},
	}},
	{"agencies", []Column{
		{"party", Text, false}, {"code", Text, false}, {"name", Text, false},
	}},
	{"peers", []Column{
		{"party", Text, false}, {"name", Text, false}, {"federation_url", Text, false},
		{"signing_key", Bytes, true}, {"hpke_key", Bytes, true}, {"cert_sha256", Text, false},
		{"added", Time, false},
	}},
	{"links", []Column{
		{"peer", Text, false}, {"next_seq", Int, false}, {"last_in_seq", Int, false}, {"up", Bool, false},
		{"last_delivery", Time, true}, {"last_attempt", Time, true},
		{"last_error", Text, false}, {"last_error_at", Time, true},
		{"last_refusal", Text, false}, {"last_refusal_at", Time, true},
		{"audit_alarm", Text, false}, {"audit_alarm_at", Time, true},
	}},
	// pos orders arrangements applied at the same instant.
	{"arrangements", []Column{
		{"id", Text, false}, {"pos", Int, false}, {"raw", Bytes, false}, {"applied", Time, false},
		{"terms", JSON, false},
	}},
	// pos is the order the node stored cases and messages in, which pages
	// follow; a store that loads a snapshot keeps it.
	{"cases", []Column{
		{"pos", Int, false}, {"id", Text, false}, {"title", Text, false}, {"crime_area", Text, false},
		{"parties", JSON, false}, {"origin", Text, false}, {"arrangement", Text, false},
		{"handling", JSON, false}, {"by_party", Text, false}, {"by_agency", Text, false},
		{"by_officer", Text, false}, {"by_officer_id", Text, false}, {"created", Time, false},
	}},
	// Messages held for a supervisor's approval; pos is the order they
	// were requested in, which pages follow.
	{"approvals", []Column{
		{"pos", Int, false}, {"id", Text, false}, {"case_id", Text, false}, {"message", JSON, false},
		{"state", Text, false}, {"reasons", JSON, false}, {"requested", Time, false},
		{"decided_by", Text, false}, {"decided", Time, true}, {"reason", Text, false},
	}},
	{"case_parties", []Column{
		{"party", Text, false}, {"case_pos", Int, false},
	}},
	{"messages", []Column{
		{"pos", Int, false}, {"id", Text, false}, {"case_id", Text, false}, {"subject", Text, false},
		{"body", Text, false}, {"handling", JSON, false}, {"entities", JSON, false},
		{"from_party", Text, false}, {"from_agency", Text, false}, {"from_officer", Text, false},
		{"from_officer_id", Text, false}, {"created", Time, false}, {"state", Text, false},
		{"inbound", Bool, false}, {"received", Time, true},
		// recipients is '{}' for none; assessment is NULL for none.
		{"recipients", JSON, false}, {"assessment", JSON, true},
	}},
	{"outbox", []Column{
		{"peer", Text, false}, {"seq", Int, false}, {"kind", Text, false}, {"object_id", Text, false},
		{"arrangement", Text, false}, {"payload", Bytes, false}, {"created", Time, false},
		{"state", Text, false}, {"reason", Text, false}, {"settled", Time, true},
		{"receipt_id", Text, false},
	}},
	{"inbound", []Column{
		{"peer", Text, false}, {"seq", Int, false}, {"envelope_id", Text, false}, {"kind", Text, false},
		{"object_id", Text, false}, {"status", Text, false}, {"reason", Text, false},
		{"received", Time, false},
	}},
	{"receipts", []Column{
		{"id", Text, false}, {"peer", Text, false}, {"envelope_id", Text, false},
		{"body", Bytes, false}, {"sig", Bytes, false}, {"received", Time, false},
	}},
	// The audit log, whose indexes feed the Merkle log: a store that loads
	// it continues after the last index.
	{"audit", []Column{
		{"idx", Int, false}, {"time", Time, false}, {"party", Text, false}, {"agency", Text, false},
		{"officer", Text, false}, {"action", Text, false}, {"object", Text, false},
		{"decision", Text, false}, {"reasons", JSON, false}, {"content_hash", Text, false},
	}},
	// Each entry's leaf hash as computed when it was appended. The tree
	// (its size and compact range) is derived: a store that loads the
	// leaves rebuilds it.
	{"audit_leaves", []Column{
		{"idx", Int, false}, {"hash", Bytes, false},
	}},
	// Signed checkpoints of audit logs, own and peers'.
	{"audit_checkpoints", []Column{
		{"party", Text, false}, {"size", Int, false}, {"root", Bytes, false}, {"note", Bytes, false},
		{"received", Time, false},
	}},
	// What remains of purged cases and messages, legal holds on received
	// messages, and the recalls of sent ones (0006_retention).
	{"tombstones", []Column{
		{"object_id", Text, false}, {"kind", Text, false}, {"case_id", Text, false},
		{"created", Time, false}, {"purged", Time, false}, {"reason", Text, false}, {"by", Text, false},
	}},
	{"holds", []Column{
		{"message_id", Text, false}, {"reason", Text, false}, {"officer_id", Text, false}, {"at", Time, false},
	}},
	{"recalls", []Column{
		{"message_id", Text, false}, {"party", Text, false}, {"state", Text, false}, {"reason", Text, false},
		{"officer_id", Text, false}, {"requested", Time, false}, {"at", Time, false},
	}},
	// Requests for onward use of received messages, and peers' requests
	// for this node's consent (0005_disseminations).
	{"disseminations", []Column{
		{"id", Text, false}, {"kind", Text, false}, {"message_id", Text, false}, {"origin", Text, false},
		{"to_agency", Text, false}, {"purpose", Text, false}, {"mla_ref", Text, false},
		{"by_party", Text, false}, {"by_agency", Text, false}, {"by_officer", Text, false},
		{"by_officer_id", Text, false}, {"state", Text, false}, {"reasons", JSON, false},
		{"created", Time, false}, {"decided", Time, true},
	}},
	{"consents", []Column{
		{"id", Text, false}, {"kind", Text, false}, {"message_id", Text, false},
		{"requester_party", Text, false}, {"requester_agency", Text, false},
		{"requester_officer", Text, false}, {"requester_officer_id", Text, false},
		{"to_agency", Text, false}, {"purpose", Text, false}, {"mla_ref", Text, false},
		{"reasons", JSON, false}, {"state", Text, false}, {"reason", Text, false},
		{"decided_by", Text, false}, {"decided", Time, true}, {"created", Time, false},
		{"received", Time, false},
	}},
	// Officers' subscriptions and their notices (0008_notices). The
	// webhook queue and the delivery log are the dispatcher's working
	// state and stay behind, as leases do.
	{"subscriptions", []Column{
		{"officer_id", Text, false}, {"priorities", JSON, false}, {"areas", JSON, false},
		{"cases", JSON, false}, {"email", Bool, false}, {"digest", Text, false},
		{"address", Text, false}, {"updated", Time, false}, {"time_zone", Text, false},
	}},
	{"notices", []Column{
		{"pos", Int, false}, {"event_id", Text, false}, {"officer_id", Text, false}, {"kind", Text, false},
		{"object", Text, false}, {"case_id", Text, false}, {"crime_area", Text, false},
		{"priority", Text, false}, {"text", Text, false}, {"time", Time, false}, {"created", Time, false},
		{"read", Time, true}, {"mail", Text, false}, {"mail_after", Time, true}, {"mail_tries", Int, false},
		{"mail_claim", Time, true},
	}},
	// The shared workplan (0009_workplan): objectives, their actions, the
	// notes on the actions.
	{"workplan_objectives", []Column{
		{"id", Text, false}, {"arrangement", Text, false}, {"title", Text, false},
		{"lead_party", Text, false}, {"lead_agency", Text, false}, {"lead_officer", Text, false},
		{"by_party", Text, false}, {"by_agency", Text, false}, {"by_officer", Text, false},
		{"by_officer_id", Text, false}, {"created", Time, false},
	}},
	{"workplan_actions", []Column{
		{"id", Text, false}, {"objective_id", Text, false}, {"title", Text, false},
		{"owner_party", Text, false}, {"owner_agency", Text, false}, {"owner_officer", Text, false},
		{"counterpart_party", Text, false}, {"counterpart_agency", Text, false}, {"counterpart_officer", Text, false},
		{"due", Text, false}, {"status", Text, false}, {"links", JSON, false}, {"version", Int, false},
		{"created", Time, false}, {"updated", Time, false}, {"by_party", Text, false}, {"by_agency", Text, false},
		{"by_officer", Text, false}, {"by_officer_id", Text, false}, {"overdue_told", Text, false},
	}},
	{"workplan_notes", []Column{
		{"id", Text, false}, {"action_id", Text, false}, {"author_party", Text, false},
		{"author_agency", Text, false}, {"author_officer", Text, false}, {"author_officer_id", Text, false},
		{"at", Time, false}, {"text", Text, false},
	}},
	// Requests for information, in the order stored (0007_requests).
	{"requests", []Column{
		{"pos", Int, false}, {"id", Text, false}, {"case_id", Text, false}, {"question", Text, false},
		{"priority", Text, false}, {"due", Time, false}, {"handling", JSON, false},
		{"crime_area", Text, false}, {"from_party", Text, false}, {"from_agency", Text, false},
		{"from_officer", Text, false}, {"from_officer_id", Text, false}, {"to_party", Text, false},
		{"party", Text, false}, {"inbound", Bool, false}, {"state", Text, false}, {"open", Bool, false},
		{"assignee", JSON, true}, {"created", Time, false}, {"acknowledged", Time, true},
		{"closed", Time, true}, {"answer_message", Text, false}, {"history", JSON, false},
		{"reminders", Int, false}, {"next_remind", Time, true},
	}},
	// STIX objects in TAXII collections, in seq order, and the statuses
	// of add-objects requests (0010_stix).
	{"stix_objects", []Column{
		{"seq", Int, false}, {"collection", Text, false}, {"id", Text, false}, {"type", Text, false},
		{"spec_version", Text, false}, {"modified", Text, false}, {"date_added", Time, false},
		{"tlp", Text, false}, {"agency", Text, false}, {"raw", Bytes, false},
		// origin: the party a version came from, '' for this node's (0013).
		{"origin", Text, false},
	}},
	{"stix_statuses", []Column{
		{"id", Text, false}, {"collection", Text, false}, {"status", Text, false},
		{"request_timestamp", Time, false}, {"total_count", Int, false}, {"successes", JSON, false},
		{"failures", JSON, false}, {"pendings", JSON, false},
	}},
	// How officers sign in to the web UI (0012_signin). Sessions stay
	// behind: moving the store signs everyone out.
	{"credentials", []Column{
		{"officer_id", Text, false}, {"login", Text, false}, {"password", Text, false},
		{"totp_secret", Text, false}, {"totp_pending", Text, false}, {"failures", Int, false},
		{"locked_until", Time, true}, {"last_code", Int, false}, {"lang", Text, false},
		{"updated", Time, false},
	}},
	// Where each pull from an external TAXII server stopped
	// (0014_taxii_cursors).
	{"taxii_cursors", []Column{
		{"server", Text, false}, {"collection", Text, false}, {"added_after", Text, false},
		{"next", Text, false}, {"last", Text, false}, {"objects", Int, false}, {"updated", Time, false},
	}},
	// Which agency of a receiving party first read a message
	// (0016_read_receipts).
	{"read_receipts", []Column{
		{"message_id", Text, false}, {"party", Text, false}, {"agency", Text, false}, {"at", Time, false},
	}},
}
