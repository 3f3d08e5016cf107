package policy

import (
	"bytes"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/liaison-project/liaison"
)

const (
	permitAll  = "permit (principal, action, resource);\n"
	forbidSend = "@reason(\"no sending today\")\nforbid (principal, action == Action::\"send\", resource);\n"
)

func sendRequest() Request {
	return Request{Action: ActionSend, Officer: &liaison.Officer{ID: "o1", Role: liaison.RoleLiaison}, Party: "ca", From: "ca", To: []string{"in"}}
}

func write(t *testing.T, dir, name, content string) {
	t.Helper()
	if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestWatcherReload(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "00-base.cedar", permitAll)
	w, err := NewWatcher(dir)
	if err != nil {
		t.Fatal(err)
	}
	if o := w.Current().Decide(sendRequest()); !o.Allow {
		t.Fatalf("Decide = deny %q, want allow", o.Reasons)
	}

	write(t, dir, "10-send.cedar", forbidSend)
	if err := w.Reload(); err != nil {
		t.Fatalf("Reload: %v", err)
	}
	if o := w.Current().Decide(sendRequest()); o.Allow || o.Reasons[0] != "no sending today" {
		t.Fatalf("after Reload, Decide = %+v, want deny: no sending today", o)
	}

	// A syntax error keeps the rules in force and names the file.
	old := w.Current()
	write(t, dir, "10-send.cedar", permitAll+"forbid (principal, action, resource) when { context.risk == };\n")
	err = w.Reload()
	if want := filepath.Join(dir, "10-send.cedar") + ":2:"; err == nil || !strings.HasPrefix(err.Error(), want) {
		t.Fatalf("Reload(broken) = %v, want an error starting %q", err, want)
	}
	if w.Current() != old {
		t.Fatal("Reload(broken) replaced the Set, want the old one kept")
	}
	if o := w.Current().Decide(sendRequest()); o.Allow {
		t.Fatal("after a failed Reload, Decide = allow, want the old rules' deny")
	}
}

func TestWatcherPoll(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "00-base.cedar", permitAll)
	w, err := NewWatcher(dir)
	if err != nil {
		t.Fatal(err)
	}
	var logs bytes.Buffer
	log := slog.New(slog.NewTextHandler(&logs, nil))
	if w.poll(log) {
		t.Fatal("poll without a change reloaded")
	}

	write(t, dir, "10-send.cedar", forbidSend)
	if !w.poll(log) || w.Current().Len() != 2 {
		t.Fatalf("poll after adding a file: Len = %d, want 2", w.Current().Len())
	}
	if !strings.Contains(logs.String(), "policy files reloaded") {
		t.Errorf("log = %q, want a reload line", logs.String())
	}

	write(t, dir, "10-send.cedar", "forbid (principal, action, resource);\n")
	logs.Reset()
	if !w.poll(log) || w.Current().Len() != 2 {
		t.Fatal("poll after a bad edit: want a reload tried and the old Set kept")
	}
	if !strings.Contains(logs.String(), "not reloaded") || !strings.Contains(logs.String(), "10-send.cedar:1:1") {
		t.Errorf("log = %q, want the failure naming 10-send.cedar:1:1", logs.String())
	}
	if w.poll(log) {
		t.Error("poll retried an unchanged bad edit, want one try per change")
	}

	if err := os.Remove(filepath.Join(dir, "10-send.cedar")); err != nil {
		t.Fatal(err)
	}
	if !w.poll(log) || w.Current().Len() != 1 {
		t.Errorf("poll after removing the bad file: Len = %d, want 1", w.Current().Len())
	}
}

func TestNewWatcherFails(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "00-base.cedar", "permit (")
	if _, err := NewWatcher(dir); err == nil {
		t.Fatal("NewWatcher(broken dir) = nil error, want one")
	}
}
