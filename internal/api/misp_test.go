package api

import (
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/liaison-project/liaison"
)

// mispEvent is a MISP event of n to_ids ip-dst attributes.
func mispEvent(n int) []byte {
	var b strings.Builder
	b.WriteString(`{"Event":{"uuid":"0b5e6d2a-8a7e-4b8e-9d6f-1c2d3e4f5a6b","info":"many","date":"2026-01-02","timestamp":"1767312000","Tag":[{"name":"tlp:green"}],"Attribute":[`)
	for i := range n {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `{"uuid":"0b5e6d2a-8a7e-4b8e-9d6f-%012d","type":"ip-dst","category":"Network activity","to_ids":true,"value":"10.%d.%d.%d","timestamp":"1767312000"}`,
			i, i>>16&255, i>>8&255, i&255)
	}
	b.WriteString(`]}}`)
	return []byte(b.String())
}

func TestMISP(t *testing.T) {
	s := newTAXIIServer(t)
	asJSON := []string{"Content-Type", "application/json", "Accept", "application/json"}
	event, err := os.ReadFile("../misp/testdata/event.json")
	if err != nil {
		t.Fatal(err)
	}

	t.Run("Import", func(t *testing.T) {
		r := s.do("POST", "/api/v1/misp/import?collection="+s.shared, event, asJSON...)
		if r.status != 200 {
			t.Fatalf("POST import = %d %s, want 200", r.status, r.body)
		}
		var got struct {
			Report liaison.MISPReport
			Status taxiiStatusBody
		}
		mustJSON(t, r.body, &got)
		if got.Report.Events != 1 || len(got.Report.Unmapped) == 0 || got.Status.SuccessCount == 0 || got.Status.FailureCount != 0 {
			t.Errorf("import answer = %s", r.body)
		}
	})
	t.Run("ImportLarge", func(t *testing.T) {
		big := mispEvent(20_000) // over MaxBody, under MISPMaxBody
		if len(big) <= MaxBody {
			t.Fatalf("test event of %d bytes, want more than %d", len(big), MaxBody)
		}
		r := s.do("POST", "/api/v1/misp/import", big, asJSON...)
		if r.status != 200 {
			t.Fatalf("POST import (%d bytes) = %d %.300s, want 200", len(big), r.status, r.body)
		}
	})
	t.Run("ErrTooLarge", func(t *testing.T) {
		r := s.do("POST", "/api/v1/misp/import", make([]byte, MISPMaxBody+1), asJSON...)
		if r.status != 400 && r.status != 413 {
			t.Errorf("POST import (too large) = %d, want 400 or 413", r.status)
		}
	})
	t.Run("ErrInvalid", func(t *testing.T) {
		r := s.do("POST", "/api/v1/misp/import", []byte(`{"Event":{"Tag":[7]}}`), asJSON...)
		if r.status != 400 || !strings.Contains(string(r.body), "Event.Tag[0]") {
			t.Errorf("POST import (bad tag) = %d %s, want 400 naming Event.Tag[0]", r.status, r.body)
		}
	})
	t.Run("ErrForbidden", func(t *testing.T) {
		r := s.do("POST", "/api/v1/misp/import", event, append(asJSON, "Authorization", "Bearer "+s.drugs)...)
		if r.status != 403 {
			t.Errorf("POST import (drugs analyst) = %d, want 403", r.status)
		}
	})
	t.Run("Export", func(t *testing.T) {
		r := s.do("GET", "/api/v1/misp/export?collection="+s.shared, nil, asJSON...)
		if r.status != 200 {
			t.Fatalf("GET export = %d %s, want 200", r.status, r.body)
		}
		var got struct {
			Events struct {
				Response []struct{ Event struct{ UUID string } }
			}
			Report liaison.MISPReport
		}
		mustJSON(t, r.body, &got)
		if len(got.Events.Response) != 1 || got.Events.Response[0].Event.UUID != "5f9591a8-36c4-4a5c-9d3a-41ab0a00020f" {
			t.Errorf("export = %.500s, want the imported event", r.body)
		}
	})
}

func mustJSON(tb testing.TB, b []byte, v any) {
	tb.Helper()
	if err := json.Unmarshal(b, v); err != nil {
		tb.Fatalf("%v: %.300s", err, b)
	}
}
