package liaison_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"testing"
	"time"

	"github.com/liaison-project/liaison"
)

func TestAuditEntryCanonical(t *testing.T) {
	at := time.Date(2025, 3, 1, 9, 30, 0, 123456789, time.FixedZone("IST", 5*3600+1800))
	tests := []struct {
		name string
		e    liaison.AuditEntry
		want string
	}{
		{"Full", liaison.AuditEntry{
			Index: 7, Time: at, Party: "ca", Agency: "rcmp", Officer: "o1", Action: "message.send",
			Object: "m1", Decision: "allow", Reasons: []string{"in scope", "a \"b\""}, ContentHash: "abc",
		}, `{"index":7,"time":"2025-03-01T04:00:00.123456Z","party":"ca","agency":"rcmp","officer":"o1",` +
			`"action":"message.send","object":"m1","decision":"allow","reasons":["in scope","a \"b\""],"content_hash":"abc"}`},
		{"Empty", liaison.AuditEntry{Index: 1, Time: time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC), Party: "in", Action: "login"},
			`{"index":1,"time":"2025-01-02T03:04:05.000000Z","party":"in","agency":"","officer":"","action":"login",` +
				`"object":"","decision":"","reasons":[],"content_hash":""}`},
		{"Escapes", liaison.AuditEntry{Index: 2, Time: time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC), Action: "a\n\t<&>\x01\u2028\xff\\"},
			`{"index":2,"time":"2025-01-02T03:04:05.000000Z","party":"","agency":"","officer":"","action":"a\n\t<&>\u0001\u2028\ufffd\\",` +
				`"object":"","decision":"","reasons":[],"content_hash":""}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := string(tt.e.AppendCanonical(nil)); got != tt.want {
				t.Errorf("AppendCanonical =\n%s\nwant\n%s", got, tt.want)
			}
			leaf, _ := liaison.AuditLeafHash(&tt.e, nil)
			if want := sha256.Sum256(append([]byte{0}, tt.want...)); leaf != want {
				t.Errorf("AuditLeafHash = %x, want %x", leaf, want)
			}
		})
	}
}

// TestAuditLeafHashGolden pins the encoding: if this hash changes, every
// checkpoint already signed stops verifying.
func TestAuditLeafHashGolden(t *testing.T) {
	e := liaison.AuditEntry{Index: 1, Time: time.Date(2025, 1, 2, 3, 4, 5, 6000, time.UTC), Party: "in",
		Officer: "o", Action: "case.create", Object: "c", Decision: "allow", Reasons: []string{"r"}, ContentHash: "h"}
	leaf, _ := liaison.AuditLeafHash(&e, nil)
	const want = "509002efde299599fad0736015bb2951a055b39af46a9f3b31e55a100abad8bc"
	if got := hex.EncodeToString(leaf[:]); got != want {
		t.Errorf("AuditLeafHash = %s, want %s (the canonical encoding changed)", got, want)
	}
}

// FuzzAuditCanonicalString checks that strings are escaped exactly as
// encoding/json escapes them with HTML escaping off, and that the encoding
// is valid JSON that reads back.
func FuzzAuditCanonicalString(f *testing.F) {
	for _, s := range []string{"", "plain", "\"\\/\b\f\n\r\t", "\x00\x1f\x7f", "<>&", "\u2028\u2029", "\xff\xfe", "é漢🙂"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		e := liaison.AuditEntry{Index: 1, Action: s, Reasons: []string{s}}
		got := e.AppendCanonical(nil)
		var buf bytes.Buffer
		enc := json.NewEncoder(&buf)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(s); err != nil {
			t.Fatal(err)
		}
		want := bytes.TrimSuffix(buf.Bytes(), []byte("\n"))
		if !bytes.Contains(got, append([]byte(`"action":`), want...)) {
			t.Fatalf("AppendCanonical(%q) = %s, want the string as %s", s, got, want)
		}
		var back map[string]any
		if err := json.Unmarshal(got, &back); err != nil {
			t.Fatalf("AppendCanonical(%q) is not JSON: %v", s, err)
		}
	})
}
