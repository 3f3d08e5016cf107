package auditlog_test

import (
	"crypto/ed25519"
	"strings"
	"testing"

	"golang.org/x/mod/sumdb/note"

	"github.com/liaison-project/liaison"
	"github.com/liaison-project/liaison/internal/auditlog"
)

const origin = "liaison/ca/0123456789abcdef"

func TestOrigin(t *testing.T) {
	if got := auditlog.Origin("ca", "0123456789abcdef0123"); got != origin {
		t.Errorf("Origin = %q, want %q", got, origin)
	}
}

func TestSignOpenCheckpoint(t *testing.T) {
	s := mustSigner(t, origin, "ca")
	l := newLog(5)
	tree := l.tree(5)
	signed, err := s.SignCheckpoint(5, tree.Root())
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(string(signed), origin+"\n5\n") {
		t.Errorf("signed note = %q, want it to start with the origin and size", signed)
	}
	v, err := auditlog.NewVerifier(origin, testKey("ca").Public().(ed25519.PublicKey))
	if err != nil {
		t.Fatal(err)
	}
	c, err := auditlog.OpenCheckpoint(signed, v)
	if err != nil {
		t.Fatalf("OpenCheckpoint: %v", err)
	}
	if want := (auditlog.Checkpoint{Origin: origin, Size: 5, Root: tree.Root()}); c != want {
		t.Errorf("OpenCheckpoint = %+v, want %+v", c, want)
	}
	if r, err := auditlog.ReadCheckpoint(signed); err != nil || r != c {
		t.Errorf("ReadCheckpoint = %+v, %v, want %+v", r, err, c)
	}

	other, _ := auditlog.NewVerifier(origin, testKey("in").Public().(ed25519.PublicKey))
	wrongName, _ := auditlog.NewVerifier("liaison/ca/ffffffffffffffff", testKey("ca").Public().(ed25519.PublicKey))
	changed := []byte(strings.Replace(string(signed), "\n5\n", "\n6\n", 1))
	tests := []struct {
		name string
		msg  []byte
		v    note.Verifier
	}{
		{"ErrOtherKey", signed, other},
		{"ErrOtherOrigin", signed, wrongName},
		{"ErrChanged", changed, v},
		{"ErrTooLarge", append(signed, make([]byte, auditlog.MaxNote)...), v},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := auditlog.OpenCheckpoint(tt.msg, tt.v); liaison.ErrorCode(err) != liaison.EINVALID {
				t.Errorf("OpenCheckpoint error = %v, want %s", err, liaison.EINVALID)
			}
		})
	}
}

func TestParseCheckpoint(t *testing.T) {
	root := "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU="
	tests := []struct {
		name string
		text string
		ok   bool
	}{
		{"OK", origin + "\n0\n" + root + "\n", true},
		{"OKLarge", origin + "\n9223372036854775807\n" + root + "\n", true},
		{"ErrNoNewline", origin + "\n0\n" + root, false},
		{"ErrExtension", origin + "\n0\n" + root + "\nextra\n", false},
		{"ErrLeadingZero", origin + "\n01\n" + root + "\n", false},
		{"ErrNegative", origin + "\n-1\n" + root + "\n", false},
		{"ErrPlus", origin + "\n+1\n" + root + "\n", false},
		{"ErrOverflow", origin + "\n9223372036854775808\n" + root + "\n", false},
		{"ErrShortRoot", origin + "\n1\nAAAA\n", false},
		{"ErrBadBase64", origin + "\n1\n" + strings.Replace(root, "=", "", 1) + "\n", false},
		{"ErrEmptyOrigin", "\n1\n" + root + "\n", false},
		{"ErrSpaceInOrigin", "a b\n1\n" + root + "\n", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := auditlog.ParseCheckpoint(tt.text)
			if (err == nil) != tt.ok {
				t.Fatalf("ParseCheckpoint(%q) error = %v, want ok %v", tt.text, err, tt.ok)
			}
			if err == nil && c.Text() != tt.text {
				t.Errorf("Text() = %q, want %q", c.Text(), tt.text)
			}
		})
	}
}
