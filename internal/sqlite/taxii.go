package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"

	"github.com/liaison-project/liaison"
)

// stixMaxPage bounds a page of STIX objects: TAXII clients ask for large
// pages, and a row is only its bytes.
const stixMaxPage = 10000

const stixColumns = `o.seq, o.collection, o.id, o.type, o.spec_version, o.modified, o.date_added, o.tlp, o.agency, o.origin, o.raw`

// fmtModified returns a version as stored: empty for none, else timeLayout.
func fmtModified(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return fmtTime(t)
}

func scanSTIX(sc interface{ Scan(...any) error }) (liaison.STIXObject, error) {
	var (
		o                   liaison.STIXObject
		modified, dateAdded string
	)
	if err := sc.Scan(&o.Seq, &o.Collection, &o.ID, &o.Type, &o.SpecVersion, &modified, &dateAdded, &o.TLP, &o.Agency, &o.Origin, &o.Raw); err != nil {
		return o, err
	}
	var err error
	if modified != "" {
		if o.Modified, err = parseTime(modified); err != nil {
			return o, err
		}
	}
	o.DateAdded, err = parseTime(dateAdded)
	return o, err
}

// stixWhere appends to q the conditions of f other than the collection
// and the cursor.
func stixWhere(q *strings.Builder, args []any, f liaison.STIXFilter) ([]any, error) {
	in := func(col string, vs []string) {
		if len(vs) == 0 {
			return
		}
		q.WriteString(` AND ` + col + ` IN (?` + strings.Repeat(`, ?`, len(vs)-1) + `)`)
		for _, v := range vs {
			args = append(args, v)
		}
	}
	in(`o.id`, f.IDs)
	in(`o.type`, f.Types)
	in(`o.spec_version`, f.SpecVersions)
	if f.AddedAfter != nil {
		q.WriteString(` AND o.date_added > ?`)
		args = append(args, fmtTime(*f.AddedAfter))
	}
	v, err := f.ParseVersions()
	if err != nil {
		return nil, err
	}
	if v.All {
		return args, nil
	}
	var ors []string
	if v.Last {
		ors = append(ors, `o.modified = (SELECT MAX(m.modified) FROM stix_objects m WHERE m.collection = o.collection AND m.id = o.id)`)
	}
	if v.First {
		ors = append(ors, `o.modified = (SELECT MIN(m.modified) FROM stix_objects m WHERE m.collection = o.collection AND m.id = o.id)`)
	}
	for _, t := range v.Times {
		ors = append(ors, `o.modified = ?`)
		args = append(args, fmtTime(t))
	}
	q.WriteString(` AND (` + strings.Join(ors, ` OR `) + `)`)
	return args, nil
}

// STIXObjects returns a page of the object versions that match f, by seq,
// and the cursor of the next page ("" on the last).
func (s *Store) STIXObjects(ctx context.Context, f liaison.STIXFilter) ([]liaison.STIXObject, string, error) {
	after, err := parseCursor(f.After)
	if err != nil {
		return nil, "", err
	}
	n := f.Limit
	if n <= 0 || n > stixMaxPage {
		n = stixMaxPage
	}
	var q strings.Builder
	q.WriteString(`SELECT ` + stixColumns + ` FROM stix_objects o WHERE o.collection = ? AND o.seq > ?`)
	args, err := stixWhere(&q, []any{f.Collection, after}, f)
	if err != nil {
		return nil, "", err
	}
	q.WriteString(` ORDER BY o.seq LIMIT ?`)
	args = append(args, n+1)
	rows, err := s.r.query(ctx, q.String(), args...)
	if err != nil {
		return nil, "", wrap("read stix objects", err)
	}
	defer rows.Close()
	var out []liaison.STIXObject
	for rows.Next() {
		if len(out) == n {
			return out, formatCursor(out[n-1].Seq), rows.Close()
		}
		o, err := scanSTIX(rows)
		if err != nil {
			return nil, "", wrap("read stix objects", err)
		}
		out = append(out, o)
	}
	if err := rows.Err(); err != nil {
		return nil, "", wrap("read stix objects", err)
	}
	return out, "", nil
}

