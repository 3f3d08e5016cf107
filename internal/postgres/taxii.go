package postgres

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/liaison-project/liaison"
)

// stixMaxPage bounds a page of STIX objects: TAXII clients ask for large
// pages, and a row is only its bytes.
const stixMaxPage = 10000

// modifiedLayout keeps a STIX version to the nanosecond as text that
// sorts in time order (timestamptz keeps microseconds only).
const modifiedLayout = "2006-01-02T15:04:05.000000000Z07:00"

const stixColumns = `o.seq, o.collection, o.id, o.type, o.spec_version, o.modified, o.date_added, o.tlp, o.agency, o.origin, o.raw`

func fmtModified(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(modifiedLayout)
}

func scanSTIX(sc pgx.Row) (liaison.STIXObject, error) {
	var (
		o        liaison.STIXObject
		modified string
	)
	if err := sc.Scan(&o.Seq, &o.Collection, &o.ID, &o.Type, &o.SpecVersion, &modified, &o.DateAdded, &o.TLP, &o.Agency, &o.Origin, &o.Raw); err != nil {
		return o, err
	}
	o.DateAdded = o.DateAdded.UTC()
	if modified != "" {
		t, err := time.Parse(time.RFC3339Nano, modified)
		if err != nil {
			return o, err
		}
		o.Modified = t.UTC()
	}
	return o, nil
}

// stixWhere appends to q the conditions of f other than the collection
// and the cursor; args holds the parameters so far.
func stixWhere(q *strings.Builder, args []any, f liaison.STIXFilter) ([]any, error) {
	arg := func(v any) string {
		args = append(args, v)
		return "$" + strconv.Itoa(len(args))
	}
	in := func(col string, vs []string) {
		if len(vs) > 0 {
			q.WriteString(` AND ` + col + ` = ANY(` + arg(vs) + `)`)
		}
	}
	in(`o.id`, f.IDs)
	in(`o.type`, f.Types)
	in(`o.spec_version`, f.SpecVersions)
	if f.AddedAfter != nil {
		q.WriteString(` AND o.date_added > ` + arg(*f.AddedAfter))
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
		ors = append(ors, `o.modified = `+arg(fmtModified(t)))
	}
	q.WriteString(` AND (` + strings.Join(ors, ` OR `) + `)`)
	return args, nil
}

