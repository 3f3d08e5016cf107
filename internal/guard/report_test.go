package guard

import (
	"testing"

	"github.com/liaison-project/liaison"
)

func TestReadReport(t *testing.T) {
	for _, r := range liaison.Roles {
		d := ReadReport(&liaison.Officer{Name: "o", Role: r})
		if want := r == liaison.RoleAuditor || r == liaison.RoleSupervisor; d.Allow != want {
			t.Errorf("ReadReport(%s) = %v, want allow %v", r, d, want)
		}
		if !d.Allow {
			check(t, d, "role "+string(r)+" does not generate oversight reports; only auditors and supervisors do")
		}
	}
}
