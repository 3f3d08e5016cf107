package api

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"mime"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/liaison-project/liaison"
)

// The TAXII 2.1 server (OASIS, TAXII Version 2.1, OASIS Standard, 10 June
// 2021), mounted at /taxii2/ beside /api/v1 on the officer listener. It has
// one API root, /taxii2/liaison/. Its handlers call the node, which
// authorises, stores and audits; this file does HTTP only: media types
// (section 1.6.8), authentication (section 1.6.1), errors (section 3.6.1).

const (
	// TAXIIMaxBody is the largest add-objects request read, the API
	// root's max_content_length (section 4.2.1).
	TAXIIMaxBody = 16 << 20
	// taxiiMaxLimit bounds a page whatever the client's limit (section
	// 3.4 "Pagination": the server MAY return fewer); taxiiDefaultLimit
	// applies when it gives none.
	taxiiMaxLimit     = 10000
	taxiiDefaultLimit = 1000

	taxiiMedia = "application/taxii+json;version=2.1"
	stixMedia  = "application/stix+json;version=2.1"
	taxiiRoot  = "liaison"
)

// taxiiRoutes registers the endpoints of TAXII 2.1 sections 4 and 5.
func (s *Server) taxiiRoutes() {
	m := http.NewServeMux()
	root := "/taxii2/{root}/"
	coll := root + "collections/{id}/"
	for _, rt := range []route{
		{"GET /taxii2/{$}", s.taxiiDiscovery},                              // 4.1 Server Discovery
		{"GET " + root + "{$}", s.taxiiAPIRoot},                            // 4.2 Get API Root Information
		{"GET " + root + "status/{status}/{$}", s.taxiiStatus},             // 4.3 Get Status
		{"GET " + root + "collections/{$}", s.taxiiCollections},            // 5.1 Get Collections
		{"GET " + coll + "{$}", s.taxiiCollection},                         // 5.2 Get A Collection
		{"GET " + coll + "manifest/{$}", s.taxiiManifest},                  // 5.3 Get Object Manifests
		{"GET " + coll + "objects/{$}", s.taxiiGetObjects},                 // 5.4 Get Objects
		{"POST " + coll + "objects/{$}", s.taxiiAddObjects},                // 5.5 Add Objects
		{"GET " + coll + "objects/{object}/{$}", s.taxiiGetObject},         // 5.6 Get An Object
		{"DELETE " + coll + "objects/{object}/{$}", s.taxiiDeleteObject},   // 5.7 Delete An Object
		{"GET " + coll + "objects/{object}/versions/{$}", s.taxiiVersions}, // 5.8 Get Object Versions
	} {
		m.Handle(rt.pattern, s.taxiiAuthenticated(rt.handler))
	}
	m.HandleFunc("/taxii2/", func(w http.ResponseWriter, r *http.Request) {
		s.taxiiError(w, r, liaison.Errorf(liaison.ENOTFOUND, "no TAXII endpoint %s %s", r.Method, r.URL.Path))
	})
	s.taxii = m
}

// taxiiAuthenticated authenticates with a bearer token, as the API does,
// or HTTP Basic whose password is the officer's API token (the user name
// is not read: the token names the officer). Both go through
// node.Authenticate, so failures are audited and limited per address.
// It then checks the root and the Accept header (section 1.6.8.1: 406
// when the client does not accept TAXII 2.1).
func (s *Server) taxiiAuthenticated(h func(http.ResponseWriter, *http.Request, *liaison.Officer)) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		auth := r.Header.Get("Authorization")
		token, offered := "", false
		if t, ok := strings.CutPrefix(auth, "Bearer "); ok {
			token, offered = strings.TrimSpace(t), true
		} else if b, ok := strings.CutPrefix(auth, "Basic "); ok {
			if raw, err := base64.StdEncoding.DecodeString(strings.TrimSpace(b)); err == nil {
				if _, pass, ok := strings.Cut(string(raw), ":"); ok {
					token, offered = pass, true
				}
			}
		}
		actor, err := s.node.Authenticate(r.Context(), token, r.RemoteAddr)
		if err != nil {
			if liaison.ErrorCode(err) == liaison.EUNAUTHORIZED {
				w.Header().Add("WWW-Authenticate", `Basic realm="liaison"`)
				challenge := `Bearer realm="liaison"`
				if offered {
					challenge += `, error="invalid_token"`
				}
				w.Header().Add("WWW-Authenticate", challenge)
			}
			s.taxiiError(w, r, err)
			return
		}
		if root := r.PathValue("root"); root != "" && root != taxiiRoot {
			s.taxiiError(w, r, liaison.Errorf(liaison.ENOTFOUND, "no API root %s", root))
			return
		}
		if !acceptsTAXII(r.Header.Values("Accept")) {
			s.taxiiErrorStatus(w, http.StatusNotAcceptable, "Not Acceptable",
				"this server answers "+taxiiMedia+" only; send it in Accept", nil)
			return
		}
		h(w, r.WithContext(context.WithValue(r.Context(), ctxKey{}, actor)), actor)
	})
}

