package guard

import "github.com/liaison-project/liaison"

// ReadReport decides whether officer o may generate the oversight report:
// auditors, who answer to oversight bodies, and supervisors, who answer
// for what their officers release. The report holds metadata only, but it
// names every transfer of personal data and every refusal: no other role
// needs that view of the whole node.
func ReadReport(o *liaison.Officer) Decision {
	var why reasons
	if o.Role != liaison.RoleAuditor && o.Role != liaison.RoleSupervisor {
		why.add("role %s does not generate oversight reports; only auditors and supervisors do", o.Role)
	}
	return why.decision()
}
