package web

import (
	"errors"
	"math"
	"net/http"
	"strconv"

	"github.com/liaison-project/liaison"
	"github.com/liaison-project/liaison/internal/api"
)

// problem is an error as the error page shows it: a translated sentence
// for its code, the fields at fault, and the guard's reasons.
type problem struct {
	Key     string // catalog key of the sentence
	Detail  string // the node's own words, for bad input and conflicts
	Fields  []liaison.FieldError
	Reasons []string
	Status  int
}

// problemOf turns err into what the officer may see: internal errors are
// logged and shown only as such.
func (s *Server) problemOf(r *http.Request, err error) problem {
	code := liaison.ErrorCode(err)
	p := problem{Key: "error." + code, Status: api.Status(code),
		Fields: liaison.ErrorFields(err), Reasons: liaison.ErrorReasons(err)}
	switch {
	case errors.Is(err, errCSRF):
		p.Key = "error.csrf"
	case code == liaison.EINTERNAL:
		s.log.Error("web: internal error", "method", r.Method, "path", r.URL.Path, "err", err)
	case code == liaison.EINVALID || code == liaison.ECONFLICT:
		if len(p.Fields) == 0 {
			p.Detail = liaison.ErrorMessage(err)
		}
	}
	if p.Status == 0 {
		p.Status = http.StatusInternalServerError
	}
	return p
}

// error renders the error page for err.
func (s *Server) error(w http.ResponseWriter, r *http.Request, ss *session, err error) {
	p := s.problemOf(r, err)
	if d := liaison.ErrorRetryAfter(err); p.Status == http.StatusTooManyRequests && d > 0 {
		w.Header().Set("Retry-After", strconv.FormatInt(int64(math.Ceil(d.Seconds())), 10))
	}
	s.render(w, p.Status, "error", "", s.view(r, ss, "error.title", p))
}

// notFound renders the error page for a path no route serves.
func (s *Server) notFound(w http.ResponseWriter, r *http.Request) {
	s.error(w, r, nil, liaison.Errorf(liaison.ENOTFOUND, "no page %s", r.URL.Path))
}
