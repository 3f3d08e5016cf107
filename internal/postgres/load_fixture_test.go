package postgres_test

import (
	"crypto/sha256"
	"fmt"
	"testing"
	"time"

	"github.com/liaison-project/liaison"
)

// moved is a node's history as the round-trip test writes it through the
// Store contract, and what it needs to read everything back.
type moved struct {
	tokens    []string // API tokens of the node's officers
	officers  []string // ids of every officer, own and peers'
	cases     []string
	messages  []string
	approvals []string
	receipts  []string
	peers     []string

	disseminations []string
	consents       []string
}

func hash(s string) []byte {
	sum := sha256.Sum256([]byte(s))
	return sum[:]
}

// loadNow is the fixture's clock, to the microsecond as a node keeps it.
var loadNow = time.Date(2026, 11, 22, 10, 0, 0, 123456000, time.UTC)

func loadAt(n int) time.Time { return loadNow.Add(time.Duration(n) * time.Second) }

func mustUpdate(tb testing.TB, s liaison.Store, fn func(liaison.Tx) error) {
	tb.Helper()
	if err := s.Update(tb.Context(), fn); err != nil {
		tb.Fatalf("Update: %v", err)
	}
}

// populate writes every kind of row a node holds into s: officers with
// tokens, peers' directories, peers with advanced links, arrangements,
// cases, messages both ways with deliveries settled and queued, inbound
// rows stored and refused, receipts, the audit log and a lease.
func populate(tb testing.TB, s liaison.Store) moved {
	tb.Helper()
	var m moved
	h := liaison.Handling{Classification: "RESTRICTED", TLP: liaison.TLPAmber, CrimeArea: liaison.AreaDrugs,
		Codes: []string{liaison.CodeLawEnforcementOnly}, PersonalData: true, RetainUntil: "2031-11-22"}
	mustUpdate(tb, s, func(tx liaison.Tx) error {
		if err := tx.PutAgency(liaison.Agency{Party: "in", Code: "ncb", Name: "Narcotics Control Bureau"}); err != nil {
			return err
		}
		for i, role := range []liaison.Role{liaison.RoleLiaison, liaison.RoleAnalyst, liaison.RoleAuditor} {
			o := &liaison.Officer{ID: fmt.Sprintf("o-in-%d", i), Party: "in", Agency: "ncb", Name: fmt.Sprintf("Officer %d", i),
				Role: role, Areas: []liaison.CrimeArea{liaison.AreaDrugs}, Created: loadAt(i)}
			if i == 2 {
				o.Areas = nil
			}
			token := fmt.Sprintf("token-%d", i)
			if err := tx.CreateOfficer(o, hash(token)); err != nil {
				return err
			}
			m.tokens = append(m.tokens, token)
			m.officers = append(m.officers, o.ID)
		}
		for _, p := range []string{"ca", "us"} {
			peer := &liaison.Peer{Card: liaison.Card{Party: p, Name: "Node " + p, FederationURL: "https://" + p + ".example",
				SigningKey: hash("sign " + p), HPKEKey: hash("hpke " + p), CertSHA256: fmt.Sprintf("%x", hash("cert "+p))}, Added: loadAt(10)}
			if p == "us" {
				peer.HPKEKey = nil // NULL bytes survive as NULL
			}
			if err := tx.PutPeer(peer); err != nil {
				return err
			}
			m.peers = append(m.peers, p)
			cp := &liaison.AuditCheckpoint{Party: p, Size: 7, Root: liaison.AuditHash{1, 2}, Note: []byte("note of " + p), Received: loadAt(12)}
			if err := tx.PutCheckpoint(cp); err != nil {
				return err
			}
		}
		if err := tx.SetAuditAlarm("us", loadAt(13), "fork at size 7"); err != nil {
			return err
		}
		o := liaison.Officer{ID: "o-ca-1", Party: "ca", Agency: "rcmp", Name: "Cpl. Tremblay", Role: liaison.RoleLiaison,
			Areas: []liaison.CrimeArea{liaison.AreaDrugs, liaison.AreaCyber}, Created: loadAt(11)}
		m.officers = append(m.officers, o.ID)
		if err := tx.ReplaceDirectory("ca", []liaison.Agency{{Party: "ca", Code: "rcmp", Name: "RCMP"}}, []liaison.Officer{o}); err != nil {
			return err
		}
		// Two arrangements applied at one instant: their order is the
		// order stored, which the move must keep.
		for i, raw := range []string{"first", "second", "third"} {
			a := &liaison.Arrangement{ID: fmt.Sprintf("%x", hash(raw)), Name: "Arrangement " + raw, Version: i + 1,
				Parties: []string{"in", "ca"}, Raw: []byte(raw), Applied: loadAt(20 + i/2)}
			if err := tx.PutArrangement(a); err != nil {
				return err
			}
		}
		return nil
	})
	for i := range 30 {
		area := []liaison.CrimeArea{liaison.AreaDrugs, liaison.AreaCyber, liaison.AreaFraud}[i%3]
		c := &liaison.Case{ID: fmt.Sprintf("c-%03d", i), Title: fmt.Sprintf("Case %d", i), CrimeArea: area,
			Parties: []string{"in", []string{"ca", "us"}[i%2]}, Origin: "in", ArrangementID: "arr", Handling: h,
			CreatedBy: liaison.Sender{Party: "in", Agency: "ncb", Officer: "Officer 0", OfficerID: "o-in-0"}, Created: loadAt(100 + i)}
		if i%5 == 4 {
			c.Origin, c.CreatedBy = "ca", liaison.Sender{Party: "ca", Agency: "rcmp", Officer: "Cpl. Tremblay"}
		}
		mustUpdate(tb, s, func(tx liaison.Tx) error {
			if err := tx.CreateCase(c); err != nil {
				return err
			}
			return tx.AppendAudit(&liaison.AuditEntry{Time: c.Created, Party: "in", Agency: "ncb", Officer: "o-in-0",
				Action: "case.create", Object: c.ID, Decision: "allow", Reasons: []string{"within scope"}, ContentHash: fmt.Sprintf("%x", hash(c.ID))})
		})
		m.cases = append(m.cases, c.ID)
	}
	populateMessages(tb, s, &m, h)
	populateApprovals(tb, s, &m, h)
	populateDisseminations(tb, s, &m)
	populateWorkplan(tb, s)
	populateSTIX(tb, s)
	if ok, err := s.Lease(tb.Context(), "link/ca", "serve/1", time.Minute); err != nil || !ok {
		tb.Fatalf("Lease = %v, %v", ok, err)
	}
	return m
}

