package auditlog_test

import (
	"crypto/ed25519"
	"crypto/sha256"
	"fmt"
	"iter"
	"testing"
	"time"

	"github.com/liaison-project/liaison"
	"github.com/liaison-project/liaison/internal/auditlog"
)

// entry returns the n-th entry of a test log.
func entry(n int64) liaison.AuditEntry {
	return liaison.AuditEntry{
		Index: n, Time: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(n) * time.Millisecond),
		Party: "ca", Agency: "rcmp", Officer: "0190c6a4-0000-7000-8000-000000000001", Action: "message.send",
		Object: fmt.Sprintf("0190c6a4-0000-7000-8000-%012d", n), Decision: "allow",
		Reasons:     []string{"crime area drugs is in the arrangement's scope"},
		ContentHash: "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
	}
}

// log is an in-memory log: entries and their leaf hashes.
type log struct {
	entries []liaison.AuditEntry
	leaves  []liaison.AuditHash
}

func newLog(n int64) *log {
	l := &log{}
	for i := int64(1); i <= n; i++ {
		e := entry(i)
		h, _ := liaison.AuditLeafHash(&e, nil)
		l.entries = append(l.entries, e)
		l.leaves = append(l.leaves, h)
	}
	return l
}

func (l *log) Leaves(from, to int64) ([]liaison.AuditHash, error) {
	if from < 0 || to > int64(len(l.leaves)) || from > to {
		return nil, fmt.Errorf("leaves %d to %d out of range", from, to)
	}
	return l.leaves[from:to], nil
}

func (l *log) tree(size int64) liaison.AuditTree {
	var t liaison.AuditTree
	for _, h := range l.leaves[:size] {
		t.Append(h)
	}
	return t
}

func (l *log) seq() iter.Seq2[liaison.AuditEntry, error] {
	return func(yield func(liaison.AuditEntry, error) bool) {
		for _, e := range l.entries {
			if !yield(e, nil) {
				return
			}
		}
	}
}

func (l *log) leaf(index int64) (liaison.AuditHash, bool, error) {
	if index < 1 || index > int64(len(l.leaves)) {
		return liaison.AuditHash{}, false, nil
	}
	return l.leaves[index-1], true, nil
}

// testKey returns a fixed Ed25519 key named by seed.
func testKey(seed string) ed25519.PrivateKey {
	s := sha256.Sum256([]byte(seed))
	return ed25519.NewKeyFromSeed(s[:])
}

func mustSigner(tb testing.TB, origin, seed string) *auditlog.Signer {
	tb.Helper()
	s, err := auditlog.NewSigner(origin, testKey(seed))
	if err != nil {
		tb.Fatal(err)
	}
	return s
}
