package main

import (
	"encoding/json"
	"encoding/pem"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
)

// pagingServer is a TAXII 2.1 server of one collection, "c", of valid
// STIX indicators sharing one date_added, paged by next, over TLS on
// loopback. It can block on one page until released, and answer the
// first page whatever next says.
type pagingServer struct {
	srv *httptest.Server
	ca  string
	n   int

	mu         sync.Mutex
	ignoreNext bool
	gets       []string // query strings of the objects requests
	// blockAt: the request with this next value signals reached and
	// waits for release.
	blockAt          string
	reached, release chan struct{}
}

func newPagingServer(t *testing.T, n int) *pagingServer {
	p := &pagingServer{n: n, reached: make(chan struct{}), release: make(chan struct{})}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /api/{$}", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/taxii+json;version=2.1")
		io.WriteString(w, `{"title":"paging","versions":["application/taxii+json;version=2.1"],"max_content_length":1000000}`)
	})
	mux.HandleFunc("GET /api/collections/c/objects/{$}", p.objects)
	p.srv = httptest.NewTLSServer(mux)
	t.Cleanup(func() {
		p.mu.Lock()
		if p.blockAt != "" {
			close(p.release)
			p.blockAt = ""
		}
		p.mu.Unlock()
		p.srv.Close()
	})
	p.ca = filepath.Join(t.TempDir(), "ca.pem")
	os.WriteFile(p.ca, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: p.srv.Certificate().Raw}), 0o600)
	return p
}

func (p *pagingServer) url() string { return p.srv.URL + "/api/" }

// set changes how the server behaves, under its lock.
func (p *pagingServer) set(f func(p *pagingServer)) {
	p.mu.Lock()
	defer p.mu.Unlock()
	f(p)
}

func (p *pagingServer) objects(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	p.mu.Lock()
	p.gets = append(p.gets, r.URL.RawQuery)
	block := p.blockAt != "" && q.Get("next") == p.blockAt
	ignore := p.ignoreNext
	p.mu.Unlock()
	if block {
		close(p.reached)
		<-p.release
		return
	}
	start, _ := strconv.Atoi(q.Get("next"))
	if ignore {
		start = 0
	}
	limit, _ := strconv.Atoi(q.Get("limit"))
	if limit <= 0 {
		limit = 10
	}
	end := min(start+limit, p.n)
	var objs []json.RawMessage
	for i := start; i < end; i++ {
		objs = append(objs, json.RawMessage(stixIndicator(i)))
	}
	env := map[string]any{"more": end < p.n, "objects": objs}
	if end < p.n {
		env["next"] = strconv.Itoa(end)
	}
	w.Header().Set("Content-Type", "application/taxii+json;version=2.1")
	w.Header().Set("X-TAXII-Date-Added-First", "2026-02-01T00:00:00.000000Z")
	w.Header().Set("X-TAXII-Date-Added-Last", "2026-02-01T00:00:00.000000Z")
	json.NewEncoder(w).Encode(env)
}

func (p *pagingServer) requests() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]string(nil), p.gets...)
}

func hasQuery(gets []string, want string) bool {
	for _, g := range gets {
		if strings.Contains(g, want) {
			return true
		}
	}
	return false
}
