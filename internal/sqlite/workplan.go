package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"strings"

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

func scanObjective(sc interface{ Scan(...any) error }) (liaison.Objective, error) {
	var (
		o       liaison.Objective
		created string
	)
	if err := sc.Scan(&o.ID, &o.ArrangementID, &o.Title, &o.Lead.Party, &o.Lead.Agency, &o.Lead.Officer,
		&o.CreatedBy.Party, &o.CreatedBy.Agency, &o.CreatedBy.Officer, &o.CreatedBy.OfficerID, &created); err != nil {
		return o, err
	}
	var err error
	o.Created, err = parseTime(created)
	o.Actions = []liaison.Action{}
	return o, err
}

func scanAction(sc interface{ Scan(...any) error }) (liaison.Action, error) {
	var (
		a                       liaison.Action
		links, created, updated string
	)
	if err := sc.Scan(&a.ID, &a.ObjectiveID, &a.Title, &a.Owner.Party, &a.Owner.Agency, &a.Owner.Officer,
		&a.Counterpart.Party, &a.Counterpart.Agency, &a.Counterpart.Officer, &a.Due, &a.Status, &links, &a.Version,
		&created, &updated, &a.UpdatedBy.Party, &a.UpdatedBy.Agency, &a.UpdatedBy.Officer, &a.UpdatedBy.OfficerID); err != nil {
		return a, err
	}
	if err := decode(links, &a.Links); err != nil {
		return a, err
	}
	var err error
	if a.Created, err = parseTime(created); err != nil {
		return a, err
	}
	a.Updated, err = parseTime(updated)
	return a, err
}

func scanNote(sc interface{ Scan(...any) error }) (liaison.Note, error) {
	var (
		n  liaison.Note
		at string
	)
	if err := sc.Scan(&n.ID, &n.ActionID, &n.Author.Party, &n.Author.Agency, &n.Author.Officer,
		&n.Author.OfficerID, &at, &n.Text); err != nil {
		return n, err
	}
	var err error
	n.Time, err = parseTime(at)
	return n, err
}

