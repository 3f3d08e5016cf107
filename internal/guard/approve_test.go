package guard

import (
	"testing"

	"github.com/liaison-project/liaison"
	"github.com/liaison-project/liaison/internal/policy"
)

func TestApprove(t *testing.T) {
	drugs := []liaison.CrimeArea{liaison.AreaDrugs}
	m := &liaison.Message{Handling: liaison.Handling{CrimeArea: liaison.AreaDrugs}, From: liaison.Sender{Party: "ca", OfficerID: "author"}}
	tests := []struct {
		name   string
		o      *liaison.Officer
		reason string
	}{
		{"Supervisor", &liaison.Officer{ID: "s", Name: "S", Party: "ca", Role: liaison.RoleSupervisor, Areas: drugs}, ""},
		{"Author", &liaison.Officer{ID: "author", Name: "A", Party: "ca", Role: liaison.RoleSupervisor, Areas: drugs}, "cannot approve its release: four eyes"},
		{"Liaison", &liaison.Officer{ID: "l", Name: "L", Party: "ca", Role: liaison.RoleLiaison, Areas: drugs}, "role liaison does not approve releases"},
		{"OtherArea", &liaison.Officer{ID: "s", Name: "S", Party: "ca", Role: liaison.RoleSupervisor, Areas: []liaison.CrimeArea{liaison.AreaFraud}}, "does not work in crime area drugs"},
		{"PeersSupervisor", &liaison.Officer{ID: "s", Name: "S", Party: "in", Role: liaison.RoleSupervisor, Areas: drugs}, "not an officer of this node's party ca"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { check(t, Approve(tt.o, "ca", m), tt.reason) })
	}
}

// TestWithRules checks how the arrangement's reasons and a party's rules
// combine: approval lifts only the rules' own denial.
func TestWithRules(t *testing.T) {
	tests := []struct {
		name               string
		why                reasons
		out                policy.Outcome
		allow, approval    bool
		escalate, caveated bool
	}{
		{"BothAllow", nil, policy.Outcome{Allow: true}, true, false, false, false},
		{"CaveatsKept", nil, policy.Outcome{Allow: true, Caveats: []string{"use only for the stated purpose"}}, true, false, false, true},
		{"RulesNeedApproval", nil, policy.Outcome{Approval: true, Reasons: []string{"needs a supervisor"}}, false, true, false, false},
		{"ArrangementDeniesApprovalCannotLift", reasons{"ceiling"}, policy.Outcome{Approval: true}, false, false, false, false},
		{"ArrangementDeniesRulesAllow", reasons{"ceiling"}, policy.Outcome{Allow: true, Caveats: []string{"x"}}, false, false, false, false},
		{"Escalate", nil, policy.Outcome{Escalate: true, Reasons: []string{"substantial risk"}}, false, false, true, false},
		{"EscalateBeatsApproval", nil, policy.Outcome{Escalate: true, Approval: true}, false, false, true, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := withRules(tt.why, tt.out)
			if d.Allow != tt.allow || d.Approval != tt.approval || d.Escalate != tt.escalate || (len(d.Caveats) > 0) != tt.caveated {
				t.Errorf("withRules = %+v, want allow %v approval %v escalate %v caveats %v", d, tt.allow, tt.approval, tt.escalate, tt.caveated)
			}
			if !d.Allow && len(d.Reasons) == 0 && len(tt.why)+len(tt.out.Reasons) > 0 {
				t.Errorf("withRules = %+v: a denial without reasons", d)
			}
		})
	}
}
