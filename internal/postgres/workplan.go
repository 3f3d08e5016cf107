package postgres

import (
	"context"
	"errors"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/liaison-project/liaison"
)

const (
	objectiveColumns = `id, arrangement, title, lead_party, lead_agency, lead_officer,
	by_party, by_agency, by_officer, by_officer_id, created`
	actionColumns = `id, objective_id, title, owner_party, owner_agency, owner_officer,
	counterpart_party, counterpart_agency, counterpart_officer, due, status, links, version,
	created, updated, by_party, by_agency, by_officer, by_officer_id`
	noteColumns = `n.id, n.action_id, n.author_party, n.author_agency, n.author_officer,
	n.author_officer_id, n.at, n.text`
)

func scanObjective(sc pgx.Row) (liaison.Objective, error) {
	var o liaison.Objective
	err := sc.Scan(&o.ID, &o.ArrangementID, &o.Title, &o.Lead.Party, &o.Lead.Agency, &o.Lead.Officer,
		&o.CreatedBy.Party, &o.CreatedBy.Agency, &o.CreatedBy.Officer, &o.CreatedBy.OfficerID, &o.Created)
	o.Created = o.Created.UTC()
	o.Actions = []liaison.Action{}
	return o, err
}

func scanAction(sc pgx.Row) (liaison.Action, error) {
	var (
		a     liaison.Action
		links []byte
	)
	if err := sc.Scan(&a.ID, &a.ObjectiveID, &a.Title, &a.Owner.Party, &a.Owner.Agency, &a.Owner.Officer,
		&a.Counterpart.Party, &a.Counterpart.Agency, &a.Counterpart.Officer, &a.Due, &a.Status, &links, &a.Version,
		&a.Created, &a.Updated, &a.UpdatedBy.Party, &a.UpdatedBy.Agency, &a.UpdatedBy.Officer, &a.UpdatedBy.OfficerID); err != nil {
		return a, err
	}
	a.Created, a.Updated = a.Created.UTC(), a.Updated.UTC()
	return a, decode(links, &a.Links)
}

func scanNote(sc pgx.Row) (liaison.Note, error) {
	var n liaison.Note
	err := sc.Scan(&n.ID, &n.ActionID, &n.Author.Party, &n.Author.Agency, &n.Author.Officer,
		&n.Author.OfficerID, &n.Time, &n.Text)
	n.Time = n.Time.UTC()
	return n, err
}

func collect[T any](ctx context.Context, q querier, scan func(pgx.Row) (T, error), sql string, args ...any) ([]T, error) {
	rows, err := q.Query(ctx, sql, args...)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (T, error) { return scan(r) })
}

// fill reads the actions and notes of the objectives os, whose ids all lie
// from first to last, and attaches them.
func fill(ctx context.Context, q querier, os []liaison.Objective) error {
	if len(os) == 0 {
		return nil
	}
	first, last := os[0].ID, os[len(os)-1].ID
	as, err := collect(ctx, q, scanAction, `SELECT `+actionColumns+` FROM workplan_actions
		WHERE objective_id BETWEEN $1 AND $2 ORDER BY objective_id, id`, first, last)
	if err != nil {
		return err
	}
	ns, err := collect(ctx, q, scanNote, `SELECT `+noteColumns+` FROM workplan_notes n
		JOIN workplan_actions a ON a.id = n.action_id
		WHERE a.objective_id BETWEEN $1 AND $2 ORDER BY n.at, n.id`, first, last)
	if err != nil {
		return err
	}
	notes := map[string][]liaison.Note{}
	for _, n := range ns {
		notes[n.ActionID] = append(notes[n.ActionID], n)
	}
	at := make(map[string]int, len(os))
	for i := range os {
		at[os[i].ID] = i
	}
	for _, a := range as {
		i, ok := at[a.ObjectiveID]
		if !ok {
			continue
		}
		a.Notes = notes[a.ID]
		os[i].Actions = append(os[i].Actions, a)
	}
	return nil
}

func getObjective(ctx context.Context, q querier, id string) (*liaison.Objective, error) {
	o, err := scanObjective(q.QueryRow(ctx, `SELECT `+objectiveColumns+` FROM workplan_objectives WHERE id = $1`, id))
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, notFound(nil, "objective %s not found", id)
	} else if err != nil {
		return nil, wrap("read objective "+id, err)
	}
	os := []liaison.Objective{o}
	if err := fill(ctx, q, os); err != nil {
		return nil, wrap("read objective "+id, err)
	}
	return &os[0], nil
}

