package auditlog_test

import (
	"strings"
	"testing"

	"github.com/liaison-project/liaison"
	"github.com/liaison-project/liaison/internal/auditlog"
)

func TestVerify(t *testing.T) {
	const n = 20
	tests := []struct {
		name    string
		tamper  func(l *log) // changes the entries only, as an attacker with the database would
		leaves  bool         // compare with the stored leaf hashes
		rewrite bool         // the attacker also rewrote the leaf hashes and the tree
		bad     int64
		problem string
	}{
		{name: "OK", tamper: func(*log) {}, leaves: true},
		{name: "Changed", tamper: func(l *log) { l.entries[6].Decision = "deny" }, leaves: true, bad: 7, problem: "changed"},
		{name: "Deleted", tamper: func(l *log) { l.entries = append(l.entries[:9], l.entries[10:]...) }, leaves: true, bad: 10, problem: "missing"},
		{name: "DeletedLast", tamper: func(l *log) { l.entries = l.entries[:n-1] }, leaves: true, bad: n, problem: "only 19"},
		{name: "Inserted", tamper: func(l *log) { l.entries = append(l.entries, entry(n+1)) }, leaves: true, bad: n + 1, problem: "outside"},
		{name: "Reordered", tamper: func(l *log) {
			l.entries[3], l.entries[4] = l.entries[4], l.entries[3]
			l.entries[3].Index, l.entries[4].Index = 4, 5
		}, leaves: true, bad: 4, problem: "changed"},
		{name: "ChangedAndRehashed", tamper: func(l *log) { l.entries[13].Officer = "someone else" }, rewrite: true, bad: 11, problem: "checkpoint 15"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := newLog(n)
			orig := newLog(n)
			cps := []auditlog.Checkpoint{
				{Size: 10, Root: orig.tree(10).Root()},
				{Size: 15, Root: orig.tree(15).Root()},
				{Size: n, Root: orig.tree(n).Root()},
			}
			tt.tamper(l)
			if tt.rewrite {
				for i := range l.entries {
					l.leaves[i], _ = liaison.AuditLeafHash(&l.entries[i], nil)
				}
			}
			head := l.tree(min(int64(len(l.leaves)), n))
			want := auditlog.Expect{Checkpoints: cps, Head: &head}
			if tt.leaves {
				want.Leaf = l.leaf
			}
			r, err := auditlog.Verify(l.seq(), want)
			if err != nil {
				t.Fatal(err)
			}
			if r.FirstBad != tt.bad || !strings.Contains(r.Problem, tt.problem) {
				t.Errorf("Verify = first bad %d (%s), want %d (%s)", r.FirstBad, r.Problem, tt.bad, tt.problem)
			}
			if tt.bad == 0 && (r.Size != n || r.Root != orig.tree(n).Root()) {
				t.Errorf("Verify = size %d root %x, want %d %x", r.Size, r.Root, n, orig.tree(n).Root())
			}
		})
	}
}
