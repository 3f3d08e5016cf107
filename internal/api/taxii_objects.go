package api

import (
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/liaison-project/liaison"
)

// taxiiDiscovery answers section 4.1: the server's one API root.
func (s *Server) taxiiDiscovery(w http.ResponseWriter, r *http.Request, _ *liaison.Officer) {
	s.taxiiJSON(w, http.StatusOK, map[string]any{
		"title":       "Liaison TAXII 2.1 server of " + s.node.Name(),
		"description": "STIX objects of this node's officers and of the arrangements covering cyber.",
		"default":     "/taxii2/" + taxiiRoot + "/",
		"api_roots":   []string{"/taxii2/" + taxiiRoot + "/"},
	})
}

// taxiiAPIRoot answers section 4.2.
func (s *Server) taxiiAPIRoot(w http.ResponseWriter, r *http.Request, _ *liaison.Officer) {
	s.taxiiJSON(w, http.StatusOK, map[string]any{
		"title":              "Liaison",
		"versions":           []string{taxiiMedia},
		"max_content_length": TAXIIMaxBody,
	})
}

// taxiiCollectionBody is the collection resource of section 5.2.1.
type taxiiCollectionBody struct {
	ID          string   `json:"id"`
	Title       string   `json:"title"`
	Description string   `json:"description,omitempty"`
	CanRead     bool     `json:"can_read"`
	CanWrite    bool     `json:"can_write"`
	MediaTypes  []string `json:"media_types"`
}

func collectionBody(c liaison.TAXIICollection) taxiiCollectionBody {
	return taxiiCollectionBody{ID: c.ID, Title: c.Title, Description: c.Description,
		CanRead: c.CanRead, CanWrite: c.CanWrite, MediaTypes: []string{stixMedia}}
}

// taxiiCollections answers section 5.1.
func (s *Server) taxiiCollections(w http.ResponseWriter, r *http.Request, actor *liaison.Officer) {
	cs, err := s.node.Collections(r.Context(), actor)
	if err != nil {
		s.taxiiError(w, r, err)
		return
	}
	out := make([]taxiiCollectionBody, len(cs))
	for i, c := range cs {
		out[i] = collectionBody(c)
	}
	s.taxiiJSON(w, http.StatusOK, map[string]any{"collections": out})
}

// taxiiCollection answers section 5.2.
func (s *Server) taxiiCollection(w http.ResponseWriter, r *http.Request, actor *liaison.Officer) {
	c, err := s.node.Collection(r.Context(), actor, r.PathValue("id"))
	if err != nil {
		s.taxiiError(w, r, err)
		return
	}
	s.taxiiJSON(w, http.StatusOK, collectionBody(*c))
}

// taxiiFilter reads the URL parameters of section 3.5 ("Filtering") and
// 3.4 ("Pagination"): added_after, limit, next and match[...], each match
// a comma-separated list. EINVALID names the parameter at fault.
func taxiiFilter(r *http.Request) (liaison.STIXFilter, error) {
	q := r.URL.Query()
	f := liaison.STIXFilter{Collection: r.PathValue("id"), After: q.Get("next"), Limit: taxiiDefaultLimit}
	bad := func(field, problem string) error {
		return liaison.Invalid(liaison.FieldError{Field: field, Problem: problem})
	}
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n <= 0 {
			return f, bad("limit", "not a positive integer")
		}
		f.Limit = min(n, taxiiMaxLimit)
	}
	if v := q.Get("added_after"); v != "" {
		t, err := time.Parse(time.RFC3339Nano, v)
		if err != nil {
			return f, bad("added_after", "not an RFC 3339 timestamp")
		}
		f.AddedAfter = &t
	}
	list := func(name string) []string {
		var out []string
		for _, v := range q[name] {
			for _, x := range strings.Split(v, ",") {
				if x = strings.TrimSpace(x); x != "" {
					out = append(out, x)
				}
			}
		}
		return out
	}
	f.IDs, f.Types, f.Versions, f.SpecVersions = list("match[id]"), list("match[type]"), list("match[version]"), list("match[spec_version]")
	// An SCO without spec_version is STIX 2.1 (STIX 2.1 section 3.2:
	// "the default value for SCOs is 2.1"); it is stored with none.
	if slices.Contains(f.SpecVersions, "2.1") {
		f.SpecVersions = append(f.SpecVersions, "")
	}
	if _, err := f.ParseVersions(); err != nil {
		return f, err
	}
	return f, nil
}

