package policy

import (
	"slices"

	cedar "github.com/cedar-policy/cedar-go"
	xast "github.com/cedar-policy/cedar-go/x/exp/ast"
)

// needs says which attributes the policies of a Set read, one bit per
// attribute of officerAttrs, contentAttrs and contextAttrs. Decide builds
// only those: building a Cedar record costs more than evaluating most
// policies. Cedar names attributes statically (no computed keys), so a
// walk of the policies finds every one a decision can touch.
type needs struct{ principal, resource, context uint32 }

// nodeParty is the bit of a Node's party: the officer's "party" attribute.
var nodeParty = uint32(1) << slices.IndexFunc(officerAttrs, func(a attr) bool { return a.name == "party" })

var allNeeds = needs{
	principal: 1<<len(officerAttrs) - 1,
	resource:  1<<len(contentAttrs) - 1,
	context:   1<<len(contextAttrs) - 1,
}

// add records what p reads. Where it cannot tell (an attribute of a
// computed entity, the whole context as a value), it takes everything.
func (n *needs) add(p *cedar.Policy) {
	for _, c := range p.AST().Conditions {
		xast.Inspect(xast.NewNode(c.Body), func(node xast.IsNode) bool {
			var op xast.StrOpNode
			switch v := node.(type) {
			case xast.NodeTypeAccess:
				op = v.StrOpNode
			case xast.NodeTypeHas:
				op = v.StrOpNode
			case xast.NodeTypeVariable:
				if v.Name == "context" {
					n.context = allNeeds.context
				}
				return true
			default:
				return true
			}
			variable, ok := op.Arg.(xast.NodeTypeVariable)
			if !ok {
				*n = allNeeds
				return true
			}
			switch variable.Name {
			case "principal":
				n.principal |= bit(officerAttrs, op.Value)
			case "resource":
				n.resource |= bit(contentAttrs, op.Value)
			case "context":
				n.context |= bit(contextAttrs, op.Value)
			}
			return false
		})
	}
}

// bit returns the bit of attribute name in attrs, or 0 for an attribute
// the model lacks (the schema refuses such policies; has-tests of it are
// false either way).
func bit(attrs []attr, name cedar.String) uint32 {
	i := slices.IndexFunc(attrs, func(a attr) bool { return a.name == name })
	if i < 0 {
		return 0
	}
	return 1 << i
}
