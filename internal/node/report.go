package node

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/liaison-project/liaison"
	"github.com/liaison-project/liaison/internal/guard"
	"github.com/liaison-project/liaison/internal/report"
)

// ReportInput asks for an oversight report of a period.
type ReportInput struct {
	// From and To are dates, YYYY-MM-DD in UTC, To included.
	From, To string
	// Format is the rendering the caller will make (html, csv or json;
	// "" for html). The node does not render; it checks the name and
	// records it in the audit entry.
	Format string
}

// reportPage is how many messages, approvals or audit entries the report
// reads at a time.
const reportPage = 1000

// OversightReport computes the oversight report of a period from the
// node's stored history: the messages sent and received in it, their
// cases and arrangements, the approvals and the audit log. No counter
// kept elsewhere is trusted, and no content is copied into the report.
//
// The generation is audited as "report.read" (its object names the
// period) before anything is computed; the node then signs a fresh
// checkpoint, which therefore covers that entry, and counts the audit
// entries up to it. A node without a signing key states the unsigned
// head of its log instead.
//
// actor nil is the operator at the console (liaison report), who holds
// the node's directory, keys and store already. Any officer but an
// auditor or a supervisor is refused (EFORBIDDEN, audited); a bad period
// or format is EINVALID naming the field.
func (n *Node) OversightReport(ctx context.Context, actor *liaison.Officer, in ReportInput) (*report.Report, error) {
	if actor != nil {
		if d := guard.ReadReport(actor); !d.Allow {
			return nil, n.refuse(ctx, actor, "report.read", "", d)
		}
	}
	p, err := report.ParsePeriod(in.From, in.To)
	if err != nil {
		return nil, err
	}
	f, err := report.ParseFormat(in.Format)
	if err != nil {
		return nil, err
	}
	object := "oversight:" + p.From.Format(report.DateLayout) + "/" + p.To.Format(report.DateLayout)
	if err := n.update(ctx, func(tx liaison.Tx, _ map[string]bool) error {
		return n.audit(tx, actor, "report.read", object, "allow", []string{"format " + string(f)}, nil)
	}); err != nil {
		return nil, err
	}
	cp, err := n.reportCheckpoint(ctx)
	if err != nil {
		return nil, err
	}
	r := &report.Report{
		Party: n.party, Node: n.name, Period: p, Generated: n.clock(),
		GeneratedBy: "operator at the console", Checkpoint: cp,
	}
	if actor != nil {
		r.GeneratedBy = fmt.Sprintf("%s %s (%s)", actor.Role, actor.Name, actor.Agency)
	}
	crossed, err := n.reportAudit(ctx, r)
	if err != nil {
		return nil, fmt.Errorf("report audit entries: %w", err)
	}
	if err := n.reportMessages(ctx, r, crossed); err != nil {
		return nil, fmt.Errorf("report messages: %w", err)
	}
	if err := n.reportApprovals(ctx, r); err != nil {
		return nil, fmt.Errorf("report approvals: %w", err)
	}
	if r.Requests, err = n.reportRequests(ctx, p); err != nil {
		return nil, fmt.Errorf("report requests: %w", err)
	}
	return r, nil
}

// reportCheckpoint signs a checkpoint of the log as it stands, or states
// its unsigned head when the node has no signer.
func (n *Node) reportCheckpoint(ctx context.Context) (report.Checkpoint, error) {
	if n.signer == nil {
		tree, err := n.store.AuditTree(ctx)
		if err != nil {
			return report.Checkpoint{}, err
		}
		return report.Checkpoint{Size: tree.Size, Root: tree.Root().String()}, nil
	}
	c, err := n.Checkpoint(ctx)
	if err != nil {
		return report.Checkpoint{}, err
	}
	return report.Checkpoint{Origin: n.signer.Origin(), Size: c.Size, Root: c.Root.String(), Note: string(c.Note)}, nil
}

