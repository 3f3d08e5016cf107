package api

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"
)

// TestTAXIIConformance walks the requirements (MUST) of OASIS TAXII
// Version 2.1 (OASIS Standard, 10 June 2021) against the server, one
// subtest per section, named after it.
func TestTAXIIConformance(t *testing.T) {
	s := newTAXIIServer(t)
	root := "/taxii2/liaison/"
	coll := root + "collections/" + s.local + "/"
	objects := coll + "objects/"

	// One object in three versions, added in three requests; an SCO
	// without spec_version or modified; a batch sharing one date_added.
	const versioned = "indicator--11111111-1111-4111-8111-111111111111"
	for i, mod := range []string{"2026-01-01T00:00:00.000Z", "2026-02-01T00:00:00.000Z", "2026-03-01T00:00:00.000Z"} {
		obj := fmt.Sprintf(`{"type":"indicator","spec_version":"2.1","id":%q,"created":"2026-01-01T00:00:00.000Z","modified":%q,`+
			`"pattern":"[domain-name:value = 'v%d.example']","pattern_type":"stix","valid_from":"2026-01-01T00:00:00Z"}`, versioned, mod, i)
		s.mustAdd(objects, obj)
	}
	const sco = "ipv4-addr--22222222-2222-4222-8222-222222222222"
	s.mustAdd(objects, `{"type":"ipv4-addr","id":"`+sco+`","value":"192.0.2.7"}`)
	s.mustAdd(objects, string(taxiiEnvelopeOf(0, 20))[len(`{"objects":[`):len(taxiiEnvelopeOf(0, 20))-2])
	total := 3 + 1 + 20 // versions held

	t.Run("1.6.1_HTTPBasic", func(t *testing.T) {
		basic := "Basic " + base64.StdEncoding.EncodeToString([]byte("cert:"+s.cyber))
		if r := s.do("GET", root, nil, "Authorization", basic); r.status != 200 {
			t.Errorf("Basic = %d, want 200", r.status)
		}
	})
	t.Run("1.6.8_MediaTypes", func(t *testing.T) {
		for _, p := range []string{"/taxii2/", root, root + "collections/", coll, objects, coll + "manifest/",
			objects + versioned + "/", objects + versioned + "/versions/"} {
			if r := s.do("GET", p, nil); r.status != 200 || r.header.Get("Content-Type") != taxiiMedia {
				t.Errorf("GET %s = %d %q, want 200 %s", p, r.status, r.header.Get("Content-Type"), taxiiMedia)
			}
		}
		var c taxiiCollectionBody
		s.mustGet(coll, &c)
		if !slices.Equal(c.MediaTypes, []string{stixMedia}) {
			t.Errorf("media_types = %v, want [%s]", c.MediaTypes, stixMedia)
		}
	})
	t.Run("1.6.8.1_ContentNegotiation", func(t *testing.T) {
		for accept, want := range map[string]int{
			"":                                    406,
			"application/json":                    406,
			"application/taxii+json;version=2.0":  406,
			"application/stix+json;version=2.1":   406,
			"application/taxii+json":              200, // no version: the latest the server has
			"application/taxii+json; version=2.1": 200,
			"text/html, application/taxii+json;version=2.1": 200,
		} {
			r := s.do("GET", root, nil, "Accept", accept)
			if r.status != want {
				t.Errorf("Accept %q = %d, want %d", accept, r.status, want)
			}
			if want == 406 {
				s.checkError(t, r, 406)
			}
		}
		for _, ct := range []string{"application/json", "application/stix+json;version=2.1", "application/taxii+json;version=2.0"} {
			r := s.do("POST", objects, taxiiEnvelopeOf(100, 101), "Content-Type", ct)
			if r.status != 415 {
				t.Errorf("POST as %q = %d, want 415", ct, r.status)
			}
			s.checkError(t, r, 415)
		}
	})
	t.Run("3.1_Timestamps", func(t *testing.T) {
		r := s.do("GET", coll+"manifest/", nil)
		var m manifestBody
		json.Unmarshal(r.body, &m)
		stamps := []string{r.header.Get("X-TAXII-Date-Added-First"), r.header.Get("X-TAXII-Date-Added-Last")}
		for _, rec := range m.Objects {
			stamps = append(stamps, rec.DateAdded, rec.Version)
		}
		for _, ts := range stamps {
			if _, err := time.Parse(time.RFC3339Nano, ts); err != nil || !strings.HasSuffix(ts, "Z") {
				t.Errorf("timestamp %q is not RFC 3339 in UTC with Z", ts)
			}
		}
	})
	t.Run("3.3_Sorting", func(t *testing.T) {
		m := s.manifest(t, coll+"manifest/?match[version]=all")
		if len(m) != total {
			t.Fatalf("manifest = %d records, want %d", len(m), total)
		}
		for i := 1; i < len(m); i++ {
			if m[i].DateAdded < m[i-1].DateAdded {
				t.Errorf("record %d added %s before record %d's %s: not sorted by date_added", i, m[i].DateAdded, i-1, m[i-1].DateAdded)
			}
		}
	})
	t.Run("3.4_Pagination", func(t *testing.T) {
		for _, limit := range []int{1, 3, 7, total, total + 1} {
			ids := s.pageAll(t, objects+"?match[version]=all", limit)
			if len(ids) != total {
				t.Errorf("limit %d: paged %d, want %d", limit, len(ids), total)
			}
		}
		if r := s.do("GET", objects+"?next=bogus", nil); r.status != 400 {
			t.Errorf("next=bogus = %d, want 400", r.status)
		}
	})
	t.Run("3.4.1_DateAddedHeaders", func(t *testing.T) {
		for _, p := range []string{objects + "?limit=5", coll + "manifest/?limit=5", objects + versioned + "/?match[version]=all",
			objects + versioned + "/versions/"} {
			r := s.do("GET", p, nil)
			first, last := r.header.Get("X-TAXII-Date-Added-First"), r.header.Get("X-TAXII-Date-Added-Last")
			if r.status != 200 || first == "" || last == "" || last < first {
				t.Errorf("GET %s = %d, first %q last %q", p, r.status, first, last)
			}
		}
		// The headers are the first and last date_added of the records
		// returned.
		r := s.do("GET", coll+"manifest/?limit=5", nil)
		var m manifestBody
		json.Unmarshal(r.body, &m)
		if r.header.Get("X-TAXII-Date-Added-First") != m.Objects[0].DateAdded || r.header.Get("X-TAXII-Date-Added-Last") != m.Objects[4].DateAdded {
			t.Errorf("headers %s..%s, records %s..%s", r.header.Get("X-TAXII-Date-Added-First"), r.header.Get("X-TAXII-Date-Added-Last"),
				m.Objects[0].DateAdded, m.Objects[4].DateAdded)
		}
	})
	t.Run("3.5_Filtering", func(t *testing.T) {
		all := s.manifest(t, coll+"manifest/?match[version]=all")
		second := all[1].DateAdded // the versioned object's second version
		for _, c := range []struct {
			query string
			want  int
		}{
			{"", 1 + 1 + 20},                     // last versions
			{"match[version]=all", total},        // every version
			{"match[version]=first", 1 + 1 + 20}, // one per object
			{"match[version]=first,last", 2 + 1 + 20},
			{"match[version]=2026-02-01T00:00:00.000Z", 1},
			{"match[version]=2026-02-01T00:00:00Z", 1}, // compared as times
			{"match[id]=" + versioned, 1},
			{"match[id]=" + versioned + "&match[version]=all", 3},
			{"match[id]=" + versioned + "," + sco, 2},
			{"match[type]=ipv4-addr", 1},
			{"match[type]=indicator,ipv4-addr", 1 + 1 + 20},
			{"match[type]=malware", 0},
			{"match[spec_version]=2.1", 1 + 1 + 20}, // an SCO without spec_version is 2.1 (STIX 2.1 section 3.2)
			{"match[spec_version]=2.0", 0},
			{"added_after=" + url.QueryEscape(second) + "&match[version]=all", total - 2},
			{"added_after=" + url.QueryEscape(all[len(all)-1].DateAdded), 0},
		} {
			if got := s.pageAll(t, objects+"?"+c.query, 0); len(got) != c.want {
				t.Errorf("?%s = %d objects, want %d", c.query, len(got), c.want)
			}
		}
		for _, q := range []string{"added_after=yesterday", "match[version]=newest", "limit=0", "limit=-1", "limit=x"} {
			r := s.do("GET", objects+"?"+q, nil)
			if r.status != 400 {
				t.Errorf("?%s = %d, want 400", q, r.status)
			}
			s.checkError(t, r, 400)
		}
	})
	t.Run("3.6.1_ErrorMessage", func(t *testing.T) {
		for path, want := range map[string]int{
			coll + "nope/":                       404,
			root + "collections/no-such-thing/":  404,
			"/taxii2/otherroot/":                 404,
			objects + "indicator--nope/":         404,
			root + "status/no-such-status/":      404,
			objects + "?match[version]=sometime": 400,
		} {
			s.checkError(t, s.do("GET", path, nil), want)
		}
		s.checkError(t, s.do("GET", root, nil, "Authorization", ""), 401)
		s.checkError(t, s.do("GET", root, nil, "Authorization", "Bearer wrong"), 401)
		s.checkError(t, s.do("GET", root+"collections/", nil, "Authorization", "Bearer "+s.drugs), 403)
	})
	t.Run("3.7_Envelope", func(t *testing.T) {
		for _, p := range []string{objects + "?limit=2", objects + "?limit=1000", objects + "?match[type]=malware"} {
			var raw map[string]json.RawMessage
			s.mustGet(p, &raw)
			var more bool
			if err := json.Unmarshal(raw["more"], &more); err != nil {
				t.Errorf("GET %s: more = %s, not a boolean", p, raw["more"])
			}
			if _, hasNext := raw["next"]; hasNext != more {
				t.Errorf("GET %s: more %v, next present %v", p, more, hasNext)
			}
		}
	})
	t.Run("4.1_ServerDiscovery", func(t *testing.T) {
		var d struct {
			Title    string   `json:"title"`
			Default  string   `json:"default"`
			APIRoots []string `json:"api_roots"`
		}
		s.mustGet("/taxii2/", &d)
		if d.Title == "" || !slices.Contains(d.APIRoots, d.Default) {
			t.Errorf("discovery = %+v: want a title and the default among api_roots", d)
		}
		for _, r := range d.APIRoots {
			if !strings.HasPrefix(r, "/") || strings.HasPrefix(r, "//") || strings.Contains(r, "?") {
				t.Errorf("api_root %q: a relative URL must begin with one / and carry no query", r)
			}
		}
	})
	t.Run("4.2_APIRoot", func(t *testing.T) {
		var a struct {
			Title    string   `json:"title"`
			Versions []string `json:"versions"`
			Max      *int     `json:"max_content_length"`
		}
		s.mustGet(root, &a)
		if a.Title == "" || !slices.Contains(a.Versions, taxiiMedia) || a.Max == nil || *a.Max <= 0 {
			t.Errorf("API root = %+v", a)
		}
		// Requests up to max_content_length MUST NOT be refused with 413.
		over := append([]byte(`{"objects":[`), bytes.Repeat([]byte(" "), TAXIIMaxBody)...)
		over = append(over, `]}`...)
		s.checkError(t, s.do("POST", objects, over), 413)
	})
	t.Run("4.3_Status", func(t *testing.T) {
		bad := strings.Replace(taxiiIndicator(500), `"pattern_type":"stix"`, `"pattern_type":"stix","created":"yesterday"`, 1)
		r := s.do("POST", objects, []byte(`{"objects":[`+taxiiIndicator(501)+`,`+bad+`,`+taxiiIndicator(0)+`]}`))
		var posted taxiiStatusBody
		json.Unmarshal(r.body, &posted)
		var got taxiiStatusBody
		s.mustGet(root+"status/"+posted.ID+"/", &got)
		for _, st := range []taxiiStatusBody{posted, got} {
			if st.ID == "" || st.Status != "complete" || st.TotalCount != 3 ||
				st.SuccessCount+st.FailureCount+st.PendingCount != st.TotalCount ||
				st.SuccessCount != len(st.Successes) || st.FailureCount != len(st.Failures) || st.FailureCount != 1 {
				t.Errorf("status = %+v", st)
			}
			for _, d := range append(st.Successes, st.Failures...) {
				if d.ID == "" || d.Version == "" && d.Message == "" {
					t.Errorf("status detail %+v: want id and version", d)
				}
			}
		}
		// The delete keeps the next subtests' counts.
		s.do("DELETE", objects+"indicator--00000000-0000-4000-8000-000000000501/", nil)
	})
	t.Run("5.1_GetCollections", func(t *testing.T) {
		var cs struct{ Collections []taxiiCollectionBody }
		s.mustGet(root+"collections/", &cs)
		if len(cs.Collections) != 2 || cs.Collections[0].ID != s.local {
			t.Errorf("collections = %+v", cs)
		}
	})
	t.Run("5.2_GetACollection", func(t *testing.T) {
		var raw map[string]json.RawMessage
		s.mustGet(coll, &raw)
		for _, k := range []string{"id", "title", "can_read", "can_write"} {
			if _, ok := raw[k]; !ok {
				t.Errorf("collection has no %s", k)
			}
		}
	})
	t.Run("5.3_GetObjectManifests", func(t *testing.T) {
		m := s.manifest(t, coll+"manifest/?match[id]="+versioned+"&match[version]=all")
		if len(m) != 3 {
			t.Fatalf("manifest of 3 versions = %d records", len(m))
		}
		for i, rec := range m {
			want := []string{"2026-01-01T00:00:00.000Z", "2026-02-01T00:00:00.000Z", "2026-03-01T00:00:00.000Z"}[i]
			if rec.ID != versioned || rec.Version != want || rec.MediaType != stixMedia || rec.DateAdded == "" {
				t.Errorf("record %d = %+v, want version %s", i, rec, want)
			}
		}
		if m := s.manifest(t, coll+"manifest/?match[id]="+sco); len(m) != 1 || m[0].Version != m[0].DateAdded {
			t.Errorf("manifest of an unversioned SCO = %+v, want its date_added as version", m)
		}
	})
	t.Run("5.4_GetObjects", func(t *testing.T) {
		var env struct{ Objects []json.RawMessage }
		s.mustGet(objects+"?match[id]="+versioned, &env)
		if len(env.Objects) != 1 || !bytes.Contains(env.Objects[0], []byte(`"2026-03-01T00:00:00.000Z"`)) {
			t.Errorf("objects = %s, want the last version", env.Objects)
		}
	})
	t.Run("5.5_AddObjects", func(t *testing.T) {
		for body, want := range map[string]int{
			`not json`:       400,
			`{"more":false}`: 400,
		} {
			s.checkError(t, s.do("POST", objects, []byte(body)), want)
		}
		// A bundle, as TAXII 2.0 clients send, is taken too.
		r := s.do("POST", objects, []byte(`{"type":"bundle","id":"bundle--0d0f00ba-3333-4333-8333-333333333333","objects":[`+taxiiIndicator(0)+`]}`))
		var st taxiiStatusBody
		if json.Unmarshal(r.body, &st); r.status != 202 || st.SuccessCount != 1 {
			t.Errorf("POST a bundle = %d %s", r.status, r.body)
		}
	})
	t.Run("5.6_GetAnObject", func(t *testing.T) {
		var env struct{ Objects []json.RawMessage }
		s.mustGet(objects+versioned+"/?match[version]=all", &env)
		if len(env.Objects) != 3 {
			t.Errorf("object, all versions = %d", len(env.Objects))
		}
		s.mustGet(objects+versioned+"/?match[version]=first", &env)
		if len(env.Objects) != 1 || !bytes.Contains(env.Objects[0], []byte(`"modified":"2026-01-01T00:00:00.000Z"`)) {
			t.Errorf("object, first version = %s", env.Objects)
		}
		s.checkError(t, s.do("GET", objects+"indicator--99999999-9999-4999-8999-999999999999/", nil), 404)
	})
	t.Run("5.8_GetObjectVersions", func(t *testing.T) {
		var v struct {
			More     bool     `json:"more"`
			Versions []string `json:"versions"`
		}
		s.mustGet(objects+versioned+"/versions/", &v)
		want := []string{"2026-01-01T00:00:00.000Z", "2026-02-01T00:00:00.000Z", "2026-03-01T00:00:00.000Z"}
		if v.More || !slices.Equal(v.Versions, want) {
			t.Errorf("versions = %+v, want %v", v, want)
		}
		s.mustGet(objects+versioned+"/versions/?limit=2", &v)
		if !v.More || len(v.Versions) != 2 {
			t.Errorf("versions, limit 2 = %+v", v)
		}
		s.checkError(t, s.do("GET", objects+"indicator--99999999-9999-4999-8999-999999999999/versions/", nil), 404)
	})
	t.Run("5.7_DeleteAnObject", func(t *testing.T) {
		if r := s.do("DELETE", objects+versioned+"/?match[version]=first", nil); r.status != 200 {
			t.Fatalf("DELETE first version = %d %s", r.status, r.body)
		}
		var v struct{ Versions []string }
		s.mustGet(objects+versioned+"/versions/", &v)
		if len(v.Versions) != 2 {
			t.Errorf("after deleting the first version: %v", v.Versions)
		}
		if r := s.do("DELETE", objects+versioned+"/", nil); r.status != 200 {
			t.Fatalf("DELETE = %d", r.status)
		}
		s.checkError(t, s.do("GET", objects+versioned+"/", nil), 404)
		s.checkError(t, s.do("DELETE", objects+versioned+"/", nil), 404)
	})
}

