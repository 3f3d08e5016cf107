package guard

import (
	"testing"

	"github.com/liaison-project/liaison"
)

func TestAnswerConsent(t *testing.T) {
	h := liaison.Handling{CrimeArea: liaison.AreaDrugs}
	drugs := []liaison.CrimeArea{liaison.AreaDrugs}
	tests := []struct {
		name   string
		o      *liaison.Officer
		list   string // "" means allow
		answer string
	}{
		{"Supervisor", &liaison.Officer{Role: liaison.RoleSupervisor, Areas: drugs}, "", ""},
		{"SupervisorOtherArea", &liaison.Officer{Name: "S", Role: liaison.RoleSupervisor, Areas: []liaison.CrimeArea{liaison.AreaCyber}}, "", "does not work in crime area drugs"},
		{"Liaison", &liaison.Officer{Role: liaison.RoleLiaison, Areas: drugs}, "role liaison does not answer consent requests", "only supervisors do"},
		{"Analyst", &liaison.Officer{Role: liaison.RoleAnalyst, Areas: drugs}, "role analyst does not answer", "role analyst"},
		{"Admin", &liaison.Officer{Role: liaison.RoleAdmin, Areas: liaison.CrimeAreas}, "role admin", "role admin"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			check(t, ListConsents(tt.o), tt.list)
			check(t, AnswerConsent(tt.o, h), tt.answer)
		})
	}
}