// stixInsertRows is how many versions one INSERT statement carries: one
// statement per row spent most of an add in preparing, binding and
// stepping statements rather than in the B-trees. Fixed, so that the
// handle prepares two statements only (the full batch and one row).
const stixInsertRows = 64

const stixInsertHead = `INSERT INTO stix_objects (collection, id, type, spec_version, modified,
	date_added, tlp, agency, origin, raw) VALUES `

const stixInsertTail = ` ON CONFLICT (collection, id, modified) DO NOTHING RETURNING seq, id, modified`

var stixInsertBatch = stixInsertHead + strings.TrimSuffix(strings.Repeat(`(?, ?, ?, ?, ?, ?, ?, ?, ?, ?), `, stixInsertRows), ", ") + stixInsertTail

// AddSTIXObjects stores the versions not held yet, assigning their seq in
// order: rows of one statement are inserted in the order listed, and the
// single writer commits in seq order.
func (t *tx) AddSTIXObjects(objs []liaison.STIXObject) ([]bool, error) {
	if err := t.check(); err != nil {
		return nil, err
	}
	added := make([]bool, len(objs))
	args := make([]any, 0, 10*stixInsertRows)
	// waiting maps id and modified to the indexes of objs in the
	// statement not yet matched with a returned row: a version listed
	// twice is added once, for its first listing.
	waiting := make(map[string][]int, stixInsertRows)
	for start := 0; start < len(objs); {
		n, q := stixInsertRows, stixInsertBatch
		if len(objs)-start < stixInsertRows {
			n, q = 1, stixInsertHead+`(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`+stixInsertTail
		}
		args = args[:0]
		clear(waiting)
		for i := start; i < start+n; i++ {
			o := &objs[i]
			mod := fmtModified(o.Modified)
			args = append(args, o.Collection, o.ID, o.Type, o.SpecVersion, mod, fmtTime(o.DateAdded), o.TLP, o.Agency, o.Origin, o.Raw)
			k := o.ID + "\x00" + mod
			waiting[k] = append(waiting[k], i)
		}
		rows, err := t.s.w.query(t.wctx, q, args...)
		if err != nil {
			return nil, wrap("add stix objects", err)
		}
		for rows.Next() {
			var (
				seq     int64
				id, mod string
			)
			if err := rows.Scan(&seq, &id, &mod); err != nil {
				rows.Close()
				return nil, wrap("add stix objects", err)
			}
			k := id + "\x00" + mod
			if is := waiting[k]; len(is) > 0 {
				objs[is[0]].Seq, added[is[0]] = seq, true
				waiting[k] = nil
			}
		}
		if err := rows.Close(); err != nil {
			return nil, wrap("add stix objects", err)
		}
		if err := rows.Err(); err != nil {
			return nil, wrap("add stix objects", err)
		}
		start += n
	}
	return added, nil
}

// HeldSTIXObjects reports which versions the collections hold already,
// in one statement over a JSON list of [collection, id, modified].
func (t *tx) HeldSTIXObjects(objs []liaison.STIXObject) ([]bool, error) {
	if err := t.check(); err != nil {
		return nil, err
	}
	held := make([]bool, len(objs))
	if len(objs) == 0 {
		return held, nil
	}
	const op = "read stix objects"
	keys := make([][3]string, len(objs))
	for i, o := range objs {
		keys[i] = [3]string{o.Collection, o.ID, fmtModified(o.Modified)}
	}
	list, err := encode(keys)
	if err != nil {
		return nil, wrap(op, err)
	}
	rows, err := t.s.w.query(t.wctx, `SELECT w.key FROM json_each(?) AS w WHERE EXISTS (SELECT 1 FROM stix_objects o
		WHERE o.collection = w.value ->> 0 AND o.id = w.value ->> 1 AND o.modified = w.value ->> 2)`, list)
	if err != nil {
		return nil, wrap(op, err)
	}
	defer rows.Close()
	for rows.Next() {
		var i int
		if err := rows.Scan(&i); err != nil {
			return nil, wrap(op, err)
		}
		if i < 0 || i >= len(held) {
			return nil, wrap(op, errors.New("index out of range"))
		}
		held[i] = true
	}
	if err := rows.Err(); err != nil {
		return nil, wrap(op, err)
	}
	return held, nil
}