// TestTAXIIConformanceBurst pages 10,000 objects that share one
// date_added through HTTP (TAXII 2.1 section 3.4): every object exactly
// once, by next, at a limit that divides nothing evenly, for objects and
// for manifests, on both stores.
func TestTAXIIConformanceBurst(t *testing.T) {
	t.Run("SQLite", func(t *testing.T) { testTAXIIBurst(t, newTAXIIServer(t)) })
	t.Run("PostgreSQL", func(t *testing.T) { testTAXIIBurst(t, newPostgresTAXIIServer(t)) })
}

func testTAXIIBurst(t *testing.T, s *taxiiServer) {
	objects := "/taxii2/liaison/collections/" + s.local + "/objects/"
	const n = 10000
	st := s.mustAdd(objects, string(taxiiEnvelopeOf(0, n))[len(`{"objects":[`):len(taxiiEnvelopeOf(0, n))-2])
	if st.SuccessCount != n {
		t.Fatalf("added %d, want %d", st.SuccessCount, n)
	}
	ids := s.pageAll(t, objects, 997)
	if len(ids) != n {
		t.Errorf("paged %d objects, want %d", len(ids), n)
	}
	for i, id := range ids {
		if want := fmt.Sprintf("indicator--00000000-0000-4000-8000-%012d", i); id != want {
			t.Fatalf("object %d = %s, want %s", i, id, want)
		}
	}
	if m := s.manifest(t, "/taxii2/liaison/collections/"+s.local+"/manifest/?limit=10000"); len(m) != n || m[0].DateAdded != m[n-1].DateAdded {
		t.Errorf("manifest = %d records, want %d sharing one date_added", len(m), n)
	}
}

