package auditlog_test

import (
	"crypto/ed25519"
	"encoding/json"
	"testing"

	"github.com/liaison-project/liaison"
	"github.com/liaison-project/liaison/internal/auditlog"
)

func mustBundle(tb testing.TB) (auditlog.Bundle, *log) {
	tb.Helper()
	l := newLog(33)
	s := mustSigner(tb, origin, "ca")
	signed, err := s.SignCheckpoint(33, l.tree(33).Root())
	if err != nil {
		tb.Fatal(err)
	}
	b, err := auditlog.NewBundle(l.entries[20], signed, l.Leaves)
	if err != nil {
		tb.Fatal(err)
	}
	return b, l
}

func TestBundle(t *testing.T) {
	b, _ := mustBundle(t)
	v, err := auditlog.NewVerifier(origin, testKey("ca").Public().(ed25519.PublicKey))
	if err != nil {
		t.Fatal(err)
	}
	js, err := json.Marshal(b)
	if err != nil {
		t.Fatal(err)
	}
	back, err := auditlog.DecodeBundle(js)
	if err != nil {
		t.Fatalf("DecodeBundle: %v", err)
	}
	if c, err := back.Check(v); err != nil || c.Size != 33 {
		t.Fatalf("Check = %+v, %v, want size 33", c, err)
	}

	other, _ := auditlog.NewVerifier(origin, testKey("in").Public().(ed25519.PublicKey))
	tests := []struct {
		name   string
		change func(b *auditlog.Bundle)
		v      interface{}
	}{
		{"ErrEntryChanged", func(b *auditlog.Bundle) { b.Entry.Action = "message.read" }, nil},
		{"ErrOtherEntry", func(b *auditlog.Bundle) { b.Entry = entry(22) }, nil},
		{"ErrSizeChanged", func(b *auditlog.Bundle) { b.Size = 34 }, nil},
		{"ErrHashDropped", func(b *auditlog.Bundle) { b.Hashes = b.Hashes[1:] }, nil},
		{"ErrOtherKey", func(*auditlog.Bundle) {}, other},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := back
			c.Hashes = append([]string(nil), back.Hashes...)
			tt.change(&c)
			vv := v
			if tt.v != nil {
				vv = other
			}
			if _, err := c.Check(vv); liaison.ErrorCode(err) != liaison.EINVALID {
				t.Errorf("Check error = %v, want %s", err, liaison.EINVALID)
			}
		})
	}
}

func TestDecodeBundleErrors(t *testing.T) {
	b, _ := mustBundle(t)
	good, _ := json.Marshal(b)
	tests := []struct {
		name string
		in   string
	}{
		{"ErrEmpty", ""},
		{"ErrNotJSON", "{"},
		{"ErrUnknownField", `{"extra":1}`},
		{"ErrTrailing", string(good) + "{}"},
		{"ErrIndexZero", `{"entry":{"index":0},"size":1,"hashes":[],"checkpoint":""}`},
		{"ErrNotInTree", `{"entry":{"index":5},"size":4,"hashes":[],"checkpoint":""}`},
		{"ErrBadHash", `{"entry":{"index":1},"size":1,"hashes":["AAAA"],"checkpoint":""}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := auditlog.DecodeBundle([]byte(tt.in)); liaison.ErrorCode(err) != liaison.EINVALID {
				t.Errorf("DecodeBundle(%.40q) error = %v, want %s", tt.in, err, liaison.EINVALID)
			}
		})
	}
}
