package misp

import (
	"strconv"
	"strings"
)

// attribute converts one attribute of an event and returns the ids the
// report refers to. to_ids with a pattern: an indicator; otherwise an
// observed-data with its SCOs; a vulnerability: a vulnerability; anything
// else: a custom x-misp-attribute object, reported.
func (c *converter) attribute(sc *scope, a *Attribute) []string {
	c.rep.Attributes++
	for _, s := range a.Skipped {
		c.issue(s.Path, s.Reason)
	}
	if a.Deleted {
		c.issue(a.Path, "deleted in MISP; not carried")
		return nil
	}
	t := c.readTags(a.Tags)
	markings := appendNew(append([]string(nil), sc.markings...), t.markings...)
	labels := append(mispLabels("type", a.Type, "category", a.Category), t.labels...)
	created, modified := sc.times(a.Timestamp)
	fallback := sc.event.UUID + "\x00" + a.Type + "\x00" + a.Value + "\x00" + a.Path
	meta := map[string]any{"uuid": a.UUID, "type": a.Type, "category": a.Category, "value": a.Value, "to_ids": a.ToIDs}
	for k, v := range map[string]string{"comment": a.Comment, "first_seen": a.FirstSeen, "last_seen": a.LastSeen} {
		if v != "" {
			meta[k] = v
		}
	}
	common := func(typ string) (map[string]any, bool) {
		id, ok := stixID(typ, a.UUID, fallback)
		o := map[string]any{"type": typ, "spec_version": "2.1", "id": id, "created": created, "modified": modified,
			"x_misp_attribute": meta}
		if len(labels) > 0 {
			o["labels"] = labels
		}
		if len(markings) > 0 {
			o["object_marking_refs"] = markings
		}
		if a.Comment != "" {
			o["description"] = a.Comment
		}
		return o, ok
	}
	var (
		o      map[string]any
		uuidOK bool
		extra  []string
	)
	facts, why := factsOf(a.Type, a.Value)
	switch {
	case a.Type == "vulnerability" && strings.TrimSpace(a.Value) != "":
		o, uuidOK = common("vulnerability")
		o["name"] = strings.TrimSpace(a.Value)
		c.rep.DomainObjects++
	case why == "" && a.ToIDs:
		p, err := patternOf(facts)
		if err != nil {
			why = "pattern: " + err.Error()
			break
		}
		o, uuidOK = common("indicator")
		o["pattern"], o["pattern_type"], o["pattern_version"], o["valid_from"] = p, "stix", "2.1", created
		c.rep.Indicators++
	case why == "":
		o, uuidOK = common("observed-data")
		extra = c.observed(o, facts, markings, a.FirstSeen, a.LastSeen, modified)
	}
	if o == nil {
		o, uuidOK = common("x-misp-attribute")
		c.rep.Custom++
		c.issue(a.Path, why+"; kept as an x-misp-attribute object")
	}
	if !uuidOK {
		c.issue(a.Path+".uuid", "missing or not a UUID; the id is derived from the event, type and value")
	}
	if !c.emit(o) {
		c.issue(a.Path+".uuid", "the uuid of an attribute already converted; this one is not carried")
		return nil
	}
	refs := []string{o["id"].(string)}
	g, custom := c.galaxies(sc, a.Galaxies)
	for _, target := range g {
		refs = append(refs, target, c.relate(o, target, created, modified))
	}
	if len(custom) > 0 {
		c.issue(a.Path+".Galaxy", "galaxies of an attribute that have no STIX type are not carried on the attribute")
	}
	return append(refs, extra...)
}

// observed fills an observed-data object with the SCOs of facts, writes
// the SCOs, and returns their ids.
func (c *converter) observed(o map[string]any, facts []fact, markings []string, first, last, modified string) []string {
	ids, scos := observables(facts, markings)
	o["object_refs"] = ids
	o["number_observed"] = int64(1)
	f, okF := seenTime(first)
	l, okL := seenTime(last)
	if !okF {
		f = strings.Replace(modified, "Z", "000Z", 1)
	}
	if !okL || l < f {
		l = f
	}
	o["first_observed"], o["last_observed"] = f, l
	for _, s := range scos {
		if c.emit(s) {
			c.rep.Observables++
		}
	}
	c.rep.ObservedData++
	return ids
}

// mispLabels returns the labels misp-stix writes for MISP fields without
// a STIX property, misp:type="ip-dst", for each field-value pair whose
// value is not empty.
func mispLabels(pairs ...string) []string {
	var out []string
	for i := 0; i+1 < len(pairs); i += 2 {
		if pairs[i+1] != "" {
			out = append(out, "misp:"+pairs[i]+"="+strconv.Quote(pairs[i+1]))
		}
	}
	return out
}
