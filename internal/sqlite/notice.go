package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"

	"github.com/liaison-project/liaison"
)

const noticeColumns = `pos, event_id, officer_id, kind, object, case_id, crime_area, priority, text, time,
	created, read, mail, mail_after, mail_tries`

func scanNotice(sc interface{ Scan(...any) error }) (liaison.Notice, error) {
	var (
		n                         liaison.Notice
		at, created               string
		read, mailAfter           sql.NullString
		area, priority, mailState string
	)
	if err := sc.Scan(&n.ID, &n.EventID, &n.Officer, &n.Kind, &n.Object, &n.CaseID, &area, &priority,
		&n.Text, &at, &created, &read, &mailState, &mailAfter, &n.MailTries); err != nil {
		return n, err
	}
	n.Area, n.Priority, n.Mail = liaison.CrimeArea(area), liaison.Priority(priority), liaison.MailState(mailState)
	var err error
	if n.Time, err = parseTime(at); err != nil {
		return n, err
	}
	if n.Created, err = parseTime(created); err != nil {
		return n, err
	}
	if n.Read, err = parseTimePtr(read); err != nil {
		return n, err
	}
	n.MailAfter, err = parseTimePtr(mailAfter)
	return n, err
}

// Notices returns a page of f.Officer's notices, oldest first.
func (s *Store) Notices(ctx context.Context, f liaison.NoticeFilter) ([]liaison.Notice, string, error) {
	after, err := parseCursor(f.After)
	if err != nil {
		return nil, "", err
	}
	n := pageSize(f.Limit)
	q := `SELECT ` + noticeColumns + ` FROM notices WHERE officer_id = ? AND pos > ?`
	if f.Unread {
		q += ` AND read IS NULL`
	}
	q += ` ORDER BY pos LIMIT ?`
	rows, err := s.r.query(ctx, q, f.Officer, after, n+1)
	if err != nil {
		return nil, "", wrap("read notices", err)
	}
	defer rows.Close()
	var ns []liaison.Notice
	for rows.Next() {
		if len(ns) == n {
			return ns, formatCursor(ns[n-1].ID), rows.Close()
		}
		no, err := scanNotice(rows)
		if err != nil {
			return nil, "", wrap("read notices", err)
		}
		ns = append(ns, no)
	}
	if err := rows.Err(); err != nil {
		return nil, "", wrap("read notices", err)
	}
	return ns, "", nil
}

const subscriptionColumns = `officer_id, priorities, areas, cases, email, digest, address, updated, time_zone`

func scanSubscription(sc interface{ Scan(...any) error }) (liaison.Subscription, error) {
	var (
		s                                 liaison.Subscription
		priorities, areas, cases, updated string
		digest                            string
	)
	if err := sc.Scan(&s.Officer, &priorities, &areas, &cases, &s.Email, &digest, &s.Address, &updated, &s.TimeZone); err != nil {
		return s, err
	}
	s.Digest = liaison.Digest(digest)
	if err := decode(priorities, &s.Priorities); err != nil {
		return s, err
	}
	if err := decode(areas, &s.Areas); err != nil {
		return s, err
	}
	if err := decode(cases, &s.Cases); err != nil {
		return s, err
	}
	var err error
	s.Updated, err = parseTime(updated)
	return s, err
}

// Subscription returns the officer's subscription; ENOTFOUND when none.
func (s *Store) Subscription(ctx context.Context, officer string) (*liaison.Subscription, error) {
	sub, err := scanSubscription(s.r.queryRow(ctx, `SELECT `+subscriptionColumns+` FROM subscriptions WHERE officer_id = ?`, officer))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound(nil, "officer %s has no subscription", officer)
	} else if err != nil {
		return nil, wrap("read subscription of "+officer, err)
	}
	return &sub, nil
}