func getAction(ctx context.Context, q querier, id string) (*liaison.Action, error) {
	a, err := scanAction(q.QueryRow(ctx, `SELECT `+actionColumns+` FROM workplan_actions WHERE id = $1`, id))
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, notFound(nil, "action %s not found", id)
	} else if err != nil {
		return nil, wrap("read action "+id, err)
	}
	a.Notes, err = collect(ctx, q, scanNote, `SELECT `+noteColumns+` FROM workplan_notes n
		WHERE n.action_id = $1 ORDER BY n.at, n.id`, id)
	if err != nil {
		return nil, wrap("read notes of action "+id, err)
	}
	if len(a.Notes) == 0 {
		a.Notes = nil // as an action without notes reads in a plan
	}
	return &a, nil
}

// Objective returns an objective with its actions and their notes.
func (s *Store) Objective(ctx context.Context, id string) (*liaison.Objective, error) {
	return getObjective(ctx, s.pool, id)
}

// WorkplanAction returns an action with its notes.
func (s *Store) WorkplanAction(ctx context.Context, id string) (*liaison.Action, error) {
	return getAction(ctx, s.pool, id)
}

// Workplan returns a page of objectives ordered by id, with their actions
// and notes, and the cursor of the next page: the last id shown.
func (s *Store) Workplan(ctx context.Context, f liaison.WorkplanFilter) ([]liaison.Objective, string, error) {
	n := pageSize(f.Limit)
	var (
		q    strings.Builder
		args []any
	)
	arg := func(v any) string {
		args = append(args, v)
		return "$" + strconv.Itoa(len(args))
	}
	q.WriteString(`SELECT ` + objectiveColumns + ` FROM workplan_objectives WHERE id > ` + arg(f.After))
	if f.ArrangementID != nil {
		q.WriteString(` AND arrangement = ` + arg(*f.ArrangementID))
	}
	q.WriteString(` ORDER BY id LIMIT ` + arg(n+1))
	os, err := collect(ctx, s.pool, scanObjective, q.String(), args...)
	if err != nil {
		return nil, "", wrap("read workplan", err)
	}
	next := ""
	if len(os) > n {
		os = os[:n]
		next = os[n-1].ID
	}
	if err := fill(ctx, s.pool, os); err != nil {
		return nil, "", wrap("read workplan", err)
	}
	return os, next, nil
}

// Objective reads an objective without its actions.
func (t *tx) Objective(id string) (*liaison.Objective, error) {
	if err := t.check(); err != nil {
		return nil, err
	}
	o, err := scanObjective(t.tx.QueryRow(t.ctx, `SELECT `+objectiveColumns+` FROM workplan_objectives WHERE id = $1`, id))
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, notFound(nil, "objective %s not found", id)
	} else if err != nil {
		return nil, wrap("read objective "+id, err)
	}
	return &o, nil
}

func (t *tx) WorkplanAction(id string) (*liaison.Action, error) {
	if err := t.check(); err != nil {
		return nil, err
	}
	return getAction(t.ctx, t.tx, id)
}

// CreateObjective stores o; ECONFLICT when its id exists, without failing
// the transaction.
func (t *tx) CreateObjective(o *liaison.Objective) error {
	if err := t.check(); err != nil {
		return err
	}
	tag, err := t.tx.Exec(t.ctx, `INSERT INTO workplan_objectives (`+objectiveColumns+`)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) ON CONFLICT (id) DO NOTHING`,
		o.ID, o.ArrangementID, o.Title, o.Lead.Party, o.Lead.Agency, o.Lead.Officer,
		o.CreatedBy.Party, o.CreatedBy.Agency, o.CreatedBy.Officer, o.CreatedBy.OfficerID, o.Created)
	if err != nil {
		return wrap("create objective "+o.ID, err)
	}
	if tag.RowsAffected() == 0 {
		return conflict(nil, "objective %s exists", o.ID)
	}
	return nil
}

