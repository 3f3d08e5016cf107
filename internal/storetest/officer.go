package storetest

import (
	"testing"

	"github.com/liaison-project/liaison"
)

func testOfficer(t *testing.T, open Open) {
	t.Run("OK", func(t *testing.T) {
		s := open(t)
		o := newOfficer(1, "ca")
		mustUpdate(t, s, func(tx liaison.Tx) error { return tx.CreateOfficer(o, tokenHash("t1")) })

		got, err := s.Officer(t.Context(), o.ID)
		wantNoError(t, "Officer", err)
		diff(t, "Officer", got, o)
		got, err = s.OfficerByToken(t.Context(), tokenHash("t1"))
		wantNoError(t, "OfficerByToken", err)
		diff(t, "OfficerByToken", got, o)
	})
	t.Run("ErrNotFound", func(t *testing.T) {
		s := open(t)
		mustUpdate(t, s, func(tx liaison.Tx) error { return tx.CreateOfficer(newOfficer(1, "ca"), tokenHash("t1")) })
		_, err := s.Officer(t.Context(), id(kindOfficer, 2))
		wantCode(t, "Officer(missing)", err, liaison.ENOTFOUND)
		_, err = s.OfficerByToken(t.Context(), tokenHash("t2"))
		wantCode(t, "OfficerByToken(unknown)", err, liaison.ENOTFOUND)
		_, err = s.OfficerByToken(t.Context(), nil)
		wantCode(t, "OfficerByToken(nil)", err, liaison.ENOTFOUND)
	})
	t.Run("ErrConflict", func(t *testing.T) {
		s := open(t)
		mustUpdate(t, s, func(tx liaison.Tx) error { return tx.CreateOfficer(newOfficer(1, "ca"), tokenHash("t1")) })
		err := s.Update(t.Context(), func(tx liaison.Tx) error { return tx.CreateOfficer(newOfficer(1, "ca"), tokenHash("t2")) })
		wantCode(t, "CreateOfficer(same id)", err, liaison.ECONFLICT)
		err = s.Update(t.Context(), func(tx liaison.Tx) error { return tx.CreateOfficer(newOfficer(2, "ca"), tokenHash("t1")) })
		wantCode(t, "CreateOfficer(same token)", err, liaison.ECONFLICT)
		if _, err := s.Officer(t.Context(), id(kindOfficer, 2)); liaison.ErrorCode(err) != liaison.ENOTFOUND {
			t.Errorf("officer with a taken token was stored (err %v)", err)
		}
		if _, err := s.OfficerByToken(t.Context(), tokenHash("t2")); liaison.ErrorCode(err) != liaison.ENOTFOUND {
			t.Errorf("token of a refused officer was stored (err %v)", err)
		}
	})
	t.Run("NoToken", func(t *testing.T) {
		// Officers without a token (peers' officers) do not collide.
		s := open(t)
		mustUpdate(t, s, func(tx liaison.Tx) error {
			if err := tx.CreateOfficer(newOfficer(1, "in"), nil); err != nil {
				return err
			}
			return tx.CreateOfficer(newOfficer(2, "in"), nil)
		})
		_, err := s.OfficerByToken(t.Context(), nil)
		wantCode(t, "OfficerByToken(nil)", err, liaison.ENOTFOUND)
	})
}