// taxiiPage reads one page for action; it writes the error itself and
// returns ok=false.
func (s *Server) taxiiPage(w http.ResponseWriter, r *http.Request, actor *liaison.Officer, action string,
	edit func(*liaison.STIXFilter)) ([]liaison.STIXObject, string, bool) {
	f, err := taxiiFilter(r)
	if err == nil && edit != nil {
		edit(&f)
	}
	var (
		objs []liaison.STIXObject
		next string
	)
	if err == nil {
		objs, next, err = s.node.STIXObjects(r.Context(), actor, action, f)
	}
	if err != nil {
		s.taxiiError(w, r, err)
		return nil, "", false
	}
	// Section 3.4.1: the first and last date_added of what is returned.
	if len(objs) > 0 {
		w.Header().Set("X-TAXII-Date-Added-First", taxiiTime(objs[0].DateAdded))
		w.Header().Set("X-TAXII-Date-Added-Last", taxiiTime(objs[len(objs)-1].DateAdded))
	}
	return objs, next, true
}

// writeEnvelope writes the envelope of section 3.7 (more, next when more
// follows, objects when there are any) with each object's bytes as
// stored, which were checked as JSON when added: encoding/json would
// re-check and compact every object, the most of a page's time, and
// escape <, > and & in its strings.
func (s *Server) writeEnvelope(w http.ResponseWriter, objs []liaison.STIXObject, next string) {
	n := 64 + len(next)
	for _, o := range objs {
		n += len(o.Raw) + 1
	}
	b := make([]byte, 0, n)
	b = append(b, `{"more":`...)
	b = strconv.AppendBool(b, next != "")
	if next != "" {
		b = append(b, `,"next":`...)
		q, _ := json.Marshal(next) // a string always marshals
		b = append(b, q...)
	}
	if len(objs) > 0 {
		b = append(b, `,"objects":[`...)
		for i, o := range objs {
			if i > 0 {
				b = append(b, ',')
			}
			b = append(b, o.Raw...)
		}
		b = append(b, ']')
	}
	b = append(b, "}\n"...)
	w.Header().Set("Content-Type", taxiiMedia)
	w.WriteHeader(http.StatusOK)
	if _, err := w.Write(b); err != nil {
		s.log.Debug("taxii: write response", "err", err)
	}
}

// taxiiGetObjects answers section 5.4.
func (s *Server) taxiiGetObjects(w http.ResponseWriter, r *http.Request, actor *liaison.Officer) {
	objs, next, ok := s.taxiiPage(w, r, actor, "taxii.objects", nil)
	if ok {
		s.writeEnvelope(w, objs, next)
	}
}

// taxiiGetObject answers section 5.6: the versions of one object that the
// filters select (the last by default); 404 when none.
func (s *Server) taxiiGetObject(w http.ResponseWriter, r *http.Request, actor *liaison.Officer) {
	id := r.PathValue("object")
	objs, next, ok := s.taxiiPage(w, r, actor, "taxii.object", func(f *liaison.STIXFilter) { f.IDs = []string{id} })
	if !ok {
		return
	}
	if len(objs) == 0 && r.URL.Query().Get("next") == "" {
		s.taxiiError(w, r, liaison.Errorf(liaison.ENOTFOUND, "object %s not found", id))
		return
	}
	s.writeEnvelope(w, objs, next)
}

// taxiiVersions answers section 5.8: every version of one object, oldest
// added first, match[version] ignored as the section says.
func (s *Server) taxiiVersions(w http.ResponseWriter, r *http.Request, actor *liaison.Officer) {
	id := r.PathValue("object")
	objs, next, ok := s.taxiiPage(w, r, actor, "taxii.versions", func(f *liaison.STIXFilter) {
		f.IDs, f.Versions, f.Types = []string{id}, []string{"all"}, nil
	})
	if !ok {
		return
	}
	if len(objs) == 0 && r.URL.Query().Get("next") == "" {
		s.taxiiError(w, r, liaison.Errorf(liaison.ENOTFOUND, "object %s not found", id))
		return
	}
	vs := make([]string, len(objs))
	for i, o := range objs {
		vs[i] = objectVersion(o)
	}
	body := map[string]any{"more": next != "", "versions": vs}
	if next != "" {
		body["next"] = next
	}
	s.taxiiJSON(w, http.StatusOK, body)
}

// objectVersion is the version TAXII names: modified (or created), else
// the date added (section 3.4.2 for objects without versions).
func objectVersion(o liaison.STIXObject) string {
	if o.Modified.IsZero() {
		return taxiiTime(o.DateAdded)
	}
	return taxiiVersion(o.Modified)
}

// taxiiManifest answers section 5.3.
func (s *Server) taxiiManifest(w http.ResponseWriter, r *http.Request, actor *liaison.Officer) {
	objs, next, ok := s.taxiiPage(w, r, actor, "taxii.manifest", nil)
	if !ok {
		return
	}
	type record struct {
		ID        string `json:"id"`
		DateAdded string `json:"date_added"`
		Version   string `json:"version"`
		MediaType string `json:"media_type"`
	}
	out := make([]record, len(objs))
	for i, o := range objs {
		out[i] = record{ID: o.ID, DateAdded: taxiiTime(o.DateAdded), Version: objectVersion(o), MediaType: stixMedia}
	}
	body := map[string]any{"more": next != ""}
	if next != "" {
		body["next"] = next
	}
	if len(out) > 0 {
		body["objects"] = out
	}
	s.taxiiJSON(w, http.StatusOK, body)
}

