package postgres

import (
	"context"
	"errors"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/liaison-project/liaison"
)

const noticeColumns = `t.txid, t.pos, t.event_id, t.officer_id, t.kind, t.object, t.case_id, t.crime_area, t.priority,
	t.text, t.time, t.created, t.read, t.mail, t.mail_after, t.mail_tries`

func scanNotice(sc pgx.Row) (liaison.Notice, cursor, error) {
	var (
		n                         liaison.Notice
		at                        cursor
		area, priority, mailState string
	)
	err := sc.Scan(&at.txid, &at.pos, &n.EventID, &n.Officer, &n.Kind, &n.Object, &n.CaseID, &area, &priority,
		&n.Text, &n.Time, &n.Created, &n.Read, &mailState, &n.MailAfter, &n.MailTries)
	n.ID = at.pos
	n.Area, n.Priority, n.Mail = liaison.CrimeArea(area), liaison.Priority(priority), liaison.MailState(mailState)
	return n, at, err
}

// Notices returns a page of f.Officer's notices, in the order stored.
func (s *Store) Notices(ctx context.Context, f liaison.NoticeFilter) ([]liaison.Notice, string, error) {
	after, err := parseCursor(f.After)
	if err != nil {
		return nil, "", err
	}
	n := pageSize(f.Limit)
	q := `SELECT ` + noticeColumns + ` FROM notices t WHERE t.officer_id = $1
		AND (t.txid, t.pos) > ($2, $3) AND ` + horizon("t.txid")
	if f.Unread {
		q += ` AND t.read IS NULL`
	}
	q += ` ORDER BY t.txid, t.pos LIMIT $4`
	rows, err := s.pool.Query(ctx, q, f.Officer, after.txid, after.pos, n+1)
	if err != nil {
		return nil, "", wrap("read notices", err)
	}
	defer rows.Close()
	var (
		ns   []liaison.Notice
		last cursor
	)
	for rows.Next() {
		if len(ns) == n {
			return ns, last.String(), nil
		}
		no, at, err := scanNotice(rows)
		if err != nil {
			return nil, "", wrap("read notices", err)
		}
		ns = append(ns, no)
		last = at
	}
	if err := rows.Err(); err != nil {
		return nil, "", wrap("read notices", err)
	}
	return ns, "", nil
}

const subscriptionColumns = `officer_id, priorities, areas, cases, email, digest, address, updated, time_zone`

func scanSubscription(sc pgx.Row) (liaison.Subscription, error) {
	var (
		s                        liaison.Subscription
		priorities, areas, cases []byte
		digest                   string
	)
	if err := sc.Scan(&s.Officer, &priorities, &areas, &cases, &s.Email, &digest, &s.Address, &s.Updated, &s.TimeZone); err != nil {
		return s, err
	}
	s.Digest = liaison.Digest(digest)
	if err := decode(priorities, &s.Priorities); err != nil {
		return s, err
	}
	if err := decode(areas, &s.Areas); err != nil {
		return s, err
	}
	return s, decode(cases, &s.Cases)
}

