package auditlog_test

import (
	"testing"

	"github.com/transparency-dev/merkle/compact"
	"github.com/transparency-dev/merkle/rfc6962"

	"github.com/liaison-project/liaison"
	"github.com/liaison-project/liaison/internal/auditlog"
)

// BenchmarkAppend measures appending a leaf to the compact range the
// stores keep (liaison.AuditTree), the per-entry cost of a node's log.
func BenchmarkAppend(b *testing.B) {
	var t liaison.AuditTree
	leaf := liaison.AuditHash{1}
	for b.Loop() {
		t.Append(leaf)
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "appends/s")
}

// BenchmarkAppendCompactRange is the same with transparency-dev/merkle's
// compact.Range, for comparison.
func BenchmarkAppendCompactRange(b *testing.B) {
	r := (&compact.RangeFactory{Hash: rfc6962.DefaultHasher.HashChildren}).NewEmptyRange(0)
	leaf := make([]byte, 32)
	for b.Loop() {
		if err := r.Append(leaf, nil); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "appends/s")
}

// BenchmarkVerify recomputes a log of 1,000,000 entries from the entries:
// canonical encoding, leaf hash, tree, and the comparison with the stored
// leaf hashes, as `liaison audit verify` does (without the store reads).
func BenchmarkVerify(b *testing.B) {
	const n = 1_000_000
	l := newLog(n)
	head := l.tree(n)
	want := auditlog.Expect{Leaf: l.leaf, Head: &head,
		Checkpoints: []auditlog.Checkpoint{{Size: n, Root: head.Root()}}}
	for b.Loop() {
		r, err := auditlog.Verify(l.seq(), want)
		if err != nil || !r.OK() {
			b.Fatalf("Verify = %+v, %v", r, err)
		}
	}
	b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "entries/s")
}

// BenchmarkInclusionProof builds an inclusion proof in a log of
// 1,000,000 entries from its leaf hashes in memory.
func BenchmarkInclusionProof(b *testing.B) {
	const n = 1_000_000
	l := newLog(n)
	i := int64(0)
	for b.Loop() {
		if _, err := auditlog.InclusionProof(i%n, n, l.Leaves); err != nil {
			b.Fatal(err)
		}
		i += 7919
	}
}

// BenchmarkVerifyInclusion checks an inclusion proof in a log of
// 1,000,000 entries.
func BenchmarkVerifyInclusion(b *testing.B) {
	const n = 1_000_000
	l := newLog(n)
	root := l.tree(n).Root()
	p, err := auditlog.InclusionProof(4242, n, l.Leaves)
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if err := auditlog.VerifyInclusion(4242, n, l.leaves[4242], p, root); err != nil {
			b.Fatal(err)
		}
	}
}
