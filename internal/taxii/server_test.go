package taxii

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync"
	"testing"
	"time"
)

// fakeServer is a TAXII 2.1 server of one collection, "c", under the API
// root /api/, that pages its objects in one of the ways servers do,
// right or wrong.
type fakeServer struct {
	t    *testing.T
	srv  *httptest.Server
	root string // the API root's URL

	mu   sync.Mutex
	objs []fakeObject
	// noNext: more without next; the client must page by added_after.
	noNext bool
	// ignoreNext: every request is answered with the first page.
	ignoreNext bool
	// limit is the largest page the server returns.
	limit int
	// gets are the query strings of the objects requests.
	gets []string
}

type fakeObject struct {
	id    string
	added time.Time
}

func (o fakeObject) raw() json.RawMessage {
	return json.RawMessage(fmt.Sprintf(`{"type":"indicator","id":%q,"x_n":1}`, o.id))
}

// newFakeServer serves n objects whose date_added advances by one
// second every `share` objects (share >= n: all share one date_added).
func newFakeServer(t *testing.T, n, share int) *fakeServer {
	f := &fakeServer{t: t, limit: 10}
	base := time.Date(2026, 3, 1, 12, 0, 0, 123456000, time.UTC)
	for i := range n {
		f.objs = append(f.objs, fakeObject{id: fmt.Sprintf("indicator--00000000-0000-4000-8000-%012d", i),
			added: base.Add(time.Duration(i/share) * time.Second)})
	}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /taxii2/{$}", func(w http.ResponseWriter, r *http.Request) {
		f.json(w, 200, map[string]any{"title": "fake", "default": "/api/", "api_roots": []string{"/api/"}})
	})
	mux.HandleFunc("GET /api/{$}", func(w http.ResponseWriter, r *http.Request) {
		f.json(w, 200, map[string]any{"title": "fake root", "versions": []string{MediaTAXII}, "max_content_length": 1000})
	})
	mux.HandleFunc("GET /api/collections/c/objects/{$}", f.objects)
	f.srv = httptest.NewTLSServer(mux)
	t.Cleanup(f.srv.Close)
	f.root = f.srv.URL + "/api/"
	return f
}

func (f *fakeServer) client() *Client { return &Client{HTTP: f.srv.Client(), Token: "t"} }

func (f *fakeServer) json(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", MediaTAXII)
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}

func (f *fakeServer) objects(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	defer f.mu.Unlock()
	q := r.URL.Query()
	f.gets = append(f.gets, r.URL.RawQuery)
	var after time.Time
	if v := q.Get("added_after"); v != "" {
		var err error
		if after, err = time.Parse(time.RFC3339Nano, v); err != nil {
			f.json(w, 400, map[string]string{"title": "bad added_after"})
			return
		}
	}
	var sel []fakeObject
	for _, o := range f.objs {
		if o.added.After(after) {
			sel = append(sel, o)
		}
	}
	start, err := strconv.Atoi(q.Get("next"))
	if err != nil && q.Get("next") != "" {
		f.json(w, 400, map[string]string{"title": "Bad Request", "description": "next has expired"})
		return
	}
	if f.ignoreNext || f.noNext {
		start = 0
	}
	limit := f.limit
	if l, err := strconv.Atoi(q.Get("limit")); err == nil && l > 0 && l < limit {
		limit = l
	}
	end := min(start+limit, len(sel))
	page := sel[min(start, end):end]
	env := map[string]any{"more": end < len(sel)}
	if end < len(sel) && !f.noNext {
		env["next"] = strconv.Itoa(end)
	}
	var objs []json.RawMessage
	for _, o := range page {
		objs = append(objs, o.raw())
	}
	if len(objs) > 0 {
		env["objects"] = objs
		w.Header().Set("X-TAXII-Date-Added-First", page[0].added.Format("2006-01-02T15:04:05.000000Z"))
		w.Header().Set("X-TAXII-Date-Added-Last", page[len(page)-1].added.Format("2006-01-02T15:04:05.000000Z"))
	}
	f.json(w, 200, env)
}
