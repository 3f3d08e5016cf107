package postgres

import (
	"context"
	"errors"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/liaison-project/liaison"
)

// querier runs statements: the pool (the Store's reads) or a transaction.
type querier interface {
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
}

const officerColumns = `id, party, agency, name, role, areas, created`

func scanOfficer(sc pgx.Row) (liaison.Officer, error) {
	var (
		o     liaison.Officer
		areas []byte
	)
	if err := sc.Scan(&o.ID, &o.Party, &o.Agency, &o.Name, &o.Role, &areas, &o.Created); err != nil {
		return o, err
	}
	return o, decode(areas, &o.Areas)
}

// OfficerByToken returns the officer whose API token has the SHA-256
// tokenHash; ENOTFOUND when there is none.
func (s *Store) OfficerByToken(ctx context.Context, tokenHash []byte) (*liaison.Officer, error) {
	if tokenHash == nil {
		// NULL matches nothing anyway; peers' officers have no token.
		return nil, notFound(nil, "no officer has this token")
	}
	o, err := scanOfficer(s.pool.QueryRow(ctx, `SELECT `+officerColumns+` FROM officers WHERE token_hash = $1`, tokenHash))
	if errors.Is(err, pgx.ErrNoRows) {
		// The message never echoes the token: it is a secret's digest.
		return nil, notFound(nil, "no officer has this token")
	} else if err != nil {
		return nil, wrap("read officer by token", err)
	}
	return &o, nil
}

// Officer returns the officer with the id; ENOTFOUND when there is none.
func (s *Store) Officer(ctx context.Context, id string) (*liaison.Officer, error) {
	o, err := scanOfficer(s.pool.QueryRow(ctx, `SELECT `+officerColumns+` FROM officers WHERE id = $1`, id))
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, notFound(nil, "officer %s not found", id)
	} else if err != nil {
		return nil, wrap("read officer "+id, err)
	}
	return &o, nil
}

// Directory returns every agency and officer known, ordered by party, then
// agency code, then name. Both lists are read in one REPEATABLE READ
// transaction, so they come from the same moment.
func (s *Store) Directory(ctx context.Context) ([]liaison.Agency, []liaison.Officer, error) {
	t, err := s.pool.BeginTx(ctx, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly})
	if err != nil {
		return nil, nil, wrap("read directory", err)
	}
	defer t.Rollback(context.WithoutCancel(ctx))
	return directory(ctx, t)
}

func directory(ctx context.Context, q querier) ([]liaison.Agency, []liaison.Officer, error) {
	rows, err := q.Query(ctx, `SELECT party, code, name FROM agencies ORDER BY party, code`)
	if err != nil {
		return nil, nil, wrap("read agencies", err)
	}
	agencies, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (liaison.Agency, error) {
		var a liaison.Agency
		err := r.Scan(&a.Party, &a.Code, &a.Name)
		return a, err
	})
	if err != nil {
		return nil, nil, wrap("read agencies", err)
	}
	rows, err = q.Query(ctx, `SELECT `+officerColumns+` FROM officers ORDER BY party, agency, name, id`)
	if err != nil {
		return nil, nil, wrap("read officers", err)
	}
	officers, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (liaison.Officer, error) { return scanOfficer(r) })
	if err != nil {
		return nil, nil, wrap("read officers", err)
	}
	return nilIfEmpty(agencies), nilIfEmpty(officers), nil
}

// nilIfEmpty returns nil for an empty list, as the SQLite store does, so
// that the two stores return equal values.
func nilIfEmpty[T any](s []T) []T {
	if len(s) == 0 {
		return nil
	}
	return s
}

func (t *tx) Directory() ([]liaison.Agency, []liaison.Officer, error) {
	if err := t.check(); err != nil {
		return nil, nil, err
	}
	return directory(t.ctx, t.tx)
}

// insertOfficer inserts an officer unless its id or token hash is taken.
// ON CONFLICT DO NOTHING keeps the conflict from failing the statement: on
// PostgreSQL a failed statement ends the transaction, and a caller may go
// on after ECONFLICT.
const insertOfficer = `INSERT INTO officers (id, party, agency, name, role, areas, created, token_hash)
	VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT DO NOTHING`

