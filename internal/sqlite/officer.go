package sqlite

import (
	"context"
	"database/sql"
	"errors"

	"github.com/liaison-project/liaison"
)

const officerColumns = `id, party, agency, name, role, areas, created`

func scanOfficer(sc interface{ Scan(...any) error }) (liaison.Officer, error) {
	var (
		o              liaison.Officer
		areas, created string
	)
	if err := sc.Scan(&o.ID, &o.Party, &o.Agency, &o.Name, &o.Role, &areas, &created); err != nil {
		return o, err
	}
	if err := decode(areas, &o.Areas); err != nil {
		return o, err
	}
	var err error
	o.Created, err = parseTime(created)
	return o, err
}

// OfficerByToken returns the officer whose API token has the SHA-256
// tokenHash; ENOTFOUND when there is none.
func (s *Store) OfficerByToken(ctx context.Context, tokenHash []byte) (*liaison.Officer, error) {
	if tokenHash == nil {
		// NULL matches nothing anyway; peers' officers have no token.
		return nil, notFound(nil, "no officer has this token")
	}
	o, err := scanOfficer(s.r.queryRow(ctx, `SELECT `+officerColumns+` FROM officers WHERE token_hash = ?`, tokenHash))
	if errors.Is(err, sql.ErrNoRows) {
		// The message never echoes the token: it is a secret's digest.
		return nil, notFound(nil, "no officer has this token")
	} else if err != nil {
		return nil, wrap("read officer by token", err)
	}
	return &o, nil
}

// Officer returns the officer with the id; ENOTFOUND when there is none.
func (s *Store) Officer(ctx context.Context, id string) (*liaison.Officer, error) {
	o, err := scanOfficer(s.r.queryRow(ctx, `SELECT `+officerColumns+` FROM officers WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound(nil, "officer %s not found", id)
	} else if err != nil {
		return nil, wrap("read officer "+id, err)
	}
	return &o, nil
}

// Directory returns every agency and officer known, ordered by party, then
// agency code, then name. Both lists are read in one transaction, so they
// come from the same moment.
func (s *Store) Directory(ctx context.Context) ([]liaison.Agency, []liaison.Officer, error) {
	t, err := s.rdb.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, nil, wrap("read directory", err)
	}
	defer t.Rollback()
	return directory(ctx, inTx{s.r, t})
}

func directory(ctx context.Context, q queryer) ([]liaison.Agency, []liaison.Officer, error) {
	rows, err := q.query(ctx, `SELECT party, code, name FROM agencies ORDER BY party, code`)
	if err != nil {
		return nil, nil, wrap("read agencies", err)
	}
	var agencies []liaison.Agency
	for rows.Next() {
		var a liaison.Agency
		if err := rows.Scan(&a.Party, &a.Code, &a.Name); err != nil {
			rows.Close()
			return nil, nil, wrap("read agencies", err)
		}
		agencies = append(agencies, a)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, nil, wrap("read agencies", err)
	}

	rows, err = q.query(ctx, `SELECT `+officerColumns+` FROM officers ORDER BY party, agency, name, id`)
	if err != nil {
		return nil, nil, wrap("read officers", err)
	}
	defer rows.Close()
	var officers []liaison.Officer
	for rows.Next() {
		o, err := scanOfficer(rows)
		if err != nil {
			return nil, nil, wrap("read officers", err)
		}
		officers = append(officers, o)
	}
	if err := rows.Err(); err != nil {
		return nil, nil, wrap("read officers", err)
	}
	return agencies, officers, nil
}

func (t *tx) Directory() ([]liaison.Agency, []liaison.Officer, error) {
	if err := t.check(); err != nil {
		return nil, nil, err
	}
	return directory(t.wctx, t.s.w)
}

const insertOfficer = `INSERT INTO officers (id, party, agency, name, role, areas, created, token_hash)
	VALUES (?, ?, ?, ?, ?, ?, ?, ?)`

func (t *tx) insertOfficer(o *liaison.Officer, tokenHash []byte) error {
	areas, err := encode(o.Areas)
	if err != nil {
		return wrap("create officer "+o.ID, err)
	}
	_, err = t.s.w.exec(t.wctx, insertOfficer, o.ID, o.Party, o.Agency, o.Name, string(o.Role), areas, fmtTime(o.Created), tokenHash)
	switch c := code(err); {
	case err == nil:
		return nil
	case c == codePrimaryKey:
		return conflict(err, "officer %s exists", o.ID)
	case c == codeUnique:
		// Only the token hash is unique besides the id.
		return conflict(err, "the token is already in use")
	}
	return wrap("create officer "+o.ID, err)
}

func (t *tx) CreateOfficer(o *liaison.Officer, tokenHash []byte) error {
	if err := t.check(); err != nil {
		return err
	}
	return t.insertOfficer(o, tokenHash)
}

func (t *tx) PutAgency(a liaison.Agency) error {
	if err := t.check(); err != nil {
		return err
	}
	_, err := t.s.w.exec(t.wctx, `INSERT INTO agencies (party, code, name) VALUES (?, ?, ?)
		ON CONFLICT (party, code) DO UPDATE SET name = excluded.name`, a.Party, a.Code, a.Name)
	if err != nil {
		return wrap("put agency "+a.Party+"/"+a.Code, err)
	}
	return nil
}

// ReplaceDirectory replaces the party's agencies and its officers that have
// no token (those learnt from a directory, never accounts of this node).
// EINVALID when a listed agency or officer belongs to another party: a
// peer's directory speaks for that peer only.
func (t *tx) ReplaceDirectory(party string, agencies []liaison.Agency, officers []liaison.Officer) error {
	if err := t.check(); err != nil {
		return err
	}
	var f liaison.Fields
	for i, a := range agencies {
		if a.Party != party {
			f.Add(indexed("agencies", i)+".party", "is "+a.Party+", not "+party)
		}
	}
	for i, o := range officers {
		if o.Party != party {
			f.Add(indexed("officers", i)+".party", "is "+o.Party+", not "+party)
		}
	}
	if err := f.Err(); err != nil {
		return err
	}
	op := "replace directory of " + party
	if _, err := t.s.w.exec(t.wctx, `DELETE FROM agencies WHERE party = ?`, party); err != nil {
		return wrap(op, err)
	}
	if _, err := t.s.w.exec(t.wctx, `DELETE FROM officers WHERE party = ? AND token_hash IS NULL`, party); err != nil {
		return wrap(op, err)
	}
	for _, a := range agencies {
		_, err := t.s.w.exec(t.wctx, `INSERT INTO agencies (party, code, name) VALUES (?, ?, ?)`, a.Party, a.Code, a.Name)
		if isConflict(err) {
			return conflict(err, "agency %s/%s is listed twice", a.Party, a.Code)
		} else if err != nil {
			return wrap(op, err)
		}
	}
	for i := range officers {
		if err := t.insertOfficer(&officers[i], nil); err != nil {
			return err
		}
	}
	return nil
}
