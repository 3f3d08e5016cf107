package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"time"

	"github.com/liaison-project/liaison"
)

// verifyPage is how many objects verify reads at a time from each store.
const verifyPage = 1000

// verified counts what verify compared one by one.
type verified struct {
	audit, messages, cases int
	took                   time.Duration
}

// verify reads the node back from both stores through the Store contract,
// as the node itself would, and reports the first thing that differs: the
// audit log entry for entry, every case and message (with its deliveries),
// peers, links, the directory, arrangements and each link's queue.
func verify(ctx context.Context, old, moved liaison.Store) (verified, error) {
	var v verified
	for _, c := range []struct {
		what string
		read func(liaison.Store) (any, error)
	}{
		{"peers", func(s liaison.Store) (any, error) { return s.Peers(ctx) }},
		{"links", func(s liaison.Store) (any, error) { return s.Links(ctx) }},
		{"arrangements", func(s liaison.Store) (any, error) {
			as, err := s.Arrangements(ctx)
			var raw []string // the files as applied, which JSON leaves out
			for _, a := range as {
				raw = append(raw, string(a.Raw))
			}
			return []any{as, raw}, err
		}},
		{"directory", func(s liaison.Store) (any, error) {
			a, o, err := s.Directory(ctx)
			return []any{a, o}, err
		}},
	} {
		if err := sameValue(c.what, func() (any, error) { return c.read(old) }, func() (any, error) { return c.read(moved) }); err != nil {
			return v, err
		}
	}
	peers, err := old.Peers(ctx)
	if err != nil {
		return v, err
	}
	for _, p := range peers {
		// The queue is what the node sends next; its length is in the links.
		queue := func(s liaison.Store) func() (any, error) {
			return func() (any, error) {
				items, err := s.Outbox(ctx, p.Party, verifyPage)
				var payloads []string // what will travel, which JSON leaves out
				for _, it := range items {
					payloads = append(payloads, string(it.Payload))
				}
				return []any{items, payloads}, err
			}
		}
		err := sameValue("the queue to "+p.Party, queue(old), queue(moved))
		if err != nil {
			return v, err
		}
	}
	audit := func(s liaison.Store) pager[liaison.AuditEntry] {
		return func(after string) ([]liaison.AuditEntry, string, error) {
			idx, _ := strconv.ParseInt(after, 10, 64)
			es, err := s.AuditEntries(ctx, idx, verifyPage)
			if err != nil || len(es) < verifyPage {
				return es, "", err
			}
			return es, strconv.FormatInt(es[len(es)-1].Index, 10), nil
		}
	}
	if v.audit, err = samePages("audit entry", func(e liaison.AuditEntry) string { return strconv.FormatInt(e.Index, 10) },
		audit(old), audit(moved)); err != nil {
		return v, err
	}
	cases := func(s liaison.Store) pager[liaison.Case] {
		return func(after string) ([]liaison.Case, string, error) {
			return s.Cases(ctx, liaison.CaseFilter{After: after, Limit: verifyPage})
		}
	}
	if v.cases, err = samePages("case", func(c liaison.Case) string { return c.ID }, cases(old), cases(moved)); err != nil {
		return v, err
	}
	messages := func(s liaison.Store) pager[liaison.Message] {
		return func(after string) ([]liaison.Message, string, error) {
			return s.Messages(ctx, liaison.MessageFilter{After: after, Limit: verifyPage})
		}
	}
	if v.messages, err = samePages("message", func(m liaison.Message) string { return m.ID }, messages(old), messages(moved)); err != nil {
		return v, err
	}
	consents := func(s liaison.Store) pager[liaison.Consent] {
		return func(after string) ([]liaison.Consent, string, error) {
			return s.Consents(ctx, liaison.ConsentFilter{After: after, Limit: verifyPage})
		}
	}
	if _, err = samePages("consent", func(c liaison.Consent) string { return c.ID }, consents(old), consents(moved)); err != nil {
		return v, err
	}
	return v, nil
}

// pager reads the page after a cursor ("" for the first) and returns the
// next cursor, "" after the last page.
type pager[T any] func(after string) ([]T, string, error)

// samePages walks two listings side by side and returns how many objects
// they hold, or an error naming the first object that differs. Each store
// has its own cursors; the pages line up because both fill every page
// but the last.
func samePages[T any](what string, key func(T) string, old, moved pager[T]) (int, error) {
	var afterOld, afterMoved string
	n := 0
	for {
		a, nextOld, err := old(afterOld)
		if err != nil {
			return n, fmt.Errorf("read the old store: %w", err)
		}
		b, nextMoved, err := moved(afterMoved)
		if err != nil {
			return n, fmt.Errorf("read PostgreSQL: %w", err)
		}
		for i := range min(len(a), len(b)) {
			if !sameJSON(a[i], b[i]) {
				return n, fmt.Errorf("%s %s differs between the stores", what, key(a[i]))
			}
			n++
		}
		if len(a) != len(b) || (nextOld == "") != (nextMoved == "") {
			return n, fmt.Errorf("the old store lists more or fewer of %s than PostgreSQL after %d", what, n)
		}
		if nextOld == "" {
			return n, nil
		}
		afterOld, afterMoved = nextOld, nextMoved
	}
}

// sameValue compares what two reads return.
func sameValue(what string, old, moved func() (any, error)) error {
	a, err := old()
	if err != nil {
		return fmt.Errorf("read %s from the old store: %w", what, err)
	}
	b, err := moved()
	if err != nil {
		return fmt.Errorf("read %s from PostgreSQL: %w", what, err)
	}
	if !sameJSON(a, b) {
		return fmt.Errorf("%s differ between the stores", what)
	}
	return nil
}

// sameJSON reports whether a and b have the same JSON form: what the API
// shows and what hashes and signatures cover, to the byte.
func sameJSON(a, b any) bool {
	ja, err1 := json.Marshal(a)
	jb, err2 := json.Marshal(b)
	return err1 == nil && err2 == nil && bytes.Equal(ja, jb)
}
