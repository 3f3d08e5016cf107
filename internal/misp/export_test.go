package misp

import (
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// view is what a round trip must keep of an attribute: type, category,
// value, first_seen, to_ids, object relation, and its tags with its event's
// (TLP ones included; MISP applies an event's tags to its attributes).
type view struct {
	Type, Category, Relation, Value string
	FirstSeen                       string
	ToIDs                           bool
	Tags                            string
}

func views(evs []Event) (map[string]view, []string) {
	out := map[string]view{}
	var clusters []string
	norm := func(tags ...[]Tag) string {
		var names []string
		for _, ts := range tags {
			for _, t := range ts {
				n := t.Name
				if n == "tlp:white" {
					n = "tlp:clear" // TLP 1.0's WHITE is TLP 2.0's CLEAR
				}
				if !slices.Contains(names, n) {
					names = append(names, n)
				}
			}
		}
		slices.Sort(names)
		return strings.Join(names, ",")
	}
	add := func(ev *Event, a Attribute) {
		if a.Deleted {
			return
		}
		// Not the uuid: an attribute without one gets one on the way.
		key := a.Type + "|" + a.Value + "|" + a.ObjectRelation
		out[key] = view{a.Type, a.Category, a.ObjectRelation, a.Value, a.FirstSeen, a.ToIDs, norm(ev.Tags, a.Tags)}
	}
	for i := range evs {
		ev := &evs[i]
		for _, a := range ev.Attributes {
			add(ev, a)
		}
		for _, o := range ev.Objects {
			for _, a := range o.Attributes {
				add(ev, a)
			}
		}
		for _, g := range ev.Galaxies {
			for _, c := range g.Clusters {
				clusters = append(clusters, g.Type+"="+c.Value)
			}
		}
		for _, a := range ev.Attributes {
			for _, g := range a.Galaxies {
				for _, c := range g.Clusters {
					clusters = append(clusters, g.Type+"="+c.Value)
				}
			}
		}
	}
	slices.Sort(clusters)
	return out, clusters
}

// TestRoundTrip converts each testdata event to STIX and back, and wants
// every attribute's type, category, value, to_ids, relation, tags and
// TLP, and every galaxy cluster, again.
func TestRoundTrip(t *testing.T) {
	for _, name := range []string{"event", "response"} {
		t.Run(name, func(t *testing.T) {
			in, err := os.ReadFile("testdata/" + name + ".json")
			if err != nil {
				t.Fatal(err)
			}
			orig, err := Decode(in)
			if err != nil {
				t.Fatal(err)
			}
			r := Convert(orig)
			out, rep := Export(r.Objects)
			back, err := Decode(out)
			if err != nil {
				t.Fatalf("Decode(Export(...)): %v\n%s", err, out)
			}
			if len(rep.Unmapped) != 0 {
				t.Errorf("export unmapped = %v, want none", rep.Unmapped)
			}
			wantA, wantG := views(orig)
			gotA, gotG := views(back)
			if d := cmp.Diff(wantA, gotA); d != "" {
				t.Errorf("attributes differ (-want +got):\n%s", d)
			}
			if d := cmp.Diff(wantG, gotG); d != "" {
				t.Errorf("galaxy clusters differ (-want +got):\n%s", d)
			}
			if len(back) != len(orig) {
				t.Errorf("%d events back, want %d", len(back), len(orig))
			}
			for i := range min(len(back), len(orig)) {
				if back[i].UUID != orig[i].UUID || back[i].Info != orig[i].Info || back[i].Date != orig[i].Date {
					t.Errorf("event %d = %s %q %s, want %s %q %s", i, back[i].UUID, back[i].Info, back[i].Date, orig[i].UUID, orig[i].Info, orig[i].Date)
				}
			}
		})
	}
}

// TestExportForeign exports STIX that did not come from MISP: simple
// indicators and SCOs map, the rest is reported by id.
func TestExportForeign(t *testing.T) {
	objs := [][]byte{
		[]byte(`{"type":"indicator","spec_version":"2.1","id":"indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f","created":"2021-01-01T00:00:00.000Z","modified":"2021-01-01T00:00:00.000Z","pattern":"[domain-name:value = 'evil.example']","pattern_type":"stix","valid_from":"2021-01-01T00:00:00Z","labels":["malicious-activity"],"object_marking_refs":["marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb"]}`),
		[]byte(`{"type":"indicator","spec_version":"2.1","id":"indicator--9e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f","created":"2021-01-01T00:00:00.000Z","modified":"2021-01-01T00:00:00.000Z","pattern":"[file:hashes.'SHA-256' = 'aa'] FOLLOWEDBY [url:value = 'x']","pattern_type":"stix","valid_from":"2021-01-01T00:00:00Z"}`),
		[]byte(`{"type":"ipv4-addr","spec_version":"2.1","id":"ipv4-addr--28bb3599-77cd-5a82-a950-b5bc3caf07c4","value":"198.51.100.3"}`),
		[]byte(`{"type":"identity","spec_version":"2.1","id":"identity--023d105b-752e-4e3c-941c-7d3f3cb15e9e","created":"2021-01-01T00:00:00.000Z","modified":"2021-01-01T00:00:00.000Z","name":"CERT"}`),
	}
	out, rep := Export(objs)
	evs, err := Decode(out)
	if err != nil {
		t.Fatalf("Decode: %v\n%s", err, out)
	}
	got, _ := views(evs)
	want := map[string]view{
		"domain|evil.example|": {Type: "domain", Category: "Network activity", Value: "evil.example", ToIDs: true, Tags: "malicious-activity,tlp:green"},
		"ip-dst|198.51.100.3|": {Type: "ip-dst", Category: "Network activity", Value: "198.51.100.3"},
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("attributes (-want +got):\n%s", d)
	}
	var ids []string
	for _, u := range rep.Unmapped {
		ids = append(ids, u.Path)
	}
	wantIDs := []string{"indicator--9e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f", "identity--023d105b-752e-4e3c-941c-7d3f3cb15e9e"}
	if d := cmp.Diff(wantIDs, ids); d != "" {
		t.Errorf("unmapped (-want +got):\n%s", d)
	}
}