// populateMessages sends messages out (queued, delivered, refused, read)
// and takes some in.
func populateMessages(tb testing.TB, s liaison.Store, m *moved, h liaison.Handling) {
	tb.Helper()
	inSeq := map[string]int64{}
	for i := range 60 {
		msg := &liaison.Message{ID: fmt.Sprintf("m-%03d", i), CaseID: m.cases[i%len(m.cases)], Subject: fmt.Sprintf("update %d", i),
			Body: fmt.Sprintf("body %d: Ünïcødé, \"quotes\", \\ and \u2028 kept", i), Handling: h,
			Entities: []liaison.Entity{{Kind: liaison.EntityContainer, Value: "CSQU3054383"}},
			From:     liaison.Sender{Party: "in", Agency: "ncb", Officer: "Officer 0", OfficerID: "o-in-0"},
			Created:  loadAt(200 + i), State: liaison.StateQueued}
		if i%5 == 1 {
			msg.To = liaison.Recipients{Agencies: []string{"ca/rcmp"}, Officers: []string{"o-ca-1"}}
		}
		if i%7 == 2 {
			msg.Assessment = &liaison.Assessment{Risk: liaison.RiskMitigated, Note: fmt.Sprintf("assurances %d", i)}
		}
		peer := m.peers[i%2]
		if i%4 == 3 {
			// Taken from a peer, each in turn.
			peer = m.peers[(i/4)%2]
			msg.Inbound, msg.State, msg.Received = true, liaison.StateDelivered, ptr(loadAt(300+i))
			msg.From = liaison.Sender{Party: peer, Agency: "rcmp", Officer: "Cpl. Tremblay"}
			msg.Entities = nil
		}
		refused := false
		mustUpdate(tb, s, func(tx liaison.Tx) error {
			if msg.Inbound {
				inSeq[peer]++
				status, reason := liaison.InboundStored, ""
				if inSeq[peer]%3 == 0 {
					status, reason = liaison.InboundRefused, "outside the arrangement"
				}
				if _, err := tx.Take(&liaison.InboundItem{Peer: peer, Seq: inSeq[peer], EnvelopeID: fmt.Sprintf("env-%d", i),
					Kind: liaison.KindMessage, ObjectID: msg.ID, Status: status, Reason: reason, Received: *msg.Received}); err != nil {
					return err
				}
				if refused = status == liaison.InboundRefused; refused {
					// A refused item leaves no message, only its row.
					return tx.NoteRefusal(peer, *msg.Received, reason)
				}
			}
			if err := tx.CreateMessage(msg); err != nil {
				return err
			}
			if !msg.Inbound {
				payload := []byte(`{"id":"` + msg.ID + `"}`)
				if i == 0 {
					payload = nil // stored empty, not NULL
				}
				if err := tx.Enqueue(&liaison.OutboxItem{Peer: peer, Kind: liaison.KindMessage, ObjectID: msg.ID,
					ArrangementID: "arr", Payload: payload, Created: msg.Created}); err != nil {
					return err
				}
			}
			return tx.AppendAudit(&liaison.AuditEntry{Time: msg.Created, Party: "in", Action: "message.send", Object: msg.ID})
		})
		if !refused {
			m.messages = append(m.messages, msg.ID)
		}
	}
	// Settle the first half of what went out: most delivered with a
	// receipt, some refused; one delivered message read.
	for _, peer := range m.peers {
		items, err := s.Outbox(tb.Context(), peer, 100)
		if err != nil {
			tb.Fatal(err)
		}
		for j, it := range items[:len(items)/2] {
			mustUpdate(tb, s, func(tx liaison.Tx) error {
				at := loadAt(400 + j)
				if j%4 == 1 {
					return tx.Settle(peer, it.Seq, liaison.StateRefused, "no legal basis", "", at)
				}
				r := &liaison.Receipt{ID: fmt.Sprintf("r-%s-%d", peer, it.Seq), Peer: peer, EnvelopeID: fmt.Sprintf("env-out-%d", it.Seq),
					Body: []byte("receipt body"), Sig: hash("sig"), Received: at}
				if err := tx.PutReceipt(r); err != nil {
					return err
				}
				m.receipts = append(m.receipts, r.ID)
				if err := tx.Settle(peer, it.Seq, liaison.StateDelivered, "", r.ID, at); err != nil {
					return err
				}
				return tx.SetMessageState(it.ObjectID, liaison.StateDelivered)
			})
		}
		mustUpdate(tb, s, func(tx liaison.Tx) error {
			if err := tx.LinkAttempt(peer, loadAt(500), ""); err != nil {
				return err
			}
			return tx.LinkAttempt(peer, loadAt(501), "connection refused")
		})
	}
	mustUpdate(tb, s, func(tx liaison.Tx) error { return tx.SetMessageState(m.messages[0], liaison.StateRead) })
}

