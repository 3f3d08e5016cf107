package node

import (
	"context"
	"fmt"
	"strconv"

	"github.com/liaison-project/liaison"
	"github.com/liaison-project/liaison/internal/policy"
)

// maxPolicyReasons bounds the problems one audit entry lists.
const maxPolicyReasons = 20

// AuditPolicies records in the audit log which of the party's own rules
// are in force: action "policy.load" when the node starts, "policy.reload"
// when an edit of the files took effect (decision allow) or was refused
// (decision deny, with the problems by file and line). The content hash is
// that of the digest of the files in force, so an auditor holding the
// files can show which rules decided in any period.
func (n *Node) AuditPolicies(ctx context.Context, action string, s *policy.Set, loadErr error) error {
	decision := "allow"
	reasons := []string{strconv.Itoa(s.Len()) + " policies in force"}
	if loadErr != nil {
		decision = "deny"
		reasons = []string{"the edit was refused; the rules in force stay: " + strconv.Itoa(s.Len()) + " policies"}
		fields := liaison.ErrorFields(loadErr)
		for i, f := range fields {
			if i == maxPolicyReasons {
				reasons = append(reasons, fmt.Sprintf("and %d more problems", len(fields)-i))
				break
			}
			reasons = append(reasons, f.Field+": "+f.Problem)
		}
		if len(fields) == 0 {
			reasons = append(reasons, liaison.ErrorMessage(loadErr))
		}
	}
	return n.update(ctx, func(tx liaison.Tx, _ map[string]bool) error {
		return n.audit(tx, nil, action, "policies", decision, reasons, s.Digest())
	})
}