// Subscription returns the officer's subscription; ENOTFOUND when none.
func (s *Store) Subscription(ctx context.Context, officer string) (*liaison.Subscription, error) {
	sub, err := scanSubscription(s.pool.QueryRow(ctx, `SELECT `+subscriptionColumns+` FROM subscriptions WHERE officer_id = $1`, officer))
	if errors.Is(err, pgx.ErrNoRows) {
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
	rows, err := t.tx.Query(t.ctx, `SELECT `+subscriptionColumns+` FROM subscriptions ORDER BY officer_id`)
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

func emptyIfNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
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
	_, err = t.tx.Exec(t.ctx, `INSERT INTO subscriptions (`+subscriptionColumns+`) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
		ON CONFLICT (officer_id) DO UPDATE SET priorities = excluded.priorities, areas = excluded.areas,
			cases = excluded.cases, email = excluded.email, digest = excluded.digest,
			address = excluded.address, updated = excluded.updated, time_zone = excluded.time_zone`,
		s.Officer, priorities, areas, cases, s.Email, string(s.Digest), s.Address, s.Updated, s.TimeZone)
	if err != nil {
		return wrap(op, err)
	}
	return nil
}

func (t *tx) AddNotices(ns []liaison.Notice) (int, error) {
	if err := t.check(); err != nil {
		return 0, err
	}
	// One statement for the lot: a fan-out to a thousand officers is one
	// round trip, not a thousand.
	const cols = 14
	added := 0
	for start := 0; start < len(ns); start += 1000 {
		batch := ns[start:min(start+1000, len(ns))]
		var q strings.Builder
		q.WriteString(`INSERT INTO notices (event_id, officer_id, kind, object, case_id, crime_area, priority,
			text, time, created, read, mail, mail_after, mail_tries) VALUES `)
		args := make([]any, 0, cols*len(batch))
		for i := range batch {
			n := &batch[i]
			if i > 0 {
				q.WriteString(", ")
			}
			q.WriteString("(")
			for c := range cols {
				if c > 0 {
					q.WriteString(", ")
				}
				q.WriteString("$" + strconv.Itoa(i*cols+c+1))
			}
			q.WriteString(")")
			args = append(args, n.EventID, n.Officer, n.Kind, n.Object, n.CaseID, string(n.Area), string(n.Priority),
				n.Text, n.Time, n.Created, n.Read, string(n.Mail), n.MailAfter, n.MailTries)
		}
		q.WriteString(` ON CONFLICT (event_id, officer_id) DO NOTHING RETURNING pos, event_id, officer_id`)
		rows, err := t.tx.Query(t.ctx, q.String(), args...)
		if err != nil {
			return added, wrap("add notices", err)
		}
		ids := map[string]int64{}
		for rows.Next() {
			var (
				pos            int64
				event, officer string
			)
			if err := rows.Scan(&pos, &event, &officer); err != nil {
				rows.Close()
				return added, wrap("add notices", err)
			}
			ids[event+"\x00"+officer] = pos
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return added, wrap("add notices", err)
		}
		for i := range batch {
			if id, ok := ids[batch[i].EventID+"\x00"+batch[i].Officer]; ok {
				batch[i].ID = id
			}
		}
		added += len(ids)
	}
	return added, nil
}

func (t *tx) ReadNotice(officer string, id int64, at time.Time) error {
	if err := t.check(); err != nil {
		return err
	}
	tag, err := t.tx.Exec(t.ctx, `UPDATE notices SET read = coalesce(read, $1) WHERE pos = $2 AND officer_id = $3`, at, id, officer)
	if err != nil {
		return wrap("read notice", err)
	}
	if tag.RowsAffected() == 0 {
		return notFound(nil, "notice %d not found", id)
	}
	return nil
}

func (t *tx) ReadNotices(officer string, before, at time.Time) (int, error) {
	if err := t.check(); err != nil {
		return 0, err
	}
	q := `UPDATE notices SET read = $1 WHERE officer_id = $2 AND read IS NULL`
	args := []any{at, officer}
	if !before.IsZero() {
		q += ` AND created < $3`
		args = append(args, before)
	}
	tag, err := t.tx.Exec(t.ctx, q, args...)
	if err != nil {
		return 0, wrap("read notices", err)
	}
	return int(tag.RowsAffected()), nil
}

func (t *tx) ClaimMail(now, until time.Time, limit int) ([]liaison.Notice, error) {
	if err := t.check(); err != nil {
		return nil, err
	}
	// SKIP LOCKED: two dispatchers claiming at once take different rows.
	rows, err := t.tx.Query(t.ctx, `UPDATE notices t SET mail_claim = $1
		WHERE t.pos IN (SELECT pos FROM notices WHERE mail IN ('queued', 'digest') AND mail_after <= $2
			AND (mail_claim IS NULL OR mail_claim <= $2) ORDER BY mail_after, pos LIMIT $3
			FOR UPDATE SKIP LOCKED)
		RETURNING `+noticeColumns, until, now, limit)
	if err != nil {
		return nil, wrap("claim mail", err)
	}
	defer rows.Close()
	var ns []liaison.Notice
	for rows.Next() {
		n, _, err := scanNotice(rows)
		if err != nil {
			return nil, wrap("claim mail", err)
		}
		ns = append(ns, n)
	}
	if err := rows.Err(); err != nil {
		return nil, wrap("claim mail", err)
	}
	slices.SortFunc(ns, func(a, b liaison.Notice) int { return int(a.ID - b.ID) })
	return ns, nil
}

func (t *tx) SetMail(id int64, st liaison.MailState, after *time.Time, tries int) error {
	if err := t.check(); err != nil {
		return err
	}
	tag, err := t.tx.Exec(t.ctx, `UPDATE notices SET mail = $1, mail_after = $2, mail_tries = $3, mail_claim = NULL WHERE pos = $4`,
		string(st), after, tries, id)
	if err != nil {
		return wrap("set mail of notice", err)
	}
	if tag.RowsAffected() == 0 {
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
		err := t.tx.QueryRow(t.ctx, `INSERT INTO notify_hooks (hook, event_id, kind, body, state, attempts, next, created)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (hook, event_id) DO NOTHING RETURNING id`,
			it.Hook, it.EventID, it.Kind, it.Body, string(it.State), it.Attempts, it.Next, it.Created).Scan(&it.ID)
		if err != nil && !errors.Is(err, pgx.ErrNoRows) {
			return wrap("queue webhook of event "+it.EventID, err)
		}
	}
	return nil
}

func (t *tx) ClaimHooks(now, until time.Time, limit int) ([]liaison.HookItem, error) {
	if err := t.check(); err != nil {
		return nil, err
	}
	rows, err := t.tx.Query(t.ctx, `UPDATE notify_hooks SET claim = $1
		WHERE id IN (SELECT id FROM notify_hooks WHERE state = 'queued' AND next <= $2
			AND (claim IS NULL OR claim <= $2) ORDER BY next, id LIMIT $3 FOR UPDATE SKIP LOCKED)
		RETURNING id, hook, event_id, kind, body, state, attempts, next, created`, until, now, limit)
	if err != nil {
		return nil, wrap("claim webhooks", err)
	}
	defer rows.Close()
	var items []liaison.HookItem
	for rows.Next() {
		var (
			it    liaison.HookItem
			state string
		)
		if err := rows.Scan(&it.ID, &it.Hook, &it.EventID, &it.Kind, &it.Body, &state, &it.Attempts, &it.Next, &it.Created); err != nil {
			return nil, wrap("claim webhooks", err)
		}
		it.State = liaison.HookState(state)
		items = append(items, it)
	}
	if err := rows.Err(); err != nil {
		return nil, wrap("claim webhooks", err)
	}
	slices.SortFunc(items, func(a, b liaison.HookItem) int { return int(a.ID - b.ID) })
	return items, nil
}

func (t *tx) SetHook(id int64, st liaison.HookState, attempts int, next time.Time) error {
	if err := t.check(); err != nil {
		return err
	}
	tag, err := t.tx.Exec(t.ctx, `UPDATE notify_hooks SET state = $1, attempts = $2, next = $3, claim = NULL WHERE id = $4`,
		string(st), attempts, next, id)
	if err != nil {
		return wrap("set webhook item", err)
	}
	if tag.RowsAffected() == 0 {
		return notFound(nil, "webhook item %d not found", id)
	}
	return nil
}

func (t *tx) AddNotifyDelivery(d *liaison.NotifyDelivery) error {
	if err := t.check(); err != nil {
		return err
	}
	err := t.tx.QueryRow(t.ctx, `INSERT INTO notify_deliveries (channel, target, officer_id, ref, attempt, time,
		ok, status, error, digest) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
		d.Channel, d.Target, d.Officer, d.Ref, d.Attempt, d.Time, d.OK, d.Status, d.Error, d.Digest).Scan(&d.ID)
	if err != nil {
		return wrap("log delivery", err)
	}
	return nil
}

// NotifyDeliveries returns a page of the delivery log, newest first.
func (s *Store) NotifyDeliveries(ctx context.Context, f liaison.NotifyDeliveryFilter) ([]liaison.NotifyDelivery, string, error) {
	var before int64
	if f.After != "" {
		v, err := strconv.ParseInt(f.After, 10, 64)
		if err != nil || v <= 0 {
			return nil, "", &liaison.Error{Code: liaison.EINVALID, Message: "invalid cursor",
				Fields: []liaison.FieldError{{Field: "after", Problem: "not a cursor from a previous page"}}}
		}
		before = v
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
	q.WriteString(`SELECT id, channel, target, officer_id, ref, attempt, time, ok, status, error, digest
		FROM notify_deliveries WHERE true`)
	if before > 0 {
		q.WriteString(` AND id < ` + arg(before))
	}
	if f.Channel != "" {
		q.WriteString(` AND channel = ` + arg(f.Channel))
	}
	q.WriteString(` ORDER BY id DESC LIMIT ` + arg(n+1))
	rows, err := s.pool.Query(ctx, q.String(), args...)
	if err != nil {
		return nil, "", wrap("read deliveries", err)
	}
	defer rows.Close()
	var ds []liaison.NotifyDelivery
	for rows.Next() {
		if len(ds) == n {
			return ds, strconv.FormatInt(ds[n-1].ID, 10), nil
		}
		var d liaison.NotifyDelivery
		if err := rows.Scan(&d.ID, &d.Channel, &d.Target, &d.Officer, &d.Ref, &d.Attempt, &d.Time, &d.OK,
			&d.Status, &d.Error, &d.Digest); err != nil {
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
	err := s.pool.QueryRow(ctx, `SELECT count(*) FROM notify_deliveries
		WHERE officer_id = $1 AND channel = 'email' AND ok AND NOT digest AND time >= $2`, officer, since).Scan(&n)
	if err != nil {
		return 0, wrap("count mails", err)
	}
	return n, nil
}
