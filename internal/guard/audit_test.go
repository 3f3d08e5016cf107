package guard

import (
	"testing"

	"github.com/liaison-project/liaison"
)

func TestReadAudit(t *testing.T) {
	for _, r := range liaison.Roles {
		d := ReadAudit(&liaison.Officer{Name: "o", Role: r})
		if want := r == liaison.RoleAuditor; d.Allow != want {
			t.Errorf("ReadAudit(%s) = %v, want allow %v", r, d, want)
		}
		if !d.Allow {
			check(t, d, "role "+string(r)+" does not read the audit log; only auditors do")
		}
	}
}
