package api

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/liaison-project/liaison"
	"github.com/liaison-project/liaison/examples/arrangements"
	"github.com/liaison-project/liaison/internal/node"
	"github.com/liaison-project/liaison/internal/sqlite"
)

// taxiiServer is a real node and HTTP server with the in–ca arrangement
// (which covers cyber), a cyber liaison officer and a drugs analyst.
type taxiiServer struct {
	tb            testing.TB
	url           string
	cyber, drugs  string // tokens
	local, shared string // collection ids
	n             *node.Node
	officer       *liaison.Officer // the cyber officer
	store         liaison.Store
}

// node returns the server's node and its cyber officer, for tests that
// call the service layer beside HTTP.
func (s *taxiiServer) node(tb testing.TB) (*node.Node, *liaison.Officer) { return s.n, s.officer }

func newTAXIIServer(tb testing.TB) *taxiiServer {
	tb.Helper()
	st, err := sqlite.Open(filepath.Join(tb.TempDir(), "liaison.db"))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { st.Close() })
	return newTAXIIServerOn(tb, st)
}

// newTAXIIServerOn is newTAXIIServer on the store st.
func newTAXIIServerOn(tb testing.TB, st liaison.Store) *taxiiServer {
	tb.Helper()
	ctx := context.Background()
	n, err := node.New(node.Config{Party: "in", Name: "Test node in", Store: st})
	if err != nil {
		tb.Fatal(err)
	}
	if _, err := n.ApplyArrangement(ctx, arrangements.InCA); err != nil {
		tb.Fatal(err)
	}
	officer, cyber, err := n.AddOfficer(ctx, liaison.Officer{Name: "Cyber", Agency: "cbi", Role: liaison.RoleLiaison, Areas: []liaison.CrimeArea{liaison.AreaCyber}}, "")
	if err != nil {
		tb.Fatal(err)
	}
	_, drugs, err := n.AddOfficer(ctx, liaison.Officer{Name: "Drugs", Agency: "ncb", Role: liaison.RoleAnalyst, Areas: []liaison.CrimeArea{liaison.AreaDrugs}}, "")
	if err != nil {
		tb.Fatal(err)
	}
	srv := httptest.NewServer(New(n, nil))
	tb.Cleanup(srv.Close)
	s := &taxiiServer{tb: tb, url: srv.URL, cyber: cyber, drugs: drugs, n: n, officer: officer, store: st}
	var cs struct{ Collections []taxiiCollectionBody }
	s.mustGet("/taxii2/liaison/collections/", &cs)
	if len(cs.Collections) != 2 {
		tb.Fatalf("collections = %+v, want 2", cs)
	}
	s.local, s.shared = cs.Collections[0].ID, cs.Collections[1].ID
	return s
}

type taxiiReply struct {
	status int
	header http.Header
	body   []byte
}

// do sends a request; header values override the defaults (the cyber
// officer's bearer token, Accept and Content-Type of TAXII 2.1).
func (s *taxiiServer) do(method, path string, body []byte, header ...string) taxiiReply {
	s.tb.Helper()
	req, err := http.NewRequest(method, s.url+path, bytes.NewReader(body))
	if err != nil {
		s.tb.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+s.cyber)
	req.Header.Set("Accept", taxiiMedia)
	if body != nil {
		req.Header.Set("Content-Type", taxiiMedia)
	}
	for i := 0; i+1 < len(header); i += 2 {
		if header[i+1] == "" {
			req.Header.Del(header[i])
		} else {
			req.Header.Set(header[i], header[i+1])
		}
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		s.tb.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		s.tb.Fatal(err)
	}
	return taxiiReply{resp.StatusCode, resp.Header, b}
}

func (s *taxiiServer) mustGet(path string, v any) taxiiReply {
	s.tb.Helper()
	r := s.do("GET", path, nil)
	if r.status != 200 || r.header.Get("Content-Type") != taxiiMedia {
		s.tb.Fatalf("GET %s = %d %s (%s), want 200 TAXII", path, r.status, r.header.Get("Content-Type"), r.body)
	}
	if err := json.Unmarshal(r.body, v); err != nil {
		s.tb.Fatalf("GET %s: %v", path, err)
	}
	return r
}

func taxiiIndicator(n int) string {
	return fmt.Sprintf(`{"type":"indicator","spec_version":"2.1","id":"indicator--00000000-0000-4000-8000-%012d",`+
		`"created":"2026-01-01T00:00:00.000Z","modified":"2026-01-01T00:00:00.000Z","pattern":"[ipv4-addr:value = '10.0.%d.%d']",`+
		`"pattern_type":"stix","valid_from":"2026-01-01T00:00:00Z"}`, n, n/250%250, n%250)
}

func taxiiEnvelopeOf(from, to int) []byte {
	objs := make([]string, 0, to-from)
	for i := from; i < to; i++ {
		objs = append(objs, taxiiIndicator(i))
	}
	return []byte(`{"objects":[` + strings.Join(objs, ",") + `]}`)
}