// collect reads every row of a query with scan.
func collect[T any](ctx context.Context, h *handle, scan func(interface{ Scan(...any) error }) (T, error), q string, args ...any) ([]T, error) {
	rows, err := h.query(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// fill reads the actions and notes of the objectives os, whose ids all lie
// from first to last, and attaches them.
func fill(ctx context.Context, h *handle, os []liaison.Objective) error {
	if len(os) == 0 {
		return nil
	}
	first, last := os[0].ID, os[len(os)-1].ID
	as, err := collect(ctx, h, scanAction, `SELECT `+actionColumns+` FROM workplan_actions
		WHERE objective_id BETWEEN ? AND ? ORDER BY objective_id, id`, first, last)
	if err != nil {
		return err
	}
	ns, err := collect(ctx, h, scanNote, `SELECT `+noteColumns+` FROM workplan_notes n
		JOIN workplan_actions a ON a.id = n.action_id
		WHERE a.objective_id BETWEEN ? AND ? ORDER BY n.at, n.id`, first, last)
	if err != nil {
		return err
	}
	attach(os, as, ns)
	return nil
}

// attach puts notes ns on their actions and actions as on their
// objectives, keeping their order; rows of objectives not in os are left.
func attach(os []liaison.Objective, as []liaison.Action, ns []liaison.Note) {
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
}

func getObjective(ctx context.Context, h *handle, id string) (*liaison.Objective, error) {
	o, err := scanObjective(h.queryRow(ctx, `SELECT `+objectiveColumns+` FROM workplan_objectives WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound(nil, "objective %s not found", id)
	} else if err != nil {
		return nil, wrap("read objective "+id, err)
	}
	os := []liaison.Objective{o}
	if err := fill(ctx, h, os); err != nil {
		return nil, wrap("read objective "+id, err)
	}
	return &os[0], nil
}

func getAction(ctx context.Context, h *handle, id string) (*liaison.Action, error) {
	a, err := scanAction(h.queryRow(ctx, `SELECT `+actionColumns+` FROM workplan_actions WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound(nil, "action %s not found", id)
	} else if err != nil {
		return nil, wrap("read action "+id, err)
	}
	a.Notes, err = collect(ctx, h, scanNote, `SELECT `+noteColumns+` FROM workplan_notes n
		WHERE n.action_id = ? ORDER BY n.at, n.id`, id)
	if err != nil {
		return nil, wrap("read notes of action "+id, err)
	}
	return &a, nil
}

// Objective returns an objective with its actions and their notes.
func (s *Store) Objective(ctx context.Context, id string) (*liaison.Objective, error) {
	return getObjective(ctx, s.r, id)
}

// WorkplanAction returns an action with its notes.
func (s *Store) WorkplanAction(ctx context.Context, id string) (*liaison.Action, error) {
	return getAction(ctx, s.r, id)
}

// Workplan returns a page of objectives ordered by id, with their actions
// and notes, and the cursor of the next page: the last id shown.
func (s *Store) Workplan(ctx context.Context, f liaison.WorkplanFilter) ([]liaison.Objective, string, error) {
	n := pageSize(f.Limit)
	var (
		q    strings.Builder
		args []any
	)
	q.WriteString(`SELECT ` + objectiveColumns + ` FROM workplan_objectives WHERE id > ?`)
	args = append(args, f.After)
	if f.ArrangementID != nil {
		q.WriteString(` AND arrangement = ?`)
		args = append(args, *f.ArrangementID)
	}
	q.WriteString(` ORDER BY id LIMIT ?`)
	args = append(args, n+1)
	// The actions and notes are read after the objectives: an action
	// added between the reads shows, which is what a read a moment later
	// would show.
	h := s.r
	os, err := collect(ctx, h, scanObjective, q.String(), args...)
	if err != nil {
		return nil, "", wrap("read workplan", err)
	}
	next := ""
	if len(os) > n {
		os = os[:n]
		next = os[n-1].ID
	}
	if err := fill(ctx, h, os); err != nil {
		return nil, "", wrap("read workplan", err)
	}
	return os, next, nil
}

// Objective reads an objective without its actions.
func (t *tx) Objective(id string) (*liaison.Objective, error) {
	if err := t.check(); err != nil {
		return nil, err
	}
	o, err := scanObjective(t.s.w.queryRow(t.wctx, `SELECT `+objectiveColumns+` FROM workplan_objectives WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
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
	return getAction(t.wctx, t.s.w, id)
}

// CreateObjective stores o; ECONFLICT when its id exists.
func (t *tx) CreateObjective(o *liaison.Objective) error {
	if err := t.check(); err != nil {
		return err
	}
	_, err := t.s.w.exec(t.wctx, `INSERT INTO workplan_objectives (`+objectiveColumns+`)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		o.ID, o.ArrangementID, o.Title, o.Lead.Party, o.Lead.Agency, o.Lead.Officer,
		o.CreatedBy.Party, o.CreatedBy.Agency, o.CreatedBy.Officer, o.CreatedBy.OfficerID, fmtTime(o.Created))
	if isConflict(err) {
		return conflict(err, "objective %s exists", o.ID)
	} else if err != nil {
		return wrap("create objective "+o.ID, err)
	}
	return nil
}

// PutAction stores a, or replaces the stored action's fields with a's
// when a's version is higher.
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
	err = t.s.w.queryRow(t.wctx, `SELECT version FROM workplan_actions WHERE id = ?`, a.ID).Scan(&stored)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		_, err = t.s.w.exec(t.wctx, `INSERT INTO workplan_actions (`+actionColumns+`, overdue_told)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '')`,
			a.ID, a.ObjectiveID, a.Title, a.Owner.Party, a.Owner.Agency, a.Owner.Officer,
			a.Counterpart.Party, a.Counterpart.Agency, a.Counterpart.Officer, a.Due, string(a.Status), links, a.Version,
			fmtTime(a.Created), fmtTime(a.Updated), a.UpdatedBy.Party, a.UpdatedBy.Agency, a.UpdatedBy.Officer, a.UpdatedBy.OfficerID)
		if isForeignKey(err) {
			return notFound(err, "objective %s of action %s not found", a.ObjectiveID, a.ID)
		} else if err != nil {
			return wrap(op, err)
		}
		return nil
	case err != nil:
		return wrap(op, err)
	case stored >= a.Version:
		return liaison.Errorf(liaison.ECONFLICT, "action %s is at version %d; version %d is not newer", a.ID, stored, a.Version)
	}
	_, err = t.s.w.exec(t.wctx, `UPDATE workplan_actions SET title = ?, counterpart_party = ?,
		counterpart_agency = ?, counterpart_officer = ?, due = ?, status = ?, links = ?, version = ?,
		updated = ?, by_party = ?, by_agency = ?, by_officer = ?, by_officer_id = ? WHERE id = ?`,
		a.Title, a.Counterpart.Party, a.Counterpart.Agency, a.Counterpart.Officer, a.Due, string(a.Status), links,
		a.Version, fmtTime(a.Updated), a.UpdatedBy.Party, a.UpdatedBy.Agency, a.UpdatedBy.Officer, a.UpdatedBy.OfficerID, a.ID)
	if err != nil {
		return wrap(op, err)
	}
	return nil
}

// AddNote stores a note; ECONFLICT when its id exists.
func (t *tx) AddNote(n *liaison.Note) error {
	if err := t.check(); err != nil {
		return err
	}
	_, err := t.s.w.exec(t.wctx, `INSERT INTO workplan_notes (id, action_id, author_party, author_agency,
		author_officer, author_officer_id, at, text) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
		n.ID, n.ActionID, n.Author.Party, n.Author.Agency, n.Author.Officer, n.Author.OfficerID, fmtTime(n.Time), n.Text)
	switch {
	case isConflict(err):
		return conflict(err, "note %s exists", n.ID)
	case isForeignKey(err):
		return notFound(err, "action %s of note %s not found", n.ActionID, n.ID)
	case err != nil:
		return wrap("add note "+n.ID, err)
	}
	return nil
}

// MarkOverdue records the overdue notice of action id for day due.
func (t *tx) MarkOverdue(id, due string) (bool, error) {
	if err := t.check(); err != nil {
		return false, err
	}
	res, err := t.s.w.exec(t.wctx, `UPDATE workplan_actions SET overdue_told = ? WHERE id = ? AND overdue_told <> ?`, due, id, due)
	if err != nil {
		return false, wrap("mark action "+id+" overdue", err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return false, wrap("mark action "+id+" overdue", err)
	} else if n == 1 {
		return true, nil
	}
	if _, err := getAction(t.wctx, t.s.w, id); err != nil {
		return false, err
	}
	return false, nil
}
