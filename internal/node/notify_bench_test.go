package node_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/liaison-project/liaison"
)

// BenchmarkNotifyFanOut tells one event to 1,000 officers (by role and
// crime area), each with a default subscription but every tenth with
// e-mail: one transaction storing 1,000 notices.
func BenchmarkNotifyFanOut(b *testing.B) {
	ctx := context.Background()
	n := newTestNode(b, "in", nil)
	for i := range 1000 {
		o := mustOfficer(b, n, "ncb", fmt.Sprint("Officer ", i), liaison.RoleLiaison, liaison.AreaDrugs)
		if i%10 == 0 {
			if err := n.SetAddress(ctx, o.ID, fmt.Sprintf("o%d@example.org", i)); err != nil {
				b.Fatal(err)
			}
			if _, err := n.SetSubscription(ctx, o, liaison.Subscription{Email: true, Digest: liaison.DigestHourly}); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ResetTimer()
	for i := range b.N {
		err := n.Notify(ctx, liaison.Event{ID: fmt.Sprint("ev-", i), Kind: "request.overdue", Object: "r",
			Area: liaison.AreaDrugs, Priority: liaison.PriorityUrgent, Roles: []liaison.Role{liaison.RoleLiaison},
			Text: "Request r (urgent, drugs) is overdue"})
		if err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N)/1000, "µs/notice")
}
