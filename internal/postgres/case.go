package postgres

import (
	"context"
	"errors"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/liaison-project/liaison"
)

const caseColumns = `c.txid, c.pos, c.id, c.title, c.crime_area, c.parties, c.origin, c.arrangement, c.handling,
	c.by_party, c.by_agency, c.by_officer, c.by_officer_id, c.created`

func scanCase(sc pgx.Row) (liaison.Case, cursor, error) {
	var (
		c                 liaison.Case
		at                cursor
		parties, handling []byte
	)
	if err := sc.Scan(&at.txid, &at.pos, &c.ID, &c.Title, &c.CrimeArea, &parties, &c.Origin, &c.ArrangementID, &handling,
		&c.CreatedBy.Party, &c.CreatedBy.Agency, &c.CreatedBy.Officer, &c.CreatedBy.OfficerID, &c.Created); err != nil {
		return c, at, err
	}
	if err := decode(parties, &c.Parties); err != nil {
		return c, at, err
	}
	return c, at, decode(handling, &c.Handling)
}

func getCase(ctx context.Context, q querier, id string) (*liaison.Case, error) {
	c, _, err := scanCase(q.QueryRow(ctx, `SELECT `+caseColumns+` FROM cases c WHERE c.id = $1`, id))
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, notFound(nil, "case %s not found", id)
	} else if err != nil {
		return nil, wrap("read case "+id, err)
	}
	return &c, nil
}

// Case returns the case with the id; ENOTFOUND when there is none.
func (s *Store) Case(ctx context.Context, id string) (*liaison.Case, error) {
	return getCase(ctx, s.pool, id)
}

// Cases returns a page of the cases that match f, in the order this node
// stored them, and the cursor of the next page ("" on the last). A party
// filter matches the cases the party takes part in. EINVALID when f.After
// is not a cursor this method returned.
func (s *Store) Cases(ctx context.Context, f liaison.CaseFilter) ([]liaison.Case, string, error) {
	after, err := parseCursor(f.After)
	if err != nil {
		return nil, "", err
	}
	n := pageSize(f.Limit)

	var (
		q    strings.Builder
		args []any
	)
	arg := func(v any) string {
		args = append(args, v)
		return "$" + strconv.Itoa(len(args))
	}
	// With a party, the walk follows case_parties' (party, case_txid,
	// case_pos) key, so the order comes from that index and no sort is
	// needed.
	order := "c.txid, c.pos"
	q.WriteString(`SELECT ` + caseColumns + ` FROM cases c`)
	if f.Party != nil {
		order = "p.case_txid, p.case_pos"
		q.WriteString(` JOIN case_parties p ON p.case_pos = c.pos AND p.party = ` + arg(*f.Party))
	}
	q.WriteString(` WHERE (` + order + `) > (` + arg(after.txid) + `, ` + arg(after.pos) + `)`)
	q.WriteString(` AND ` + horizon(strings.SplitN(order, ",", 2)[0]))
	if f.CrimeArea != nil {
		q.WriteString(` AND c.crime_area = ` + arg(string(*f.CrimeArea)))
	}
	q.WriteString(` ORDER BY ` + order + ` LIMIT ` + arg(n+1))

	rows, err := s.pool.Query(ctx, q.String(), args...)
	if err != nil {
		return nil, "", wrap("read cases", err)
	}
	defer rows.Close()
	var (
		cases []liaison.Case
		last  cursor
	)
	for rows.Next() {
		if len(cases) == n {
			// The extra row only says that there is a next page.
			return cases, last.String(), nil
		}
		c, at, err := scanCase(rows)
		if err != nil {
			return nil, "", wrap("read cases", err)
		}
		cases = append(cases, c)
		last = at
	}
	if err := rows.Err(); err != nil {
		return nil, "", wrap("read cases", err)
	}
	return cases, "", nil
}

func (t *tx) Case(id string) (*liaison.Case, error) {
	if err := t.check(); err != nil {
		return nil, err
	}
	return getCase(t.ctx, t.tx, id)
}

// CreateCase stores c and indexes its parties; ECONFLICT when a case with
// its id exists.
func (t *tx) CreateCase(c *liaison.Case) error {
	if err := t.check(); err != nil {
		return err
	}
	op := "create case " + c.ID
	parties, err := encode(c.Parties)
	if err != nil {
		return wrap(op, err)
	}
	handling, err := encode(c.Handling)
	if err != nil {
		return wrap(op, err)
	}
	list := c.Parties
	if list == nil {
		list = []string{}
	}
	// One statement: the case, then its parties (DISTINCT: a party listed
	// twice takes part once). ON CONFLICT DO NOTHING, and a count of the
	// cases inserted, report an existing id without failing the statement,
	// which on PostgreSQL would end the transaction.
	var n int
	err = t.tx.QueryRow(t.ctx, `WITH c AS (
		INSERT INTO cases (id, title, crime_area, parties, origin, arrangement, handling,
			by_party, by_agency, by_officer, by_officer_id, created)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
		ON CONFLICT (id) DO NOTHING
		RETURNING txid, pos),
	p AS (
		INSERT INTO case_parties (party, case_txid, case_pos)
		SELECT DISTINCT p, c.txid, c.pos FROM c, unnest($13::text[]) AS p)
	SELECT count(*) FROM c`,
		c.ID, c.Title, string(c.CrimeArea), parties, c.Origin, c.ArrangementID, handling,
		c.CreatedBy.Party, c.CreatedBy.Agency, c.CreatedBy.Officer, c.CreatedBy.OfficerID, c.Created, list).Scan(&n)
	if err != nil {
		return wrap(op, err)
	}
	if n == 0 {
		return conflict(nil, "case %s exists", c.ID)
	}
	return nil
}
