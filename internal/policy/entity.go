package policy

import (
	cedar "github.com/cedar-policy/cedar-go"
)

// Entity types and fixed uids of the model (see the package doc).
const (
	typeOfficer cedar.EntityType = "Officer"
	typeNode    cedar.EntityType = "Node"
	typeContent cedar.EntityType = "Content"
	typeAction  cedar.EntityType = "Action"
)

var (
	contentUID = cedar.NewEntityUID(typeContent, "item")
	actionUIDs = func() map[string]cedar.EntityUID {
		m := make(map[string]cedar.EntityUID, len(Actions))
		for _, a := range Actions {
			m[a] = cedar.NewEntityUID(typeAction, cedar.String(a))
		}
		return m
	}()
	emptySet = cedar.NewSet()
)

// attr is one attribute of the model and how to read it from a Request:
// one of str, strs, long or boolean is set. The readers are plain
// functions, not reflection: Decide runs on every send, read and receive.
type attr struct {
	name    cedar.String
	str     func(*Request) string
	strs    func(*Request) []string
	long    func(*Request) int64
	boolean func(*Request) bool
}

// value returns the attribute's value in r as Cedar sees it.
func (a *attr) value(r *Request) cedar.Value {
	switch {
	case a.str != nil:
		return cedar.String(a.str(r))
	case a.strs != nil:
		return stringSet(a.strs(r))
	case a.long != nil:
		return cedar.Long(a.long(r))
	}
	return cedar.Boolean(a.boolean(r))
}

// The attributes of the principal (an officer; a node has only party), the
// content and the context. Their order is the bit order of [needs].
var (
	officerAttrs = []attr{
		{name: "role", str: func(r *Request) string { return string(r.Officer.Role) }},
		{name: "agency", str: func(r *Request) string { return r.Officer.Agency }},
		{name: "party", str: func(r *Request) string { return r.Officer.Party }},
		{name: "areas", strs: func(r *Request) []string {
			s := make([]string, len(r.Officer.Areas))
			for i, a := range r.Officer.Areas {
				s[i] = string(a)
			}
			return s
		}},
	}
	contentAttrs = []attr{
		{name: "classification", str: func(r *Request) string { return r.Handling.Classification }},
		{name: "level", str: func(r *Request) string { return r.Level }},
		{name: "rank", long: func(r *Request) int64 { return int64(r.LevelRank) }},
		{name: "tlp", str: func(r *Request) string { return r.Handling.TLP }},
		{name: "codes", strs: func(r *Request) []string { return r.Handling.Codes }},
		{name: "area", str: func(r *Request) string { return string(r.Handling.CrimeArea) }},
		{name: "personal_data", boolean: func(r *Request) bool { return r.Handling.PersonalData }},
		{name: "subjects", strs: func(r *Request) []string { return r.Handling.Subjects }},
		{name: "legal_basis", str: func(r *Request) string { return r.Handling.LegalBasis }},
		{name: "intelligence", boolean: func(r *Request) bool { return r.Handling.Intelligence }},
		{name: "source_reliability", str: func(r *Request) string { return r.Handling.SourceReliability }},
		{name: "info_credibility", str: func(r *Request) string { return r.Handling.InfoCredibility }},
		{name: "from", str: func(r *Request) string { return r.From }},
	}
	nodeAttrs    = []attr{{name: "party", str: func(r *Request) string { return r.From }}}
	contextAttrs = []attr{
		{name: "to", strs: func(r *Request) []string { return r.To }},
		{name: "party", str: func(r *Request) string { return r.Party }},
		{name: "risk", str: func(r *Request) string { return r.Risk }},
		{name: "approved", boolean: func(r *Request) bool { return r.Approved }},
		{name: "to_agency", str: func(r *Request) string { return r.ToAgency }},
		{name: "purpose", str: func(r *Request) string { return r.Purpose }},
		{name: "mla_ref", str: func(r *Request) string { return r.MLARef }},
	}
)

// record builds a record of the attributes of attrs whose bit is set in
// mask.
func record(r *Request, attrs []attr, mask uint32) cedar.Record {
	if mask == 0 {
		return cedar.Record{}
	}
	m := make(cedar.RecordMap, len(attrs))
	for i, a := range attrs {
		if mask&(1<<i) != 0 {
			m[a.name] = a.value(r)
		}
	}
	return cedar.NewRecord(m)
}

// entities holds the two entities of one request, the principal and the
// content: cheaper than a map for the evaluator's few look-ups.
type entities struct{ principal, resource cedar.Entity }

func (e *entities) Get(uid cedar.EntityUID) (cedar.Entity, bool) {
	switch uid {
	case e.principal.UID:
		return e.principal, true
	case e.resource.UID:
		return e.resource, true
	}
	return cedar.Entity{}, false
}

var _ cedar.EntityGetter = (*entities)(nil)

// request builds the Cedar request and entities for r, with only the
// attributes that some policy of s reads, reusing records s built before.
func (s *Set) request(r *Request) (cedar.Request, *entities) {
	var scratch [256]byte
	n := &s.needs
	ents := &entities{}
	if r.Officer != nil {
		ents.principal = cedar.Entity{
			UID:        cedar.NewEntityUID(typeOfficer, cedar.String(r.Officer.ID)),
			Attributes: s.officers.record(r, officerAttrs, n.principal, scratch[:0]),
		}
	} else {
		mask := uint32(0)
		if n.principal&nodeParty != 0 {
			mask = 1
		}
		ents.principal = cedar.Entity{
			UID:        cedar.NewEntityUID(typeNode, cedar.String(r.From)),
			Attributes: s.nodes.record(r, nodeAttrs, mask, scratch[:0]),
		}
	}
	ents.resource = cedar.Entity{UID: contentUID, Attributes: s.contents.record(r, contentAttrs, n.resource, scratch[:0])}
	return cedar.Request{
		Principal: ents.principal.UID,
		Action:    actionUIDs[r.Action],
		Resource:  contentUID,
		Context:   s.contexts.record(r, contextAttrs, n.context, scratch[:0]),
	}, ents
}

func stringSet(s []string) cedar.Set {
	if len(s) == 0 {
		return emptySet
	}
	v := make([]cedar.Value, len(s))
	for i, x := range s {
		v[i] = cedar.String(x)
	}
	return cedar.NewSet(v...)
}