// DeleteSTIXObjects deletes the selected versions of one object.
func (t *tx) DeleteSTIXObjects(collection, id string, f liaison.STIXFilter) (int, error) {
	if err := t.check(); err != nil {
		return 0, err
	}
	var q strings.Builder
	q.WriteString(`DELETE FROM stix_objects AS o WHERE o.collection = ? AND o.id = ?`)
	sel := liaison.STIXFilter{SpecVersions: f.SpecVersions, Versions: f.Versions}
	if len(sel.Versions) == 0 {
		sel.Versions = []string{"all"}
	}
	args, err := stixWhere(&q, []any{collection, id}, sel)
	if err != nil {
		return 0, err
	}
	res, err := t.s.w.exec(t.wctx, q.String(), args...)
	if err != nil {
		return 0, wrap("delete stix object "+id, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return 0, wrap("delete stix object "+id, err)
	}
	return int(n), nil
}

// PutSTIXStatus creates or replaces a status resource.
func (t *tx) PutSTIXStatus(st *liaison.STIXStatus) error {
	if err := t.check(); err != nil {
		return err
	}
	op := "put stix status " + st.ID
	var lists [3]string
	for i, l := range [][]liaison.STIXStatusDetail{st.Successes, st.Failures, st.Pendings} {
		if l == nil {
			l = []liaison.STIXStatusDetail{}
		}
		var err error
		if lists[i], err = encode(l); err != nil {
			return wrap(op, err)
		}
	}
	_, err := t.s.w.exec(t.wctx, `INSERT INTO stix_statuses (id, collection, status, request_timestamp,
		total_count, successes, failures, pendings) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (id) DO UPDATE SET collection = excluded.collection, status = excluded.status,
		request_timestamp = excluded.request_timestamp, total_count = excluded.total_count,
		successes = excluded.successes, failures = excluded.failures, pendings = excluded.pendings`,
		st.ID, st.Collection, st.Status, fmtTime(st.RequestTimestamp), st.TotalCount, lists[0], lists[1], lists[2])
	if err != nil {
		return wrap(op, err)
	}
	return nil
}

// STIXStatus returns a status resource; ENOTFOUND when there is none.
func (s *Store) STIXStatus(ctx context.Context, id string) (*liaison.STIXStatus, error) {
	var (
		st               liaison.STIXStatus
		ts               string
		succ, fail, pend string
	)
	err := s.r.queryRow(ctx, `SELECT id, collection, status, request_timestamp, total_count, successes,
		failures, pendings FROM stix_statuses WHERE id = ?`, id).Scan(&st.ID, &st.Collection, &st.Status, &ts,
		&st.TotalCount, &succ, &fail, &pend)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound(nil, "status %s not found", id)
	} else if err != nil {
		return nil, wrap("read status "+id, err)
	}
	if st.RequestTimestamp, err = parseTime(ts); err != nil {
		return nil, wrap("read status "+id, err)
	}
	for _, p := range []struct {
		s string
		v *[]liaison.STIXStatusDetail
	}{{succ, &st.Successes}, {fail, &st.Failures}, {pend, &st.Pendings}} {
		if err := decode(p.s, p.v); err != nil {
			return nil, wrap("read status "+id, err)
		}
	}
	return &st, nil
}
