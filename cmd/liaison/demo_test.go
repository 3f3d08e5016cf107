package main

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/liaison-project/liaison"
)

// TestDemoReopen starts the demo, stops it, and starts it again on the
// same directory: the second start binds new ports, tells each node the
// other's, and delivers what is queued.
func TestDemoReopen(t *testing.T) {
	if testing.Short() {
		t.Skip("starts the demo twice")
	}
	dir := filepath.Join(t.TempDir(), "demo")
	var out, errb bytes.Buffer
	e := &env{stdin: strings.NewReader(""), stdout: &out, stderr: &errb}
	ctx := context.Background()
	d, err := startDemo(ctx, dir, e)
	if err != nil {
		t.Fatalf("first start: %v", err)
	}
	if len(d.nodes) != 2 || len(d.nodes[0].officers) == 0 {
		t.Fatalf("first start: %d nodes, officers %v", len(d.nodes), d.nodes[0].officers)
	}
	if err := d.Close(); err != nil {
		t.Fatal(err)
	}
	d, err = startDemo(ctx, dir, e)
	if err != nil {
		t.Fatalf("second start: %v\n%s", err, errb.String())
	}
	defer d.Close()
	if !strings.Contains(errb.String(), "reopened the demo") {
		t.Errorf("stderr = %q, want the reopen notice", errb.String())
	}
	for _, n := range d.nodes {
		links, err := n.store.Links(ctx)
		if err != nil || len(links) != 1 || links[0].Queued != 0 {
			t.Errorf("%s links after reopen = %+v, %v", n.cfg.Party, links, err)
		}
		// The starter workplan, whole on both sides: each node's own
		// actions and the other's, delivered.
		plan, _, err := n.store.Workplan(ctx, liaison.WorkplanFilter{})
		actions := 0
		for _, o := range plan {
			actions += len(o.Actions)
		}
		if err != nil || len(plan) != 6 || actions != 14 {
			t.Errorf("%s workplan after reopen: %d objectives, %d actions, %v; want 6 and 14", n.cfg.Party, len(plan), actions, err)
		}
		// India's urgent request about the NPP container, held by both.
		reqs, _, err := n.store.Requests(ctx, liaison.RequestFilter{})
		if err != nil || len(reqs) != 1 || reqs[0].Priority != liaison.PriorityUrgent || reqs[0].State != liaison.RequestDelivered {
			t.Errorf("%s requests after reopen = %+v, %v; want the urgent one, delivered", n.cfg.Party, reqs, err)
		}
	}
}
