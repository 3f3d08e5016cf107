package misp

import (
	"bytes"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/liaison-project/liaison"
	"github.com/liaison-project/liaison/internal/stix"
)

// mispNamespace names the ids this package derives when MISP gives no
// usable uuid, so that the same input always gives the same id.
var mispNamespace = uuid.MustParse("5c1f7d0e-7b7e-4f0a-9f57-2f6d3c0a8e41")

// Result is a conversion: the STIX objects, each as JSON, in a fixed
// order (per event: what each attribute and object gave, the galaxy
// objects, then the report), and the report of the conversion.
type Result struct {
	Objects [][]byte
	Report  liaison.MISPReport
}

// Bundle returns the objects as a STIX 2.1 bundle whose id is derived
// from the ids of its objects.
func (r *Result) Bundle() []byte {
	var ids bytes.Buffer
	for _, o := range r.Objects {
		ids.Write(o)
	}
	var b bytes.Buffer
	b.WriteString(`{"type":"bundle","id":"bundle--`)
	b.WriteString(uuid.NewSHA1(mispNamespace, ids.Bytes()).String())
	b.WriteString(`","objects":[`)
	for i, o := range r.Objects {
		if i > 0 {
			b.WriteByte(',')
		}
		b.Write(o)
	}
	b.WriteString("]}")
	return b.Bytes()
}

type converter struct {
	rep  liaison.MISPReport
	out  [][]byte
	seen map[string]bool // ids written, for SCOs and galaxy objects shared by attributes
}

// scope is what an event passes to its attributes and objects.
type scope struct {
	event    *Event
	created  time.Time
	modified time.Time
	markings []string
}

// Convert turns MISP events into STIX 2.1 objects (see docs/design/misp.md
// for the mapping). Every part of the input it cannot carry whole is
// named in Report.Unmapped; none is left out silently.
func Convert(events []Event) *Result {
	c := &converter{seen: map[string]bool{}, rep: liaison.MISPReport{Unmapped: []liaison.MISPIssue{}}}
	for i := range events {
		c.event(&events[i])
	}
	return &Result{Objects: c.out, Report: c.rep}
}

func (c *converter) issue(path, reason string) {
	c.rep.Unmapped = append(c.rep.Unmapped, liaison.MISPIssue{Path: path, Reason: reason})
}

// emit writes one object once; false when its id was written already.
func (c *converter) emit(o map[string]any) bool {
	id := o["id"].(string)
	if c.seen[id] {
		return false
	}
	c.seen[id] = true
	var b strings.Builder
	canon(&b, o)
	c.out = append(c.out, []byte(b.String()))
	return true
}

// stixID returns typ--u when u is a UUID STIX accepts, else typ-- a UUID
// derived from fallback, and whether u was used.
func stixID(typ, u, fallback string) (string, bool) {
	id := typ + "--" + strings.ToLower(strings.TrimSpace(u))
	if stix.ValidIdentifier(id) == "" {
		return id, true
	}
	return typ + "--" + uuid.NewSHA1(mispNamespace, []byte(fallback)).String(), false
}

// unixTime reads MISP's timestamps, Unix seconds as text.
func unixTime(s string) (time.Time, bool) {
	n, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
	if err != nil || n < 0 || n > 253402300799 { // up to 9999-12-31
		return time.Time{}, false
	}
	return time.Unix(n, 0).UTC(), true
}

// seenTime reads MISP's first_seen and last_seen (RFC 3339, microseconds).
func seenTime(s string) (string, bool) {
	t, err := time.Parse(time.RFC3339Nano, strings.TrimSpace(s))
	if err != nil {
		return "", false
	}
	return t.UTC().Format("2006-01-02T15:04:05.000000Z"), true
}

func (c *converter) event(ev *Event) {
	c.rep.Events++
	for _, s := range ev.Skipped {
		c.issue(s.Path, s.Reason)
	}
	t := c.readTags(ev.Tags)
	sc := scope{event: ev, markings: t.markings}
	// MISP's distribution is who may receive the event on MISP servers;
	// a collection has no such audience. Organisation only (0) and sharing
	// groups (4) are narrower than the TLP:AMBER a collection defaults to.
	if d := strings.TrimSpace(ev.Distribution); (d == "0" || d == "4") && len(t.markings) == 0 {
		c.issue(ev.Path+".distribution", "distribution "+d+" has no STIX form and the event has no TLP tag; the collection's default TLP applies")
	}
	date, dateOK := time.Parse("2006-01-02", strings.TrimSpace(ev.Date))
	stamp, stampOK := unixTime(ev.Timestamp)
	switch {
	case dateOK == nil:
		sc.created = date
	case stampOK:
		sc.created = stamp
	default:
		c.issue(ev.Path+".date", "neither date nor timestamp is usable; the objects are dated 1970-01-01")
		sc.created = time.Unix(0, 0).UTC()
	}
	sc.modified = sc.created
	if stampOK && stamp.After(sc.created) {
		sc.modified = stamp
	}
	id, ok := stixID("report", ev.UUID, "event:"+ev.Info+"\x00"+ev.Date+"\x00"+ev.Timestamp)
	if !ok {
		c.issue(ev.Path+".uuid", "missing or not a UUID; the report's id is derived from info, date and timestamp")
	}
	var refs []string
	for i := range ev.Attributes {
		refs = append(refs, c.attribute(&sc, &ev.Attributes[i])...)
	}
	for i := range ev.Objects {
		refs = append(refs, c.object(&sc, &ev.Objects[i])...)
	}
	gRefs, custom := c.galaxies(&sc, ev.Galaxies)
	refs = appendNew(refs, gRefs...)
	if len(refs) == 0 {
		c.issue(ev.Path, "the event has nothing a report could refer to; no report written")
		return
	}
	info := ev.Info
	if info == "" {
		info = "MISP event " + ev.UUID
	}
	r := map[string]any{
		"type": "report", "spec_version": "2.1", "id": id,
		"created": stix.FormatTimestamp(sc.created), "modified": stix.FormatTimestamp(sc.modified),
		"name": info, "published": stix.FormatTimestamp(sc.created),
		"report_types": []string{"threat-report"}, "object_refs": refs,
	}
	if len(t.labels) > 0 {
		r["labels"] = t.labels
	}
	if len(sc.markings) > 0 {
		r["object_marking_refs"] = sc.markings
	}
	for k, v := range map[string]string{"x_misp_threat_level_id": ev.ThreatLevel, "x_misp_analysis": ev.Analysis, "x_misp_distribution": ev.Distribution} {
		if v != "" {
			r[k] = v
		}
	}
	r["x_misp_published"] = ev.Published
	if len(custom) > 0 {
		r["x_misp_galaxy"] = custom
	}
	c.emit(r)
}

// times returns an attribute's created and modified: created is the
// event's, so that a later version of the attribute keeps it, modified
// the attribute's timestamp when later.
func (sc *scope) times(stamp string) (string, string) {
	m := sc.modified
	if t, ok := unixTime(stamp); ok && t.After(sc.created) {
		m = t
	}
	return stix.FormatTimestamp(sc.created), stix.FormatTimestamp(m)
}
