package report_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/csv"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/liaison-project/liaison"
	"github.com/liaison-project/liaison/internal/report"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

func day(s string) time.Time {
	t, err := time.Parse(report.DateLayout, s)
	if err != nil {
		panic(err)
	}
	return t
}

func ptr[T any](v T) *T { return &v }

// fixed is a report of every section, as a node of India could compute it.
func fixed() *report.Report {
	at := func(s string) time.Time {
		t, err := time.Parse(time.RFC3339, s)
		if err != nil {
			panic(err)
		}
		return t
	}
	return &report.Report{
		Party: "in", Node: "India NCB liaison node",
		Period:      report.Period{From: day("2025-01-01"), To: day("2025-03-31")},
		Generated:   at("2025-04-01T08:30:00Z"),
		GeneratedBy: "auditor Audit Officer (audit)",
		Checkpoint: report.Checkpoint{
			Origin: "liaison/in/4c1d2e3f4a5b6c7d", Size: 4213,
			Root: "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
			Note: "liaison/in/4c1d2e3f4a5b6c7d\n4213\nn4bQgYhMfWWaL+qgxVrQFaO/TxsrC4Is0V1sFbDwCgg=\n\n— liaison/in/4c1d2e3f4a5b6c7d AAAAAHsiY2hlY2twb2ludCI6dHJ1ZX0=\n",
		},
		ByDirection: []report.Row{{Key: "sent", Sent: 120, Total: 120}, {Key: "received", Received: 95, Total: 95}},
		ByCrimeArea: []report.Row{
			{Key: "drugs", Sent: 80, Received: 61, Total: 141},
			{Key: "organised_crime", Sent: 20, Received: 14, Total: 34},
			{Key: "cyber", Sent: 12, Received: 15, Total: 27},
			{Key: "fraud", Sent: 8, Received: 5, Total: 13},
			{Key: "immigration", Total: 0},
			{Key: "terrorism", Total: 0},
		},
		ByAgency: []report.Row{
			{Key: "in/ncb", Sent: 100, Total: 100},
			{Key: "ca/rcmp", Received: 80, Total: 80},
			{Key: "in/cert-in", Sent: 20, Total: 20},
			{Key: "ca/cbsa", Received: 15, Total: 15},
		},
		ByClassification: []report.Row{
			{Key: "RESTRICTED", Note: "RESTRICTED", Sent: 110, Total: 110},
			{Key: "PROTECTED B", Note: "RESTRICTED", Received: 90, Total: 90},
			{Key: "CONFIDENTIAL", Note: "CONFIDENTIAL", Sent: 10, Received: 5, Total: 15},
		},
		ByTLP: []report.Row{
			{Key: "CLEAR", Total: 0},
			{Key: "GREEN", Sent: 10, Received: 12, Total: 22},
			{Key: "AMBER", Sent: 100, Received: 80, Total: 180},
			{Key: "AMBER+STRICT", Sent: 10, Received: 3, Total: 13},
			{Key: "RED", Total: 0},
		},
		ByHandlingCode: []report.Row{
			{Key: "law-enforcement-only", Sent: 120, Received: 95, Total: 215},
			{Key: "no-judicial-use", Sent: 30, Received: 41, Total: 71},
			{Key: "no-onward-dissemination", Sent: 12, Received: 9, Total: 21},
			{Key: "other", Sent: 3, Total: 3},
			{Key: "none", Total: 0},
		},
		PurgedSince: report.Row{Key: "purged since", Sent: 2, Received: 1, Total: 3},
		Refusals: []report.Refusal{
			{Action: "message.send", Reason: "classification CONFIDENTIAL is above what officer Priya Sharma may release", Count: 3},
			{Action: "message.refuse", Reason: "ca: personal data about witness may not cross for immigration", Count: 1},
			{Action: "audit.read", Reason: "role analyst does not read the audit log; only auditors do", Count: 1},
		},
		Transfers: []report.Transfer{
			{
				Message: "0195696e-0000-7000-8000-000000000011", Case: "0195696e-0000-7000-8000-000000000003",
				Direction: "sent", Date: at("2025-02-03T10:15:00Z"), From: "in/ncb", To: []string{"ca"},
				CrimeArea: "drugs", Subjects: []string{"suspect"},
				LegalBasis: "ca-in-mlat-1995", LegalBasisTitle: "Treaty between the Government of Canada and the Government of the Republic of India on Mutual Assistance in Criminal Matters",
				Assessment: report.AssessmentRecorded, Risk: liaison.RiskNone, RiskNote: "Subject is a Canadian resident; no onward transfer to a third state.",
			},
			{
				Message: "0195696e-0000-7000-8000-000000000012", Case: "0195696e-0000-7000-8000-000000000003",
				Direction: "sent", Date: at("2025-02-04T11:00:00Z"), From: "in/ncb", To: []string{"ca"},
				CrimeArea: "drugs", Subjects: []string{"suspect", "other"},
				LegalBasis: "ca-in-mlat-1995", LegalBasisTitle: "Treaty between the Government of Canada and the Government of the Republic of India on Mutual Assistance in Criminal Matters",
				Assessment: report.AssessmentNone,
			},
			{
				Message: "01956361-0000-7000-8000-000000000021", Case: "01956361-0000-7000-8000-000000000002",
				Direction: "received", Date: at("2025-03-10T16:45:00Z"), From: "ca/rcmp", To: []string{"in"},
				CrimeArea: "fraud", Subjects: []string{"victim"},
				LegalBasis: "ca-privacy-act-8-2-f", LegalBasisTitle: "Privacy Act, paragraph 8(2)(f)",
				Assessment: report.AssessmentSender,
			},
		},
		RemovalCounts: []report.Count{{Key: "message.purge", Count: 1}, {Key: "message.recall", Count: 1}},
		Removals: []report.Removal{
			{Index: 3001, Time: at("2025-03-01T00:00:05Z"), Action: "message.purge", Object: "0195696e-0000-7000-8000-000000000009", Actor: "in", Decision: "allow", Reason: "retention ended 2025-02-28"},
			{Index: 3950, Time: at("2025-03-20T09:12:00Z"), Action: "message.recall", Object: "0195696e-0000-7000-8000-000000000040", Actor: "in/ncb 0195696e-0000-7000-8000-000000000001", Decision: "allow", Reason: "sent in error"},
		},
		OnwardUse: []report.Count{{Key: "consent.grant allow", Count: 2}, {Key: "dissemination.request allow", Count: 4}, {Key: "dissemination.request pending", Count: 2}},
		Requests:  report.NewTimeliness(nil),
		Approvals: report.Approvals{Held: 7, Approved: 5, Rejected: 1, Escalated: 2, Pending: 1},
	}
}

