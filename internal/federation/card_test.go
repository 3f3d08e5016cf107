package federation

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/liaison-project/liaison"
)

func TestDecodeCard(t *testing.T) {
	k := MustKeys(t, 1)
	card := k.Card("ca", "Ottawa liaison node", "https://liaison.example.ca:8443")
	good, err := json.Marshal(card)
	if err != nil {
		t.Fatal(err)
	}
	got, err := DecodeCard(strings.NewReader(string(good)))
	if err != nil {
		t.Fatalf("DecodeCard: %v", err)
	}
	if got.CertSHA256 != Fingerprint(k.TLS.Leaf.Raw) || len(got.HPKEKey) != 1216 || len(got.SigningKey) != 32 {
		t.Errorf("DecodeCard = %+v", got)
	}

	edit := func(f func(c *liaison.Card)) string {
		c := card
		f(&c)
		b, _ := json.Marshal(c)
		return string(b)
	}
	tests := []struct {
		name   string
		in     string
		fields []string // expected invalid fields, or
		want   string   // expected text
	}{
		{"ErrTooLarge", `{"name":"` + strings.Repeat("x", MaxCard) + `"}`, nil, "card: larger than 65536 bytes"},
		{"ErrJSON", `{`, nil, "card: unexpected end of JSON"},
		{"ErrUnknown", strings.Replace(string(good), `{`, `{"secret":1,`, 1), nil, `card: unknown field "secret"`},
		{"ErrDuplicate", strings.Replace(string(good), `{`, `{"party":"us",`, 1), nil, `card: duplicate key "party"`},
		{"ErrTrailing", string(good) + "x", nil, "card: "},
		{"ErrParty", edit(func(c *liaison.Card) { c.Party = "CA" }), []string{"party"}, ""},
		{"ErrName", edit(func(c *liaison.Card) { c.Name = strings.Repeat("n", 201) }), []string{"name"}, ""},
		{"ErrURLScheme", edit(func(c *liaison.Card) { c.FederationURL = "http://liaison.example.ca" }), []string{"federation_url"}, "must be https://"},
		{"ErrURLHost", edit(func(c *liaison.Card) { c.FederationURL = "https:///path" }), []string{"federation_url"}, "has no host"},
		{"ErrURLUser", edit(func(c *liaison.Card) { c.FederationURL = "https://u:p@liaison.example.ca" }), []string{"federation_url"}, ""},
		{"ErrSigningKey", edit(func(c *liaison.Card) { c.SigningKey = c.SigningKey[:31] }), []string{"signing_key"}, "is 31 bytes"},
		{"ErrHPKEKey", edit(func(c *liaison.Card) { c.HPKEKey = c.HPKEKey[:32] }), []string{"hpke_key"}, ""},
		{"ErrFingerprint", edit(func(c *liaison.Card) { c.CertSHA256 = strings.ToUpper(c.CertSHA256) }), []string{"cert_sha256"}, ""},
		{"ErrAll", `{}`, []string{"party", "name", "federation_url", "signing_key", "hpke_key", "cert_sha256"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := DecodeCard(strings.NewReader(tt.in))
			wantErr(t, err, liaison.EINVALID, tt.want)
			var fields []string
			for _, f := range liaison.ErrorFields(err) {
				fields = append(fields, f.Field)
			}
			if !slices.Equal(fields, tt.fields) {
				t.Errorf("fields = %v, want %v (err: %v)", fields, tt.fields, err)
			}
		})
	}
}

func TestFingerprint(t *testing.T) {
	// SHA-256 of the empty string.
	if got, want := Fingerprint(nil), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"; got != want {
		t.Errorf("Fingerprint(nil) = %s, want %s", got, want)
	}
}
