package node_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/liaison-project/liaison"
	"github.com/liaison-project/liaison/internal/stix"
)

// indicator returns a valid STIX 2.1 indicator numbered n with the marking
// refs given (none when empty).
func indicator(n int, markings ...string) string {
	refs := ""
	if len(markings) > 0 {
		refs = `,"object_marking_refs":["` + strings.Join(markings, `","`) + `"]`
	}
	return fmt.Sprintf(`{"type":"indicator","spec_version":"2.1","id":"indicator--00000000-0000-4000-8000-%012d",`+
		`"created":"2026-01-01T00:00:00.000Z","modified":"2026-01-01T00:00:00.000Z","pattern":"[ipv4-addr:value = '10.0.0.%d']",`+
		`"pattern_type":"stix","valid_from":"2026-01-01T00:00:00Z","x_liaison_note":{"kept": [1, 2.50]}%s}`, n, n%250, refs)
}

func bundle(objs ...string) []byte {
	return []byte(`{"type":"bundle","id":"bundle--5d0092c5-5f74-4287-9642-33f4c354e56d","objects":[` + strings.Join(objs, ",") + `]}`)
}

func TestTAXII(t *testing.T) {
	ctx := context.Background()
	p := newPair(t)
	n := p.in
	cs, err := n.Collections(ctx, n.cyber)
	if err != nil {
		t.Fatal(err)
	}
	if len(cs) != 2 || cs[1].Arrangement != p.arr.ID || !cs[0].CanRead || !cs[1].CanWrite {
		t.Fatalf("Collections = %+v, want the local one and the arrangement's", cs)
	}
	again, _ := n.Collections(ctx, n.liaison)
	if again[0].ID != cs[0].ID || again[1].ID != cs[1].ID {
		t.Errorf("collection ids changed between calls: %v, %v", cs, again)
	}
	coll := cs[1].ID

	t.Run("ErrForbidden", func(t *testing.T) {
		before := auditSize(t, n)
		_, err := n.Collections(ctx, n.analyst) // drugs only
		wantCode(t, "Collections(analyst without cyber)", err, liaison.EFORBIDDEN)
		_, err = n.AddSTIX(ctx, n.auditor, coll, bundle(indicator(1)))
		wantCode(t, "AddSTIX(auditor)", err, liaison.EFORBIDDEN)
		if got := findAudit(t, n, before, "taxii.add"); len(got) != 1 || got[0].Decision != "deny" {
			t.Errorf("audit of the refused add = %+v, want one deny", got)
		}
	})
	t.Run("ErrNotFound", func(t *testing.T) {
		_, err := n.AddSTIX(ctx, n.cyber, "no-such-collection", bundle(indicator(1)))
		wantCode(t, "AddSTIX(missing collection)", err, liaison.ENOTFOUND)
	})

	before := auditSize(t, n)
	bad := `{"type":"indicator","spec_version":"2.1","id":"indicator--00000000-0000-4000-8000-000000000099","created":"2026-01-01T00:00:00.000Z","modified":"2026-01-01T00:00:00.000Z","pattern":"[ipv4-addr:value = ","pattern_type":"stix","valid_from":"2026-01-01T00:00:00Z"}`
	st, err := n.AddSTIX(ctx, n.cyber, coll, bundle(indicator(1), bad, indicator(2, stix.TLP2Red), indicator(3, stix.TLP2Amber), indicator(1), indicator(4, stix.TLP2AmberStrict)))
	if err != nil {
		t.Fatal(err)
	}
	if st.TotalCount != 6 || len(st.Successes) != 5 || len(st.Failures) != 1 || len(st.Pendings) != 0 || st.Status != "complete" {
		t.Fatalf("status = %+v, want 6 = 5 successes + 1 failure", st)
	}
	if f := st.Failures[0]; !strings.HasSuffix(f.ID, "99") || !strings.Contains(f.Message, "pattern") {
		t.Errorf("failure = %+v, want the bad indicator with its pattern problem", f)
	}
	if s := st.Successes[3]; !strings.Contains(s.Message, "held already") {
		t.Errorf("the repeated object = %+v, want it named as held already", s)
	}
	if got := findAudit(t, n, before, "taxii.add"); len(got) != 1 || got[0].Reasons[0] != "4 added" {
		t.Errorf("audit of the add = %+v, want 4 added", got)
	}
	stored, err := n.STIXStatus(ctx, n.cyber, st.ID)
	if err != nil || stored.TotalCount != 6 {
		t.Fatalf("STIXStatus = %+v, %v", stored, err)
	}

	before = auditSize(t, n)
	objs, next, err := n.STIXObjects(ctx, n.cyber, "taxii.objects", liaison.STIXFilter{Collection: coll})
	if err != nil {
		t.Fatal(err)
	}
	if next != "" || len(objs) != 3 {
		t.Fatalf("STIXObjects = %d objects (next %q), want 3: the RED one hidden", len(objs), next)
	}
	if got := findAudit(t, n, before, "taxii.objects"); len(got) != 1 || got[0].Reasons[0] != "3 shown" {
		t.Errorf("audit of the listing = %+v, want 3 shown", got)
	}
	// AMBER+STRICT stays within the adder's agency.
	other := mustOfficer(t, n, "cbi", "Cyber of another agency", liaison.RoleAnalyst, liaison.AreaCyber)
	seen, _, err := n.STIXObjects(ctx, other, "taxii.objects", liaison.STIXFilter{Collection: coll})
	if err != nil || len(seen) != 2 {
		t.Errorf("STIXObjects(officer of another agency) = %d objects, %v; want 2: AMBER+STRICT hidden", len(seen), err)
	}
	if objs[0].TLP != liaison.TLPAmber || string(objs[0].Raw) != indicator(1) {
		t.Errorf("unmarked object: TLP %q, raw %s; want AMBER and the bytes as sent", objs[0].TLP, objs[0].Raw)
	}
	// The local collection is another set.
	local, _, err := n.STIXObjects(ctx, n.cyber, "taxii.objects", liaison.STIXFilter{Collection: cs[0].ID})
	if err != nil || len(local) != 0 {
		t.Errorf("local collection = %d objects, %v; want none", len(local), err)
	}

	if err := n.DeleteSTIX(ctx, n.cyber, coll, objs[0].ID, liaison.STIXFilter{}); err != nil {
		t.Fatal(err)
	}
	err = n.DeleteSTIX(ctx, n.cyber, coll, objs[0].ID, liaison.STIXFilter{})
	wantCode(t, "DeleteSTIX(again)", err, liaison.ENOTFOUND)
	_, err = n.AddSTIX(ctx, n.cyber, coll, []byte(`{"type":"bundle"}`))
	wantCode(t, "AddSTIX(not a bundle)", err, liaison.EINVALID)
}
