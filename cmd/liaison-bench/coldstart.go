package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"time"

	"github.com/google/uuid"

	"github.com/liaison-project/liaison"
	"github.com/liaison-project/liaison/internal/postgres"
	"github.com/liaison-project/liaison/internal/sqlite"
)

// fillBatch is how many messages one store transaction writes while
// filling a node.
const fillBatch = 10_000

// coldNode is a node (party ca) holding a number of received messages,
// with its peer in known but not running. It is built once and reused by
// the cold start and idle memory measurements.
type coldNode struct {
	*proc
	messages int
	fill     time.Duration // how long writing the messages took
	dsn      string        // the PostgreSQL database of --store postgres
}

// fillStore is what fill needs of a node's store (internal/sqlite's or
// internal/postgres's).
type fillStore interface {
	Arrangements(context.Context) ([]liaison.Arrangement, error)
	Links(context.Context) ([]liaison.Link, error)
	Update(context.Context, func(liaison.Tx) error) error
	Close() error
}

// coldNode returns the node with n received messages, making it the first
// time.
func (b *bench) coldNode(n int) (*coldNode, error) {
	if c, ok := b.cold[n]; ok {
		return c, nil
	}
	dir := filepath.Join(b.dir, fmt.Sprintf("cold-%d", n))
	in, err := b.initNode(filepath.Join(dir, "in"), "in")
	if err != nil {
		return nil, err
	}
	var extra []string
	if b.store == "postgres" {
		dsn, err := b.newDatabase(fmt.Sprintf("cold_%d", n))
		if err != nil {
			return nil, err
		}
		extra = append(extra, "--store", dsn)
	}
	ca, err := b.initNode(filepath.Join(dir, "ca"), "ca", extra...)
	if err != nil {
		return nil, err
	}
	if err := b.link(b.arrangement, in, ca); err != nil {
		return nil, err
	}
	c := &coldNode{proc: ca, messages: n}
	if len(extra) > 0 {
		c.dsn = extra[1]
	}
	if n > 0 {
		b.logf("filling a node on %s with %d received messages (%d per transaction)...", b.store, n, fillBatch)
		t := time.Now()
		var s fillStore
		if c.dsn != "" {
			s, err = postgres.Open(context.Background(), c.dsn)
		} else {
			s, err = sqlite.Open(filepath.Join(ca.dir, "liaison.db"))
		}
		if err != nil {
			return nil, err
		}
		err = fill(s, n)
		if cerr := s.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return nil, fmt.Errorf("fill %s: %w", ca.dir, err)
		}
		c.fill = time.Since(t)
		b.logf("filled in %s", c.fill.Round(time.Millisecond))
	}
	b.cold[n] = c
	return c, nil
}