func (t *tx) Subscriptions() ([]liaison.Subscription, error) {
	if err := t.check(); err != nil {
		return nil, err
	}
	rows, err := t.s.w.query(t.wctx, `SELECT `+subscriptionColumns+` FROM subscriptions ORDER BY officer_id`)
	if err != nil {
		return nil, wrap("read subscriptions", err)
	}
	defer rows.Close()
	var subs []liaison.Subscription
	for rows.Next() {
		s, err := scanSubscription(rows)
		if err != nil {
			return nil, wrap("read subscriptions", err)
		}
		subs = append(subs, s)
	}
	if err := rows.Err(); err != nil {
		return nil, wrap("read subscriptions", err)
	}
	return subs, nil
}

func (t *tx) PutSubscription(s *liaison.Subscription) error {
	if err := t.check(); err != nil {
		return err
	}
	op := "put subscription of " + s.Officer
	priorities, err := encode(emptyIfNil(s.Priorities))
	if err != nil {
		return wrap(op, err)
	}
	areas, err := encode(emptyIfNil(s.Areas))
	if err != nil {
		return wrap(op, err)
	}
	cases, err := encode(emptyIfNil(s.Cases))
	if err != nil {
		return wrap(op, err)
	}
	_, err = t.s.w.exec(t.wctx, `INSERT INTO subscriptions (`+subscriptionColumns+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (officer_id) DO UPDATE SET priorities = excluded.priorities, areas = excluded.areas,
			cases = excluded.cases, email = excluded.email, digest = excluded.digest,
			address = excluded.address, updated = excluded.updated, time_zone = excluded.time_zone`,
		s.Officer, priorities, areas, cases, bit(s.Email), string(s.Digest), s.Address, fmtTime(s.Updated), s.TimeZone)
	if err != nil {
		return wrap(op, err)
	}
	return nil
}

func emptyIfNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

func (t *tx) AddNotices(ns []liaison.Notice) (int, error) {
	if err := t.check(); err != nil {
		return 0, err
	}
	added := 0
	for i := range ns {
		n := &ns[i]
		err := t.s.w.queryRow(t.wctx, `INSERT INTO notices (event_id, officer_id, kind, object, case_id,
			crime_area, priority, text, time, created, read, mail, mail_after, mail_tries)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (event_id, officer_id) DO NOTHING RETURNING pos`,
			n.EventID, n.Officer, n.Kind, n.Object, n.CaseID, string(n.Area), string(n.Priority), n.Text,
			fmtTime(n.Time), fmtTime(n.Created), fmtTimePtr(n.Read), string(n.Mail), fmtTimePtr(n.MailAfter),
			n.MailTries).Scan(&n.ID)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			// Told already: the constraint keeps one notice.
		case err != nil:
			return added, wrap("add notice of event "+n.EventID, err)
		default:
			added++
		}
	}
	return added, nil
}

func (t *tx) ReadNotice(officer string, id int64, at time.Time) error {
	if err := t.check(); err != nil {
		return err
	}
	var pos int64
	err := t.s.w.queryRow(t.wctx, `UPDATE notices SET read = coalesce(read, ?) WHERE pos = ? AND officer_id = ? RETURNING pos`,
		fmtTime(at), id, officer).Scan(&pos)
	if errors.Is(err, sql.ErrNoRows) {
		return notFound(nil, "notice %d not found", id)
	} else if err != nil {
		return wrap("read notice", err)
	}
	return nil
}

func (t *tx) ReadNotices(officer string, before, at time.Time) (int, error) {
	if err := t.check(); err != nil {
		return 0, err
	}
	q := `UPDATE notices SET read = ? WHERE officer_id = ? AND read IS NULL`
	args := []any{fmtTime(at), officer}
	if !before.IsZero() {
		q += ` AND created < ?`
		args = append(args, fmtTime(before))
	}
	res, err := t.s.w.exec(t.wctx, q, args...)
	if err != nil {
		return 0, wrap("read notices", err)
	}
	n, err := res.RowsAffected()
	return int(n), err
}

func (t *tx) ClaimMail(now, until time.Time, limit int) ([]liaison.Notice, error) {
	if err := t.check(); err != nil {
		return nil, err
	}
	rows, err := t.s.w.query(t.wctx, `UPDATE notices SET mail_claim = ?
		WHERE pos IN (SELECT pos FROM notices WHERE mail IN ('queued', 'digest') AND mail_after <= ?
			AND (mail_claim IS NULL OR mail_claim <= ?) ORDER BY mail_after, pos LIMIT ?)
		RETURNING `+noticeColumns, fmtTime(until), fmtTime(now), fmtTime(now), limit)
	if err != nil {
		return nil, wrap("claim mail", err)
	}
	defer rows.Close()
	var ns []liaison.Notice
	for rows.Next() {
		n, err := scanNotice(rows)
		if err != nil {
			return nil, wrap("claim mail", err)
		}
		ns = append(ns, n)
	}
	if err := rows.Err(); err != nil {
		return nil, wrap("claim mail", err)
	}
	sortNotices(ns)
	return ns, nil
}

func sortNotices(ns []liaison.Notice) {
	// RETURNING gives no order; the claim is oldest first.
	for i := 1; i < len(ns); i++ {
		for j := i; j > 0 && ns[j].ID < ns[j-1].ID; j-- {
			ns[j], ns[j-1] = ns[j-1], ns[j]
		}
	}
}

func (t *tx) SetMail(id int64, st liaison.MailState, after *time.Time, tries int) error {
	if err := t.check(); err != nil {
		return err
	}
	res, err := t.s.w.exec(t.wctx, `UPDATE notices SET mail = ?, mail_after = ?, mail_tries = ?, mail_claim = NULL WHERE pos = ?`,
		string(st), fmtTimePtr(after), tries, id)
	if err != nil {
		return wrap("set mail of notice", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return notFound(nil, "notice %d not found", id)
	}
	return nil
}

func (t *tx) QueueHooks(items []liaison.HookItem) error {
	if err := t.check(); err != nil {
		return err
	}
	for i := range items {
		it := &items[i]
		err := t.s.w.queryRow(t.wctx, `INSERT INTO notify_hooks (hook, event_id, kind, body, state, attempts, next, created)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (hook, event_id) DO NOTHING RETURNING id`,
			it.Hook, it.EventID, it.Kind, it.Body, string(it.State), it.Attempts, fmtTime(it.Next), fmtTime(it.Created)).Scan(&it.ID)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return wrap("queue webhook of event "+it.EventID, err)
		}
	}
	return nil
}

const hookColumns = `id, hook, event_id, kind, body, state, attempts, next, created`

func (t *tx) ClaimHooks(now, until time.Time, limit int) ([]liaison.HookItem, error) {
	if err := t.check(); err != nil {
		return nil, err
	}
	rows, err := t.s.w.query(t.wctx, `UPDATE notify_hooks SET claim = ?
		WHERE id IN (SELECT id FROM notify_hooks WHERE state = 'queued' AND next <= ?
			AND (claim IS NULL OR claim <= ?) ORDER BY next, id LIMIT ?)
		RETURNING `+hookColumns, fmtTime(until), fmtTime(now), fmtTime(now), limit)
	if err != nil {
		return nil, wrap("claim webhooks", err)
	}
	defer rows.Close()
	var items []liaison.HookItem
	for rows.Next() {
		var (
			it            liaison.HookItem
			next, created string
			state         string
		)
		if err := rows.Scan(&it.ID, &it.Hook, &it.EventID, &it.Kind, &it.Body, &state, &it.Attempts, &next, &created); err != nil {
			return nil, wrap("claim webhooks", err)
		}
		it.State = liaison.HookState(state)
		if it.Next, err = parseTime(next); err != nil {
			return nil, wrap("claim webhooks", err)
		}
		if it.Created, err = parseTime(created); err != nil {
			return nil, wrap("claim webhooks", err)
		}
		items = append(items, it)
	}
	if err := rows.Err(); err != nil {
		return nil, wrap("claim webhooks", err)
	}
	for i := 1; i < len(items); i++ {
		for j := i; j > 0 && items[j].ID < items[j-1].ID; j-- {
			items[j], items[j-1] = items[j-1], items[j]
		}
	}
	return items, nil
}

func (t *tx) SetHook(id int64, st liaison.HookState, attempts int, next time.Time) error {
	if err := t.check(); err != nil {
		return err
	}
	res, err := t.s.w.exec(t.wctx, `UPDATE notify_hooks SET state = ?, attempts = ?, next = ?, claim = NULL WHERE id = ?`,
		string(st), attempts, fmtTime(next), id)
	if err != nil {
		return wrap("set webhook item", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return notFound(nil, "webhook item %d not found", id)
	}
	return nil
}

func (t *tx) AddNotifyDelivery(d *liaison.NotifyDelivery) error {
	if err := t.check(); err != nil {
		return err
	}
	err := t.s.w.queryRow(t.wctx, `INSERT INTO notify_deliveries (channel, target, officer_id, ref, attempt, time,
		ok, status, error, digest) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		d.Channel, d.Target, d.Officer, d.Ref, d.Attempt, fmtTime(d.Time), bit(d.OK), d.Status, d.Error, bit(d.Digest)).Scan(&d.ID)
	if err != nil {
		return wrap("log delivery", err)
	}
	return nil
}

