package api

import (
	"net/http"
	"strconv"
	"time"

	"github.com/liaison-project/liaison"
	"github.com/liaison-project/liaison/internal/node"
)

// Checkpoint is a signed checkpoint of this node's audit log as the API
// shows it: the log's size, its root in hex, and the C2SP signed note,
// which anyone holding the node's card can check.
type Checkpoint struct {
	Size int64             `json:"size"`
	Root liaison.AuditHash `json:"root"`
	Note string            `json:"note"`
}

func (s *Server) getAuditCheckpoint(w http.ResponseWriter, r *http.Request, actor *liaison.Officer) {
	c, err := s.node.AuditCheckpoint(r.Context(), actor)
	if err != nil {
		s.error(w, r, err)
		return
	}
	s.json(w, http.StatusOK, Checkpoint{Size: c.Size, Root: c.Root, Note: string(c.Note)})
}

func (s *Server) getAuditEntries(w http.ResponseWriter, r *http.Request, actor *liaison.Officer) {
	after, limit, err := page(r)
	if err != nil {
		s.error(w, r, err)
		return
	}
	q := r.URL.Query()
	f := node.AuditFilter{
		Officer: q.Get("actor"), Agency: q.Get("agency"), Action: q.Get("action"), Object: q.Get("object"),
		Limit: limit,
	}
	var fields []liaison.FieldError
	if after != "" {
		n, err := strconv.ParseInt(after, 10, 64)
		if err != nil || n < 0 {
			fields = append(fields, liaison.FieldError{Field: "after", Problem: "not a cursor from a previous page"})
		}
		f.After = n
	}
	for _, p := range []struct {
		name string
		t    *time.Time
	}{{"from", &f.From}, {"to", &f.To}} {
		v := q.Get(p.name)
		if v == "" {
			continue
		}
		t, err := time.Parse(time.RFC3339Nano, v)
		if err != nil {
			fields = append(fields, liaison.FieldError{Field: p.name, Problem: "not an RFC 3339 time: " + strconv.Quote(shorten(v))})
		}
		*p.t = t
	}
	if len(fields) > 0 {
		s.error(w, r, liaison.Invalid(fields...))
		return
	}
	es, next, err := s.node.AuditEntries(r.Context(), actor, f)
	if err != nil {
		s.error(w, r, err)
		return
	}
	cursor := ""
	if next > 0 {
		cursor = strconv.FormatInt(next, 10)
	}
	s.json(w, http.StatusOK, list(es, cursor))
}
