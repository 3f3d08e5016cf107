package node

import (
	"context"
	"strings"

	"github.com/liaison-project/liaison"
	"github.com/liaison-project/liaison/internal/guard"
)

// ExportInput is what an officer gives to export a received message as
// evidence.
type ExportInput struct {
	Purpose string `json:"purpose"`
	// MLARef is the reference of the mutual legal assistance request under
	// which the evidence is sought; content marked no-judicial-use needs one.
	MLARef string `json:"mla_ref"`
}

// ExportEvidence asks to export the received message as evidence, and
// returns the request with the guard's answer, as [Node.Disseminate] does:
// content marked no-judicial-use needs a recorded mutual legal assistance
// request and the originator's consent, which is asked for in the same
// transaction.
func (n *Node) ExportEvidence(ctx context.Context, actor *liaison.Officer, messageID string, in ExportInput) (*liaison.Dissemination, error) {
	m, err := n.onwardMessage(ctx, actor, messageID, "export.request")
	if err != nil {
		return nil, err
	}
	var f liaison.Fields
	checkPurpose(&f, in.Purpose)
	in.MLARef = strings.TrimSpace(in.MLARef)
	switch {
	case len(in.MLARef) > MaxMLARef:
		f.Add("mla_ref", "longer than 200 bytes")
	case !printable(in.MLARef):
		f.Add("mla_ref", "holds control characters")
	}
	if err := f.Err(); err != nil {
		return nil, err
	}
	r := guard.Export(guard.Evidence{Origin: m.From.Party, Handling: m.Handling, Purpose: in.Purpose, MLARef: in.MLARef,
		Officer: actor, Party: n.party, Rules: n.rules()})
	d := &liaison.Dissemination{
		ID: n.newID(), Kind: liaison.KindExport, MessageID: m.ID, Origin: m.From.Party,
		Purpose: in.Purpose, MLARef: in.MLARef, By: sender(actor),
	}
	return n.onward(ctx, actor, m, d, r)
}

// Export returns a request to export a message as evidence, for an
// officer who may read the message. The read is audited.
func (n *Node) Export(ctx context.Context, actor *liaison.Officer, id string) (*liaison.Dissemination, error) {
	return n.readOnward(ctx, actor, id, liaison.KindExport)
}
