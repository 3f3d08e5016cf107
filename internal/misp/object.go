package misp

// object converts one MISP object: one indicator whose pattern ANDs what
// its attributes state when any of them is to_ids, else one observed-data
// with the SCOs. The object's attributes are all kept, with their
// relations and tags, in x_misp_object, so that an export gives the
// object back; attributes with no STIX mapping are kept only there, and
// reported.
func (c *converter) object(sc *scope, o *Object) []string {
	c.rep.Objects++
	if o.Deleted {
		c.rep.Attributes += len(o.Attributes)
		c.issue(o.Path, "deleted in MISP; not carried")
		return nil
	}
	var (
		facts    []fact
		perAttr  [][]fact // the facts of each mapped attribute
		rels     []string // and its relation
		toIDs    bool
		labels   = mispLabels("name", o.Name, "meta-category", o.MetaCategory)
		markings = append([]string(nil), sc.markings...)
		attrs    []any
		stamp    = o.Timestamp
	)
	for i := range o.Attributes {
		a := &o.Attributes[i]
		c.rep.Attributes++
		for _, s := range a.Skipped {
			c.issue(s.Path, s.Reason)
		}
		if a.Deleted {
			c.issue(a.Path, "deleted in MISP; not carried")
			continue
		}
		t := c.readTags(a.Tags)
		labels = appendNew(labels, t.labels...)
		markings = appendNew(markings, t.markings...)
		var tagNames []string
		for _, tag := range a.Tags {
			tagNames = append(tagNames, tag.Name)
		}
		m := map[string]any{"uuid": a.UUID, "type": a.Type, "category": a.Category, "object_relation": a.ObjectRelation,
			"value": a.Value, "to_ids": a.ToIDs}
		if a.Comment != "" {
			m["comment"] = a.Comment
		}
		if len(tagNames) > 0 {
			m["tags"] = tagNames
		}
		attrs = append(attrs, m)
		if len(a.Galaxies) > 0 {
			c.issue(a.Path+".Galaxy", "galaxies of an object's attribute are not carried")
		}
		f, why := factsOf(a.Type, a.Value)
		if why != "" {
			c.issue(a.Path, why+"; kept only in the object's x_misp_object")
			continue
		}
		perAttr, rels = append(perAttr, f), append(rels, a.ObjectRelation)
		toIDs = toIDs || a.ToIDs
		if t, ok := unixTime(a.Timestamp); ok {
			if s, ok := unixTime(stamp); !ok || t.After(s) {
				stamp = a.Timestamp
			}
		}
	}
	facts = byRelation(o.Name, rels, perAttr)
	created, modified := sc.times(stamp)
	meta := map[string]any{"uuid": o.UUID, "name": o.Name, "meta-category": o.MetaCategory, "attributes": attrs}
	if o.Comment != "" {
		meta["comment"] = o.Comment
	}
	typ := "observed-data"
	var p string
	if toIDs {
		var err error
		if p, err = patternOf(facts); err != nil {
			c.issue(o.Path, "pattern: "+err.Error()+"; kept as an x-misp-object object")
			facts = nil
		} else {
			typ = "indicator"
		}
	}
	if len(facts) == 0 {
		typ = "x-misp-object"
		if toIDs || len(o.Attributes) == 0 {
			c.issue(o.Path, "no attribute with a STIX mapping; kept as an x-misp-object object")
		}
	}
	id, ok := stixID(typ, o.UUID, sc.event.UUID+"\x00object\x00"+o.Path)
	if !ok {
		c.issue(o.Path+".uuid", "missing or not a UUID; the id is derived from the event and the object's place")
	}
	out := map[string]any{"type": typ, "spec_version": "2.1", "id": id, "created": created, "modified": modified,
		"x_misp_object": meta}
	if len(labels) > 0 {
		out["labels"] = labels
	}
	if len(markings) > 0 {
		out["object_marking_refs"] = markings
	}
	if o.Comment != "" {
		out["description"] = o.Comment
	}
	var extra []string
	switch typ {
	case "indicator":
		out["pattern"], out["pattern_type"], out["pattern_version"], out["valid_from"] = p, "stix", "2.1", created
		c.rep.Indicators++
	case "observed-data":
		extra = c.observed(out, facts, markings, "", "", modified)
	default:
		c.rep.Custom++
	}
	if !c.emit(out) {
		c.issue(o.Path+".uuid", "the uuid of an object already converted; this one is not carried")
		return nil
	}
	return append([]string{id}, extra...)
}
