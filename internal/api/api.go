// Package api is the JSON API of a Liaison node for officers and their
// tools: bearer tokens, RFC 9457 problem documents, cursor paging and an
// OpenAPI 3.1 description at /api/v1/openapi.json.
//
// It is the only package that turns the domain's error codes into HTTP
// statuses. Every handler authenticates, limits the size of what it reads,
// and calls the node, which authorises and audits.
package api

import (
	"context"
	"log/slog"
	"net/http"
	"strings"

	"github.com/liaison-project/liaison"
	"github.com/liaison-project/liaison/internal/node"
)

// MaxBody is the largest request body any endpoint reads.
const MaxBody = 1 << 20

// Server serves the API for one node.
type Server struct {
	node *node.Node
	log  *slog.Logger
	mux  *http.ServeMux
	// taxii routes /taxii2/, the TAXII 2.1 server (taxii.go).
	taxii *http.ServeMux
}

// New returns the API server for n.
func New(n *node.Node, log *slog.Logger) *Server {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	s := &Server{node: n, log: log, mux: http.NewServeMux()}
	s.routes()
	s.taxiiRoutes()
	return s
}

// route is one API endpoint; routes lists them so that the OpenAPI test
// can compare them with the document.
type route struct {
	pattern string
	handler func(w http.ResponseWriter, r *http.Request, actor *liaison.Officer)
}

func (s *Server) routeList() []route {
	return []route{
		{"GET /api/v1/me", s.getMe},
		{"GET /api/v1/peers", s.getPeers},
		{"GET /api/v1/directory", s.getDirectory},
		{"POST /api/v1/cases", s.postCase},
		{"GET /api/v1/cases", s.getCases},
		{"GET /api/v1/cases/{id}", s.getCase},
		{"POST /api/v1/cases/{id}/messages", s.postMessage},
		{"GET /api/v1/cases/{id}/messages", s.getCaseMessages},
		{"GET /api/v1/messages/{id}", s.getMessage},
		{"POST /api/v1/messages/{id}/recall", s.postRecall},
		{"GET /api/v1/messages/{id}/copies", s.getCopies},
		{"POST /api/v1/messages/{id}/hold", s.postHold},
		{"POST /api/v1/messages/{id}/handling", s.postHandling},
		{"GET /api/v1/inbox", s.getInbox},
		{"GET /api/v1/approvals", s.getApprovals},
		{"GET /api/v1/approvals/{id}", s.getApproval},
		{"POST /api/v1/approvals/{id}/approve", s.postApprove},
		{"POST /api/v1/approvals/{id}/reject", s.postReject},
		{"POST /api/v1/decisions/preview", s.postPreview},
		{"GET /api/v1/audit/checkpoint", s.getAuditCheckpoint},
		{"GET /api/v1/audit/entries", s.getAuditEntries},
		{"POST /api/v1/messages/{id}/disseminations", s.postDissemination},
		{"GET /api/v1/disseminations/{id}", s.getDissemination},
		{"POST /api/v1/messages/{id}/exports", s.postExport},
		{"GET /api/v1/exports/{id}", s.getExport},
		{"GET /api/v1/consents", s.getConsents},
		{"POST /api/v1/consents/{id}/grant", s.postConsentGrant},
		{"POST /api/v1/consents/{id}/refuse", s.postConsentRefuse},
		{"GET /api/v1/reports/oversight", s.getOversightReport},
		{"GET /api/v1/notices", s.getNotices},
		{"POST /api/v1/notices/{id}/read", s.postNoticeRead},
		{"POST /api/v1/notices/read", s.postNoticesRead},
		{"GET /api/v1/me/subscriptions", s.getSubscriptions},
		{"PUT /api/v1/me/subscriptions", s.putSubscriptions},
		{"GET /api/v1/notify/deliveries", s.getNotifyDeliveries},
		{"GET /api/v1/workplan", s.getWorkplan},
		{"GET /api/v1/workplan/objectives", s.getWorkplan},
		{"POST /api/v1/workplan/objectives", s.postObjective},
		{"GET /api/v1/workplan/objectives/{id}", s.getObjective},
		{"POST /api/v1/workplan/objectives/{id}/actions", s.postAction},
		{"GET /api/v1/workplan/actions/{id}", s.getAction},
		{"PATCH /api/v1/workplan/actions/{id}", s.patchAction},
		{"POST /api/v1/workplan/actions/{id}/update", s.patchAction},
		{"POST /api/v1/workplan/actions/{id}/notes", s.postNote},
		{"POST /api/v1/requests", s.postRequest},
		{"GET /api/v1/requests", s.getRequests},
		{"GET /api/v1/requests/{id}", s.getRequest},
		{"POST /api/v1/requests/{id}/ack", s.postRequestAck},
		{"POST /api/v1/requests/{id}/answer", s.postRequestAnswer},
		{"POST /api/v1/requests/{id}/decline", s.postRequestDecline},
		{"POST /api/v1/requests/{id}/withdraw", s.postRequestWithdraw},
		{"POST /api/v1/requests/{id}/clarify", s.postRequestClarify},
		{"POST /api/v1/requests/{id}/clarification", s.postRequestClarification},
		{"GET /api/v1/metrics/requests", s.getRequestMetrics},
		{"POST " + mispImportPath, s.postMISPImport},
		{"GET /api/v1/misp/export", s.getMISPExport},
		{"POST /api/v1/indicators/match", s.postIndicatorsMatch},
	}
}

func (s *Server) routes() {
	for _, rt := range s.routeList() {
		s.mux.Handle(rt.pattern, s.authenticated(rt.handler))
	}
	s.mux.HandleFunc("GET /api/v1/openapi.json", s.getOpenAPI)
	s.mux.HandleFunc("/api/", func(w http.ResponseWriter, r *http.Request) {
		s.error(w, r, liaison.Errorf(liaison.ENOTFOUND, "no endpoint %s %s", r.Method, r.URL.Path))
	})
}

// ServeHTTP applies the common headers and size limit, then routes.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Cache-Control", "no-store")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'")
	if strings.HasPrefix(r.URL.Path, "/taxii2/") {
		r.Body = http.MaxBytesReader(w, r.Body, TAXIIMaxBody)
		s.taxii.ServeHTTP(w, r)
		return
	}
	switch r.URL.Path {
	case mispImportPath:
		r.Body = http.MaxBytesReader(w, r.Body, MISPMaxBody)
		s.mux.ServeHTTP(w, r)
		return
	case matchPath:
		r.Body = http.MaxBytesReader(w, r.Body, MatchMaxBody)
		s.mux.ServeHTTP(w, r)
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, MaxBody)
	s.mux.ServeHTTP(w, r)
}

type ctxKey struct{}

// authenticated wraps a handler with bearer-token authentication. The
// node audits failures and limits them per remote address.
func (s *Server) authenticated(h func(http.ResponseWriter, *http.Request, *liaison.Officer)) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		token, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
		if !ok {
			// Another scheme carries no bearer token, and may carry a
			// password: nothing of it reaches the node or its log.
			token = ""
		}
		actor, err := s.node.Authenticate(r.Context(), strings.TrimSpace(token), r.RemoteAddr)
		if err != nil {
			if liaison.ErrorCode(err) == liaison.EUNAUTHORIZED {
				challenge := `Bearer realm="liaison"`
				if ok {
					challenge += `, error="invalid_token"`
				}
				w.Header().Set("WWW-Authenticate", challenge)
			}
			s.error(w, r, err)
			return
		}
		h(w, r.WithContext(context.WithValue(r.Context(), ctxKey{}, actor)), actor)
	})
}
