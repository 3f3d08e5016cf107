package report

import (
	"encoding/json"
	"io"
)

// WriteJSON writes r as indented JSON. Lists are [] rather than null when
// empty, so that a reader never has to tell the two apart.
func (r *Report) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(r.normalized())
}

// normalized returns a copy of r whose nil lists are empty.
func (r *Report) normalized() *Report {
	c := *r
	for _, rows := range []*[]Row{&c.ByDirection, &c.ByCrimeArea, &c.ByAgency, &c.ByClassification, &c.ByTLP, &c.ByHandlingCode} {
		*rows = nonNil(*rows)
	}
	c.Refusals = nonNil(c.Refusals)
	c.RemovalCounts = nonNil(c.RemovalCounts)
	c.OnwardUse = nonNil(c.OnwardUse)
	c.Removals = nonNil(c.Removals)
	c.Transfers = nonNil(c.Transfers)
	for i := range c.Transfers {
		t := &c.Transfers[i]
		t.To, t.Subjects = nonNil(t.To), nonNil(t.Subjects)
	}
	return &c
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