func TestTAXII(t *testing.T) {
	s := newTAXIIServer(t)
	objects := "/taxii2/liaison/collections/" + s.shared + "/objects/"

	t.Run("Discovery", func(t *testing.T) {
		var d struct {
			Default  string   `json:"default"`
			APIRoots []string `json:"api_roots"`
		}
		s.mustGet("/taxii2/", &d)
		if d.Default != "/taxii2/liaison/" || len(d.APIRoots) != 1 {
			t.Errorf("discovery = %+v", d)
		}
		var root struct {
			Versions   []string `json:"versions"`
			MaxContent int      `json:"max_content_length"`
		}
		s.mustGet("/taxii2/liaison/", &root)
		if root.Versions[0] != taxiiMedia || root.MaxContent != TAXIIMaxBody {
			t.Errorf("API root = %+v", root)
		}
		var c taxiiCollectionBody
		s.mustGet("/taxii2/liaison/collections/"+s.shared+"/", &c)
		if !c.CanRead || !c.CanWrite || c.MediaTypes[0] != stixMedia {
			t.Errorf("collection = %+v", c)
		}
		if r := s.do("GET", "/taxii2/other/", nil); r.status != 404 {
			t.Errorf("GET an unknown API root = %d, want 404", r.status)
		}
	})
	t.Run("Auth", func(t *testing.T) {
		basic := "Basic " + base64.StdEncoding.EncodeToString([]byte("anyone:"+s.cyber))
		if r := s.do("GET", "/taxii2/", nil, "Authorization", basic); r.status != 200 {
			t.Errorf("Basic = %d %s, want 200", r.status, r.body)
		}
		r := s.do("GET", "/taxii2/", nil, "Authorization", "")
		var e taxiiErrorBody
		json.Unmarshal(r.body, &e)
		if r.status != 401 || len(r.header.Values("WWW-Authenticate")) != 2 || e.HTTPStatus != "401" {
			t.Errorf("no credentials = %d %v %s, want 401 with Basic and Bearer challenges", r.status, r.header.Values("WWW-Authenticate"), r.body)
		}
		r = s.do("GET", "/taxii2/liaison/collections/", nil, "Authorization", "Bearer "+s.drugs)
		json.Unmarshal(r.body, &e)
		if r.status != 403 || e.HTTPStatus != "403" || r.header.Get("Content-Type") != taxiiMedia {
			t.Errorf("officer without cyber = %d %s, want 403 TAXII error", r.status, r.body)
		}
	})
	t.Run("MediaTypes", func(t *testing.T) {
		for _, a := range []string{"application/json", "application/taxii+json;version=2.0", ""} {
			if r := s.do("GET", "/taxii2/", nil, "Accept", a); r.status != 406 {
				t.Errorf("Accept %q = %d, want 406", a, r.status)
			}
		}
		if r := s.do("GET", "/taxii2/", nil, "Accept", "application/taxii+json"); r.status != 200 {
			t.Errorf("Accept without version = %d, want 200", r.status)
		}
		if r := s.do("POST", objects, taxiiEnvelopeOf(0, 1), "Content-Type", "application/json"); r.status != 415 {
			t.Errorf("POST as application/json = %d, want 415", r.status)
		}
	})

	// One request: 1,000 objects sharing one date_added.
	r := s.do("POST", objects, taxiiEnvelopeOf(0, 1000))
	var st taxiiStatusBody
	if err := json.Unmarshal(r.body, &st); err != nil || r.status != 202 {
		t.Fatalf("POST 1,000 = %d %s", r.status, r.body)
	}
	if st.TotalCount != 1000 || st.SuccessCount != 1000 || st.FailureCount != 0 || st.Status != "complete" {
		t.Fatalf("status = %+v", st)
	}

	t.Run("Status", func(t *testing.T) {
		bad := strings.Replace(taxiiIndicator(5000), `'10.0.20.0']`, `'10.0.20.0'`, 1)
		bundle := `{"type":"bundle","id":"bundle--5d0092c5-5f74-4287-9642-33f4c354e56d","objects":[` + taxiiIndicator(5001) + "," + bad + `]}`
		r := s.do("POST", objects, []byte(bundle))
		var st taxiiStatusBody
		json.Unmarshal(r.body, &st)
		if r.status != 202 || st.TotalCount != 2 || st.SuccessCount != 1 || st.FailureCount != 1 ||
			!strings.HasSuffix(st.Failures[0].ID, "5000") || st.Failures[0].Message == "" {
			t.Fatalf("POST good and bad = %d %s", r.status, r.body)
		}
		var got taxiiStatusBody
		s.mustGet("/taxii2/liaison/status/"+st.ID+"/", &got)
		if got.ID != st.ID || got.SuccessCount != 1 || got.FailureCount != 1 {
			t.Errorf("GET status = %+v, want %+v", got, st)
		}
	})

	t.Run("Pagination", func(t *testing.T) {
		seen := map[string]bool{}
		next, pages, last := "", 0, ""
		for {
			path := objects + "?limit=7"
			if next != "" {
				path += "&next=" + next
			}
			var env struct {
				More    bool              `json:"more"`
				Next    string            `json:"next"`
				Objects []json.RawMessage `json:"objects"`
			}
			r := s.mustGet(path, &env)
			pages++
			if r.header.Get("X-TAXII-Date-Added-First") == "" || r.header.Get("X-TAXII-Date-Added-Last") == "" {
				t.Fatalf("page %d: no X-TAXII-Date-Added headers", pages)
			}
			last = r.header.Get("X-TAXII-Date-Added-Last")
			for _, o := range env.Objects {
				var h struct{ ID string }
				json.Unmarshal(o, &h)
				if seen[h.ID] {
					t.Fatalf("page %d repeats %s", pages, h.ID)
				}
				seen[h.ID] = true
			}
			if env.More != (env.Next != "") {
				t.Fatalf("page %d: more %v with next %q", pages, env.More, env.Next)
			}
			if !env.More {
				break
			}
			next = env.Next
		}
		if len(seen) != 1001 || pages != 143 {
			t.Errorf("paged %d objects in %d pages, want 1001 in 143", len(seen), pages)
		}
		var env struct{ Objects []json.RawMessage }
		s.mustGet(objects+"?added_after="+last, &env)
		if len(env.Objects) != 0 {
			t.Errorf("added_after the last date = %d objects, want 0", len(env.Objects))
		}
	})

	t.Run("Filters", func(t *testing.T) {
		var env struct{ Objects []json.RawMessage }
		s.mustGet(objects+"?match[type]=malware", &env)
		if len(env.Objects) != 0 {
			t.Errorf("match[type]=malware = %d objects", len(env.Objects))
		}
		id := "indicator--00000000-0000-4000-8000-000000000003"
		s.mustGet(objects+"?match[id]="+id+",indicator--00000000-0000-4000-8000-000000000004&match[version]=first&match[spec_version]=2.1", &env)
		if len(env.Objects) != 2 {
			t.Errorf("match[id] of two = %d objects", len(env.Objects))
		}
		if r := s.do("GET", objects+"?match[version]=newest", nil); r.status != 400 {
			t.Errorf("match[version]=newest = %d, want 400", r.status)
		}
		if r := s.do("GET", objects+"?limit=0", nil); r.status != 400 {
			t.Errorf("limit=0 = %d, want 400", r.status)
		}
		var m struct {
			More    bool `json:"more"`
			Objects []struct {
				ID, DateAdded, Version, MediaType string
			} `json:"objects"`
		}
		r := s.mustGet("/taxii2/liaison/collections/"+s.shared+"/manifest/?limit=5", &m)
		if !m.More || len(m.Objects) != 5 || r.header.Get("X-TAXII-Date-Added-Last") == "" {
			t.Errorf("manifest = %+v", m)
		}
		var v struct{ Versions []string }
		s.mustGet(objects+id+"/versions/", &v)
		if len(v.Versions) != 1 || v.Versions[0] != "2026-01-01T00:00:00.000Z" {
			t.Errorf("versions = %v", v.Versions)
		}
		s.mustGet(objects+id+"/", &env)
		if len(env.Objects) != 1 || string(env.Objects[0]) != taxiiIndicator(3) {
			t.Errorf("object = %s, want the bytes as sent", env.Objects)
		}
		if r := s.do("DELETE", objects+id+"/", nil); r.status != 200 {
			t.Errorf("DELETE = %d %s", r.status, r.body)
		}
		if r := s.do("GET", objects+id+"/", nil); r.status != 404 {
			t.Errorf("GET deleted = %d, want 404", r.status)
		}
		if r := s.do("DELETE", objects+id+"/", nil); r.status != 404 {
			t.Errorf("DELETE again = %d, want 404", r.status)
		}
	})
}

// BenchmarkTAXII adds 10,000 indicators in one request and pages them
// out 1,000 at a time.
func BenchmarkTAXII(b *testing.B) {
	const n = 10000
	body := taxiiEnvelopeOf(0, n)
	var adding, paging time.Duration
	for b.Loop() {
		b.StopTimer()
		s := newTAXIIServer(b)
		objects := "/taxii2/liaison/collections/" + s.shared + "/objects/"
		b.StartTimer()
		start := time.Now()
		if r := s.do("POST", objects, body); r.status != 202 {
			b.Fatalf("POST = %d %s", r.status, r.body)
		}
		adding += time.Since(start)
		start = time.Now()
		got, next := 0, ""
		for {
			var env struct {
				Next    string
				Objects []json.RawMessage
			}
			s.mustGet(objects+"?limit=1000&next="+next, &env)
			got += len(env.Objects)
			if env.Next == "" {
				break
			}
			next = env.Next
		}
		paging += time.Since(start)
		if got != n {
			b.Fatalf("paged %d, want %d", got, n)
		}
	}
	b.ReportMetric(float64(n*b.N)/adding.Seconds(), "added/s")
	b.ReportMetric(float64(n*b.N)/paging.Seconds(), "paged/s")
}
