package web

import (
	"net/http"
	"strconv"

	"github.com/liaison-project/liaison"
	"github.com/liaison-project/liaison/internal/node"
)

// auditView is a page of the audit log and the checkpoint of its head.
type auditView struct {
	Entries    []liaison.AuditEntry
	Checkpoint *liaison.AuditCheckpoint
	Next       string
	Base       string
}

// getAudit shows a page of audit entries, oldest first from ?after=, and
// a freshly signed checkpoint; the node lets auditors alone read them and
// audits the reading.
func (s *Server) getAudit(w http.ResponseWriter, r *http.Request, ss *session) {
	var after int64
	if a := r.URL.Query().Get("after"); a != "" {
		var err error
		if after, err = strconv.ParseInt(a, 10, 64); err != nil || after < 0 {
			s.error(w, r, ss, liaison.Invalid(liaison.FieldError{Field: "after", Problem: "not a cursor"}))
			return
		}
	}
	es, next, err := s.node.AuditEntries(r.Context(), ss.Officer, node.AuditFilter{After: after, Limit: pageSize})
	if err != nil {
		s.error(w, r, ss, err)
		return
	}
	v := auditView{Entries: es, Base: "/audit"}
	if next > 0 {
		v.Next = strconv.FormatInt(next, 10)
	}
	cp, err := s.node.AuditCheckpoint(r.Context(), ss.Officer)
	switch liaison.ErrorCode(err) {
	case "":
		v.Checkpoint = cp
	case liaison.EUNAVAILABLE: // the node signs no checkpoints
	default:
		s.error(w, r, ss, err)
		return
	}
	s.render(w, http.StatusOK, "audit", "", s.view(r, ss, "audit.title", v))
}
