package postgres_test

import (
	"fmt"
	"testing"

	"github.com/liaison-project/liaison"
)

// populateDisseminations writes disseminations and exports of received
// messages, decided and pending, and peers' consents in every state.
func populateDisseminations(tb testing.TB, s liaison.Store, m *moved) {
	tb.Helper()
	mustUpdate(tb, s, func(tx liaison.Tx) error {
		for i := range 6 {
			d := &liaison.Dissemination{ID: fmt.Sprintf("d-%02d", i), Kind: liaison.KindOnward, MessageID: m.messages[i%3],
				Origin: "ca", ToAgency: "nia", Purpose: "investigation",
				By:    liaison.Sender{Party: "in", Agency: "ncb", Officer: "Officer 0", OfficerID: "o-in-0"},
				State: liaison.DisseminationPendingConsent, Reasons: []string{"the originator ca must consent", "Ünïcødé"},
				Created: loadAt(600 + i)}
			if i%2 == 1 {
				d.Kind, d.ToAgency, d.Purpose, d.MLARef = liaison.KindExport, "", "prosecution", "MLA/2026/1"
			}
			if err := tx.CreateDissemination(d); err != nil {
				return err
			}
			if i%3 == 2 {
				if err := tx.DecideDissemination(d.ID, liaison.DisseminationAllowed, nil, loadAt(700+i)); err != nil {
					return err
				}
			}
			m.disseminations = append(m.disseminations, d.ID)
			c := &liaison.Consent{ID: fmt.Sprintf("k-%02d", i), Kind: d.Kind, MessageID: m.messages[i],
				Requester: liaison.Sender{Party: "ca", Agency: "rcmp", Officer: "Cpl. Tremblay", OfficerID: "o-ca-1"},
				ToAgency:  d.ToAgency, Purpose: d.Purpose, MLARef: d.MLARef, Reasons: []string{"the originator in must consent"},
				State: liaison.ConsentPending, Created: loadAt(610 + i), Received: loadAt(620 + i)}
			if err := tx.CreateConsent(c); err != nil {
				return err
			}
			switch i % 3 {
			case 1:
				err := tx.DecideConsent(c.ID, liaison.ConsentGranted, "", "o-in-1", loadAt(710+i))
				if err != nil {
					return err
				}
			case 2:
				err := tx.DecideConsent(c.ID, liaison.ConsentRefused, "source at risk", "o-in-1", loadAt(710+i))
				if err != nil {
					return err
				}
			}
			m.consents = append(m.consents, c.ID)
		}
		return nil
	})
}

// readDisseminations reads back what populateDisseminations wrote.
func readDisseminations(tb testing.TB, s liaison.Store, m moved, c *contents) {
	tb.Helper()
	for _, id := range m.disseminations {
		d, err := s.Dissemination(tb.Context(), id)
		if err != nil {
			tb.Fatal(err)
		}
		c.Disseminations = append(c.Disseminations, d)
	}
	for _, id := range m.messages[:3] {
		ds, err := s.Disseminations(tb.Context(), id)
		if err != nil {
			tb.Fatal(err)
		}
		c.Disseminations = append(c.Disseminations, ptrs(ds)...)
	}
	for after := ""; ; {
		cs, next, err := s.Consents(tb.Context(), liaison.ConsentFilter{After: after, Limit: 4})
		if err != nil {
			tb.Fatal(err)
		}
		c.Consents = append(c.Consents, cs...)
		if next == "" {
			break
		}
		after = next
	}
}

func ptrs[T any](s []T) []*T {
	out := make([]*T, len(s))
	for i := range s {
		out[i] = &s[i]
	}
	return out
}
