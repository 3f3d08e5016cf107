package liaison

import (
	"slices"
	"strings"
	"time"
)

// Role is what an officer may do on a node.
type Role string

// The roles of DESIGN.md.
const (
	RoleLiaison    Role = "liaison"    // may send and receive across the border
	RoleAnalyst    Role = "analyst"    // works on what the node holds
	RoleSupervisor Role = "supervisor" // approves releases and consents
	RoleAuditor    Role = "auditor"    // reads the audit log
	RoleAdmin      Role = "admin"      // configures the node
)

// Roles lists every role, in a stable order for error messages.
var Roles = []Role{RoleLiaison, RoleAnalyst, RoleSupervisor, RoleAuditor, RoleAdmin}

// Valid reports whether r is one of Roles.
func (r Role) Valid() bool { return slices.Contains(Roles, r) }

// Officer is a person with an account on a node, or a peer's liaison
// officer as learnt from its directory (then Party is the peer's).
type Officer struct {
	ID      string      `json:"id"`
	Party   string      `json:"party"`
	Agency  string      `json:"agency"`
	Name    string      `json:"name"`
	Role    Role        `json:"role"`
	Areas   []CrimeArea `json:"areas"`
	Created time.Time   `json:"created"`
}

// CanSend reports whether the officer's role lets them release content
// across the border.
func (o *Officer) CanSend() bool { return o.Role == RoleLiaison || o.Role == RoleSupervisor }

// CoversArea reports whether the officer works in the crime area.
func (o *Officer) CoversArea(a CrimeArea) bool { return slices.Contains(o.Areas, a) }

// Validate checks the officer's fields for creation on this node.
func (o *Officer) Validate() error {
	var f Fields
	if strings.TrimSpace(o.Name) == "" {
		f.Add("name", "required")
	} else if len(o.Name) > 200 {
		f.Add("name", "longer than 200 bytes")
	}
	if !ValidAgencyCode(o.Agency) {
		f.Add("agency", "must be lower-case letters, digits and dashes, at most 32")
	}
	if !o.Role.Valid() {
		f.Add("role", "unknown role "+quote(string(o.Role)), roleNames()...)
	}
	for i, a := range o.Areas {
		if !a.Valid() {
			f.Add(indexed("areas", i), "unknown crime area "+quote(string(a)), areaNames()...)
		}
	}
	return f.Err()
}

func roleNames() []string {
	s := make([]string, len(Roles))
	for i, r := range Roles {
		s[i] = string(r)
	}
	return s
}
