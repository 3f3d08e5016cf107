package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"strconv"
	"strings"

	"github.com/liaison-project/liaison"
)

const caseColumns = `c.pos, c.id, c.title, c.crime_area, c.parties, c.origin, c.arrangement, c.handling,
	c.by_party, c.by_agency, c.by_officer, c.by_officer_id, c.created`

func scanCase(sc interface{ Scan(...any) error }) (liaison.Case, int64, error) {
	var (
		c                          liaison.Case
		pos                        int64
		parties, handling, created string
	)
	if err := sc.Scan(&pos, &c.ID, &c.Title, &c.CrimeArea, &parties, &c.Origin, &c.ArrangementID, &handling,
		&c.CreatedBy.Party, &c.CreatedBy.Agency, &c.CreatedBy.Officer, &c.CreatedBy.OfficerID, &created); err != nil {
		return c, 0, err
	}
	if err := decode(parties, &c.Parties); err != nil {
		return c, 0, err
	}
	if err := decode(handling, &c.Handling); err != nil {
		return c, 0, err
	}
	var err error
	c.Created, err = parseTime(created)
	return c, pos, err
}

func getCase(ctx context.Context, h *handle, id string) (*liaison.Case, error) {
	c, _, err := scanCase(h.queryRow(ctx, `SELECT `+caseColumns+` FROM cases c WHERE c.id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound(nil, "case %s not found", id)
	} else if err != nil {
		return nil, wrap("read case "+id, err)
	}
	return &c, nil
}

// Case returns the case with the id; ENOTFOUND when there is none.
func (s *Store) Case(ctx context.Context, id string) (*liaison.Case, error) {
	return getCase(ctx, s.r, id)
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

	// One query text per combination of filters, so each is prepared once
	// and planned for the index it needs.
	var (
		q    strings.Builder
		args []any
	)
	// With a party, the walk follows case_parties' (party, case_pos) key,
	// so the order comes from that index and no sort is needed.
	pos := "c.pos"
	q.WriteString(`SELECT ` + caseColumns + ` FROM cases c`)
	if f.Party != nil {
		pos = "p.case_pos"
		q.WriteString(` JOIN case_parties p ON p.case_pos = c.pos AND p.party = ?`)
		args = append(args, *f.Party)
	}
	q.WriteString(` WHERE ` + pos + ` > ?`)
	args = append(args, after)
	if f.CrimeArea != nil {
		q.WriteString(` AND c.crime_area = ?`)
		args = append(args, string(*f.CrimeArea))
	}
	q.WriteString(` ORDER BY ` + pos + ` LIMIT ?`)
	args = append(args, n+1)

	rows, err := s.r.query(ctx, q.String(), args...)
	if err != nil {
		return nil, "", wrap("read cases", err)
	}
	defer rows.Close()
	var (
		cases []liaison.Case
		last  int64
	)
	for rows.Next() {
		if len(cases) == n {
			// The extra row only says that there is a next page.
			return cases, formatCursor(last), rows.Close()
		}
		c, pos, err := scanCase(rows)
		if err != nil {
			return nil, "", wrap("read cases", err)
		}
		cases = append(cases, c)
		last = pos
	}
	if err := rows.Err(); err != nil {
		return nil, "", wrap("read cases", err)
	}
	return cases, "", nil
}

// parseCursor reads a cursor made by formatCursor; "" is the first page.
func parseCursor(s string) (int64, error) {
	if s == "" {
		return 0, nil
	}
	pos, err := strconv.ParseInt(s, 10, 64)
	if err != nil || pos < 0 {
		return 0, &liaison.Error{
			Code:    liaison.EINVALID,
			Message: "invalid cursor",
			Fields:  []liaison.FieldError{{Field: "after", Problem: "not a cursor from a previous page"}},
		}
	}
	return pos, nil
}

// formatCursor returns the cursor of the page that follows the row at pos.
// Clients treat it as opaque; it is the local storage position.
func formatCursor(pos int64) string { return strconv.FormatInt(pos, 10) }

func (t *tx) Case(id string) (*liaison.Case, error) {
	if err := t.check(); err != nil {
		return nil, err
	}
	return getCase(t.wctx, t.s.w, id)
}

// CreateCase stores c; ECONFLICT when a case with its id exists.
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
	var pos int64
	err = t.s.w.queryRow(t.wctx, `INSERT INTO cases (id, title, crime_area, parties, origin, arrangement, handling,
		by_party, by_agency, by_officer, by_officer_id, created)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING pos`,
		c.ID, c.Title, string(c.CrimeArea), parties, c.Origin, c.ArrangementID, handling,
		c.CreatedBy.Party, c.CreatedBy.Agency, c.CreatedBy.Officer, c.CreatedBy.OfficerID, fmtTime(c.Created)).Scan(&pos)
	if isConflict(err) {
		return conflict(err, "case %s exists", c.ID)
	} else if err != nil {
		return wrap(op, err)
	}
	// DISTINCT: a party listed twice takes part once.
	if _, err := t.s.w.exec(t.wctx, `INSERT INTO case_parties (party, case_pos)
		SELECT DISTINCT value, ? FROM json_each(?) WHERE type = 'text'`, pos, parties); err != nil {
		return wrap(op, err)
	}
	return nil
}