// officerArgs returns the arguments of insertOfficer.
func officerArgs(o *liaison.Officer, tokenHash []byte) ([]any, error) {
	areas, err := encode(o.Areas)
	if err != nil {
		return nil, err
	}
	return []any{o.ID, o.Party, o.Agency, o.Name, string(o.Role), areas, o.Created, tokenHash}, nil
}

// officerInserted turns the outcome of insertOfficer into the error callers
// expect: ECONFLICT, saying which, when no row was inserted.
func (t *tx) officerInserted(tag pgconn.CommandTag, err error, o *liaison.Officer) error {
	if err != nil {
		return wrap("create officer "+o.ID, err)
	}
	if tag.RowsAffected() == 1 {
		return nil
	}
	var exists bool
	if err := t.tx.QueryRow(t.ctx, `SELECT EXISTS (SELECT 1 FROM officers WHERE id = $1)`, o.ID).Scan(&exists); err != nil {
		return wrap("create officer "+o.ID, err)
	}
	if exists {
		return conflict(nil, "officer %s exists", o.ID)
	}
	// Only the token hash is unique besides the id.
	return conflict(nil, "the token is already in use")
}

// CreateOfficer stores o with its token hash; ECONFLICT when the id or the
// token hash exists.
func (t *tx) CreateOfficer(o *liaison.Officer, tokenHash []byte) error {
	if err := t.check(); err != nil {
		return err
	}
	args, err := officerArgs(o, tokenHash)
	if err != nil {
		return wrap("create officer "+o.ID, err)
	}
	tag, err := t.tx.Exec(t.ctx, insertOfficer, args...)
	return t.officerInserted(tag, err, o)
}

// PutAgency creates the agency or renames it.
func (t *tx) PutAgency(a liaison.Agency) error {
	if err := t.check(); err != nil {
		return err
	}
	_, err := t.tx.Exec(t.ctx, `INSERT INTO agencies (party, code, name) VALUES ($1, $2, $3)
		ON CONFLICT (party, code) DO UPDATE SET name = excluded.name`, a.Party, a.Code, a.Name)
	if err != nil {
		return wrap("put agency "+a.Party+"/"+a.Code, err)
	}
	return nil
}

// directoryLock is the first key of the advisory locks that serialise
// ReplaceDirectory per party; the second is a hash of the party.
const directoryLock = 0x6c64 // "ld"

// ReplaceDirectory replaces the party's agencies and its officers that have
// no token (those learnt from a directory, never accounts of this node).
// EINVALID when a listed agency or officer belongs to another party: a
// peer's directory speaks for that peer only. ECONFLICT when an agency is
// listed twice or an officer's id is taken.
//
// Two processes replacing the same party's directory at once take turns on
// an advisory lock: without it, the second would not see (and so not
// delete) the rows the first inserts, and would fail on them.
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

	// One round trip for the whole replacement: the statements run in
	// order, and the first failure fails those behind it.
	b := &pgx.Batch{}
	b.Queue(`SELECT pg_advisory_xact_lock($1, hashtext($2))`, int32(directoryLock), party)
	b.Queue(`DELETE FROM agencies WHERE party = $1`, party)
	b.Queue(`DELETE FROM officers WHERE party = $1 AND token_hash IS NULL`, party)
	for _, a := range agencies {
		b.Queue(`INSERT INTO agencies (party, code, name) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`, a.Party, a.Code, a.Name)
	}
	for i := range officers {
		args, err := officerArgs(&officers[i], nil)
		if err != nil {
			return wrap(op, err)
		}
		b.Queue(insertOfficer, args...)
	}
	res := t.tx.SendBatch(t.ctx, b)
	defer res.Close()
	tags := make([]pgconn.CommandTag, 3+len(agencies)+len(officers))
	for i := range tags {
		var err error
		if tags[i], err = res.Exec(); err != nil {
			return wrap(op, err)
		}
	}
	if err := res.Close(); err != nil {
		return wrap(op, err)
	}
	for j, a := range agencies {
		if tags[3+j].RowsAffected() == 0 {
			return conflict(nil, "agency %s/%s is listed twice", a.Party, a.Code)
		}
	}
	for j := range officers {
		if err := t.officerInserted(tags[3+len(agencies)+j], nil, &officers[j]); err != nil {
			return err
		}
	}
	return nil
}
