package misp

import (
	"bytes"
	"encoding/json"
	"strconv"
	"strings"

	"github.com/liaison-project/liaison"
)

// Limits of what [Decode] reads. The API reads at most MaxBytes; the
// others bound the work one request can ask for.
const (
	MaxBytes      = 16 << 20
	MaxEvents     = 1000
	MaxAttributes = 200_000 // in all events, object attributes included
	MaxTags       = 1000    // per event, object or attribute
	MaxValue      = 1 << 20 // bytes of one string
	maxProblems   = 100     // field problems reported before giving up
)

type decoder struct {
	f          liaison.Fields
	attributes int
}

// Decode reads MISP event JSON: one event (`{"Event": {...}}`), a list of
// them, or a MISP API answer (`{"response": [...]}`). EINVALID, with
// every problem named by JSON path (`Event.Attribute[3].to_ids`), when
// the input is not that or exceeds a limit. Scalars are read as MISP
// writes them: numbers and flags as strings or JSON numbers and booleans.
func Decode(data []byte) ([]Event, error) {
	if len(data) > MaxBytes {
		return nil, liaison.Invalid(liaison.FieldError{Field: "$", Problem: "larger than " + strconv.Itoa(MaxBytes) + " bytes"})
	}
	if !json.Valid(data) {
		var v any
		err := json.Unmarshal(data, &v)
		return nil, liaison.Invalid(liaison.FieldError{Field: "$", Problem: "not JSON: " + err.Error()})
	}
	d := &decoder{}
	var (
		list []json.RawMessage
		// where names element i of list: "[2]", "response[2]", or "" for
		// the one event of {"Event": ...}.
		where    func(i int) string
		listPath = "$"
		single   map[string]json.RawMessage // the members of a lone event's wrapper
	)
	top := json.RawMessage(bytes.TrimSpace(data))
	switch top[0] {
	case '[':
		list = d.array("$", top)
		where = func(i int) string { return "[" + strconv.Itoa(i) + "]" }
	case '{':
		m := d.object("$", top)
		if r, ok := m["response"]; ok {
			listPath = "response"
			list = d.array(listPath, r)
			where = func(i int) string { return "response[" + strconv.Itoa(i) + "]" }
		} else if m != nil {
			list, single = []json.RawMessage{top}, m
			where = func(int) string { return "" }
		}
	default:
		d.f.Add("$", "want an object with Event or response, or a list of events")
	}
	if len(list) > MaxEvents {
		d.f.Add(listPath, "more than "+strconv.Itoa(MaxEvents)+" events")
		return nil, d.f.Err()
	}
	var out []Event
	for i, raw := range list {
		at, path := where(i), where(i)+"."
		if at == "" {
			at, path = "$", ""
		}
		m := single
		if m == nil {
			m = d.object(at, raw)
		}
		ev, ok := m["Event"]
		if !ok {
			if m != nil {
				d.f.Add(path+"Event", "missing")
			}
			continue
		}
		out = append(out, d.event(path+"Event", ev))
		if len(d.f) >= maxProblems {
			break
		}
	}
	if err := d.f.Err(); err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return nil, liaison.Invalid(liaison.FieldError{Field: "$", Problem: "no events"})
	}
	return out, nil
}

// object reads a JSON object's members; nil (and a problem) otherwise.
func (d *decoder) object(path string, raw json.RawMessage) map[string]json.RawMessage {
	var m map[string]json.RawMessage
	if err := json.Unmarshal(raw, &m); err != nil || m == nil {
		d.f.Add(path, "want an object")
		return nil
	}
	return m
}

// array reads a JSON array; null or absent is empty.
func (d *decoder) array(path string, raw json.RawMessage) []json.RawMessage {
	if raw == nil || string(raw) == "null" {
		return nil
	}
	var a []json.RawMessage
	if err := json.Unmarshal(raw, &a); err != nil {
		d.f.Add(path, "want a list")
		return nil
	}
	return a
}