// NotifyDeliveries returns a page of the delivery log, newest first.
func (s *Store) NotifyDeliveries(ctx context.Context, f liaison.NotifyDeliveryFilter) ([]liaison.NotifyDelivery, string, error) {
	before, err := parseCursor(f.After)
	if err != nil {
		return nil, "", err
	}
	n := pageSize(f.Limit)
	var (
		q    strings.Builder
		args []any
	)
	q.WriteString(`SELECT id, channel, target, officer_id, ref, attempt, time, ok, status, error, digest
		FROM notify_deliveries WHERE 1 = 1`)
	if before > 0 {
		q.WriteString(` AND id < ?`)
		args = append(args, before)
	}
	if f.Channel != "" {
		q.WriteString(` AND channel = ?`)
		args = append(args, f.Channel)
	}
	q.WriteString(` ORDER BY id DESC LIMIT ?`)
	args = append(args, n+1)
	rows, err := s.r.query(ctx, q.String(), args...)
	if err != nil {
		return nil, "", wrap("read deliveries", err)
	}
	defer rows.Close()
	var ds []liaison.NotifyDelivery
	for rows.Next() {
		if len(ds) == n {
			return ds, formatCursor(ds[n-1].ID), rows.Close()
		}
		var (
			d  liaison.NotifyDelivery
			at string
		)
		if err := rows.Scan(&d.ID, &d.Channel, &d.Target, &d.Officer, &d.Ref, &d.Attempt, &at, &d.OK,
			&d.Status, &d.Error, &d.Digest); err != nil {
			return nil, "", wrap("read deliveries", err)
		}
		if d.Time, err = parseTime(at); err != nil {
			return nil, "", wrap("read deliveries", err)
		}
		ds = append(ds, d)
	}
	if err := rows.Err(); err != nil {
		return nil, "", wrap("read deliveries", err)
	}
	return ds, "", nil
}

// MailsSent counts the single-notice e-mails sent to officer since then.
func (s *Store) MailsSent(ctx context.Context, officer string, since time.Time) (int, error) {
	var n int
	err := s.r.queryRow(ctx, `SELECT count(*) FROM notify_deliveries
		WHERE officer_id = ? AND channel = 'email' AND ok = 1 AND digest = 0 AND time >= ?`,
		officer, fmtTime(since)).Scan(&n)
	if err != nil {
		return 0, wrap("count mails", err)
	}
	return n, nil
}
