package storetest

import (
	"crypto/sha256"
	"encoding/hex"
	"testing"

	"github.com/liaison-project/liaison"
)

// Kinds for id.
const (
	kindCase     = 'c'
	kindMessage  = 'm'
	kindOfficer  = 'o'
	kindApproval = 'a'
)

const arrangementID = "5f2b8c0e4a9d1b7c3e6f8a2d4c1b9e7f5a3d2c1b0e9f8a7d6c5b4a3e2d1c0b9a"

func handling() liaison.Handling {
	return liaison.Handling{
		Classification:    "PROTECTED B",
		TLP:               liaison.TLPAmber,
		Codes:             []string{liaison.CodeLawEnforcementOnly, liaison.CodeNoOnwardDissemination, "other:do not contact the vessel"},
		SourceReliability: "B",
		InfoCredibility:   "2",
		CrimeArea:         liaison.AreaDrugs,
		LegalBasis:        "mlat-in-ca",
		PersonalData:      true,
		Subjects:          []string{liaison.SubjectSuspect},
		RetainUntil:       "2031-11-22",
	}
}

func newCase(n int) *liaison.Case {
	return &liaison.Case{
		ID:            id(kindCase, n),
		Title:         "Fentanyl precursors declared as industrial solvents",
		CrimeArea:     liaison.AreaDrugs,
		Parties:       []string{"ca", "in"},
		Origin:        "ca",
		ArrangementID: arrangementID,
		Handling:      handling(),
		CreatedBy:     liaison.Sender{Party: "ca", Agency: "rcmp", Officer: "Cpl. Tremblay", OfficerID: id(kindOfficer, 1)},
		Created:       now,
	}
}

func newMessage(n int, caseID string) *liaison.Message {
	return &liaison.Message{
		ID:       id(kindMessage, n),
		CaseID:   caseID,
		Subject:  "Container MSKU 123456-5, bill of lading attached",
		Body:     "Shipment of 4-AP declared as \"solvent\"; consignee shares a phone with last month's seizure. Ünïcødé kept.",
		Handling: handling(),
		Entities: []liaison.Entity{
			{Kind: liaison.EntityContainer, Value: "MSKU1234565"},
			{Kind: liaison.EntityPhone, Value: "+919812345678", Country: "IN", Role: "suspect", Label: "consignee"},
		},
		From:    liaison.Sender{Party: "ca", Agency: "cbsa", Officer: "J. Martin", OfficerID: id(kindOfficer, 2)},
		Created: now,
		State:   liaison.StateQueued,
	}
}

// newApproval returns a pending approval of a message composed in the
// case, addressed to named recipients and assessed.
func newApproval(n int, caseID string) *liaison.Approval {
	m := newMessage(n, caseID)
	m.ID = id(kindApproval, n)
	m.State = liaison.StatePendingApproval
	m.To = liaison.Recipients{Agencies: []string{"in/ncb"}, Officers: []string{id(kindOfficer, 3)}}
	m.Assessment = &liaison.Assessment{Risk: liaison.RiskMitigated, Note: "assurances received"}
	return &liaison.Approval{
		ID:        m.ID,
		CaseID:    caseID,
		Message:   *m,
		State:     liaison.ApprovalPending,
		Reasons:   []string{"personal data of a suspect to a party without adequacy", "TLP:RED"},
		Requested: at(n),
	}
}

// inbound makes m a message received from a peer at the given time.
func inbound(m *liaison.Message, n int) *liaison.Message {
	m.Inbound = true
	m.State = liaison.StateDelivered
	m.From = liaison.Sender{Party: "in", Agency: "ncb", Officer: "Insp. Rao", OfficerID: id(kindOfficer, 3)}
	m.Received = ptr(at(n))
	return m
}

func newPeer(party string) *liaison.Peer {
	sum := sha256.Sum256([]byte("certificate of " + party))
	return &liaison.Peer{
		Card: liaison.Card{
			Party:         party,
			Name:          "Liaison node " + party,
			FederationURL: "https://liaison." + party + ".example:8443",
			SigningKey:    []byte("ed25519 public key of " + party + "....."),
			HPKEKey:       []byte("hpke public key of " + party),
			CertSHA256:    hex.EncodeToString(sum[:]),
		},
		Added: now,
	}
}

func newOfficer(n int, party string) *liaison.Officer {
	return &liaison.Officer{
		ID:      id(kindOfficer, n),
		Party:   party,
		Agency:  "rcmp",
		Name:    "Officer " + string(rune('A'+n%26)),
		Role:    liaison.RoleLiaison,
		Areas:   []liaison.CrimeArea{liaison.AreaDrugs, liaison.AreaCyber},
		Created: now,
	}
}

func tokenHash(token string) []byte {
	sum := sha256.Sum256([]byte(token))
	return sum[:]
}

func newItem(peer, objectID string) *liaison.OutboxItem {
	return &liaison.OutboxItem{
		Peer:          peer,
		Kind:          liaison.KindMessage,
		ObjectID:      objectID,
		ArrangementID: arrangementID,
		Payload:       []byte(`{"id":"` + objectID + `"}`),
		Created:       now,
	}
}

// seed stores peers in and us and a case every message can belong to.
func seed(tb testing.TB, s liaison.Store) *liaison.Case {
	tb.Helper()
	c := newCase(1)
	mustUpdate(tb, s, func(tx liaison.Tx) error {
		for _, p := range []string{"in", "us"} {
			if err := tx.PutPeer(newPeer(p)); err != nil {
				return err
			}
		}
		return tx.CreateCase(c)
	})
	return c
}
