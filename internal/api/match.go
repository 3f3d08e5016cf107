package api

import (
	"encoding/json"
	"mime"
	"net/http"
	"time"

	"github.com/liaison-project/liaison"
	"github.com/liaison-project/liaison/internal/node"
)

// matchPath is the indicator-matching endpoint, whose body may be larger
// than MaxBody.
const matchPath = "/api/v1/indicators/match"

// MatchMaxBody bounds the body of POST /api/v1/indicators/match: 64 MiB
// of JSON lines, with room for the node to name the limit itself.
const MatchMaxBody = 64<<20 + 64<<10

// matchAnswer is the JSON of node.IndicatorMatch.
type matchAnswer struct {
	Items       []matchItem  `json:"items"`
	Errors      []matchError `json:"errors"`
	Observables int          `json:"observables"`
	Hits        int          `json:"hits"`
	Partials    int          `json:"partials"`
}

type matchItem struct {
	Line       int              `json:"line"`
	Observable json.RawMessage  `json:"observable"`
	Indicators []matchIndicator `json:"indicators"`
}

type matchIndicator struct {
	ID         string `json:"id"`
	Collection string `json:"collection"`
	Name       string `json:"name,omitempty"`
	Pattern    string `json:"pattern"`
	TLP        string `json:"tlp"`
	ValidFrom  string `json:"valid_from,omitempty"`
	Partial    bool   `json:"partial,omitempty"`
	Reason     string `json:"reason,omitempty"`
}

type matchError struct {
	Line    int    `json:"line"`
	Problem string `json:"problem"`
}

// postIndicatorsMatch answers the indicators that the observables of the
// body, JSON lines, hit (issue 7 item 7).
func (s *Server) postIndicatorsMatch(w http.ResponseWriter, r *http.Request, actor *liaison.Officer) {
	mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || mt != "application/x-ndjson" && mt != "application/jsonl" {
		s.unsupportedMediaType(w, r.Header.Get("Content-Type"))
		return
	}
	res, err := s.node.MatchIndicators(r.Context(), actor, r.Body)
	if err != nil {
		s.error(w, r, err)
		return
	}
	s.json(w, http.StatusOK, newMatchAnswer(res))
}

func newMatchAnswer(res *node.IndicatorMatch) matchAnswer {
	a := matchAnswer{Items: make([]matchItem, 0, len(res.Items)), Errors: make([]matchError, 0, len(res.Errors)),
		Observables: res.Observables, Hits: res.Hits, Partials: res.Partials}
	for _, it := range res.Items {
		mi := matchItem{Line: it.Line, Observable: it.Observable, Indicators: make([]matchIndicator, len(it.Indicators))}
		for i, h := range it.Indicators {
			m := matchIndicator{ID: h.ID, Collection: h.Collection, Name: h.Name, Pattern: h.Pattern, TLP: h.TLP,
				Partial: h.Partial != "", Reason: h.Partial}
			if !h.ValidFrom.IsZero() {
				m.ValidFrom = h.ValidFrom.UTC().Format(time.RFC3339Nano)
			}
			mi.Indicators[i] = m
		}
		a.Items = append(a.Items, mi)
	}
	for _, e := range res.Errors {
		a.Errors = append(a.Errors, matchError{Line: e.Line, Problem: e.Problem})
	}
	return a
}

// unsupportedMediaType answers 415 with a problem document.
func (s *Server) unsupportedMediaType(w http.ResponseWriter, ct string) {
	const status = http.StatusUnsupportedMediaType
	w.Header().Set("Content-Type", "application/problem+json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(Problem{Type: "urn:liaison:problem:" + liaison.EINVALID, Title: http.StatusText(status), Status: status,
		Detail: "content type " + quoteCT(ct) + ": send application/x-ndjson or application/jsonl", Code: liaison.EINVALID})
}

func quoteCT(ct string) string {
	b, _ := json.Marshal(ct)
	return string(b)
}
