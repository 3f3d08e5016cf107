package misp

import (
	"bytes"
	"encoding/json"
	"errors"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/liaison-project/liaison"
	"github.com/liaison-project/liaison/internal/stix"
)

// Export turns STIX objects (each JSON, as stored) into MISP events, as
// MISP's API answers a search: {"response": [{"Event": ...}, ...]}. Each
// report becomes an event holding what it refers to; objects no report
// refers to go into one more event. What Convert wrote comes back as it
// was read (x_misp_attribute, x_misp_object); other indicators whose
// pattern is one equality, and SCOs, become attributes; the rest is
// listed in the report, path being the STIX id.
func Export(objects [][]byte) ([]byte, liaison.MISPReport) {
	x := &exporter{rep: liaison.MISPReport{Unmapped: []liaison.MISPIssue{}}, byID: map[string]*stixObj{}, owner: map[string]int{}}
	for i, raw := range objects {
		o := &stixObj{}
		if err := json.Unmarshal(raw, o); err != nil || o.ID == "" {
			x.issue("objects["+strconv.Itoa(i)+"]", "not a STIX object")
			continue
		}
		if _, dup := x.byID[o.ID]; dup {
			continue // another version of one object: the first given is kept
		}
		x.byID[o.ID] = o
		x.order = append(x.order, o)
	}
	x.plan()
	for _, o := range x.order {
		x.export(o)
	}
	var out outEvents
	for _, ev := range x.events {
		// Empty lists are written [], as MISP writes them, not null.
		if ev.Attribute == nil {
			ev.Attribute = []outAttr{}
		}
		if ev.Object == nil {
			ev.Object = []outObject{}
		}
		if len(ev.Attribute) == 0 && len(ev.Object) == 0 && len(ev.Galaxy) == 0 && ev.Info == restInfo {
			continue
		}
		x.rep.Events++
		out.Response = append(out.Response, outWrap{Event: ev})
	}
	if out.Response == nil {
		out.Response = []outWrap{}
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(out) // structs of strings: cannot fail
	return b.Bytes(), x.rep
}

const restInfo = "STIX objects not in a report"

type exporter struct {
	rep    liaison.MISPReport
	byID   map[string]*stixObj
	order  []*stixObj
	events []*outEvent
	marks  [][]string     // per event, the TLP markings of its report
	owner  map[string]int // object id -> index in events
	inObs  map[string]bool
}

func (x *exporter) issue(path, reason string) {
	x.rep.Unmapped = append(x.rep.Unmapped, liaison.MISPIssue{Path: path, Reason: reason})
}

// plan makes one event per report, in order, and the event for the rest.
func (x *exporter) plan() {
	x.inObs = map[string]bool{}
	var rest []string
	var newest time.Time
	for _, o := range x.order {
		if t, err := time.Parse(time.RFC3339Nano, o.Modified); err == nil && t.After(newest) {
			newest = t
		}
		if o.Type == "observed-data" && (o.XAttr != nil || o.XObject != nil) {
			for _, r := range o.ObjectRefs {
				x.inObs[r] = true
			}
		}
		if o.Type != "report" {
			rest = append(rest, o.ID)
			continue
		}
		i := len(x.events)
		ev := &outEvent{UUID: uuidOf(o.ID), Info: o.Name, ThreatLevel: or(o.XThreatLevel, "4"), Analysis: or(o.XAnalysis, "0"),
			Distribution: or(o.XDistribution, "0"), Published: o.XPublished}
		ev.Date, ev.Timestamp = dateOf(o.Published), stampOf(o.Modified)
		ev.Tag = tagsOf(o.Labels, o.Markings, nil)
		for _, g := range o.XGalaxy {
			ev.Galaxy = append(ev.Galaxy, outGalaxy{Type: g.Type, Name: g.Name, UUID: g.UUID, GalaxyCluster: g.Clusters})
		}
		x.events = append(x.events, ev)
		x.marks = append(x.marks, tlpOnly(o.Markings))
		for _, r := range o.ObjectRefs {
			if _, taken := x.owner[r]; !taken {
				x.owner[r] = i
			}
		}
	}
	sort.Strings(rest)
	ev := &outEvent{UUID: uuid.NewSHA1(mispNamespace, []byte("export\x00"+strings.Join(rest, "\n"))).String(),
		Info: restInfo, ThreatLevel: "4", Analysis: "0", Distribution: "0"}
	ev.Date, ev.Timestamp = newest.UTC().Format("2006-01-02"), strconv.FormatInt(newest.Unix(), 10)
	x.events = append(x.events, ev)
	x.marks = append(x.marks, nil)
}

// event returns the event an object goes into and its report's markings.
func (x *exporter) event(id string) (*outEvent, []string) {
	i, ok := x.owner[id]
	if !ok {
		i = len(x.events) - 1
	}
	return x.events[i], x.marks[i]
}

func (x *exporter) export(o *stixObj) {
	ev, marks := x.event(o.ID)
	switch {
	case o.Type == "report":
		return
	case o.Type == "marking-definition":
		if _, ok := stix.TLPLabel(o.ID); !ok {
			x.issue(o.ID, "a marking definition other than TLP has no MISP form")
		}
		return
	case o.XObject != nil:
		u := o.XObject.UUID
		if stixIDValid(u) != nil {
			u = uuidOf(o.ID)
		}
		obj := outObject{UUID: u, Name: o.XObject.Name, MetaCategory: o.XObject.MetaCategory,
			Comment: o.XObject.Comment, Timestamp: stampOf(o.Modified)}
		// Each attribute's own tags, TLP ones included, were kept.
		for _, a := range o.XObject.Attributes {
			obj.Attribute = append(obj.Attribute, attrOf(a, o.Modified))
			x.rep.Attributes++
		}
		ev.Object = append(ev.Object, obj)
		x.rep.Objects++
		return
	case o.XAttr != nil:
		a := attrOf(*o.XAttr, o.Modified)
		if stixIDValid(a.UUID) != nil {
			a.UUID = uuidOf(o.ID) // the id Convert derived, so a re-import finds it
		}
		a.Tag = tagsOf(o.Labels, o.Markings, marks)
		ev.Attribute = append(ev.Attribute, a)
		x.rep.Attributes++
		return
	}
	switch cat := stix.CategoryOf(o.Type); {
	case o.Type == "indicator":
		typ, value, why := simplePattern(o)
		if why != "" {
			x.issue(o.ID, why)
			return
		}
		ev.Attribute = append(ev.Attribute, outAttr{UUID: uuidOf(o.ID), Type: typ, Category: categoryOf(typ), Value: value,
			ToIDs: true, Comment: o.Description, Timestamp: stampOf(o.Modified), Tag: tagsOf(o.Labels, o.Markings, marks)})
		x.rep.Attributes++
	case cat == stix.CategorySCO:
		if x.inObs[o.ID] {
			return // given back by the observed-data Convert wrote
		}
		as, why := scoAttributes(o)
		if why != "" {
			x.issue(o.ID, why)
			return
		}
		for _, a := range as {
			a.Tag = tagsOf(nil, o.Markings, marks)
			ev.Attribute = append(ev.Attribute, a)
			x.rep.Attributes++
		}
	case o.Type == "observed-data":
		for _, r := range o.ObjectRefs {
			if _, ok := x.byID[r]; !ok {
				x.issue(o.ID, "refers to "+r+", which is not in the collection")
			}
		}
	case galaxyOf(o.Type) != "":
		gt := or(o.XGalaxyType, galaxyOf(o.Type))
		tag := ""
		if len(o.Labels) > 0 {
			tag = o.Labels[0]
		}
		cl := outCluster{UUID: uuidOf(o.ID), Type: gt, Value: o.Name, Description: o.Description, TagName: tag}
		for i := range ev.Galaxy {
			if ev.Galaxy[i].Type == gt {
				ev.Galaxy[i].GalaxyCluster = append(ev.Galaxy[i].GalaxyCluster, cl)
				x.rep.Clusters++
				return
			}
		}
		ev.Galaxy = append(ev.Galaxy, outGalaxy{Type: gt, Name: gt, GalaxyCluster: []outCluster{cl}})
		x.rep.Clusters++
	case o.Type == "relationship":
		if s, ok := x.byID[o.SourceRef]; ok && (s.XAttr != nil || s.XObject != nil) && galaxyOf(typeOf(o.TargetRef)) != "" {
			return // a galaxy of an attribute: the galaxy is on the event
		}
		x.issue(o.ID, "relationships have no MISP form")
	default:
		x.issue(o.ID, "type "+o.Type+" has no MISP form")
	}
}

func attrOf(a xAttr, modified string) outAttr {
	out := outAttr{UUID: a.UUID, Type: a.Type, Category: a.Category, ObjectRelation: a.ObjectRelation, Value: a.Value,
		ToIDs: a.ToIDs, Comment: a.Comment, Timestamp: stampOf(modified), FirstSeen: a.FirstSeen, LastSeen: a.LastSeen}
	for _, t := range a.Tags {
		out.Tag = append(out.Tag, outTag{Name: t})
	}
	return out
}

// tagsOf returns the MISP tags of labels and markings: the labels but
// those Convert writes for MISP fields, and a tlp: tag for each TLP
// marking not among inherited (the event's).
func tagsOf(labels, markings, inherited []string) []outTag {
	var out []outTag
	for _, l := range labels {
		if isFieldLabel(l) {
			continue
		}
		out = append(out, outTag{Name: l})
	}
	for _, m := range markings {
		if l, ok := stix.TLPLabel(m); ok && !contains(inherited, m) {
			out = append(out, outTag{Name: tlpTag(l)})
		}
	}
	return out
}

func isFieldLabel(l string) bool {
	for _, f := range []string{"type", "category", "name", "meta-category", "to_ids"} {
		if strings.HasPrefix(l, "misp:"+f+"=\"") {
			return true
		}
	}
	return false
}

func tlpOnly(markings []string) []string {
	var out []string
	for _, m := range markings {
		if _, ok := stix.TLPLabel(m); ok {
			out = append(out, m)
		}
	}
	return out
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// stixIDValid is nil when u is a UUID Convert would take as the STIX id's.
func stixIDValid(u string) error {
	if _, ok := stixID("x-misp-attribute", u, ""); !ok {
		return errInvalidUUID
	}
	return nil
}

var errInvalidUUID = errors.New("not a UUID STIX accepts")

func uuidOf(id string) string {
	_, u, _ := stix.SplitIdentifier(id)
	return u
}

func typeOf(id string) string {
	t, _, _ := stix.SplitIdentifier(id)
	return t
}

func or(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

func stampOf(ts string) string {
	t, err := time.Parse(time.RFC3339Nano, ts)
	if err != nil {
		return ""
	}
	return strconv.FormatInt(t.Unix(), 10)
}

func dateOf(ts string) string {
	t, err := time.Parse(time.RFC3339Nano, ts)
	if err != nil {
		return ""
	}
	return t.UTC().Format("2006-01-02")
}