// taxiiAddObjects answers section 5.5: the body is an envelope (or, as
// clients written for TAXII 2.0 send, a STIX bundle) of at most
// TAXIIMaxBody bytes, sent as TAXII 2.1 (415 otherwise); the answer is the
// status resource, 202.
func (s *Server) taxiiAddObjects(w http.ResponseWriter, r *http.Request, actor *liaison.Officer) {
	if !isTAXIIMedia(r.Header.Get("Content-Type")) {
		mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
		s.taxiiErrorStatus(w, http.StatusUnsupportedMediaType, "Unsupported Media Type",
			"send the objects as "+taxiiMedia+", not "+strconv.Quote(mt), nil)
		return
	}
	body, err := io.ReadAll(r.Body)
	var tooLarge *http.MaxBytesError
	if errors.As(err, &tooLarge) {
		s.taxiiErrorStatus(w, http.StatusRequestEntityTooLarge, "Request Entity Too Large",
			"the body is larger than max_content_length "+strconv.Itoa(TAXIIMaxBody), nil)
		return
	} else if err != nil {
		s.taxiiError(w, r, liaison.Errorf(liaison.EINVALID, "read the body: %v", err))
		return
	}
	bundle, err := asBundle(body)
	if err != nil {
		s.taxiiError(w, r, err)
		return
	}
	st, err := s.node.AddSTIX(r.Context(), actor, r.PathValue("id"), bundle)
	if err != nil {
		s.taxiiError(w, r, err)
		return
	}
	s.taxiiJSON(w, http.StatusAccepted, statusBody(st))
}

// asBundle wraps an envelope's objects in a bundle for stix.DecodeBundle,
// leaving each object's bytes as sent; a bundle passes as it is.
func asBundle(body []byte) ([]byte, error) {
	var head struct {
		Type    string          `json:"type"`
		Objects json.RawMessage `json:"objects"`
	}
	if err := json.Unmarshal(body, &head); err != nil {
		return nil, liaison.Invalid(liaison.FieldError{Field: "$", Problem: "not a JSON object"})
	}
	if head.Type == "bundle" {
		return body, nil
	}
	if len(head.Objects) == 0 {
		return nil, liaison.Invalid(liaison.FieldError{Field: "objects", Problem: "required"})
	}
	b := make([]byte, 0, len(head.Objects)+80)
	b = append(b, `{"type":"bundle","id":"bundle--`+uuid.NewString()+`","objects":`...)
	b = append(b, head.Objects...)
	return append(b, '}'), nil
}

// taxiiStatusBody is the status resource of section 4.3.1.
type taxiiStatusBody struct {
	ID               string                     `json:"id"`
	Status           string                     `json:"status"`
	RequestTimestamp string                     `json:"request_timestamp"`
	TotalCount       int                        `json:"total_count"`
	SuccessCount     int                        `json:"success_count"`
	Successes        []liaison.STIXStatusDetail `json:"successes,omitempty"`
	FailureCount     int                        `json:"failure_count"`
	Failures         []liaison.STIXStatusDetail `json:"failures,omitempty"`
	PendingCount     int                        `json:"pending_count"`
	Pendings         []liaison.STIXStatusDetail `json:"pendings,omitempty"`
}

func statusBody(st *liaison.STIXStatus) taxiiStatusBody {
	return taxiiStatusBody{ID: st.ID, Status: st.Status, RequestTimestamp: taxiiTime(st.RequestTimestamp),
		TotalCount: st.TotalCount, SuccessCount: len(st.Successes), Successes: st.Successes,
		FailureCount: len(st.Failures), Failures: st.Failures, PendingCount: len(st.Pendings), Pendings: st.Pendings}
}

// taxiiStatus answers section 4.3.
func (s *Server) taxiiStatus(w http.ResponseWriter, r *http.Request, actor *liaison.Officer) {
	st, err := s.node.STIXStatus(r.Context(), actor, r.PathValue("status"))
	if err != nil {
		s.taxiiError(w, r, err)
		return
	}
	s.taxiiJSON(w, http.StatusOK, statusBody(st))
}

// taxiiDeleteObject answers section 5.7, match[version] and
// match[spec_version] selecting the versions (all by default).
func (s *Server) taxiiDeleteObject(w http.ResponseWriter, r *http.Request, actor *liaison.Officer) {
	f, err := taxiiFilter(r)
	if err == nil {
		err = s.node.DeleteSTIX(r.Context(), actor, f.Collection, r.PathValue("object"), f)
	}
	if err != nil {
		s.taxiiError(w, r, err)
		return
	}
	w.WriteHeader(http.StatusOK)
}