// PutAction stores a, or replaces the stored action's fields with a's
// when a's version is higher. The stored row is locked while compared.
func (t *tx) PutAction(a *liaison.Action) error {
	if err := t.check(); err != nil {
		return err
	}
	op := "put action " + a.ID
	links, err := encode(nonNil(a.Links))
	if err != nil {
		return wrap(op, err)
	}
	var stored int64
	err = t.tx.QueryRow(t.ctx, `SELECT version FROM workplan_actions WHERE id = $1 FOR UPDATE`, a.ID).Scan(&stored)
	switch {
	case errors.Is(err, pgx.ErrNoRows):
		// Checked first: a failed foreign key would fail the transaction.
		var one int
		err := t.tx.QueryRow(t.ctx, `SELECT 1 FROM workplan_objectives WHERE id = $1`, a.ObjectiveID).Scan(&one)
		if errors.Is(err, pgx.ErrNoRows) {
			return notFound(nil, "objective %s of action %s not found", a.ObjectiveID, a.ID)
		} else if err != nil {
			return wrap(op, err)
		}
		tag, err := t.tx.Exec(t.ctx, `INSERT INTO workplan_actions (`+actionColumns+`, overdue_told)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, '')
			ON CONFLICT (id) DO NOTHING`,
			a.ID, a.ObjectiveID, a.Title, a.Owner.Party, a.Owner.Agency, a.Owner.Officer,
			a.Counterpart.Party, a.Counterpart.Agency, a.Counterpart.Officer, a.Due, string(a.Status), links, a.Version,
			a.Created, a.Updated, a.UpdatedBy.Party, a.UpdatedBy.Agency, a.UpdatedBy.Officer, a.UpdatedBy.OfficerID)
		if err != nil {
			return wrap(op, err)
		}
		if tag.RowsAffected() == 0 {
			return conflict(nil, "action %s was stored at the same time", a.ID)
		}
		return nil
	case err != nil:
		return wrap(op, err)
	case stored >= a.Version:
		return liaison.Errorf(liaison.ECONFLICT, "action %s is at version %d; version %d is not newer", a.ID, stored, a.Version)
	}
	_, err = t.tx.Exec(t.ctx, `UPDATE workplan_actions SET title = $1, counterpart_party = $2,
		counterpart_agency = $3, counterpart_officer = $4, due = $5, status = $6, links = $7, version = $8,
		updated = $9, by_party = $10, by_agency = $11, by_officer = $12, by_officer_id = $13 WHERE id = $14`,
		a.Title, a.Counterpart.Party, a.Counterpart.Agency, a.Counterpart.Officer, a.Due, string(a.Status), links,
		a.Version, a.Updated, a.UpdatedBy.Party, a.UpdatedBy.Agency, a.UpdatedBy.Officer, a.UpdatedBy.OfficerID, a.ID)
	if err != nil {
		return wrap(op, err)
	}
	return nil
}

// AddNote stores a note; ECONFLICT when its id exists, ENOTFOUND when its
// action is not held, in both cases without failing the transaction.
func (t *tx) AddNote(n *liaison.Note) error {
	if err := t.check(); err != nil {
		return err
	}
	op := "add note " + n.ID
	var one int
	err := t.tx.QueryRow(t.ctx, `SELECT 1 FROM workplan_actions WHERE id = $1`, n.ActionID).Scan(&one)
	if errors.Is(err, pgx.ErrNoRows) {
		return notFound(nil, "action %s of note %s not found", n.ActionID, n.ID)
	} else if err != nil {
		return wrap(op, err)
	}
	tag, err := t.tx.Exec(t.ctx, `INSERT INTO workplan_notes (id, action_id, author_party, author_agency,
		author_officer, author_officer_id, at, text) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
		ON CONFLICT (id) DO NOTHING`,
		n.ID, n.ActionID, n.Author.Party, n.Author.Agency, n.Author.Officer, n.Author.OfficerID, n.Time, n.Text)
	if err != nil {
		return wrap(op, err)
	}
	if tag.RowsAffected() == 0 {
		return conflict(nil, "note %s exists", n.ID)
	}
	return nil
}

// MarkOverdue records the overdue notice of action id for day due.
func (t *tx) MarkOverdue(id, due string) (bool, error) {
	if err := t.check(); err != nil {
		return false, err
	}
	tag, err := t.tx.Exec(t.ctx, `UPDATE workplan_actions SET overdue_told = $1 WHERE id = $2 AND overdue_told <> $1`, due, id)
	if err != nil {
		return false, wrap("mark action "+id+" overdue", err)
	}
	if tag.RowsAffected() == 1 {
		return true, nil
	}
	if _, err := getAction(t.ctx, t.tx, id); err != nil {
		return false, err
	}
	return false, nil
}
