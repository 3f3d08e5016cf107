package guard

import "github.com/liaison-project/liaison"

// ReadAudit decides whether officer o may read the audit log and its
// checkpoints: auditors only. The log holds who did what, which is itself
// sensitive; no other role needs it.
func ReadAudit(o *liaison.Officer) Decision {
	var why reasons
	if o.Role != liaison.RoleAuditor {
		why.add("role %s does not read the audit log; only auditors do", o.Role)
	}
	return why.decision()
}
