// Package web is the officers' server-rendered user interface: HTML from
// embedded templates, enhanced by htmx where JavaScript runs, readable
// without it.
//
// # Security
//
// Every response carries a strict Content-Security-Policy (no inline
// script or style, no external asset), nosniff, no referrer, and pages are
// not cached. Every page but the sign-in page and the static files needs a
// session (the __Host-liaison cookie); every POST carries the session's
// anti-CSRF token in the form field csrf. Handlers call internal/node only,
// which authorises (the guard) and audits; hiding a navigation entry from a
// role is a convenience, never the check.
//
// # Languages
//
// English, French and Hindi, from the officer's preference, else the
// browser's Accept-Language. Catalogs are the TOML files in i18n/; every
// user-visible string goes through a message key. TLP labels are never
// translated. Dates and times are shown in the officer's time zone.
package web

import (
	"log/slog"
	"net/http"
	"time"

	"github.com/liaison-project/liaison/internal/node"
)

// MaxForm is the largest request body a form may send.
const MaxForm = 1 << 20

// pageSize is how many rows a list page shows.
const pageSize = 50

// csp is the Content-Security-Policy of every response.
const csp = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; connect-src 'self'"

// Options configure the web UI.
type Options struct {
	// Zone is the node's time zone, for officers who chose none; nil is
	// UTC.
	Zone *time.Location
	// InsecureCookie drops the Secure attribute and the __Host- prefix
	// from the session cookie. Never set it outside tests over plain HTTP
	// on a non-loopback name.
	InsecureCookie bool
}

// Server serves the UI of one node.
type Server struct {
	node   *node.Node
	log    *slog.Logger
	opts   Options
	mux    *http.ServeMux
	pages  *pages
	static *assets
}

// New returns the web UI of n as an http.Handler. It panics when the
// embedded templates or catalogs are broken, which a test catches.
func New(n *node.Node, log *slog.Logger, opts Options) http.Handler {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	if opts.Zone == nil {
		opts.Zone = time.UTC
	}
	s := &Server{node: n, log: log, opts: opts, mux: http.NewServeMux()}
	cat, err := loadCatalogs()
	if err != nil {
		panic(err)
	}
	s.static, err = loadAssets()
	if err != nil {
		panic(err)
	}
	s.pages, err = parsePages(cat, s.static)
	if err != nil {
		panic(err)
	}
	s.routes()
	return s
}

func (s *Server) routes() {
	s.mux.Handle("GET /static/", s.static)
	s.mux.HandleFunc("GET /signin", s.getSignIn)
	s.mux.HandleFunc("POST /signin", s.postSignIn)
	s.handle("POST /signout", s.postSignOut, allowEnrol)
	s.handle("GET /account/totp", s.getTOTP, allowEnrol)
	s.handle("GET /account/totp.png", s.getTOTPImage, allowEnrol)
	s.handle("POST /account/totp", s.postTOTP, allowEnrol)
	s.handle("POST /account/preferences", s.postPreferences, allowEnrol)

	s.handle("GET /{$}", func(w http.ResponseWriter, r *http.Request, ss *session) {
		http.Redirect(w, r, home(ss.Officer.Role), http.StatusSeeOther)
	}, 0)
	s.handle("GET /inbox", s.getInbox, 0)
	s.handle("GET /messages/{id}", s.getMessage, 0)
	s.handle("POST /messages/{id}/disseminations", s.postDissemination, 0)
	s.handle("GET /cases", s.getCases, 0)
	s.handle("GET /cases/new", s.getNewCase, 0)
	s.handle("POST /cases", s.postCase, 0)
	s.handle("GET /cases/{id}", s.getCase, 0)
	s.handle("GET /cases/{id}/compose", s.getCompose, 0)
	s.handle("POST /cases/{id}/preview", s.postPreview, 0)
	s.handle("POST /cases/{id}/messages", s.postMessage, 0)
	s.handle("GET /requests", s.getRequests, 0)
	s.handle("POST /requests", s.postRequest, 0)
	s.handle("GET /requests/{id}", s.getRequest, 0)
	s.handle("POST /requests/{id}/answer", s.postRequestAnswer, 0)
	s.handle("POST /requests/{id}/ack", s.postRequestAck, 0)
	s.handle("POST /requests/{id}/decline", s.postRequestDecline, 0)
	s.handle("GET /approvals", s.getApprovals, 0)
	s.handle("POST /approvals/{id}/approve", s.postApprove, 0)
	s.handle("POST /approvals/{id}/reject", s.postReject, 0)
	s.handle("GET /consents", s.getConsents, 0)
	s.handle("POST /consents/{id}/grant", s.postConsentGrant, 0)
	s.handle("POST /consents/{id}/refuse", s.postConsentRefuse, 0)
	s.handle("GET /workplan", s.getWorkplan, 0)
	s.handle("GET /peers", s.getPeers, 0)
	s.handle("GET /directory", s.getDirectory, 0)
	s.handle("GET /audit", s.getAudit, 0)
	s.handle("GET /reports/oversight", s.getOversight, 0)
	s.handle("GET /reports/oversight.csv", s.getOversightCSV, 0)
	s.mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		s.notFound(w, r)
	})
}

// ServeHTTP sets the security headers and the size limit, then routes.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Content-Security-Policy", csp)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Cross-Origin-Opener-Policy", "same-origin")
	if r.Body != nil {
		r.Body = http.MaxBytesReader(w, r.Body, MaxForm)
	}
	s.mux.ServeHTTP(w, r)
}
