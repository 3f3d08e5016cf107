package api

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestMatchIndicators(t *testing.T) {
	s := newTAXIIServer(t)
	if r := s.do("POST", "/taxii2/liaison/collections/"+s.shared+"/objects/", taxiiEnvelopeOf(0, 3)); r.status != 202 {
		t.Fatalf("add objects = %d %s", r.status, r.body)
	}
	const path = "/api/v1/indicators/match"
	body := strings.Join([]string{
		`{"type":"ipv4-addr","value":"10.0.0.1"}`,
		`{"type":"ipv4-addr","value":"10.0.0.300"}`,
		`{"type":"ipv4-addr","value":"10.0.0.9"}`,
		`{"type":"ipv4-addr"`,
		`{"type":"ipv4-addr","value":"` + strings.Repeat("1", 1<<20) + `"}`,
		`{"type":"ipv4-addr","spec_version":"2.1","value":"10.0.0.2"}`,
	}, "\n")
	t.Run("OK", func(t *testing.T) {
		r := s.do("POST", path, []byte(body), "Content-Type", "application/x-ndjson", "Accept", "application/json")
		if r.status != 200 {
			t.Fatalf("POST %s = %d %s", path, r.status, r.body)
		}
		var a struct {
			Items []struct {
				Line       int             `json:"line"`
				Observable json.RawMessage `json:"observable"`
				Indicators []struct {
					ID, Collection, Pattern, TLP string
					ValidFrom                    string `json:"valid_from"`
				} `json:"indicators"`
			} `json:"items"`
			Errors []struct {
				Line    int    `json:"line"`
				Problem string `json:"problem"`
			} `json:"errors"`
			Observables, Hits, Partials int
		}
		if err := json.Unmarshal(r.body, &a); err != nil {
			t.Fatal(err)
		}
		if a.Observables != 3 || a.Hits != 2 || a.Partials != 0 || len(a.Items) != 2 || a.Items[0].Line != 1 || a.Items[1].Line != 6 {
			t.Fatalf("answer = %s, want hits on lines 1 and 6 of 3 observables", r.body)
		}
		h := a.Items[0].Indicators[0]
		if h.ID != "indicator--00000000-0000-4000-8000-000000000001" || h.Collection != s.shared || h.Pattern != "[ipv4-addr:value = '10.0.0.1']" ||
			h.TLP == "" || h.ValidFrom != "2026-01-01T00:00:00Z" || string(a.Items[0].Observable) != `{"type":"ipv4-addr","value":"10.0.0.1"}` {
			t.Errorf("first item = %+v (%s)", h, a.Items[0].Observable)
		}
		var lines []int
		for _, e := range a.Errors {
			lines = append(lines, e.Line)
			if e.Problem == "" {
				t.Errorf("error of line %d names no problem", e.Line)
			}
		}
		if len(lines) != 3 || lines[0] != 2 || lines[1] != 4 || lines[2] != 5 {
			t.Errorf("errors = %+v, want lines 2, 4 and 5", a.Errors)
		}
	})
	t.Run("OKPartial", func(t *testing.T) {
		within := `{"type":"indicator","spec_version":"2.1","id":"indicator--00000000-0000-4000-8000-000000000077",` +
			`"created":"2026-01-01T00:00:00.000Z","modified":"2026-01-01T00:00:00.000Z","pattern":"[domain-name:value = 'evil.example'] WITHIN 60 SECONDS",` +
			`"pattern_type":"stix","valid_from":"2026-01-01T00:00:00Z"}`
		if r := s.do("POST", "/taxii2/liaison/collections/"+s.shared+"/objects/", []byte(`{"objects":[`+within+`]}`)); r.status != 202 {
			t.Fatalf("add objects = %d %s", r.status, r.body)
		}
		r := s.do("POST", path, []byte(`{"type":"domain-name","value":"www.evil.example"}`), "Content-Type", "application/x-ndjson", "Accept", "application/json")
		if r.status != 200 || !strings.Contains(string(r.body), `"partial":true,"reason":"the qualifier WITHIN`) ||
			!strings.Contains(string(r.body), `"hits":0,"partials":1`) {
			t.Errorf("POST = %d %s, want one partial answer with its reason", r.status, r.body)
		}
	})
	t.Run("OKJSONL", func(t *testing.T) {
		r := s.do("POST", path, []byte(`{"type":"domain-name","value":"none.example"}`), "Content-Type", "application/jsonl; charset=utf-8", "Accept", "application/json")
		if r.status != 200 || !strings.Contains(string(r.body), `"items":[]`) || !strings.Contains(string(r.body), `"errors":[]`) {
			t.Errorf("POST as application/jsonl = %d %s, want 200 with empty lists", r.status, r.body)
		}
	})
	t.Run("ErrMediaType", func(t *testing.T) {
		r := s.do("POST", path, []byte(body), "Content-Type", "application/json", "Accept", "application/json")
		if r.status != 415 || !strings.Contains(string(r.body), "application/x-ndjson") {
			t.Errorf("POST as application/json = %d %s, want 415", r.status, r.body)
		}
	})
	t.Run("ErrForbidden", func(t *testing.T) {
		r := s.do("POST", path, []byte(body), "Content-Type", "application/x-ndjson", "Accept", "application/json", "Authorization", "Bearer "+s.drugs)
		if r.status != 403 {
			t.Errorf("POST by an analyst without cyber = %d %s, want 403", r.status, r.body)
		}
	})
}
