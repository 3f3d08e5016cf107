package misp

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/liaison-project/liaison"
)

// TestConvertReports names, for events built to hit each case, what the
// report must list.
func TestConvertReports(t *testing.T) {
	const attr = `{"uuid":"11111111-1111-4111-8111-111111111111","type":"domain","category":"Network activity","to_ids":true,"value":"a.example"}`
	for _, tt := range []struct {
		name, in string
		want     []liaison.MISPIssue
		objects  int
	}{
		{"OK", `{"Event":{"uuid":"22222222-2222-4222-8222-222222222222","date":"2024-01-01","Tag":[{"name":"tlp:green"}],"Attribute":[` + attr + `]}}`,
			nil, 2},
		{"OrganisationOnly", `{"Event":{"uuid":"22222222-2222-4222-8222-222222222222","date":"2024-01-01","distribution":"0","Attribute":[` + attr + `]}}`,
			[]liaison.MISPIssue{{Path: "Event.distribution", Reason: "distribution 0 has no STIX form and the event has no TLP tag; the collection's default TLP applies"}}, 2},
		{"NoUUIDNoDate", `{"Event":{"info":"x","Attribute":[` + attr + `]}}`,
			[]liaison.MISPIssue{
				{Path: "Event.date", Reason: "neither date nor timestamp is usable; the objects are dated 1970-01-01"},
				{Path: "Event.uuid", Reason: "missing or not a UUID; the report's id is derived from info, date and timestamp"}}, 2},
		{"DuplicateUUID", `{"Event":{"uuid":"22222222-2222-4222-8222-222222222222","date":"2024-01-01","Attribute":[` + attr + `,` + attr + `]}}`,
			[]liaison.MISPIssue{{Path: "Event.Attribute[1].uuid", Reason: "the uuid of an attribute already converted; this one is not carried"}}, 2},
		{"Empty", `{"Event":{"uuid":"22222222-2222-4222-8222-222222222222","date":"2024-01-01"}}`,
			[]liaison.MISPIssue{{Path: "Event", Reason: "the event has nothing a report could refer to; no report written"}}, 0},
		{"EmptyTag", `{"Event":{"uuid":"22222222-2222-4222-8222-222222222222","date":"2024-01-01","Tag":[{"name":" "}],"Attribute":[` + attr + `]}}`,
			[]liaison.MISPIssue{{Path: "Event.Tag[0]", Reason: "a tag without a name"}}, 2},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r := MustConvert(t, []byte(tt.in))
			want := tt.want
			if want == nil {
				want = []liaison.MISPIssue{}
			}
			if d := cmp.Diff(want, r.Report.Unmapped); d != "" {
				t.Errorf("unmapped (-want +got):\n%s", d)
			}
			if len(r.Objects) != tt.objects {
				t.Errorf("%d objects, want %d", len(r.Objects), tt.objects)
			}
		})
	}
}
