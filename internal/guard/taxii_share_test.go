package guard

import (
	"strings"
	"testing"

	"github.com/liaison-project/liaison"
)

func TestShareSTIX(t *testing.T) {
	const id = "indicator--00000000-0000-4000-8000-000000000001"
	cyber := &liaison.Arrangement{Name: "in-ca", Parties: []string{"in", "ca"},
		CrimeAreas: []liaison.CrimeArea{liaison.AreaDrugs, liaison.AreaCyber}}
	drugs := &liaison.Arrangement{Name: "drugs only", Parties: []string{"in", "ca"},
		CrimeAreas: []liaison.CrimeArea{liaison.AreaDrugs}}
	tests := []struct {
		name     string
		a        *liaison.Arrangement
		from, to string
		tlp      string
		want     string // "" means allow, else a part of the reason
	}{
		{"Clear", cyber, "in", "ca", liaison.TLPClear, ""},
		{"Green", cyber, "ca", "in", liaison.TLPGreen, ""},
		{"Amber", cyber, "in", "ca", liaison.TLPAmber, ""},
		{"ErrRed", cyber, "in", "ca", liaison.TLPRed, id + ": TLP:RED never crosses"},
		{"ErrAmberStrict", cyber, "in", "ca", liaison.TLPAmberStrict, id + ": TLP:AMBER+STRICT stays within the organisation"},
		{"ErrUnknownLabel", cyber, "in", "ca", "PURPLE", "unknown TLP label"},
		{"ErrNoCyber", drugs, "in", "ca", liaison.TLPGreen, "does not cover crime area cyber"},
		{"ErrOtherParty", cyber, "in", "us", liaison.TLPGreen, "does not name both in and us"},
		{"ErrSelf", cyber, "in", "in", liaison.TLPGreen, "does not name both"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := ShareSTIX(tt.a, tt.from, tt.to, id, tt.tlp)
			switch {
			case tt.want == "" && !d.Allow:
				t.Errorf("ShareSTIX = %s, want allow", d)
			case tt.want != "" && (d.Allow || !strings.Contains(d.String(), tt.want)):
				t.Errorf("ShareSTIX = %s, want deny: …%s…", d, tt.want)
			}
		})
	}
}
