package main

import (
	"testing"

	"github.com/liaison-project/liaison/examples/arrangements"
)

// browserWorld is what the browser tests share: two linked nodes, India's
// and Canada's, and officers of each signed in, one tab each.
type browserWorld struct {
	in, ca *testNode
	shots  string // where screenshots go

	received string // id of the message Priya sent and Claire read

	priya               *browserOfficer // liaison officer, India, NCB
	claire              *browserOfficer // liaison officer, Canada, RCMP
	arjun               *browserOfficer // supervisor, India, NCB
	priyaTab, claireTab *tab
	arjunTab            *tab
}

// TestBrowser drives the officers' web UI in a real browser against two
// real nodes linked over mutual TLS, as officers on both sides of the
// India–Canada arrangement would.
func TestBrowser(t *testing.T) {
	startBrowser(t) // skips before starting nodes when there is no Chromium
	in, ca := newTestNode(t, "in"), newTestNode(t, "ca")
	in.start()
	ca.start()
	link(t, arrangements.InCA, in, ca)
	w := &browserWorld{in: in, ca: ca, shots: artifactsDir(t)}
	w.priya = addBrowserOfficer(t, in, "priya", "Priya Sharma", "ncb", "liaison")
	w.claire = addBrowserOfficer(t, ca, "claire", "Claire Tremblay", "rcmp", "liaison")
	w.arjun = addBrowserOfficer(t, in, "arjun", "Arjun Mehta", "ncb", "supervisor")
	// An agency of Canada's to pass messages on to.
	addBrowserOfficer(t, ca, "marc", "Marc Gagnon", "cbsa", "supervisor")

	t.Run("SignInWithTOTP", func(t *testing.T) { testBrowserSignIn(t, w) })
	w.priyaTab, w.claireTab, w.arjunTab = w.priya.signIn(t), w.claire.signIn(t), w.arjun.signIn(t)
	t.Run("ComposeAndRead", func(t *testing.T) { testBrowserComposeAndRead(t, w) })
	t.Run("RefuseDissemination", func(t *testing.T) { testBrowserRefuseDissemination(t, w) })
	t.Run("ConsentToPassOn", func(t *testing.T) { testBrowserConsent(t, w) })
	t.Run("ApproveRelease", func(t *testing.T) { testBrowserApproval(t, w) })
	t.Run("AnswerRequest", func(t *testing.T) { testBrowserAnswerRequest(t, w) })
	t.Run("Languages", func(t *testing.T) { testBrowserLanguages(t, w) })
	t.Run("TimeZone", func(t *testing.T) { testBrowserTimeZone(t, w) })
	t.Run("Keyboard", func(t *testing.T) { testBrowserKeyboard(t, w) })
	t.Run("LockOut", func(t *testing.T) { testBrowserLockOut(t, w) })
	t.Run("ReadWithoutJavaScript", func(t *testing.T) { testBrowserWithoutJavaScript(t, w) })
	t.Run("EveryPage", func(t *testing.T) { testBrowserEveryPage(t, w) })
}
