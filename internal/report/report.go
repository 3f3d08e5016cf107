// Package report renders the oversight report of a Liaison node: what
// crossed the border in a period, under which rule, what was refused, and
// the audit checkpoint it was computed from, for supervisors and oversight
// bodies who must see all of that without reading any content.
//
// The node's service layer (internal/node) computes a [Report] from its
// stored history; this package only holds the shape and renders it. It does
// no I/O beyond the writer it is given and reads no clock.
//
// # Formats
//
//   - HTML ([Report.WriteHTML]): one self-contained page, inline SVG bar
//     charts, no script and no external assets; its only style is one
//     <style> element whose hash [StyleSource] gives for a strict
//     Content-Security-Policy.
//   - CSV ([Report.WriteCSV]): one table per section, each under a header
//     row whose first column is "section"; the first column of every other
//     row names its section, so a spreadsheet filters one out. Tables have
//     different widths: readers set encoding/csv's FieldsPerRecord to -1.
//   - JSON ([Report.WriteJSON]): the Report as its field tags name it.
//     The names are part of the public contract: extend, never rename.
//
// # Metadata only
//
// A Report holds counts, ids, dates, parties, agencies, handling and the
// legal basis: never a subject, body or entity of a message.
package report

import (
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/liaison-project/liaison"
)

// Report is an oversight report of one node over one period.
type Report struct {
	// Party and Node name the node that computed the report.
	Party string `json:"party"`
	Node  string `json:"node"`
	// Period is the dates the report covers.
	Period Period `json:"period"`
	// Generated is when the node computed it, and GeneratedBy who asked:
	// "role name (agency)" or "operator at the console".
	Generated   time.Time `json:"generated"`
	GeneratedBy string    `json:"generated_by"`
	// Checkpoint is the audit log checkpoint the report was computed from:
	// the audit entries it counts are those up to Checkpoint.Size.
	Checkpoint Checkpoint `json:"checkpoint"`

	// Messages sent and received in the period, by sent (created) or
	// received time, counted by direction and by each of their handling.
	ByDirection      []Row `json:"by_direction"`
	ByCrimeArea      []Row `json:"by_crime_area"`
	ByAgency         []Row `json:"by_agency"`
	ByClassification []Row `json:"by_classification"`
	ByTLP            []Row `json:"by_tlp"`
	// ByHandlingCode counts a message once for each of its codes, free
	// "other:" codes together as "other", and those with none as "none".
	ByHandlingCode []Row `json:"by_handling_code"`
	// PurgedSince counts the messages of the period, sent and received,
	// that the node no longer holds (recalled, or purged when their
	// retention ended): the audit log records that they crossed, but
	// their handling went with them, so no other breakdown counts them.
	PurgedSince Row `json:"purged_since"`

	// Refusals are the audit entries of the period whose decision was
	// deny, grouped by action and first reason.
	Refusals []Refusal `json:"refusals"`
	// Transfers lists every message carrying personal data.
	Transfers []Transfer `json:"personal_data_transfers"`
	// Removals lists the recalls and purges the audit log holds for the
	// period; RemovalCounts counts them by action.
	RemovalCounts []Count   `json:"removal_counts"`
	Removals      []Removal `json:"removals"`
	// OnwardUse counts the audited acts of onward use in the period:
	// disseminations, evidence exports and the originator's consents, by
	// action and decision ("dissemination.request deny").
	OnwardUse []Count `json:"onward_use"`
	// Requests is the timeliness of requests for information.
	Requests Timeliness `json:"requests"`
	// Approvals counts the four-eyes decisions of the period.
	Approvals Approvals `json:"approvals"`
}

// Directions of a message, as the report names them.
const (
	Sent     = "sent"
	Received = "received"
)

// Checkpoint is the audit log checkpoint a report states.
type Checkpoint struct {
	// Origin is the signer's origin line ("liaison/in/0123abcd...");
	// empty when the node signs no checkpoints.
	Origin string `json:"origin"`
	Size   int64  `json:"size"`
	Root   string `json:"root"`
	// Note is the signed note, which anyone with the node's card can
	// check; empty when unsigned.
	Note string `json:"note,omitempty"`
}

// Signed reports whether the checkpoint carries the node's signature.
func (c Checkpoint) Signed() bool { return c.Note != "" }

