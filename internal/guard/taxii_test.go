package guard

import (
	"strings"
	"testing"

	"github.com/liaison-project/liaison"
)

func TestUseTAXII(t *testing.T) {
	cyber := []liaison.CrimeArea{liaison.AreaFraud, liaison.AreaCyber}
	tests := []struct {
		name  string
		role  liaison.Role
		areas []liaison.CrimeArea
		party string
		want  string // "" means allow, else a part of the reason
	}{
		{"Liaison", liaison.RoleLiaison, cyber, "in", ""},
		{"Analyst", liaison.RoleAnalyst, cyber, "in", ""},
		{"Supervisor", liaison.RoleSupervisor, cyber, "in", ""},
		{"ErrAuditor", liaison.RoleAuditor, cyber, "in", "role auditor does not use"},
		{"ErrAdmin", liaison.RoleAdmin, cyber, "in", "role admin does not use"},
		{"ErrNoCyber", liaison.RoleAnalyst, []liaison.CrimeArea{liaison.AreaDrugs}, "in", "crime area cyber"},
		{"ErrOtherParty", liaison.RoleLiaison, cyber, "ca", "not an officer of ca"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := &liaison.Officer{ID: "o1", Party: "in", Agency: "cbi", Role: tt.role, Areas: tt.areas}
			d := UseTAXII(o, tt.party)
			switch {
			case tt.want == "" && !d.Allow:
				t.Errorf("UseTAXII = %s, want allow", d)
			case tt.want != "" && (d.Allow || !strings.Contains(d.String(), tt.want)):
				t.Errorf("UseTAXII = %s, want deny: …%s…", d, tt.want)
			}
		})
	}
}

func TestReadSTIX(t *testing.T) {
	o := &liaison.Officer{ID: "o1", Party: "in", Agency: "cbi", Role: liaison.RoleAnalyst}
	for _, tt := range []struct {
		tlp, agency string
		want        bool
	}{
		{liaison.TLPClear, "ncb", true},
		{liaison.TLPGreen, "ncb", true},
		{liaison.TLPAmber, "ncb", true},
		{liaison.TLPAmberStrict, "cbi", true},
		{liaison.TLPAmberStrict, "ncb", false},
		{liaison.TLPRed, "cbi", false},
	} {
		if got := ReadSTIX(o, tt.tlp, tt.agency).Allow; got != tt.want {
			t.Errorf("ReadSTIX(%s added by %s).Allow = %v, want %v", tt.tlp, tt.agency, got, tt.want)
		}
	}
}
