package guard

import (
	"strings"
	"testing"

	"github.com/liaison-project/liaison"
)

func TestWorkplan(t *testing.T) {
	a := testArrangement()
	officer := func(party string, role liaison.Role) *liaison.Officer {
		return &liaison.Officer{Name: "O", Party: party, Agency: "ncb", Role: role}
	}
	act := &liaison.Action{ID: "act-1", Owner: liaison.Side{Party: "in", Agency: "ncb"}}
	tests := []struct {
		name               string
		o                  *liaison.Officer
		read, edit, change string // "" means allow, else a part of the reason
	}{
		{"LiaisonOwner", officer("in", liaison.RoleLiaison), "", "", ""},
		{"SupervisorOwner", officer("in", liaison.RoleSupervisor), "", "", ""},
		{"LiaisonOtherParty", officer("ca", liaison.RoleLiaison), "", "", "owned by in"},
		{"Analyst", officer("in", liaison.RoleAnalyst), "", "role analyst does not edit", "role analyst does not edit"},
		{"Auditor", officer("in", liaison.RoleAuditor), "role auditor does not read", "role auditor does not edit", "role auditor does not edit"},
		{"Admin", officer("in", liaison.RoleAdmin), "role admin does not read", "role admin does not edit", "role admin does not edit"},
		{"NotAParty", officer("us", liaison.RoleLiaison), "not a party", "not a party", "owned by in"},
	}
	check := func(t *testing.T, what string, d Decision, want string) {
		t.Helper()
		switch {
		case want == "" && !d.Allow:
			t.Errorf("%s = %v, want allow", what, d)
		case want != "" && d.Allow:
			t.Errorf("%s = allow, want deny (%s)", what, want)
		case want != "" && !strings.Contains(strings.Join(d.Reasons, "; "), want):
			t.Errorf("%s = %v, want a reason with %q", what, d, want)
		}
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			check(t, "ReadWorkplan", ReadWorkplan(tt.o, a), tt.read)
			if tt.read == "" || tt.name != "NotAParty" {
				check(t, "ListWorkplan", ListWorkplan(tt.o), tt.read)
			}
			check(t, "EditWorkplan", EditWorkplan(tt.o, a), tt.edit)
			check(t, "ChangeAction", ChangeAction(tt.o, a, act), tt.change)
		})
	}
}
