// Package guard makes the decisions of Liaison: may this officer release
// this content to that party, may this node accept what a peer sent, may
// this officer read this. Each decision is pure (no I/O, no clock beyond
// what is passed in) and returns allow or deny with reasons an officer can
// read.
//
// The guard applies the arrangement's terms, which both parties hold. Each
// party's own domestic rules, as policy files, join here later; they can only
// narrow what the arrangement allows.
package guard

import (
	"fmt"
	"strings"

	"github.com/liaison-project/liaison"
)

// Decision is the outcome of one check.
type Decision struct {
	Allow   bool     `json:"allow"`
	Reasons []string `json:"reasons"`
}

// String renders the decision as "allow" or "deny: reason; reason".
func (d Decision) String() string {
	if d.Allow {
		return "allow"
	}
	return "deny: " + strings.Join(d.Reasons, "; ")
}

// Err returns nil when d allows, else an EFORBIDDEN error whose message
// carries the reasons.
func (d Decision) Err() error {
	if d.Allow {
		return nil
	}
	return &liaison.Error{Code: liaison.EFORBIDDEN, Message: strings.Join(d.Reasons, "; "), Reasons: d.Reasons}
}

type reasons []string

func (r *reasons) add(format string, args ...any) { *r = append(*r, fmt.Sprintf(format, args...)) }

func (r reasons) decision() Decision {
	if len(r) == 0 {
		return Decision{Allow: true}
	}
	return Decision{Reasons: r}
}