// fill writes n messages into the store s as the receiving node
// would have stored them from its peer in: for each, the inbound record
// that makes the inbox idempotent, the message and its audit entry, in
// transactions of fillBatch messages, all in one case. It writes to the
// store directly: through the API a million messages take too long to be
// worth waiting for, and start-up reads the same tables either way.
func fill(s fillStore, n int) error {
	ctx := context.Background()
	arrs, err := s.Arrangements(ctx)
	if err != nil {
		return err
	}
	i := slices.IndexFunc(arrs, func(a liaison.Arrangement) bool {
		return slices.Contains(a.Parties, "in") && slices.Contains(a.Parties, "ca")
	})
	if i < 0 {
		return fmt.Errorf("no arrangement between in and ca")
	}
	a := arrs[i]
	links, err := s.Links(ctx)
	if err != nil {
		return err
	}
	var seq int64
	for _, l := range links {
		if l.Party == "in" {
			seq = l.LastInSeq
		}
	}
	h := liaison.Handling{Classification: "RESTRICTED", TLP: liaison.TLPAmber, Codes: []string{liaison.CodeLawEnforcementOnly},
		CrimeArea: liaison.AreaDrugs, SourceReliability: "B", InfoCredibility: "2"}
	from := liaison.Sender{Party: "in", Agency: "ncb", Officer: "Priya Sharma", OfficerID: uuid.Must(uuid.NewV7()).String()}
	// Spread the messages over the past year, oldest first.
	now := time.Now().UTC()
	t0 := now.Add(-365 * 24 * time.Hour)
	step := (365 * 24 * time.Hour) / time.Duration(n+1)
	c := &liaison.Case{ID: uuid.Must(uuid.NewV7()).String(), Title: "NPP consignments to Vancouver", CrimeArea: liaison.AreaDrugs,
		Parties: []string{"in", "ca"}, Origin: "in", ArrangementID: a.ID, Handling: h, CreatedBy: from, Created: t0}
	env := uuid.Must(uuid.NewV7()).String()
	take := func(tx liaison.Tx, kind, id string, at time.Time, content string) error {
		seq++
		if seq%512 == 0 {
			env = uuid.Must(uuid.NewV7()).String() // a new envelope every 512 items, as the sender batches
		}
		if _, err := tx.Take(&liaison.InboundItem{Peer: "in", Seq: seq, EnvelopeID: env, Kind: kind, ObjectID: id,
			Status: liaison.InboundStored, Received: at}); err != nil {
			return err
		}
		sum := sha256.Sum256([]byte(content))
		return tx.AppendAudit(&liaison.AuditEntry{Time: at, Party: "ca", Action: kind + ".receive", Object: id,
			Decision: "allow", Reasons: []string{"from in"}, ContentHash: hex.EncodeToString(sum[:])})
	}
	err = s.Update(ctx, func(tx liaison.Tx) error {
		if err := tx.CreateCase(c); err != nil {
			return err
		}
		return take(tx, liaison.KindCase, c.ID, t0, c.Title)
	})
	if err != nil {
		return err
	}
	ents := []liaison.Entity{{Kind: liaison.EntityContainer, Value: "CSQU3054383"}}
	for done := 0; done < n; {
		k := min(fillBatch, n-done)
		err := s.Update(ctx, func(tx liaison.Tx) error {
			for j := range k {
				at := t0.Add(time.Duration(done+j+1) * step)
				m := &liaison.Message{
					ID: uuid.Must(uuid.NewV7()).String(), CaseID: c.ID, Subject: fmt.Sprintf("update %d", done+j+1), Body: bodyText,
					Handling: h, Entities: ents, From: from, Created: at, State: liaison.StateDelivered,
					Inbound: true, Received: &at,
				}
				if err := tx.CreateMessage(m); err != nil {
					return err
				}
				if err := take(tx, liaison.KindMessage, m.ID, at, m.Body); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
		done += k
	}
	return nil
}

// coldResult is the start-up time of one node.
type coldResult struct {
	messages int
	starts   []time.Duration // exec to GET /api/v1/me answering 200
	dbBytes  int64
	fill     time.Duration
}

// runColdStart starts the node with n messages k times and times each
// start from exec until the API answers.
func (b *bench) runColdStart(n, k int) (coldResult, error) {
	res := coldResult{messages: n}
	c, err := b.coldNode(n)
	if err != nil {
		return res, err
	}
	res.fill = c.fill
	for range k {
		d, err := c.start()
		if err != nil {
			return res, err
		}
		res.starts = append(res.starts, d)
		if err := c.stop(); err != nil {
			return res, err
		}
	}
	res.dbBytes = dbSize(c.dir)
	if c.dsn != "" {
		res.dbBytes = b.pgSize(c.dsn)
	}
	return res, nil
}

// dbSize is the size of the node's SQLite file with its WAL.
func dbSize(dir string) int64 {
	var n int64
	for _, f := range []string{"liaison.db", "liaison.db-wal", "liaison.db-shm"} {
		if fi, err := os.Stat(filepath.Join(dir, f)); err == nil {
			n += fi.Size()
		}
	}
	return n
}