// str reads a string, or a number written as one; absent and null are "".
func (d *decoder) str(path string, raw json.RawMessage) string {
	if raw == nil || string(raw) == "null" {
		return ""
	}
	if plain(raw) {
		if len(raw)-2 > MaxValue {
			d.f.Add(path, "longer than "+strconv.Itoa(MaxValue)+" bytes")
			return ""
		}
		return string(raw[1 : len(raw)-1])
	}
	var s string
	if err := json.Unmarshal(raw, &s); err == nil {
		if len(s) > MaxValue {
			d.f.Add(path, "longer than "+strconv.Itoa(MaxValue)+" bytes")
			return ""
		}
		return s
	}
	var n json.Number
	if err := json.Unmarshal(raw, &n); err == nil {
		return n.String()
	}
	d.f.Add(path, "want a string")
	return ""
}

// plain reports whether raw, part of a document encoding/json checked,
// is a string with no escapes and only ASCII, whose text is its bytes.
func plain(raw json.RawMessage) bool {
	if len(raw) < 2 || raw[0] != '"' || raw[len(raw)-1] != '"' {
		return false
	}
	for _, c := range raw[1 : len(raw)-1] {
		if c == '\\' || c == '"' || c < 0x20 || c >= 0x80 {
			return false
		}
	}
	return true
}

// objects reads a list of JSON objects: at once when every element is
// one, else element by element, naming each that is not.
func (d *decoder) objects(path string, raw json.RawMessage) []map[string]json.RawMessage {
	if raw == nil || string(raw) == "null" {
		return nil
	}
	var all []map[string]json.RawMessage
	if err := json.Unmarshal(raw, &all); err == nil {
		ok := true
		for _, m := range all {
			ok = ok && m != nil
		}
		if ok {
			return all
		}
	}
	list := d.array(path, raw)
	all = make([]map[string]json.RawMessage, len(list))
	for i, e := range list {
		all[i] = d.object(path+"["+strconv.Itoa(i)+"]", e)
	}
	return all
}

// flag reads MISP's booleans: true/false, 1/0, "1"/"0", "true"/"false".
func (d *decoder) flag(path string, raw json.RawMessage) bool {
	switch strings.Trim(string(raw), `"`) {
	case "", "null", "false", "0":
		return false
	case "true", "1":
		return true
	}
	d.f.Add(path, "want a boolean", "true", "false", "1", "0")
	return false
}

func (d *decoder) event(path string, raw json.RawMessage) Event {
	ev := Event{Path: path}
	m := d.object(path, raw)
	if m == nil {
		return ev
	}
	ev.UUID = d.str(path+".uuid", m["uuid"])
	ev.Info = d.str(path+".info", m["info"])
	ev.Date = d.str(path+".date", m["date"])
	ev.Timestamp = d.str(path+".timestamp", m["timestamp"])
	ev.ThreatLevel = d.str(path+".threat_level_id", m["threat_level_id"])
	ev.Analysis = d.str(path+".analysis", m["analysis"])
	ev.Distribution = d.str(path+".distribution", m["distribution"])
	ev.Published = d.flag(path+".published", m["published"])
	ev.Tags = d.tags(path, m["Tag"])
	ev.Galaxies = d.galaxies(path, m)
	for i, a := range d.objects(path+".Attribute", m["Attribute"]) {
		ev.Attributes = append(ev.Attributes, d.attribute(path+".Attribute["+strconv.Itoa(i)+"]", a))
	}
	for i, o := range d.array(path+".Object", m["Object"]) {
		ev.Objects = append(ev.Objects, d.obj(path+".Object["+strconv.Itoa(i)+"]", o))
	}
	for _, k := range []string{"EventReport", "Sighting", "ShadowAttribute", "Note", "Opinion", "Relationship", "Analyst"} {
		for i := range d.array(path+"."+k, m[k]) {
			ev.Skipped = append(ev.Skipped, Skip{path + "." + k + "[" + strconv.Itoa(i) + "]", k + " is not carried"})
		}
	}
	return ev
}

func (d *decoder) obj(path string, raw json.RawMessage) Object {
	o := Object{Path: path}
	m := d.object(path, raw)
	if m == nil {
		return o
	}
	o.UUID = d.str(path+".uuid", m["uuid"])
	o.Name = d.str(path+".name", m["name"])
	o.MetaCategory = d.str(path+".meta-category", m["meta-category"])
	o.Comment = d.str(path+".comment", m["comment"])
	o.Timestamp = d.str(path+".timestamp", m["timestamp"])
	o.Deleted = d.flag(path+".deleted", m["deleted"])
	for i, a := range d.objects(path+".Attribute", m["Attribute"]) {
		o.Attributes = append(o.Attributes, d.attribute(path+".Attribute["+strconv.Itoa(i)+"]", a))
	}
	return o
}

