package web

import (
	"context"
	"net/http"
	"slices"
	"strings"

	"github.com/liaison-project/liaison"
)

// handlingView is a handling with the evaluation scheme it is read under.
type handlingView struct {
	H      liaison.Handling
	Scheme string
}

// handlingOptions are the choices of the handling picker under one
// arrangement, for one party's officers.
type handlingOptions struct {
	Classifications, TLPs, Codes, Sources, Infos, Subjects []string
	Bases                                                  []liaison.Instrument
	Scheme                                                 string
}

// arrangementOf returns the applied arrangement id, or nil.
func (s *Server) arrangementOf(ctx context.Context, id string) *liaison.Arrangement {
	as, err := s.node.Arrangements(ctx)
	if err != nil {
		return nil
	}
	for i := range as {
		if as[i].ID == id {
			return &as[i]
		}
	}
	return nil
}

// schemeOf is the evaluation scheme of arrangement id.
func (s *Server) schemeOf(ctx context.Context, id string) string {
	if a := s.arrangementOf(ctx, id); a != nil && a.Evaluation != "" {
		return a.Evaluation
	}
	return liaison.EvalAdmiralty
}

// optionsFor lists the handling choices under a for this node's party.
func (s *Server) optionsFor(a *liaison.Arrangement) handlingOptions {
	o := handlingOptions{TLPs: liaison.TLPLabels, Codes: liaison.HandlingCodes, Subjects: liaison.Subjects,
		Scheme: liaison.EvalAdmiralty}
	if a == nil {
		return o
	}
	if a.Evaluation != "" {
		o.Scheme = a.Evaluation
	}
	o.Classifications = a.Labels(s.node.Party())
	for _, in := range a.Instrument {
		if in.Party == "" || in.Party == s.node.Party() {
			o.Bases = append(o.Bases, in)
		}
	}
	o.Sources, o.Infos = evalScale(o.Scheme)
	return o
}

// handlingForm reads the handling fields of a form. The node validates
// them; this only collects.
func handlingForm(r *http.Request, area liaison.CrimeArea) liaison.Handling {
	h := liaison.Handling{
		Classification:    strings.TrimSpace(r.PostFormValue("classification")),
		TLP:               r.PostFormValue("tlp"),
		Codes:             nonEmpty(r.PostForm["codes"]),
		SourceReliability: r.PostFormValue("source_reliability"),
		InfoCredibility:   r.PostFormValue("info_credibility"),
		CrimeArea:         area,
		LegalBasis:        r.PostFormValue("legal_basis"),
		PersonalData:      r.PostFormValue("personal_data") != "",
		Subjects:          nonEmpty(r.PostForm["subjects"]),
	}
	h.Intelligence = h.SourceReliability != "" || h.InfoCredibility != ""
	if h.Codes == nil {
		h.Codes = []string{}
	}
	return h
}

// nonEmpty drops blank values, and splits none: each form value is one.
func nonEmpty(vs []string) []string {
	var out []string
	for _, v := range vs {
		if v = strings.TrimSpace(v); v != "" && !slices.Contains(out, v) {
			out = append(out, v)
		}
	}
	return out
}

// list splits a comma- or space-separated field ("ca/rcmp, ca/cbsa").
func list(s string) []string {
	return nonEmpty(strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' || r == '\n' }))
}