// isTAXIIMedia reports whether a media type is TAXII 2.1: the type with
// version 2.1, or with no version, which section 1.6.8.1 reads as the
// latest the server supports.
func isTAXIIMedia(v string) bool {
	mt, params, err := mime.ParseMediaType(strings.TrimSpace(v))
	if err != nil || mt != "application/taxii+json" {
		return false
	}
	ver, ok := params["version"]
	return !ok || ver == "2.1"
}

func acceptsTAXII(accept []string) bool {
	for _, a := range accept {
		for _, v := range strings.Split(a, ",") {
			if isTAXIIMedia(v) {
				return true
			}
		}
	}
	return false
}

// taxiiErrorBody is the error message resource of section 3.6.1.
type taxiiErrorBody struct {
	Title       string         `json:"title"`
	Description string         `json:"description,omitempty"`
	HTTPStatus  string         `json:"http_status"`
	Details     map[string]any `json:"details,omitempty"`
}

// taxiiError writes err as a TAXII error message, its status from the
// error code as the API's are.
func (s *Server) taxiiError(w http.ResponseWriter, r *http.Request, err error) {
	code := liaison.ErrorCode(err)
	status := statuses[code]
	if code == liaison.EINTERNAL {
		s.log.Error("taxii: internal error", "method", r.Method, "path", r.URL.Path, "err", err)
	}
	details := map[string]any{"code": code}
	if f := liaison.ErrorFields(err); len(f) > 0 {
		details["errors"] = f
	}
	if rs := liaison.ErrorReasons(err); len(rs) > 0 {
		details["reasons"] = rs
	}
	if d := liaison.ErrorRetryAfter(err); code == liaison.ELIMITED && d > 0 {
		w.Header().Set("Retry-After", strconv.Itoa(int(d.Seconds()+0.999)))
	}
	s.taxiiErrorStatus(w, status, http.StatusText(status), liaison.ErrorMessage(err), details)
}

func (s *Server) taxiiErrorStatus(w http.ResponseWriter, status int, title, desc string, details map[string]any) {
	s.taxiiJSON(w, status, taxiiErrorBody{Title: title, Description: desc,
		HTTPStatus: strconv.Itoa(status), Details: details})
}

// taxiiJSON writes v as a TAXII 2.1 resource.
func (s *Server) taxiiJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", taxiiMedia)
	w.WriteHeader(status)
	if err := json.NewEncoder(w).Encode(v); err != nil {
		s.log.Debug("taxii: write response", "err", err)
	}
}

// taxiiTime writes a server time (date_added, request_timestamp, the
// X-TAXII-Date-Added headers) to the microsecond the node keeps, so a
// client that sends it back as added_after loses nothing.
func taxiiTime(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.000000Z") }

// taxiiVersion writes an object's version: milliseconds, as STIX writes
// modified, unless the sender wrote more.
func taxiiVersion(t time.Time) string {
	if t.Nanosecond()%int(time.Millisecond) == 0 {
		return t.UTC().Format("2006-01-02T15:04:05.000Z")
	}
	return t.UTC().Format(time.RFC3339Nano)
}