// attribute reads one attribute's members m (nil when it was not an
// object, which objects reported).
func (d *decoder) attribute(path string, m map[string]json.RawMessage) Attribute {
	a := Attribute{Path: path}
	d.attributes++
	if d.attributes == MaxAttributes+1 {
		d.f.Add(path, "more than "+strconv.Itoa(MaxAttributes)+" attributes")
	}
	if d.attributes > MaxAttributes || m == nil {
		return a
	}
	a.UUID = d.str(path+".uuid", m["uuid"])
	a.Type = d.str(path+".type", m["type"])
	a.Category = d.str(path+".category", m["category"])
	a.Value = d.str(path+".value", m["value"])
	a.ToIDs = d.flag(path+".to_ids", m["to_ids"])
	a.Comment = d.str(path+".comment", m["comment"])
	a.Timestamp = d.str(path+".timestamp", m["timestamp"])
	a.FirstSeen = d.str(path+".first_seen", m["first_seen"])
	a.LastSeen = d.str(path+".last_seen", m["last_seen"])
	a.ObjectRelation = d.str(path+".object_relation", m["object_relation"])
	a.Deleted = d.flag(path+".deleted", m["deleted"])
	a.Tags = d.tags(path, m["Tag"])
	a.Galaxies = d.galaxies(path, m)
	if s := d.str(path+".data", m["data"]); s != "" {
		a.Skipped = append(a.Skipped, Skip{path + ".data", "attachment content is not carried"})
	}
	for i := range d.array(path+".Sighting", m["Sighting"]) {
		a.Skipped = append(a.Skipped, Skip{path + ".Sighting[" + strconv.Itoa(i) + "]", "Sighting is not carried"})
	}
	return a
}

func (d *decoder) tags(path string, raw json.RawMessage) []Tag {
	list := d.objects(path+".Tag", raw)
	if len(list) > MaxTags {
		d.f.Add(path+".Tag", "more than "+strconv.Itoa(MaxTags)+" tags")
		return nil
	}
	out := make([]Tag, 0, len(list))
	for i, m := range list {
		if m != nil {
			p := path + ".Tag[" + strconv.Itoa(i) + "]"
			out = append(out, Tag{Path: p, Name: d.str(p+".name", m["name"])})
		}
	}
	return out
}

// galaxies reads Galaxy[] (each with GalaxyCluster[]), as MISP writes
// them in events and attributes.
func (d *decoder) galaxies(path string, m map[string]json.RawMessage) []Galaxy {
	list := d.array(path+".Galaxy", m["Galaxy"])
	if len(list) > MaxTags {
		d.f.Add(path+".Galaxy", "more than "+strconv.Itoa(MaxTags)+" galaxies")
		return nil
	}
	var out []Galaxy
	for i, g := range list {
		p := path + ".Galaxy[" + strconv.Itoa(i) + "]"
		gm := d.object(p, g)
		if gm == nil {
			continue
		}
		gal := Galaxy{Path: p, UUID: d.str(p+".uuid", gm["uuid"]), Type: d.str(p+".type", gm["type"]), Name: d.str(p+".name", gm["name"])}
		cl := d.array(p+".GalaxyCluster", gm["GalaxyCluster"])
		if len(cl) > MaxTags {
			d.f.Add(p+".GalaxyCluster", "more than "+strconv.Itoa(MaxTags)+" clusters")
			cl = nil
		}
		for j, c := range cl {
			cp := p + ".GalaxyCluster[" + strconv.Itoa(j) + "]"
			cm := d.object(cp, c)
			if cm == nil {
				continue
			}
			gal.Clusters = append(gal.Clusters, Cluster{Path: cp, UUID: d.str(cp+".uuid", cm["uuid"]),
				Type: d.str(cp+".type", cm["type"]), Value: d.str(cp+".value", cm["value"]),
				Description: d.str(cp+".description", cm["description"]), TagName: d.str(cp+".tag_name", cm["tag_name"])})
		}
		out = append(out, gal)
	}
	return out
}
