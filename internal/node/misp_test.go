package node_test

import (
	"context"
	"os"
	"strings"
	"testing"

	"github.com/liaison-project/liaison"
	"github.com/liaison-project/liaison/internal/misp"
)

func TestMISP(t *testing.T) {
	ctx := context.Background()
	n := newPair(t).in
	cs, err := n.Collections(ctx, n.cyber)
	if err != nil {
		t.Fatal(err)
	}
	coll := cs[0].ID
	event, err := os.ReadFile("../misp/testdata/event.json")
	if err != nil {
		t.Fatal(err)
	}

	t.Run("ErrForbidden", func(t *testing.T) {
		before := auditSize(t, n)
		_, err := n.ImportMISP(ctx, n.auditor, coll, event)
		wantCode(t, "ImportMISP(auditor)", err, liaison.EFORBIDDEN)
		if got := findAudit(t, n, before, "misp.import"); len(got) != 1 || got[0].Decision != "deny" {
			t.Errorf("audit of the refused import = %+v, want one deny", got)
		}
		_, _, err = n.ExportMISP(ctx, n.auditor, coll)
		wantCode(t, "ExportMISP(auditor)", err, liaison.EFORBIDDEN)
	})
	t.Run("ErrInvalid", func(t *testing.T) {
		_, err := n.ImportMISP(ctx, n.cyber, coll, []byte(`{"Event": {"Attribute": 3}}`))
		wantCode(t, "ImportMISP(bad)", err, liaison.EINVALID)
		if fs := liaison.ErrorFields(err); len(fs) != 1 || fs[0].Field != "Event.Attribute" {
			t.Errorf("fields = %v, want Event.Attribute", fs)
		}
	})
	t.Run("OK", func(t *testing.T) {
		evs, _ := misp.Decode(event)
		want := misp.Convert(evs)
		before := auditSize(t, n)
		imp, err := n.ImportMISP(ctx, n.cyber, coll, event)
		if err != nil {
			t.Fatal(err)
		}
		if len(imp.Report.Unmapped) != len(want.Report.Unmapped) || len(imp.Report.Unmapped) == 0 {
			t.Errorf("report unmapped = %v, want %v", imp.Report.Unmapped, want.Report.Unmapped)
		}
		if len(imp.Status.Successes) != len(want.Objects) || len(imp.Status.Failures) != 0 {
			t.Errorf("status: %d successes, %v failures; want %d, none", len(imp.Status.Successes), imp.Status.Failures, len(want.Objects))
		}
		if got := findAudit(t, n, before, "taxii.add"); len(got) != 1 {
			t.Errorf("audit of the import = %+v, want one taxii.add", got)
		}

		again, err := n.ImportMISP(ctx, n.cyber, coll, event)
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range again.Status.Successes {
			if s.Message == "" {
				t.Errorf("re-import added %s again, want it held already", s.ID)
			}
		}

		out, rep, err := n.ExportMISP(ctx, n.cyber, coll)
		if err != nil {
			t.Fatal(err)
		}
		if len(rep.Unmapped) != 0 {
			t.Errorf("export unmapped = %v, want none", rep.Unmapped)
		}
		back, err := misp.Decode(out)
		if err != nil {
			t.Fatalf("Decode(export): %v", err)
		}
		if back[0].UUID != evs[0].UUID || len(back[0].Attributes) == 0 {
			t.Errorf("export = %s, want the event back", out)
		}
		// The domain is marked TLP:RED: TAXII never serves RED, nor does
		// the export.
		if s := string(out); strings.Contains(s, "34cb1a7c-55ec-412a-8684-ba4a88d83a45") || !strings.Contains(s, "91ae0a21-c7ae-4c7f-b84b-b84a7ce53d1f") {
			t.Errorf("export shows the RED attribute or misses the AMBER one:\n%s", s)
		}
	})
}
