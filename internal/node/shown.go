package node

import (
	"context"
	"strconv"
	"strings"

	"github.com/liaison-project/liaison"
)

// auditShown records that actor was shown content: one case, or a page of
// cases or messages. The entry names what was listed and how many items
// were shown; its content hash is the hash of the ids shown, one a line,
// so an auditor holding the ids can prove what an officer saw while the
// log itself holds none of it.
func (n *Node) auditShown(ctx context.Context, actor *liaison.Officer, action, object string, ids []string) error {
	return n.update(ctx, func(tx liaison.Tx, _ map[string]bool) error {
		return n.audit(tx, actor, action, object, "allow",
			[]string{strconv.Itoa(len(ids)) + " shown"}, []byte(strings.Join(ids, "\n")))
	})
}

func caseIDs(cs []liaison.Case) []string {
	ids := make([]string, len(cs))
	for i := range cs {
		ids[i] = cs[i].ID
	}
	return ids
}

func messageIDs(ms []liaison.Message) []string {
	ids := make([]string, len(ms))
	for i := range ms {
		ids[i] = ms[i].ID
	}
	return ids
}
