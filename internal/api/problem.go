package api

import (
	"encoding/json"
	"math"
	"net/http"
	"strconv"

	"github.com/liaison-project/liaison"
)

// statuses maps each error code to its HTTP status; this is the only
// place that does.
var statuses = map[string]int{
	liaison.EINVALID:      http.StatusBadRequest,
	liaison.EUNAUTHORIZED: http.StatusUnauthorized,
	liaison.EFORBIDDEN:    http.StatusForbidden,
	liaison.ENOTFOUND:     http.StatusNotFound,
	liaison.ECONFLICT:     http.StatusConflict,
	liaison.EUNAVAILABLE:  http.StatusServiceUnavailable,
	liaison.EINTERNAL:     http.StatusInternalServerError,
	liaison.ELIMITED:      http.StatusTooManyRequests,
}

// Problem is an RFC 9457 problem document with Liaison's extensions: the
// error code and the fields at fault.
type Problem struct {
	Type   string               `json:"type"`
	Title  string               `json:"title"`
	Status int                  `json:"status"`
	Detail string               `json:"detail,omitempty"`
	Code   string               `json:"code"`
	Errors []liaison.FieldError `json:"errors,omitempty"`
	// Reasons says, for a 403, why the guard refused: sentences an
	// officer can read.
	Reasons []string `json:"reasons,omitempty"`
}

// Status returns the HTTP status of an error code, for the API and for
// the web UI's error pages alike.
func Status(code string) int { return statuses[code] }

// error writes err as a problem document. Internal errors are logged and
// shown only as "internal error".
func (s *Server) error(w http.ResponseWriter, r *http.Request, err error) {
	code := liaison.ErrorCode(err)
	status := statuses[code]
	if code == liaison.EINTERNAL {
		s.log.Error("api: internal error", "method", r.Method, "path", r.URL.Path, "err", err)
	}
	p := Problem{
		Type:    "urn:liaison:problem:" + code,
		Title:   http.StatusText(status),
		Status:  status,
		Detail:  liaison.ErrorMessage(err),
		Code:    code,
		Errors:  liaison.ErrorFields(err),
		Reasons: liaison.ErrorReasons(err),
	}
	if d := liaison.ErrorRetryAfter(err); code == liaison.ELIMITED && d > 0 {
		w.Header().Set("Retry-After", strconv.FormatInt(int64(math.Ceil(d.Seconds())), 10))
	}
	w.Header().Set("Content-Type", "application/problem+json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(p)
}

// json writes v with status.
func (s *Server) json(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	if err := json.NewEncoder(w).Encode(v); err != nil {
		s.log.Debug("api: write response", "err", err)
	}
}