func TestGolden(t *testing.T) {
	r := fixed()
	for _, f := range report.Formats {
		t.Run(string(f), func(t *testing.T) {
			var buf bytes.Buffer
			if err := r.Write(&buf, f); err != nil {
				t.Fatalf("Write(%s): %v", f, err)
			}
			golden := filepath.Join("testdata", "report.golden."+string(f))
			if *update {
				if err := os.WriteFile(golden, buf.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if diff := cmp.Diff(string(want), buf.String()); diff != "" {
				t.Errorf("%s differs from %s (-want +got; go test -update rewrites it):\n%s", f, golden, diff)
			}
		})
	}
}

// TestHTMLSelfContained checks what a strict Content-Security-Policy
// needs: no script, nothing fetched, no style attribute, and one style
// element whose hash StyleSource gives.
func TestHTMLSelfContained(t *testing.T) {
	var buf bytes.Buffer
	if err := fixed().WriteHTML(&buf); err != nil {
		t.Fatal(err)
	}
	page := buf.String()
	for _, bad := range []string{"<script", "javascript:", " style=", " src=", " href=", "url(", "@import"} {
		if strings.Contains(page, bad) {
			t.Errorf("HTML report contains %q", bad)
		}
	}
	if n := strings.Count(page, "<svg"); n != 8 {
		t.Errorf("HTML report has %d charts, want 8 (6 breakdowns, refusals, approvals)", n)
	}
	_, css, _ := strings.Cut(page, "<style>")
	css, _, _ = strings.Cut(css, "</style>")
	sum := sha256.Sum256([]byte(css))
	if want := "'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'"; report.StyleSource() != want || strings.Count(page, "<style") != 1 {
		t.Errorf("StyleSource() = %s, the page's one style element hashes to %s", report.StyleSource(), want)
	}
	for _, want := range []string{"liaison/in/4c1d2e3f4a5b6c7d", "4213", fixed().Checkpoint.Root, "none recorded", "no requests in the period"} {
		if !strings.Contains(page, want) {
			t.Errorf("HTML report lacks %q", want)
		}
	}
}

// TestHTMLEscapes puts markup where a peer controls the text.
func TestHTMLEscapes(t *testing.T) {
	r := fixed()
	r.Refusals[0].Reason = `<img src=x onerror=alert(1)>`
	r.ByAgency[0].Key = `ca/<b>x</b>`
	var buf bytes.Buffer
	if err := r.WriteHTML(&buf); err != nil {
		t.Fatal(err)
	}
	if s := buf.String(); strings.Contains(s, "<img") || strings.Contains(s, "<b>x") {
		t.Error("HTML report does not escape text from the log")
	}
}

func TestCSVSections(t *testing.T) {
	r := fixed()
	r.Removals[0].Object = "=HYPERLINK(\"http://x\")"
	var buf bytes.Buffer
	if err := r.WriteCSV(&buf); err != nil {
		t.Fatal(err)
	}
	cr := csv.NewReader(&buf)
	cr.FieldsPerRecord = -1
	recs, err := cr.ReadAll()
	if err != nil {
		t.Fatalf("read back: %v", err)
	}
	sections := map[string]int{}
	for _, rec := range recs {
		sections[rec[0]]++
		if rec[0] == "removals" && strings.HasPrefix(rec[4], "=") {
			t.Errorf("CSV cell %q would run as a formula", rec[4])
		}
	}
	want := map[string]int{
		"section": 15, "report": 10, "purged_since": 1, "onward_use": 3, "by_direction": 2, "by_crime_area": 6, "by_agency": 4, "by_classification": 3,
		"by_tlp": 5, "by_handling_code": 5, "refusals": 3, "personal_data_transfers": 3,
		"removal_counts": 2, "removals": 2, "requests": 1, "approvals": 1,
	}
	if diff := cmp.Diff(want, sections); diff != "" {
		t.Errorf("rows per section (-want +got):\n%s", diff)
	}
}

func TestJSONRoundTrip(t *testing.T) {
	var buf bytes.Buffer
	if err := fixed().WriteJSON(&buf); err != nil {
		t.Fatal(err)
	}
	var got report.Report
	if err := json.Unmarshal(buf.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(fixed(), &got); diff != "" {
		t.Errorf("JSON round trip (-want +got):\n%s", diff)
	}
	var empty bytes.Buffer
	if err := (&report.Report{}).WriteJSON(&empty); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(empty.String(), `"refusals": [],`) || !strings.Contains(empty.String(), `"by_tlp": [],`) {
		t.Errorf("an empty report has null lists:\n%s", empty.String())
	}
}
