package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/liaison-project/liaison"
	"github.com/liaison-project/liaison/internal/report"
)

// TestReportDemo computes the oversight report on both demo nodes once
// the seeded exchange is delivered, Canada's through the API as its
// auditor and India's with liaison report, and checks that the two sides
// count the same exchange from opposite ends.
func TestReportDemo(t *testing.T) {
	if testing.Short() {
		t.Skip("starts the demo")
	}
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "demo")
	var out, errb bytes.Buffer
	d, err := startDemo(ctx, dir, &env{stdin: strings.NewReader(""), stdout: &out, stderr: &errb})
	if err != nil {
		t.Fatalf("start demo: %v\n%s", err, errb.String())
	}
	// The demo runs on the wall clock: a period of three days around now
	// holds it even across midnight.
	now := time.Now().UTC()
	from, to := now.AddDate(0, 0, -1).Format(report.DateLayout), now.AddDate(0, 0, 1).Format(report.DateLayout)

	ca := d.nodes[1]
	var auditor string
	for _, o := range ca.officers {
		if o.Role == liaison.RoleAuditor {
			auditor = o.token
		}
	}
	req, err := http.NewRequest("GET", ca.APIURL()+"/api/v1/reports/oversight?format=json&from="+from+"&to="+to, nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+auditor)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		d.Close()
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err := d.Close(); err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != 200 {
		t.Fatalf("GET report as ca's auditor: %d %s", resp.StatusCode, body)
	}
	var caRep report.Report
	if err := json.Unmarshal(body, &caRep); err != nil {
		t.Fatal(err)
	}

	var stdout, stderr bytes.Buffer
	if code := run([]string{"report", "--dir", filepath.Join(dir, "in"), "--from", from, "--to", to, "--format", "json"},
		&env{stdin: strings.NewReader(""), stdout: &stdout, stderr: &stderr}); code != 0 {
		t.Fatalf("liaison report exited %d: %s", code, stderr.String())
	}
	var inRep report.Report
	if err := json.Unmarshal(stdout.Bytes(), &inRep); err != nil {
		t.Fatal(err)
	}

	count := func(r *report.Report, dir string) int {
		for _, x := range r.ByDirection {
			if x.Key == dir {
				return x.Total
			}
		}
		return -1
	}
	inSent, inRecv := count(&inRep, report.Sent), count(&inRep, report.Received)
	caSent, caRecv := count(&caRep, report.Sent), count(&caRep, report.Received)
	if inSent == 0 || caSent == 0 || inSent != caRecv || caSent != inRecv {
		t.Errorf("in sent %d, received %d; ca sent %d, received %d: want both sides to count the same exchange", inSent, inRecv, caSent, caRecv)
	}
	if !strings.HasPrefix(inRep.Checkpoint.Origin, "liaison/in/") || !inRep.Checkpoint.Signed() ||
		!strings.HasPrefix(caRep.Checkpoint.Origin, "liaison/ca/") || caRep.GeneratedBy != "auditor Sophie Roy (rcmp)" {
		t.Errorf("checkpoints %+v and %+v, by %q", inRep.Checkpoint, caRep.Checkpoint, caRep.GeneratedBy)
	}

	// Canada's disclosure about a person: sent with its assessment state
	// on the Canadian side, received under the same basis on the Indian.
	find := func(r *report.Report, dir string) *report.Transfer {
		for i, x := range r.Transfers {
			if x.Direction == dir && x.LegalBasis == "ca-privacy-act-8-2-f" {
				return &r.Transfers[i]
			}
		}
		return nil
	}
	sent, recv := find(&caRep, report.Sent), find(&inRep, report.Received)
	switch {
	case sent == nil || recv == nil:
		t.Fatalf("no Privacy Act transfer sent by ca (%+v) or received by in (%+v)", caRep.Transfers, inRep.Transfers)
	case sent.Message != recv.Message || recv.From != sent.From || sent.LegalBasisTitle != "Privacy Act, paragraph 8(2)(f)":
		t.Errorf("sent %+v, received %+v: want the same message under the same basis", sent, recv)
	case sent.Assessment != report.AssessmentRecorded && sent.Assessment != report.AssessmentNone:
		t.Errorf("ca's sent transfer has assessment %q", sent.Assessment)
	case recv.Assessment != report.AssessmentSender:
		t.Errorf("in's received transfer has assessment %q", recv.Assessment)
	}

	// The report holds no content of the seeded messages.
	for _, secret := range []string{"Z1234567", "forged admission", "NPP", "bc1q"} {
		if strings.Contains(string(body), secret) || strings.Contains(stdout.String(), secret) {
			t.Errorf("a report contains content %q", secret)
		}
	}
}