// reportMessages counts the messages of the period and lists those that
// carried personal data. A sent message counts from when it was created,
// a received one from when this node stored it. crossed holds the
// messages the audit log says were sent or received in the period (id →
// direction); those not stored any more are counted as purged since.
func (n *Node) reportMessages(ctx context.Context, r *report.Report, crossed map[string]string) error {
	var dir, area, agency, class, tlp, codes report.Tally
	cases := map[string]*liaison.Case{}
	after := ""
	for {
		ms, next, err := n.store.Messages(ctx, liaison.MessageFilter{After: after, Limit: reportPage})
		if err != nil {
			return err
		}
		for i := range ms {
			m := &ms[i]
			delete(crossed, m.ID)
			d, at := report.Sent, m.Created
			if m.Inbound {
				d = report.Received
				if m.Received != nil {
					at = *m.Received
				}
			}
			if !r.Period.Contains(at) {
				continue
			}
			c, a, err := n.reportCase(ctx, cases, m.CaseID)
			if err != nil {
				return err
			}
			h := &m.Handling
			dir.Add(d, "", d)
			area.Add(string(h.CrimeArea), "", d)
			agency.Add(m.From.Party+"/"+m.From.Agency, "", d)
			class.Add(h.Classification, commonLevel(a, m.From.Party, h.Classification), d)
			tlp.Add(h.TLP, "", d)
			for _, code := range handlingCodes(h.Codes) {
				codes.Add(code, "", d)
			}
			if h.PersonalData {
				r.Transfers = append(r.Transfers, n.transfer(m, c, a, d, at))
			}
		}
		if next == "" {
			break
		}
		after = next
	}
	r.PurgedSince = report.Row{Key: "purged since"}
	for _, d := range crossed {
		if d == report.Received {
			r.PurgedSince.Received++
		} else {
			r.PurgedSince.Sent++
		}
		r.PurgedSince.Total++
	}
	r.ByDirection = dir.Rows(report.Sent, report.Received)
	r.ByCrimeArea = area.Rows(crimeAreaNames()...)
	r.ByAgency = agency.Rows()
	r.ByClassification = class.Rows()
	r.ByTLP = tlp.Rows(liaison.TLPLabels...)
	r.ByHandlingCode = codes.Rows(append(slices.Clone(liaison.HandlingCodes), "other", "none")...)
	slices.SortFunc(r.Transfers, func(x, y report.Transfer) int {
		return cmp.Or(x.Date.Compare(y.Date), cmp.Compare(x.Message, y.Message))
	})
	return nil
}

// reportCase returns a message's case and arrangement, read once per
// report; nil, nil when the case is not held (the report still counts
// the message).
func (n *Node) reportCase(ctx context.Context, cases map[string]*liaison.Case, id string) (*liaison.Case, *liaison.Arrangement, error) {
	c, ok := cases[id]
	if !ok {
		var err error
		c, err = n.store.Case(ctx, id)
		if liaison.ErrorCode(err) == liaison.ENOTFOUND {
			c = nil
		} else if err != nil {
			return nil, nil, err
		}
		cases[id] = c
	}
	if c == nil {
		return nil, nil, nil
	}
	a, err := n.arrangement(ctx, c.ArrangementID)
	if liaison.ErrorCode(err) == liaison.ENOTFOUND {
		return c, nil, nil
	}
	return c, a, err
}

// transfer describes message m, which carries personal data, for the
// report: who sent it to whom, about whom, under which instrument, and
// the sender's mistreatment-risk assessment.
func (n *Node) transfer(m *liaison.Message, c *liaison.Case, a *liaison.Arrangement, dir string, at time.Time) report.Transfer {
	t := report.Transfer{
		Message: m.ID, Case: m.CaseID, Direction: dir, Date: at,
		From: m.From.Party + "/" + m.From.Agency, CrimeArea: string(m.Handling.CrimeArea),
		Subjects: slices.Clone(m.Handling.Subjects), LegalBasis: m.Handling.LegalBasis,
		Assessment: report.AssessmentSender,
	}
	switch {
	case m.Inbound:
		t.To = []string{n.party}
	case c != nil:
		t.To = others(c.Parties, n.party)
	default:
		for _, d := range m.Deliveries {
			t.To = append(t.To, d.Party)
		}
	}
	if a != nil {
		if in, ok := a.InstrumentByID(m.Handling.LegalBasis); ok {
			t.LegalBasisTitle = in.Title
		}
	}
	if !m.Inbound {
		t.Assessment = report.AssessmentNone
		if as := m.Assessment; as != nil {
			t.Assessment, t.Risk, t.RiskNote = report.AssessmentRecorded, as.Risk, as.Note
		}
	}
	return t
}

// commonLevel names the common level label of party's scheme maps to.
func commonLevel(a *liaison.Arrangement, party, label string) string {
	if a != nil {
		if i, ok := a.Level(party, label); ok {
			return a.Levels[i]
		}
	}
	return "unknown level"
}

// handlingCodes returns the codes a message is counted under: its fixed
// codes, "other" once for any free ones, "none" for none.
func handlingCodes(codes []string) []string {
	if len(codes) == 0 {
		return []string{"none"}
	}
	var out []string
	for _, c := range codes {
		if strings.HasPrefix(c, liaison.CodeOtherPrefix) {
			c = "other"
		}
		if !slices.Contains(out, c) {
			out = append(out, c)
		}
	}
	return out
}

func crimeAreaNames() []string {
	s := make([]string, len(liaison.CrimeAreas))
	for i, a := range liaison.CrimeAreas {
		s[i] = string(a)
	}
	return s
}
