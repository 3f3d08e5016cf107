package node_test

import (
	"context"
	"testing"

	"github.com/liaison-project/liaison"
)

// TestPullSTIX stores pulled pages with their cursor: as the node itself
// or as an officer the guard allows; an empty page moves the cursor
// alone; a refused officer stores nothing.
func TestPullSTIX(t *testing.T) {
	ctx := context.Background()
	n := newPair(t).in
	local, err := n.LocalCollection(ctx)
	if err != nil {
		t.Fatal(err)
	}
	const server = "https://taxii.example/api1/"
	cur := liaison.TAXIICursor{Server: server, Collection: "remote", Next: "p2", Last: "2026-01-01T00:00:00.000001Z", Objects: 2}
	st, err := n.PullSTIX(ctx, "", local, bundle(indicator(1), indicator(2)), cur)
	if err != nil || len(st.Successes) != 2 {
		t.Fatalf("PullSTIX(as the node) = %+v, %v", st, err)
	}
	got, err := n.TAXIICursor(ctx, server, "remote")
	if err != nil || got.Next != "p2" || got.Objects != 2 || got.Updated.IsZero() {
		t.Fatalf("TAXIICursor = %+v, %v", got, err)
	}
	if e := findAudit(t, n, 0, "taxii.pull"); len(e) != 1 || e[0].Officer != "" {
		t.Errorf("audit = %+v, want one taxii.pull by the node", e)
	}

	cur.Next, cur.Objects = "", 3
	if st, err := n.PullSTIX(ctx, n.cyber.ID, local, bundle(indicator(3)), cur); err != nil || len(st.Successes) != 1 {
		t.Fatalf("PullSTIX(as an officer) = %+v, %v", st, err)
	}
	cur.AddedAfter = "2026-01-01T00:00:00.000001Z"
	if st, err := n.PullSTIX(ctx, n.cyber.ID, local, nil, cur); err != nil || st != nil {
		t.Fatalf("PullSTIX(empty page) = %+v, %v; want no status", st, err)
	}
	if got, _ := n.TAXIICursor(ctx, server, "remote"); got.AddedAfter != cur.AddedAfter || got.Objects != 3 {
		t.Errorf("cursor after an empty page = %+v", got)
	}

	moved := cur
	moved.Objects = 99
	_, err = n.PullSTIX(ctx, n.analyst.ID, local, bundle(indicator(4)), moved)
	wantCode(t, "PullSTIX(analyst without cyber)", err, liaison.EFORBIDDEN)
	_, err = n.PullSTIX(ctx, "no-such-officer", local, bundle(indicator(4)), moved)
	wantCode(t, "PullSTIX(no such officer)", err, liaison.ENOTFOUND)
	_, err = n.PullSTIX(ctx, "", "no-such-collection", bundle(indicator(4)), moved)
	wantCode(t, "PullSTIX(no such collection)", err, liaison.ENOTFOUND)
	if got, _ := n.TAXIICursor(ctx, server, "remote"); got.Objects != 3 {
		t.Errorf("a refused pull moved the cursor: %+v", got)
	}
	_, err = n.TAXIICursor(ctx, server, "other")
	wantCode(t, "TAXIICursor(never pulled)", err, liaison.ENOTFOUND)
}
