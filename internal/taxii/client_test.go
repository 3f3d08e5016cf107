package taxii

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
)

func TestResolveRoot(t *testing.T) {
	f := newFakeServer(t, 0, 1)
	c := f.client()
	for _, u := range []string{f.srv.URL + "/taxii2/", f.srv.URL + "/taxii2", f.root} {
		got, err := c.ResolveRoot(t.Context(), u)
		if err != nil || got != f.root {
			t.Errorf("ResolveRoot(%s) = %q, %v; want %q", u, got, err, f.root)
		}
	}
	a, err := c.APIRoot(t.Context(), f.root)
	if err != nil || a.MaxContentLength != 1000 || a.Versions[0] != MediaTAXII {
		t.Errorf("APIRoot = %+v, %v", a, err)
	}
}

// TestErrors: each way a server's answer is wrong is an *Error naming
// the request and what the server said.
func TestErrors(t *testing.T) {
	mux := http.NewServeMux()
	mux.HandleFunc("/forbidden/", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", MediaTAXII)
		w.WriteHeader(403)
		io.WriteString(w, `{"title":"Forbidden","description":"officer x does not work in crime area cyber","http_status":"403"}`)
	})
	mux.HandleFunc("/html/", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		io.WriteString(w, `<html>login</html>`)
	})
	mux.HandleFunc("/proxy/", func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(502)
		io.WriteString(w, "bad gateway\n")
	})
	mux.HandleFunc("/big/", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", MediaTAXII)
		io.WriteString(w, `{"title":"`+strings.Repeat("x", 2000)+`"}`)
	})
	mux.HandleFunc("/notroot/", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", MediaTAXII)
		io.WriteString(w, `{"title":"neither"}`)
	})
	mux.HandleFunc("/badenv/", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", MediaTAXII)
		io.WriteString(w, `{"more":"yes","objects":[]}`)
	})
	srv := httptest.NewTLSServer(mux)
	defer srv.Close()
	c := &Client{HTTP: srv.Client(), MaxResponse: 1000}
	for _, tc := range []struct {
		name string
		call func() error
		want string
	}{
		{"ErrorMessage", func() error { _, err := c.Discover(t.Context(), srv.URL+"/forbidden/"); return err },
			"server answered 403 Forbidden: Forbidden: officer x does not work in crime area cyber"},
		{"MediaType", func() error { _, err := c.Discover(t.Context(), srv.URL+"/html/"); return err },
			`the answer is "text/html", not application/taxii+json;version=2.1`},
		{"NotTAXIIError", func() error { _, err := c.Discover(t.Context(), srv.URL+"/proxy/"); return err },
			"502 Bad Gateway: body: bad gateway"},
		{"TooLarge", func() error { _, err := c.Discover(t.Context(), srv.URL+"/big/"); return err },
			"the answer is larger than 1000 bytes"},
		{"NotARoot", func() error { _, err := c.ResolveRoot(t.Context(), srv.URL+"/notroot/"); return err },
			"neither an API root nor a discovery resource"},
		{"Envelope", func() error { _, err := c.Objects(t.Context(), srv.URL+"/badenv/", "c", Query{}); return err },
			"more is not a boolean"},
		{"PlainHTTP", func() error {
			_, err := (&Client{Token: "secret"}).Discover(t.Context(), "http://taxii.example/taxii2/")
			return err
		}, "refusing to send credentials over plain HTTP to taxii.example"},
		{"NotAURL", func() error { _, err := c.Discover(t.Context(), "ftp://x/"); return err }, "not an http or https URL"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.call()
			var e *Error
			if !errors.As(err, &e) || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error = %v, want an *Error saying %q", err, tc.want)
			}
		})
	}
}

// TestAddObjects sends an envelope and waits for a pending status.
func TestAddObjects(t *testing.T) {
	var reads atomic.Int32
	mux := http.NewServeMux()
	mux.HandleFunc("POST /api/collections/c/objects/", func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		if r.Header.Get("Content-Type") != MediaTAXII || string(b) != `{"objects":[{"a": 1},{"b":2}]}` {
			w.WriteHeader(415)
			return
		}
		w.Header().Set("Content-Type", MediaTAXII)
		w.WriteHeader(202)
		io.WriteString(w, `{"id":"s1","status":"pending","total_count":2,"success_count":1,"pending_count":1,"pendings":[{"id":"b","version":"v"}]}`)
	})
	mux.HandleFunc("GET /api/status/s1/", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", MediaTAXII)
		if reads.Add(1) < 3 {
			io.WriteString(w, `{"id":"s1","status":"pending","total_count":2,"success_count":1,"pending_count":1}`)
			return
		}
		io.WriteString(w, `{"id":"s1","status":"complete","total_count":2,"success_count":1,"failure_count":1,"failures":[{"id":"b","version":"v","message":"bad"}]}`)
	})
	srv := httptest.NewTLSServer(mux)
	defer srv.Close()
	c := &Client{HTTP: srv.Client(), User: "u", Password: "p", PollInterval: 1}
	st, err := c.AddObjects(t.Context(), srv.URL+"/api/", "c", EncodeEnvelope([]json.RawMessage{json.RawMessage(`{"a": 1}`), json.RawMessage(`{"b":2}`)}))
	if err != nil || st.Status != "pending" {
		t.Fatalf("AddObjects = %+v, %v", st, err)
	}
	st, err = c.WaitStatus(t.Context(), srv.URL+"/api/", st)
	if err != nil || st.Status != "complete" || st.FailureCount != 1 || st.Failures[0].Message != "bad" {
		t.Fatalf("WaitStatus = %+v, %v", st, err)
	}
}

func TestObjectsOf(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{`{"type":"bundle","id":"bundle--1","objects":[{"type":"x"}]}`, ""},
		{`{"objects":[{"type":"x"}]}`, ""},
		{`{"type":"indicator"}`, `type "indicator", not a bundle`},
		{`{"objects":[1]}`, "objects[0] is not a JSON object"},
		{`{"objects":[]}`, "no objects"},
		{`[]`, "not a JSON object"},
	} {
		_, err := ObjectsOf([]byte(tc.in))
		if (tc.want == "") != (err == nil) || (err != nil && !strings.Contains(err.Error(), tc.want)) {
			t.Errorf("ObjectsOf(%s) = %v, want %q", tc.in, err, tc.want)
		}
	}
}
