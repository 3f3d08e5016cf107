package selector

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/liaison-project/liaison"
)

// normalizeTest is one case: the entity in, and either the entity out or
// the problems, whose texts must contain the wanted ones.
type normalizeTest struct {
	name   string
	in     liaison.Entity
	region string
	want   liaison.Entity
	errs   []liaison.FieldError
}

func runNormalize(t *testing.T, tests []normalizeTest) {
	t.Helper()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			region := tt.region
			if region == "" {
				region = "IN"
			}
			got, err := Normalize(tt.in, region)
			if tt.errs == nil {
				if err != nil {
					t.Fatalf("Normalize(%+v) = %v, want %+v", tt.in, err, tt.want)
				}
				if diff := cmp.Diff(tt.want, got); diff != "" {
					t.Errorf("Normalize(%+v) mismatch (-want +got):\n%s", tt.in, diff)
				}
				// Canonical forms are fixed points.
				again, err := Normalize(got, region)
				if err != nil || again != got {
					t.Errorf("Normalize(Normalize(x)) = %+v, %v; want %+v", again, err, got)
				}
				return
			}
			if liaison.ErrorCode(err) != liaison.EINVALID {
				t.Fatalf("Normalize(%+v) = %+v, %v; want an %s error", tt.in, got, err, liaison.EINVALID)
			}
			if got != (liaison.Entity{}) {
				t.Errorf("Normalize returned %+v with its error, want the zero Entity", got)
			}
			opt := cmp.Comparer(func(a, b liaison.FieldError) bool {
				return a.Field == b.Field && cmp.Equal(a.Allowed, b.Allowed, cmpopts.EquateEmpty()) &&
					(strings.Contains(a.Problem, b.Problem) || strings.Contains(b.Problem, a.Problem))
			})
			if diff := cmp.Diff(tt.errs, liaison.ErrorFields(err), opt); diff != "" {
				t.Errorf("Normalize(%+v) = %v\n(-want +got):\n%s", tt.in, err, diff)
			}
		})
	}
}

// ent builds an entity; value errors are the common case.
func ent(kind liaison.EntityKind, value string) liaison.Entity {
	return liaison.Entity{Kind: kind, Value: value}
}

func entC(kind liaison.EntityKind, value, country string) liaison.Entity {
	return liaison.Entity{Kind: kind, Value: value, Country: country}
}

func valueErr(problem string, allowed ...string) []liaison.FieldError {
	return []liaison.FieldError{{Field: "value", Problem: problem, Allowed: allowed}}
}

func TestNormalizeCommon(t *testing.T) {
	kinds := make([]string, len(liaison.EntityKinds))
	for i, k := range liaison.EntityKinds {
		kinds[i] = string(k)
	}
	ok := liaison.Entity{Kind: liaison.EntityIP, Value: "192.0.2.1", Country: "CA", Role: "suspect", Label: "VPN exit"}
	runNormalize(t, []normalizeTest{
		{name: "OKAllFields", in: ok, want: ok},
		{name: "OKLowerCountry", in: entC(liaison.EntityIP, " 192.0.2.1\n", "ca"), want: entC(liaison.EntityIP, "192.0.2.1", "CA")},
		{name: "OKEveryRole", in: liaison.Entity{Kind: liaison.EntityIP, Value: "192.0.2.1", Role: "witness"},
			want: liaison.Entity{Kind: liaison.EntityIP, Value: "192.0.2.1", Role: "witness"}},
		{name: "ErrKind", in: ent("telex", "123"),
			errs: []liaison.FieldError{{Field: "kind", Problem: `unknown entity kind "telex"`, Allowed: kinds}}},
		{name: "ErrKindEmpty", in: ent("", "123"),
			errs: []liaison.FieldError{{Field: "kind", Problem: `unknown entity kind ""`, Allowed: kinds}}},
		{name: "ErrKindCase", in: ent("Phone", "+919876543210"),
			errs: []liaison.FieldError{{Field: "kind", Problem: `unknown entity kind "Phone"`, Allowed: kinds}}},
		{name: "ErrValueRequired", in: ent(liaison.EntityPhone, "  \t"), errs: valueErr("required")},
		{name: "ErrValueUTF8", in: ent(liaison.EntityPersonName, "Ra\xffj"), errs: valueErr("not valid UTF-8")},
		{name: "ErrValueHuge", in: ent(liaison.EntityPersonName, strings.Repeat("a", 5000)), errs: valueErr("longer than 4096 bytes")},
		{name: "ErrRole", in: liaison.Entity{Kind: liaison.EntityIP, Value: "192.0.2.1", Role: "accomplice"},
			errs: []liaison.FieldError{{Field: "role", Problem: `unknown role "accomplice"`, Allowed: Roles}}},
		{name: "ErrRoleCase", in: liaison.Entity{Kind: liaison.EntityIP, Value: "192.0.2.1", Role: "Suspect"},
			errs: []liaison.FieldError{{Field: "role", Problem: `unknown role "Suspect"`, Allowed: Roles}}},
		{name: "ErrLabelLong", in: liaison.Entity{Kind: liaison.EntityIP, Value: "192.0.2.1", Label: strings.Repeat("ü", 201)},
			errs: []liaison.FieldError{{Field: "label", Problem: "longer than 200 characters"}}},
		{name: "ErrLabelControl", in: liaison.Entity{Kind: liaison.EntityIP, Value: "192.0.2.1", Label: "a\x00b"},
			errs: []liaison.FieldError{{Field: "label", Problem: "control character"}}},
		{name: "ErrCountryLong", in: entC(liaison.EntityIP, "192.0.2.1", "IND"),
			errs: []liaison.FieldError{{Field: "country", Problem: `"IND" is not an ISO 3166-1 alpha-2 country code`}}},
		{name: "ErrCountryDigits", in: entC(liaison.EntityIP, "192.0.2.1", "1N"),
			errs: []liaison.FieldError{{Field: "country", Problem: "not an ISO 3166-1 alpha-2"}}},
		{name: "ErrSeveral", in: liaison.Entity{Kind: liaison.EntityIP, Value: "nope", Country: "x", Role: "boss"},
			errs: []liaison.FieldError{
				{Field: "country", Problem: "not an ISO 3166-1"},
				{Field: "role", Problem: "unknown role", Allowed: Roles},
				{Field: "value", Problem: `"nope" is not an IPv4 or IPv6 address`},
			}},
	})
}

