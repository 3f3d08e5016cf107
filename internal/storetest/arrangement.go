package storetest

import (
	"crypto/sha256"
	"encoding/hex"
	"testing"
	"time"

	"github.com/liaison-project/liaison"
)

func newArrangement(version int, applied time.Time) *liaison.Arrangement {
	raw := []byte("name = \"India-Canada security and law-enforcement arrangement\"\nversion = " +
		string(rune('0'+version)) + "\nparties = [\"in\", \"ca\"]\n")
	sum := sha256.Sum256(raw)
	return &liaison.Arrangement{
		ID:         hex.EncodeToString(sum[:]),
		Raw:        raw,
		Applied:    applied,
		Name:       "India-Canada security and law-enforcement arrangement",
		Version:    version,
		Parties:    []string{"in", "ca"},
		CrimeAreas: []liaison.CrimeArea{liaison.AreaDrugs, liaison.AreaOrganisedCrime, liaison.AreaCyber, liaison.AreaFraud, liaison.AreaImmigration},
		Instrument: []liaison.Instrument{
			{ID: "mlat-in-ca", Title: "Treaty between Canada and India on Mutual Legal Assistance in Criminal Matters", Cite: "1994"},
			{ID: "privacy-act", Title: "Privacy Act", Party: "ca", Cite: "R.S.C. 1985, c. P-21, s. 8(2)(f)"},
		},
		Levels: []string{"unclassified", "restricted", "confidential"},
		Schemes: map[string][]liaison.Marking{
			"ca": {{Label: "PROTECTED A", Level: "restricted"}, {Label: "PROTECTED B", Level: "confidential"}},
			"in": {{Label: "RESTRICTED", Level: "restricted"}, {Label: "CONFIDENTIAL", Level: "confidential"}},
		},
		Ceiling:    "confidential",
		Evaluation: liaison.EvalAdmiralty,
		Deadlines: map[liaison.Priority]time.Duration{
			liaison.PriorityUrgent:  48 * time.Hour,
			liaison.PriorityHigh:    7 * 24 * time.Hour,
			liaison.PriorityRoutine: 30 * 24 * time.Hour,
		},
		RetentionDays: 1825,
		ReadReceipts:  true,
	}
}

func testArrangement(t *testing.T, open Open) {
	t.Run("OK", func(t *testing.T) {
		s := open(t)
		a := newArrangement(1, now)
		mustUpdate(t, s, func(tx liaison.Tx) error {
			if err := tx.PutArrangement(a); err != nil {
				return err
			}
			got, err := tx.Arrangement(a.ID)
			if err != nil {
				return err
			}
			diff(t, "Tx.Arrangement", got, a)
			all, err := tx.Arrangements()
			if err != nil {
				return err
			}
			diff(t, "Tx.Arrangements", all, []liaison.Arrangement{*a})
			return nil
		})
		got, err := s.Arrangement(t.Context(), a.ID)
		wantNoError(t, "Arrangement", err)
		diff(t, "Arrangement", got, a)
	})
	t.Run("Again", func(t *testing.T) {
		// Applying the same file again is not an error and changes nothing:
		// the arrangement keeps the time it was first applied.
		s := open(t)
		a := newArrangement(1, now)
		mustUpdate(t, s, func(tx liaison.Tx) error { return tx.PutArrangement(a) })
		again := newArrangement(1, at(60))
		mustUpdate(t, s, func(tx liaison.Tx) error { return tx.PutArrangement(again) })
		as, err := s.Arrangements(t.Context())
		wantNoError(t, "Arrangements", err)
		diff(t, "Arrangements", as, []liaison.Arrangement{*a})
	})
	t.Run("Order", func(t *testing.T) {
		s := open(t)
		v1, v2, v3 := newArrangement(1, at(0)), newArrangement(2, at(20)), newArrangement(3, at(10))
		mustUpdate(t, s, func(tx liaison.Tx) error { return tx.PutArrangement(v1) })
		mustUpdate(t, s, func(tx liaison.Tx) error { return tx.PutArrangement(v2) })
		mustUpdate(t, s, func(tx liaison.Tx) error {
			if err := tx.PutArrangement(v3); err != nil {
				return err
			}
			as, err := tx.Arrangements()
			if err != nil {
				return err
			}
			diff(t, "Tx.Arrangements, latest applied first", as, []liaison.Arrangement{*v2, *v3, *v1})
			return nil
		})
		as, err := s.Arrangements(t.Context())
		wantNoError(t, "Arrangements", err)
		diff(t, "Arrangements, latest applied first", as, []liaison.Arrangement{*v2, *v3, *v1})
	})
	t.Run("ErrNotFound", func(t *testing.T) {
		s := open(t)
		_, err := s.Arrangement(t.Context(), arrangementID)
		wantCode(t, "Arrangement(missing)", err, liaison.ENOTFOUND)
		err = s.Update(t.Context(), func(tx liaison.Tx) error {
			_, err := tx.Arrangement(arrangementID)
			return err
		})
		wantCode(t, "Tx.Arrangement(missing)", err, liaison.ENOTFOUND)
		as, err := s.Arrangements(t.Context())
		wantNoError(t, "Arrangements", err)
		if len(as) != 0 {
			t.Errorf("Arrangements of an empty store = %v, want none", as)
		}
	})
}