// populateApprovals holds messages for approval: some still pending, some
// approved or rejected since, one escalated at once.
func populateApprovals(tb testing.TB, s liaison.Store, m *moved, h liaison.Handling) {
	tb.Helper()
	for i := range 9 {
		r := &liaison.Approval{ID: fmt.Sprintf("a-%03d", i), CaseID: m.cases[i%4], State: liaison.ApprovalPending,
			Reasons: []string{"TLP:RED", fmt.Sprintf("rule %d", i)}, Requested: loadAt(600 + i),
			Message: liaison.Message{ID: fmt.Sprintf("a-%03d", i), CaseID: m.cases[i%4], Subject: "held", Body: "held \u0000 body",
				Handling: h, From: liaison.Sender{Party: "in", Agency: "ncb", Officer: "Officer 0", OfficerID: "o-in-0"},
				Created: loadAt(600 + i), State: liaison.StatePendingApproval,
				To:         liaison.Recipients{Officers: []string{"o-ca-1"}},
				Assessment: &liaison.Assessment{Risk: liaison.RiskSubstantial}}}
		if i == 8 {
			r.State, r.Decided, r.Reasons = liaison.ApprovalEscalated, ptr(loadAt(608)), nil
		}
		mustUpdate(tb, s, func(tx liaison.Tx) error { return tx.CreateApproval(r) })
		m.approvals = append(m.approvals, r.ID)
	}
	mustUpdate(tb, s, func(tx liaison.Tx) error {
		if err := tx.DecideApproval("a-001", liaison.ApprovalApproved, "o-in-1", loadAt(700), ""); err != nil {
			return err
		}
		return tx.DecideApproval("a-004", liaison.ApprovalRejected, "o-in-1", loadAt(701), "no legal basis")
	})
}

func ptr[T any](v T) *T { return &v }
