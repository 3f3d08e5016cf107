// Package storetest is the conformance suite of the [liaison.Store]
// contract. Every store runs it from its own tests:
//
//	func TestStore(t *testing.T) {
//		storetest.Run(t, func(t *testing.T) liaison.Store {
//			s := openMyStore(t) // empty, closed by t.Cleanup
//			return s
//		})
//	}
//
// The suite tests behaviour the contract promises, never how a store keeps
// it, so that SQLite and PostgreSQL answer alike. Where the contract in the
// root package is silent, the suite decides, and says so in a comment.
package storetest

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/liaison-project/liaison"
)

// Open returns a new, empty store for one test and arranges for it to be
// closed when the test ends.
type Open func(t *testing.T) liaison.Store

// Run runs the whole suite against the stores open returns, one fresh
// store per subtest.
func Run(t *testing.T, open func(t *testing.T) liaison.Store) {
	for _, c := range []struct {
		name string
		run  func(*testing.T, Open)
	}{
		{"Officer", testOfficer},
		{"Directory", testDirectory},
		{"Peer", testPeer},
		{"Link", testLink},
		{"Arrangement", testArrangement},
		{"Case", testCase},
		{"Message", testMessage},
		{"Deliveries", testDeliveries},
		{"Approval", testApproval},
		{"Outbox", testOutbox},
		{"Receipt", testReceipt},
		{"Take", testTake},
		{"Audit", testAudit},
		{"AuditTree", testAuditTree},
		{"Checkpoints", testCheckpoints},
		{"AuditAlarm", testAuditAlarm},
		{"Update", testUpdate},
		{"Concurrent", testConcurrent},
		{"Lease", testLease},
		{"Retention", testRetention},
		{"Dissemination", testDissemination},
		{"Consent", testConsent},
		{"Notices", testNotices},
		{"Subscription", testSubscription},
		{"ClaimMail", testClaimMail},
		{"Hooks", testHooks},
		{"Workplan", testWorkplan},
		{"Request", testRequest},
		{"Requests", testRequests},
		{"DueRequests", testDueRequests},
		{"STIX", testSTIX},
		{"SignIn", testSignIn},
		{"ReadReceipts", testReadReceipts},
		{"InboxOrder", testInboxOrder},
		{"STIXOrigin", testSTIXOrigin},
		{"TAXIICursor", testTAXIICursor},
		{"STIXBurst", testSTIXBurst},
	} {
		t.Run(c.name, func(t *testing.T) { c.run(t, open) })
	}
}

// now is the suite's clock: every time it stores is this instant or one
// derived from it, with microseconds, so that a store that rounds to
// anything coarser fails. The suite's choice: a store keeps times to the
// microsecond at least, PostgreSQL's precision (SQLite keeps nanoseconds).
var now = time.Date(2026, 11, 22, 10, 0, 0, 123456000, time.UTC)

// at returns now plus d seconds.
func at(d int) time.Time { return now.Add(time.Duration(d) * time.Second) }

// ptr returns a pointer to v.
func ptr[T any](v T) *T { return &v }

// id returns a distinct, stable id for the n-th object of a kind, shaped
// like the UUIDv7 a node assigns.
func id(kind byte, n int) string {
	return fmt.Sprintf("0193%04x-0000-7000-8000-%012x", kind, n)
}

// mustUpdate runs fn in s.Update and fails the test if it fails.
func mustUpdate(tb testing.TB, s liaison.Store, fn func(liaison.Tx) error) {
	tb.Helper()
	if err := s.Update(tb.Context(), fn); err != nil {
		tb.Fatalf("Update: %v", err)
	}
}

// wantCode fails the test unless err carries the error code want.
func wantCode(tb testing.TB, what string, err error, want string) {
	tb.Helper()
	if got := liaison.ErrorCode(err); got != want {
		tb.Errorf("%s: error code %q (%v), want %q", what, got, err, want)
	}
}

// wantNoError fails the test if err is not nil.
func wantNoError(tb testing.TB, what string, err error) {
	tb.Helper()
	if err != nil {
		tb.Fatalf("%s: %v", what, err)
	}
}

// diff fails the test when got and want differ. go-cmp compares times with
// their Equal method, so a store may return them in any location.
func diff(tb testing.TB, what string, got, want any) {
	tb.Helper()
	if d := cmp.Diff(want, got); d != "" {
		tb.Errorf("%s mismatch (-want +got):\n%s", what, d)
	}
}

var errRollback = errors.New("storetest: roll back")