func testDirectory(t *testing.T, open Open) {
	t.Run("Order", func(t *testing.T) {
		s := open(t)
		own := []*liaison.Officer{
			{ID: id(kindOfficer, 1), Party: "ca", Agency: "rcmp", Name: "Zoe", Role: liaison.RoleLiaison, Areas: []liaison.CrimeArea{liaison.AreaDrugs}, Created: now},
			{ID: id(kindOfficer, 2), Party: "ca", Agency: "cbsa", Name: "Yann", Role: liaison.RoleAnalyst, Areas: []liaison.CrimeArea{}, Created: now},
			{ID: id(kindOfficer, 3), Party: "ca", Agency: "rcmp", Name: "Anne", Role: liaison.RoleSupervisor, Created: now},
		}
		mustUpdate(t, s, func(tx liaison.Tx) error {
			for _, a := range []liaison.Agency{{Party: "ca", Code: "rcmp", Name: "RCMP"}, {Party: "ca", Code: "cbsa", Name: "Canada Border Services Agency"}, {Party: "ca", Code: "cccs", Name: "old name"}} {
				if err := tx.PutAgency(a); err != nil {
					return err
				}
			}
			for _, o := range own {
				if err := tx.CreateOfficer(o, tokenHash(o.ID)); err != nil {
					return err
				}
			}
			// PutAgency renames.
			return tx.PutAgency(liaison.Agency{Party: "ca", Code: "cccs", Name: "Canadian Centre for Cyber Security"})
		})
		wantAgencies := []liaison.Agency{
			{Party: "ca", Code: "cbsa", Name: "Canada Border Services Agency"},
			{Party: "ca", Code: "cccs", Name: "Canadian Centre for Cyber Security"},
			{Party: "ca", Code: "rcmp", Name: "RCMP"},
			{Party: "in", Code: "cert-in", Name: "CERT-In"},
			{Party: "in", Code: "ncb", Name: "NCB-New Delhi"},
		}
		wantOfficers := []liaison.Officer{
			*own[1], *own[2], *own[0],
			{ID: id(kindOfficer, 10), Party: "in", Agency: "ncb", Name: "Insp. Rao", Role: liaison.RoleLiaison, Areas: []liaison.CrimeArea{liaison.AreaDrugs}, Created: now},
		}
		mustUpdate(t, s, func(tx liaison.Tx) error {
			err := tx.ReplaceDirectory("in",
				[]liaison.Agency{{Party: "in", Code: "ncb", Name: "NCB-New Delhi"}, {Party: "in", Code: "cert-in", Name: "CERT-In"}},
				[]liaison.Officer{wantOfficers[3]})
			if err != nil {
				return err
			}
			agencies, officers, err := tx.Directory()
			if err != nil {
				return err
			}
			diff(t, "Tx.Directory agencies", agencies, wantAgencies)
			diff(t, "Tx.Directory officers", officers, wantOfficers)
			return nil
		})
		agencies, officers, err := s.Directory(t.Context())
		wantNoError(t, "Directory", err)
		diff(t, "agencies", agencies, wantAgencies)
		diff(t, "officers", officers, wantOfficers)
	})
	t.Run("Replace", func(t *testing.T) {
		s := open(t)
		mine := newOfficer(1, "ca")
		mustUpdate(t, s, func(tx liaison.Tx) error {
			if err := tx.CreateOfficer(mine, tokenHash("mine")); err != nil {
				return err
			}
			if err := tx.PutAgency(liaison.Agency{Party: "ca", Code: "rcmp", Name: "RCMP"}); err != nil {
				return err
			}
			return tx.ReplaceDirectory("in",
				[]liaison.Agency{{Party: "in", Code: "ncb", Name: "NCB"}, {Party: "in", Code: "nia", Name: "NIA"}},
				[]liaison.Officer{*newOfficerOf(10, "in", "ncb"), *newOfficerOf(11, "in", "nia")})
		})
		// The second directory replaces the first: nia and officer 11 go.
		mustUpdate(t, s, func(tx liaison.Tx) error {
			return tx.ReplaceDirectory("in",
				[]liaison.Agency{{Party: "in", Code: "ncb", Name: "NCB-New Delhi"}},
				[]liaison.Officer{*newOfficerOf(10, "in", "ncb"), *newOfficerOf(12, "in", "ncb")})
		})
		agencies, officers, err := s.Directory(t.Context())
		wantNoError(t, "Directory", err)
		diff(t, "agencies", agencies, []liaison.Agency{{Party: "ca", Code: "rcmp", Name: "RCMP"}, {Party: "in", Code: "ncb", Name: "NCB-New Delhi"}})
		diff(t, "officers", officers, []liaison.Officer{*mine, *newOfficerOf(10, "in", "ncb"), *newOfficerOf(12, "in", "ncb")})
		if _, err := s.Officer(t.Context(), id(kindOfficer, 11)); liaison.ErrorCode(err) != liaison.ENOTFOUND {
			t.Errorf("Officer(dropped from directory): err %v, want ENOTFOUND", err)
		}

		// Empty lists forget the party.
		mustUpdate(t, s, func(tx liaison.Tx) error { return tx.ReplaceDirectory("in", nil, nil) })
		agencies, officers, err = s.Directory(t.Context())
		wantNoError(t, "Directory", err)
		diff(t, "agencies after empty", agencies, []liaison.Agency{{Party: "ca", Code: "rcmp", Name: "RCMP"}})
		diff(t, "officers after empty", officers, []liaison.Officer{*mine})
	})
	t.Run("ErrOtherParty", func(t *testing.T) {
		// The suite's choice: a party's directory speaks for that party
		// only, so a peer cannot overwrite another party's officers.
		s := open(t)
		err := s.Update(t.Context(), func(tx liaison.Tx) error {
			return tx.ReplaceDirectory("in", nil, []liaison.Officer{*newOfficerOf(10, "ca", "rcmp")})
		})
		wantCode(t, "ReplaceDirectory(officer of another party)", err, liaison.EINVALID)
		err = s.Update(t.Context(), func(tx liaison.Tx) error {
			return tx.ReplaceDirectory("in", []liaison.Agency{{Party: "ca", Code: "rcmp", Name: "RCMP"}}, nil)
		})
		wantCode(t, "ReplaceDirectory(agency of another party)", err, liaison.EINVALID)
	})
	t.Run("ErrConflict", func(t *testing.T) {
		// A directory cannot take over the id of an officer of this node.
		s := open(t)
		mustUpdate(t, s, func(tx liaison.Tx) error { return tx.CreateOfficer(newOfficer(1, "ca"), tokenHash("t")) })
		err := s.Update(t.Context(), func(tx liaison.Tx) error {
			return tx.ReplaceDirectory("in", nil, []liaison.Officer{*newOfficerOf(1, "in", "ncb")})
		})
		wantCode(t, "ReplaceDirectory(own officer's id)", err, liaison.ECONFLICT)
	})
}

func newOfficerOf(n int, party, agency string) *liaison.Officer {
	o := newOfficer(n, party)
	o.Agency = agency
	return o
}