func parseSeqCursor(s string) (int64, error) {
	if s == "" {
		return 0, nil
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n < 0 {
		return 0, &liaison.Error{Code: liaison.EINVALID, Message: "invalid cursor",
			Fields: []liaison.FieldError{{Field: "next", Problem: "not a cursor from a previous page"}}}
	}
	return n, nil
}

// STIXObjects returns a page of the object versions that match f, by seq,
// and the cursor of the next page ("" on the last).
func (s *Store) STIXObjects(ctx context.Context, f liaison.STIXFilter) ([]liaison.STIXObject, string, error) {
	after, err := parseSeqCursor(f.After)
	if err != nil {
		return nil, "", err
	}
	n := f.Limit
	if n <= 0 || n > stixMaxPage {
		n = stixMaxPage
	}
	var q strings.Builder
	q.WriteString(`SELECT ` + stixColumns + ` FROM stix_objects o WHERE o.collection = $1 AND o.seq > $2`)
	args, err := stixWhere(&q, []any{f.Collection, after}, f)
	if err != nil {
		return nil, "", err
	}
	args = append(args, n+1)
	q.WriteString(` ORDER BY o.seq LIMIT $` + strconv.Itoa(len(args)))
	rows, err := s.pool.Query(ctx, q.String(), args...)
	if err != nil {
		return nil, "", wrap("read stix objects", err)
	}
	defer rows.Close()
	var out []liaison.STIXObject
	for rows.Next() {
		if len(out) == n {
			rows.Close()
			return out, strconv.FormatInt(out[n-1].Seq, 10), rows.Err()
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

// AddSTIXObjects stores the versions not held yet in one statement, with
// seq numbers drawn from the locked stix_seq row (see 0010_stix.sql).
func (t *tx) AddSTIXObjects(objs []liaison.STIXObject) ([]bool, error) {
	if err := t.check(); err != nil {
		return nil, err
	}
	added := make([]bool, len(objs))
	if len(objs) == 0 {
		return added, nil
	}
	const op = "add stix objects"
	var last int64
	if err := t.tx.QueryRow(t.ctx, `UPDATE stix_seq SET last = last + $1 RETURNING last`, len(objs)).Scan(&last); err != nil {
		return nil, wrap(op, err)
	}
	first := last - int64(len(objs)) + 1
	var (
		seqs                                 = make([]int64, len(objs))
		colls, ids, types, specs, mods, tlps = make([]string, len(objs)), make([]string, len(objs)), make([]string, len(objs)), make([]string, len(objs)), make([]string, len(objs)), make([]string, len(objs))
		agencies, origins                    = make([]string, len(objs)), make([]string, len(objs))
		dates                                = make([]time.Time, len(objs))
		raws                                 = make([][]byte, len(objs))
	)
	for i, o := range objs {
		seqs[i] = first + int64(i)
		colls[i], ids[i], types[i], specs[i], mods[i], tlps[i] = o.Collection, o.ID, o.Type, o.SpecVersion, fmtModified(o.Modified), o.TLP
		dates[i], raws[i], agencies[i], origins[i] = o.DateAdded, o.Raw, o.Agency, o.Origin
	}
	rows, err := t.tx.Query(t.ctx, `INSERT INTO stix_objects (seq, collection, id, type, spec_version, modified,
		date_added, tlp, agency, origin, raw)
		SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[],
			$7::timestamptz[], $8::text[], $9::text[], $10::text[], $11::bytea[])
		ON CONFLICT ON CONSTRAINT stix_objects_version DO NOTHING RETURNING seq`,
		seqs, colls, ids, types, specs, mods, dates, tlps, agencies, origins, raws)
	if err != nil {
		return nil, wrap(op, err)
	}
	defer rows.Close()
	for rows.Next() {
		var seq int64
		if err := rows.Scan(&seq); err != nil {
			return nil, wrap(op, err)
		}
		i := seq - first
		added[i], objs[i].Seq = true, seq
	}
	if err := rows.Err(); err != nil {
		return nil, wrap(op, err)
	}
	return added, nil
}

// HeldSTIXObjects reports, in one statement, which versions the
// collections hold already.
func (t *tx) HeldSTIXObjects(objs []liaison.STIXObject) ([]bool, error) {
	if err := t.check(); err != nil {
		return nil, err
	}
	held := make([]bool, len(objs))
	if len(objs) == 0 {
		return held, nil
	}
	const op = "read stix objects"
	colls, ids, mods := make([]string, len(objs)), make([]string, len(objs)), make([]string, len(objs))
	for i, o := range objs {
		colls[i], ids[i], mods[i] = o.Collection, o.ID, fmtModified(o.Modified)
	}
	rows, err := t.tx.Query(t.ctx, `SELECT w.i - 1 FROM unnest($1::text[], $2::text[], $3::text[])
		WITH ORDINALITY AS w(collection, id, modified, i)
		WHERE EXISTS (SELECT 1 FROM stix_objects o WHERE o.collection = w.collection AND o.id = w.id AND o.modified = w.modified)`,
		colls, ids, mods)
	if err != nil {
		return nil, wrap(op, err)
	}
	defer rows.Close()
	for rows.Next() {
		var i int64
		if err := rows.Scan(&i); err != nil {
			return nil, wrap(op, err)
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
	q.WriteString(`DELETE FROM stix_objects o WHERE o.collection = $1 AND o.id = $2`)
	sel := liaison.STIXFilter{SpecVersions: f.SpecVersions, Versions: f.Versions}
	if len(sel.Versions) == 0 {
		sel.Versions = []string{"all"}
	}
	args, err := stixWhere(&q, []any{collection, id}, sel)
	if err != nil {
		return 0, err
	}
	tag, err := t.tx.Exec(t.ctx, q.String(), args...)
	if err != nil {
		return 0, wrap("delete stix object "+id, err)
	}
	return int(tag.RowsAffected()), nil
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
	_, err := t.tx.Exec(t.ctx, `INSERT INTO stix_statuses (id, collection, status, request_timestamp,
		total_count, successes, failures, pendings) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
		ON CONFLICT (id) DO UPDATE SET collection = excluded.collection, status = excluded.status,
		request_timestamp = excluded.request_timestamp, total_count = excluded.total_count,
		successes = excluded.successes, failures = excluded.failures, pendings = excluded.pendings`,
		st.ID, st.Collection, st.Status, st.RequestTimestamp, st.TotalCount, lists[0], lists[1], lists[2])
	if err != nil {
		return wrap(op, err)
	}
	return nil
}

// STIXStatus returns a status resource; ENOTFOUND when there is none.
func (s *Store) STIXStatus(ctx context.Context, id string) (*liaison.STIXStatus, error) {
	var (
		st               liaison.STIXStatus
		succ, fail, pend []byte
	)
	err := s.pool.QueryRow(ctx, `SELECT id, collection, status, request_timestamp, total_count, successes,
		failures, pendings FROM stix_statuses WHERE id = $1`, id).Scan(&st.ID, &st.Collection, &st.Status,
		&st.RequestTimestamp, &st.TotalCount, &succ, &fail, &pend)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, notFound(nil, "status %s not found", id)
	} else if err != nil {
		return nil, wrap("read status "+id, err)
	}
	st.RequestTimestamp = st.RequestTimestamp.UTC()
	for _, p := range []struct {
		b []byte
		v *[]liaison.STIXStatusDetail
	}{{succ, &st.Successes}, {fail, &st.Failures}, {pend, &st.Pendings}} {
		if err := decode(p.b, p.v); err != nil {
			return nil, wrap("read status "+id, err)
		}
	}
	return &st, nil
}