func TestNormalizeAll(t *testing.T) {
	in := []liaison.Entity{
		ent(liaison.EntityPhone, "+91 98765 43210"),
		ent(liaison.EntityVesselIMO, "IMO 9074728"),
		ent(liaison.EntityDomain, "Example.com"),
		{Kind: liaison.EntityPassport, Value: "x", Role: "boss"},
	}
	_, err := NormalizeAll(in, "IN")
	want := []liaison.FieldError{
		{Field: "entities[1].value", Problem: "invalid IMO check digit: got 8, want 9"},
		{Field: "entities[3].role", Problem: `unknown role "boss"`, Allowed: Roles},
		{Field: "entities[3].country", Problem: "required: the country that issued the passport"},
		{Field: "entities[3].value", Problem: "a passport number has 5 to 20 letters and digits"},
	}
	opt := cmp.Comparer(func(a, b liaison.FieldError) bool {
		return a.Field == b.Field && cmp.Equal(a.Allowed, b.Allowed, cmpopts.EquateEmpty()) &&
			(strings.Contains(a.Problem, b.Problem) || strings.Contains(b.Problem, a.Problem))
	})
	if liaison.ErrorCode(err) != liaison.EINVALID {
		t.Fatalf("NormalizeAll() = %v, want an %s error", err, liaison.EINVALID)
	}
	if diff := cmp.Diff(want, liaison.ErrorFields(err), opt); diff != "" {
		t.Errorf("NormalizeAll() = %v\n(-want +got):\n%s", err, diff)
	}

	in[1].Value, in[3] = "9074729", entC(liaison.EntityPassport, "z1234567", "in")
	got, err := NormalizeAll(in, "IN")
	if err != nil {
		t.Fatalf("NormalizeAll(fixed) = %v", err)
	}
	wantOut := []liaison.Entity{
		ent(liaison.EntityPhone, "+919876543210"),
		ent(liaison.EntityVesselIMO, "IMO9074729"),
		ent(liaison.EntityDomain, "example.com"),
		entC(liaison.EntityPassport, "Z1234567", "IN"),
	}
	if diff := cmp.Diff(wantOut, got); diff != "" {
		t.Errorf("NormalizeAll(fixed) (-want +got):\n%s", diff)
	}
}

func TestNormalizeAllLimits(t *testing.T) {
	got, err := NormalizeAll(nil, "IN")
	if err != nil || len(got) != 0 {
		t.Errorf("NormalizeAll(nil) = %v, %v; want empty, nil", got, err)
	}
	many := make([]liaison.Entity, MaxEntities)
	for i := range many {
		many[i] = ent(liaison.EntityIP, "192.0.2.1")
	}
	if _, err := NormalizeAll(many, "IN"); err != nil {
		t.Errorf("NormalizeAll(%d entities) = %v, want nil", MaxEntities, err)
	}
	_, err = NormalizeAll(append(many, many[0]), "IN")
	fields := liaison.ErrorFields(err)
	if len(fields) != 1 || fields[0].Field != "entities" || fields[0].Problem != "201 entities, more than the limit of 200" {
		t.Errorf("NormalizeAll(201 entities) = %v, want one problem with entities", err)
	}
}

func TestEveryKindHasANormalizer(t *testing.T) {
	for _, k := range liaison.EntityKinds {
		if normalizers[k] == nil {
			t.Errorf("entity kind %q has no normalizer", k)
		}
	}
}
