package selector

import (
	"encoding/json"
	"testing"

	"github.com/liaison-project/liaison"
)

// FuzzNormalize feeds any value of any kind to Normalize. It MUST NOT
// panic; what it accepts must be a fixed point (normalising the canonical
// form changes nothing), or matching across parties would miss.
func FuzzNormalize(f *testing.F) {
	seeds := map[liaison.EntityKind][]string{
		liaison.EntityPhone:        {"+91 98765 43210", "(613) 992-4211", "011 91 98765 43210"},
		liaison.EntityEmail:        {"Ops@Example.COM", "a@bücher.example"},
		liaison.EntityCryptoWallet: {"1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2", "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq", "0x52908400098527886E0F7030069857D2E4169EE7", "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t"},
		liaison.EntityBankAccount:  {"GB82 WEST 1234 5698 7654 32", "12345-003-1234567"},
		liaison.EntityPassport:     {"Z1234567"},
		liaison.EntityCompany:      {"L17110MH1973PLC019786"},
		liaison.EntityVesselIMO:    {"IMO 9074729"},
		liaison.EntityContainer:    {"CSQU 305438 3"},
		liaison.EntityIP:           {"::ffff:192.0.2.1", "2001:DB8::1"},
		liaison.EntityDomain:       {"Bücher.Example.", "xn--h2brj9c.xn--h2brj9c"},
		liaison.EntityURL:          {"HTTP://[2001:db8::1]:8080/a?b#c", "https://bücher.example/"},
		liaison.EntityPersonName:   {"  Rene\u0301  Tremblay "},
	}
	for i, k := range liaison.EntityKinds {
		for _, v := range seeds[k] {
			f.Add(byte(i), v, "IN")
		}
	}
	f.Fuzz(func(t *testing.T, kind byte, value, country string) {
		k := liaison.EntityKind("unknown")
		if int(kind) < len(liaison.EntityKinds) {
			k = liaison.EntityKinds[kind]
		}
		e := liaison.Entity{Kind: k, Value: value, Country: country}
		got, err := Normalize(e, "CA")
		if err != nil {
			if liaison.ErrorCode(err) != liaison.EINVALID || len(liaison.ErrorFields(err)) == 0 {
				t.Fatalf("Normalize(%+v) = %v, want an %s error with fields", e, err, liaison.EINVALID)
			}
			return
		}
		again, err := Normalize(got, "CA")
		if err != nil || again != got {
			t.Fatalf("Normalize(%+v) = %+v, but normalising that gives %+v, %v", e, got, again, err)
		}
	})
}

// FuzzEntitiesJSON decodes the entities of an API body or envelope and
// normalises them. It MUST NOT panic.
func FuzzEntitiesJSON(f *testing.F) {
	f.Add([]byte(`[{"kind":"phone","value":"+91 98765 43210","role":"suspect","label":"burner"}]`))
	f.Add([]byte(`[{"kind":"passport","value":"z1234567","country":"in"},{"kind":"container","value":"CSQU3054383"}]`))
	f.Add([]byte(`[{"kind":"telex","value":""},{"kind":"url","value":"javascript:x"}]`))
	f.Fuzz(func(t *testing.T, body []byte) {
		var es []liaison.Entity
		if json.Unmarshal(body, &es) != nil {
			return
		}
		got, err := NormalizeAll(es, "IN")
		if err == nil && len(got) != len(es) {
			t.Fatalf("NormalizeAll returned %d entities for %d", len(got), len(es))
		}
		if err != nil && liaison.ErrorCode(err) != liaison.EINVALID {
			t.Fatalf("NormalizeAll() = %v, want an %s error", err, liaison.EINVALID)
		}
	})
}