type manifestRecord struct {
	ID        string `json:"id"`
	DateAdded string `json:"date_added"`
	Version   string `json:"version"`
	MediaType string `json:"media_type"`
}

type manifestBody struct {
	More    bool             `json:"more"`
	Next    string           `json:"next"`
	Objects []manifestRecord `json:"objects"`
}

// mustAdd posts objects (JSON texts joined by commas) and returns the
// status, failing unless every object succeeded.
func (s *taxiiServer) mustAdd(path, objs string) taxiiStatusBody {
	s.tb.Helper()
	r := s.do("POST", path, []byte(`{"objects":[`+objs+`]}`))
	var st taxiiStatusBody
	if err := json.Unmarshal(r.body, &st); err != nil || r.status != 202 || st.FailureCount != 0 {
		s.tb.Fatalf("POST = %d %.500s", r.status, r.body)
	}
	return st
}

// pageAll follows next from path (which may carry a query) at limit (0:
// the server's default) and returns the ids, failing on a repeat.
func (s *taxiiServer) pageAll(t *testing.T, path string, limit int) []string {
	t.Helper()
	var ids []string
	seen := map[string]bool{}
	next := ""
	for pages := 0; ; pages++ {
		if pages > 20000 {
			t.Fatal("next does not advance")
		}
		q := url.Values{}
		if limit > 0 {
			q.Set("limit", fmt.Sprint(limit))
		}
		if next != "" {
			q.Set("next", next)
		}
		p := path
		if len(q) > 0 {
			if strings.Contains(p, "?") {
				p += "&" + q.Encode()
			} else {
				p += "?" + q.Encode()
			}
		}
		var env struct {
			More    bool              `json:"more"`
			Next    string            `json:"next"`
			Objects []json.RawMessage `json:"objects"`
		}
		s.mustGet(p, &env)
		if limit > 0 && len(env.Objects) > limit {
			t.Fatalf("GET %s = %d objects, more than the limit", p, len(env.Objects))
		}
		for _, o := range env.Objects {
			var h struct {
				ID       string `json:"id"`
				Modified string `json:"modified"`
			}
			json.Unmarshal(o, &h)
			if k := h.ID + "@" + h.Modified; seen[k] {
				t.Fatalf("GET %s repeats %s", p, k)
			} else {
				seen[k] = true
			}
			ids = append(ids, h.ID)
		}
		if !env.More {
			return ids
		}
		next = env.Next
	}
}

// manifest reads every page of a manifest.
func (s *taxiiServer) manifest(t *testing.T, path string) []manifestRecord {
	t.Helper()
	var out []manifestRecord
	next := ""
	for {
		p := path
		if next != "" {
			p += "&next=" + url.QueryEscape(next)
		}
		var m manifestBody
		s.mustGet(p, &m)
		out = append(out, m.Objects...)
		if !m.More {
			return out
		}
		next = m.Next
	}
}

// checkError checks an answer is the error message resource of section
// 3.6.1 with the status: a title, http_status the same as the status.
func (s *taxiiServer) checkError(t *testing.T, r taxiiReply, status int) {
	t.Helper()
	var e taxiiErrorBody
	if err := json.Unmarshal(r.body, &e); err != nil || r.status != status || e.Title == "" ||
		e.HTTPStatus != fmt.Sprint(status) || r.header.Get("Content-Type") != taxiiMedia {
		t.Errorf("answer %d %q %s, want %d and a TAXII error message", r.status, r.header.Get("Content-Type"), r.body, status)
	}
}
