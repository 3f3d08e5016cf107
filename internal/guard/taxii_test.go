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
	for _, l := range liaison.TLPLabels {
		if got, want := ReadSTIX(l).Allow, l != liaison.TLPRed; got != want {
			t.Errorf("ReadSTIX(%s).Allow = %v, want %v", l, got, want)
		}
	}
}
