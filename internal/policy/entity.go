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

// request builds the Cedar request and entities for r. It reads the fields
// by hand, not by reflection: Decide runs on every send, read and receive.
func request(r Request) (cedar.Request, *entities) {
	ents := &entities{}
	if o := r.Officer; o != nil {
		areas := make([]cedar.Value, len(o.Areas))
		for i, a := range o.Areas {
			areas[i] = cedar.String(a)
		}
		ents.principal = cedar.Entity{
			UID: cedar.NewEntityUID(typeOfficer, cedar.String(o.ID)),
			Attributes: cedar.NewRecord(cedar.RecordMap{
				"role":   cedar.String(o.Role),
				"agency": cedar.String(o.Agency),
				"party":  cedar.String(o.Party),
				"areas":  cedar.NewSet(areas...),
			}),
		}
	} else {
		ents.principal = cedar.Entity{
			UID:        cedar.NewEntityUID(typeNode, cedar.String(r.From)),
			Attributes: cedar.NewRecord(cedar.RecordMap{"party": cedar.String(r.From)}),
		}
	}
	h := r.Handling
	ents.resource = cedar.Entity{
		UID: contentUID,
		Attributes: cedar.NewRecord(cedar.RecordMap{
			"classification":     cedar.String(h.Classification),
			"level":              cedar.String(r.Level),
			"rank":               cedar.Long(r.LevelRank),
			"tlp":                cedar.String(h.TLP),
			"codes":              stringSet(h.Codes),
			"area":               cedar.String(h.CrimeArea),
			"personal_data":      cedar.Boolean(h.PersonalData),
			"subjects":           stringSet(r.Subjects),
			"legal_basis":        cedar.String(h.LegalBasis),
			"intelligence":       cedar.Boolean(r.Intelligence),
			"source_reliability": cedar.String(h.SourceReliability),
			"info_credibility":   cedar.String(h.InfoCredibility),
			"from":               cedar.String(r.From),
		}),
	}
	ctx := cedar.NewRecord(cedar.RecordMap{
		"to":        stringSet(r.To),
		"party":     cedar.String(r.Party),
		"risk":      cedar.String(r.Risk),
		"approved":  cedar.Boolean(r.Approved),
		"to_agency": cedar.String(r.ToAgency),
		"purpose":   cedar.String(r.Purpose),
		"mla_ref":   cedar.String(r.MLARef),
	})
	return cedar.Request{
		Principal: ents.principal.UID,
		Action:    actionUIDs[r.Action],
		Resource:  contentUID,
		Context:   ctx,
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

var _ cedar.EntityGetter = (*entities)(nil)