// Row is one line of a breakdown: a key (a crime area, an agency, a
// label), an optional note on it (a classification's common level), and
// the messages sent and received with it.
type Row struct {
	Key      string `json:"key"`
	Note     string `json:"note,omitempty"`
	Sent     int    `json:"sent"`
	Received int    `json:"received"`
	Total    int    `json:"total"`
}

// Count is a number of things of one kind.
type Count struct {
	Key   string `json:"key"`
	Count int    `json:"count"`
}

// Refusal is a group of refusals: the audited action, the first reason
// given, and how many.
type Refusal struct {
	Action string `json:"action"`
	Reason string `json:"reason"`
	Count  int    `json:"count"`
}

// Assessment states of a transfer.
const (
	AssessmentRecorded = "recorded"
	AssessmentNone     = "none recorded"
	// AssessmentSender is the state of a received transfer: any
	// assessment stays with the sending party.
	AssessmentSender = "held by the sending party"
)

// Transfer is one message that carried personal data across the border.
type Transfer struct {
	Message   string    `json:"message"`
	Case      string    `json:"case"`
	Direction string    `json:"direction"`
	Date      time.Time `json:"date"`
	// From is the sending "party/agency"; To the receiving parties.
	From      string   `json:"from"`
	To        []string `json:"to"`
	CrimeArea string   `json:"crime_area"`
	Subjects  []string `json:"subjects"`
	// LegalBasis is the instrument's id, LegalBasisTitle its title from
	// the arrangement (empty when the arrangement has no such id).
	LegalBasis      string `json:"legal_basis"`
	LegalBasisTitle string `json:"legal_basis_title"`
	// Assessment is AssessmentRecorded, AssessmentNone or
	// AssessmentSender; Risk and RiskNote are the recorded assessment.
	Assessment string `json:"assessment"`
	Risk       string `json:"risk,omitempty"`
	RiskNote   string `json:"risk_note,omitempty"`
}

// Removal is one recall or purge as the audit log records it.
type Removal struct {
	Index    int64     `json:"index"`
	Time     time.Time `json:"time"`
	Action   string    `json:"action"`
	Object   string    `json:"object"`
	Actor    string    `json:"actor"` // "party/agency officer-id", or the party for the node itself
	Decision string    `json:"decision"`
	Reason   string    `json:"reason,omitempty"`
}

// Approvals counts the four-eyes decisions of a period: messages held for
// a supervisor's approval, approved, rejected, and releases the party's
// rules refused and escalated; Pending are those held in the period and
// still waiting.
type Approvals struct {
	Held      int `json:"held"`
	Approved  int `json:"approved"`
	Rejected  int `json:"rejected"`
	Escalated int `json:"escalated"`
	Pending   int `json:"pending"`
}

// Format is a rendering of a report.
type Format string

// The formats of a report.
const (
	HTML Format = "html"
	CSV  Format = "csv"
	JSON Format = "json"
)

// Formats lists the formats, the default first.
var Formats = []Format{HTML, CSV, JSON}

// ParseFormat returns the format named s, HTML for ""; EINVALID naming
// the field "format" otherwise.
func ParseFormat(s string) (Format, error) {
	if s == "" {
		return HTML, nil
	}
	if f := Format(strings.ToLower(s)); slices.Contains(Formats, f) {
		return f, nil
	}
	allowed := make([]string, len(Formats))
	for i, f := range Formats {
		allowed[i] = string(f)
	}
	return "", liaison.Invalid(liaison.FieldError{Field: "format", Problem: fmt.Sprintf("unknown format %q", short(s)), Allowed: allowed})
}

// ContentType is the media type of the format.
func (f Format) ContentType() string {
	switch f {
	case CSV:
		return "text/csv; charset=utf-8"
	case JSON:
		return "application/json"
	}
	return "text/html; charset=utf-8"
}

// Write renders r in format f.
func (r *Report) Write(w io.Writer, f Format) error {
	switch f {
	case HTML:
		return r.WriteHTML(w)
	case CSV:
		return r.WriteCSV(w)
	case JSON:
		return r.WriteJSON(w)
	}
	return fmt.Errorf("report: unknown format %q", f)
}

// short cuts s for an error message.
func short(s string) string {
	if r := []rune(s); len(r) > 40 {
		return string(r[:40]) + "…"
	}
	return s
}
