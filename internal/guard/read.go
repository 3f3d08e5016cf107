package guard

import "github.com/liaison-project/liaison"

// Read decides whether officer o may read content with handling h held on
// this node. Auditors and administrators see metadata, never content.
func Read(o *liaison.Officer, h liaison.Handling) Decision {
	var why reasons
	switch o.Role {
	case liaison.RoleLiaison, liaison.RoleAnalyst, liaison.RoleSupervisor:
	default:
		why.add("role %s does not read case content", o.Role)
	}
	if !o.CoversArea(h.CrimeArea) {
		why.add("officer %s does not work in crime area %s", o.Name, h.CrimeArea)
	}
	return why.decision()
}
