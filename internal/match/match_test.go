package match

import (
	"fmt"
	"sort"
	"strings"
	"testing"
	"time"
)

var (
	t0  = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	now = t0.Add(24 * time.Hour)
)

func id(n int) string { return fmt.Sprintf("indicator--00000000-0000-4000-8000-%012d", n) }

// mustPut indexes pattern as indicator n, valid from t0, modified t0.
func mustPut(tb testing.TB, x *Index, n int, pat string) {
	tb.Helper()
	if err := x.Put(Indicator{Collection: "c", ID: id(n), Modified: t0, Pattern: pat, PatternType: "stix",
		ValidFrom: t0, TLP: "amber", Agency: "cbi"}); err != nil {
		tb.Fatalf("Put(%s) = %v", pat, err)
	}
}

// answers returns "n" for each hit and "n?" for each partial.
func answers(tb testing.TB, x *Index, line string, at time.Time) string {
	tb.Helper()
	o, err := DecodeObservable([]byte(line))
	if err != nil {
		tb.Fatalf("DecodeObservable(%s) = %v", line, err)
	}
	var out []string
	for _, h := range x.Match(&o, at, nil) {
		var n int
		fmt.Sscanf(h.ID[len(h.ID)-12:], "%d", &n)
		s := fmt.Sprint(n)
		if h.Partial != "" {
			s += "?"
		}
		out = append(out, s)
	}
	sort.Strings(out)
	return strings.Join(out, " ")
}

func TestMatch(t *testing.T) {
	x := New()
	patterns := map[int]string{
		1:  "[ipv4-addr:value = '198.51.100.7']",
		2:  "[ipv4-addr:value = '203.0.113.0/24']",
		3:  "[ipv4-addr:value ISSUBSET '10.0.0.0/8']",
		4:  "[ipv6-addr:value = '2001:db8::1']",
		5:  "[ipv6-addr:value ISSUBSET '2001:db8:aa::/48']",
		6:  "[domain-name:value = 'Evil.COM.']",
		7:  "[url:value = 'HTTP://Bad.Example:80/a/./b/../c%7e?q=%2f']",
		8:  "[email-addr:value = 'Boss@CEO.Example']",
		9:  "[file:hashes.'SHA-256' = 'AABBCCDDEEFF00112233445566778899AABBCCDDEEFF00112233445566778899']",
		10: "[file:hashes.MD5 = 'd41d8cd98f00b204e9800998ecf8427e']",
		11: "[ipv4-addr:value = '192.0.2.1' OR domain-name:value = 'or.example']",
		12: "[domain-name:value IN ('in1.example', 'in2.example')]",
		13: "[file:hashes.MD5 = '0123456789abcdef0123456789abcdef' AND file:name = 'a.exe']",
		14: "[ipv4-addr:value = '192.0.2.14' AND domain-name:value = 'and.example']",
		15: "[ipv4-addr:value = '192.0.2.15'] AND [domain-name:value = 'obsand.example']",
		16: "[ipv4-addr:value = '192.0.2.16'] FOLLOWEDBY [ipv4-addr:value = '192.0.2.17']",
		17: "[ipv4-addr:value = '192.0.2.18'] OR [domain-name:value = 'obsor.example']",
		18: "[ipv4-addr:value = '192.0.2.19'] WITHIN 300 SECONDS",
		19: "[ipv4-addr:value = '192.0.2.20'] REPEATS 5 TIMES",
		20: "[domain-name:value LIKE '%.like.example']",
		21: "[url:value MATCHES '^https://m[0-9]+\\\\.example/']",
		22: "[ipv4-addr:value != '192.0.2.99' AND ipv4-addr:value ISSUBSET '100.64.0.0/10']",
		23: "[file:size > 1000 AND file:name LIKE '%.dll']",
		24: "[url:value MATCHES '(?<=x)y']",
	}
	for n, p := range patterns {
		mustPut(t, x, n, p)
	}
	if x.Len() != len(patterns) {
		t.Fatalf("Len = %d, want %d", x.Len(), len(patterns))
	}
	tests := []struct {
		name, line, want string
	}{
		{"IPv4", `{"type":"ipv4-addr","value":"198.51.100.7"}`, "1"},
		{"IPv4Miss", `{"type":"ipv4-addr","value":"198.51.100.8"}`, ""},
		{"IPv4InCIDR", `{"type":"ipv4-addr","value":"203.0.113.200"}`, "2"},
		{"IPv4CIDRInCIDR", `{"type":"ipv4-addr","value":"203.0.113.128/25"}`, "2"},
		{"IPv4CIDRAroundCIDR", `{"type":"ipv4-addr","value":"203.0.112.0/23"}`, ""},
		{"IPv4Subset", `{"type":"ipv4-addr","value":"10.9.8.7"}`, "3"},
		{"IPv4HostAsCIDR", `{"type":"ipv4-addr","value":"198.51.100.7/32"}`, "1"},
		{"IPv6", `{"type":"ipv6-addr","value":"2001:DB8:0::1"}`, "4"},
		{"IPv6Subset", `{"type":"ipv6-addr","value":"2001:db8:aa:1::5"}`, "5"},
		{"IPv6Miss", `{"type":"ipv6-addr","value":"2001:db8:ab::5"}`, ""},
		{"Domain", `{"type":"domain-name","value":"evil.com"}`, "6"},
		{"DomainCase", `{"type":"domain-name","value":"EVIL.com."}`, "6"},
		{"Subdomain", `{"type":"domain-name","value":"a.b.evil.com"}`, "6"},
		{"DeepSubdomain", `{"type":"domain-name","value":"` + strings.Repeat("x.", 20) + `evil.com"}`, "6"},
		{"NotASubdomain", `{"type":"domain-name","value":"notevil.com"}`, ""},
		{"DomainParent", `{"type":"domain-name","value":"com"}`, ""},
		{"URLNormalised", `{"type":"url","value":"http://bad.example/a/c~?q=%2F"}`, "7"},
		{"URLPathCase", `{"type":"url","value":"http://bad.example/A/c~?q=%2F"}`, ""},
		{"Email", `{"type":"email-addr","value":"Boss@ceo.example"}`, "8"},
		{"EmailLocalCase", `{"type":"email-addr","value":"boss@ceo.example"}`, ""},
		{"SHA256Case", `{"type":"file","hashes":{"SHA-256":"aabbccddeeff00112233445566778899aabbccddeeff00112233445566778899"}}`, "9"},
		{"SHA256Spelling", `{"type":"file","hashes":{"sha256":"AABBCCDDEEFF00112233445566778899AABBCCDDEEFF00112233445566778899"}}`, "9"},
		{"MD5", `{"type":"file","hashes":{"MD5":"D41D8CD98F00B204E9800998ECF8427E"}}`, "10"},
		{"HashOtherType", `{"type":"artifact","hashes":{"MD5":"d41d8cd98f00b204e9800998ecf8427e"}}`, ""},
		{"OrLeft", `{"type":"ipv4-addr","value":"192.0.2.1"}`, "11"},
		{"OrRight", `{"type":"domain-name","value":"x.or.example"}`, "11"},
		{"In", `{"type":"domain-name","value":"in2.example"}`, "12"},
		{"AndVerified", `{"type":"file","hashes":{"MD5":"0123456789ABCDEF0123456789ABCDEF"},"name":"a.exe"}`, "13"},
		{"AndRefuted", `{"type":"file","hashes":{"MD5":"0123456789abcdef0123456789abcdef"},"name":"b.exe"}`, ""},
		{"AndUnknown", `{"type":"file","hashes":{"MD5":"0123456789abcdef0123456789abcdef"}}`, "13?"},
		{"AndOtherType", `{"type":"ipv4-addr","value":"192.0.2.14"}`, "14?"},
		{"AndOtherTypeNotAnchor", `{"type":"domain-name","value":"and.example"}`, ""},
		{"ObservationAnd", `{"type":"domain-name","value":"obsand.example"}`, "15?"},
		{"FollowedBy", `{"type":"ipv4-addr","value":"192.0.2.17"}`, "16?"},
		{"ObservationOr", `{"type":"domain-name","value":"obsor.example"}`, "17"},
		{"Within", `{"type":"ipv4-addr","value":"192.0.2.19"}`, "18?"},
		{"Repeats", `{"type":"ipv4-addr","value":"192.0.2.20"}`, "19?"},
		{"Like", `{"type":"domain-name","value":"x.like.example"}`, "20"},
		{"LikeMiss", `{"type":"domain-name","value":"like.example"}`, ""},
		{"Matches", `{"type":"url","value":"https://m42.example/x"}`, "21"},
		{"NotEqual", `{"type":"ipv4-addr","value":"100.64.1.1"}`, "22"},
		{"NotEqualRefuted", `{"type":"ipv4-addr","value":"192.0.2.99"}`, ""},
		{"Compare", `{"type":"file","name":"x.dll","size":2048}`, "23"},
		{"CompareUnknown", `{"type":"file","name":"x.dll"}`, "23?"},
		{"CompareRefuted", `{"type":"file","name":"x.dll","size":10}`, ""},
		{"NotRE2", `{"type":"url","value":"https://y.example/"}`, ""},
		{"STIXObject", `{"type":"ipv4-addr","spec_version":"2.1","id":"ipv4-addr--ff26c055-6336-5bc5-b98d-13d6226742dd","value":"198.51.100.7"}`, "1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := answers(t, x, tt.line, now); got != tt.want {
				t.Errorf("Match(%s) = %q, want %q", tt.line, got, tt.want)
			}
		})
	}
}

func TestMatchPartialReason(t *testing.T) {
	x := New()
	mustPut(t, x, 1, "[ipv4-addr:value = '192.0.2.19'] WITHIN 300 SECONDS")
	mustPut(t, x, 2, "[file:hashes.MD5 = '0123456789abcdef0123456789abcdef' AND file:name = 'a.exe']")
	for line, want := range map[string]string{
		`{"type":"ipv4-addr","value":"192.0.2.19"}`:                           "WITHIN",
		`{"type":"file","hashes":{"MD5":"0123456789abcdef0123456789abcdef"}}`: "file:name",
	} {
		o, _ := DecodeObservable([]byte(line))
		hs := x.Match(&o, now, nil)
		if len(hs) != 1 || !strings.Contains(hs[0].Partial, want) {
			t.Errorf("Match(%s) = %+v, want one partial naming %s", line, hs, want)
		}
	}
}

func TestVersions(t *testing.T) {
	ip := func(n int) string { return fmt.Sprintf(`{"type":"ipv4-addr","value":"192.0.2.%d"}`, n) }
	put := func(x *Index, mod time.Time, pat string, revoked bool, until time.Time) {
		t.Helper()
		if err := x.Put(Indicator{Collection: "c", ID: id(1), Modified: mod, Pattern: pat, PatternType: "stix",
			ValidFrom: t0, ValidUntil: until, Revoked: revoked}); err != nil {
			t.Fatal(err)
		}
	}
	x := New()
	put(x, t0, "[ipv4-addr:value = '192.0.2.1']", false, time.Time{})
	put(x, t0.Add(time.Hour), "[ipv4-addr:value = '192.0.2.2']", false, time.Time{})
	put(x, t0, "[ipv4-addr:value = '192.0.2.1']", false, time.Time{}) // older: ignored
	if a, b := answers(t, x, ip(1), now), answers(t, x, ip(2), now); a != "" || b != "1" {
		t.Errorf("after a new version: old pattern %q, new %q; want only the new one", a, b)
	}
	if got := answers(t, x, ip(2), t0.Add(-time.Hour)); got != "" {
		t.Errorf("before valid_from = %q, want no hit", got)
	}
	put(x, t0.Add(2*time.Hour), "[ipv4-addr:value = '192.0.2.3']", false, t0.Add(3*time.Hour))
	if a, b := answers(t, x, ip(3), t0.Add(150*time.Minute)), answers(t, x, ip(3), now); a != "1" || b != "" {
		t.Errorf("valid_until: before %q, after %q; want a hit before only", a, b)
	}
	put(x, t0.Add(4*time.Hour), "[ipv4-addr:value = '192.0.2.4']", true, time.Time{})
	if got := answers(t, x, ip(4), now); got != "" || x.Len() != 0 {
		t.Errorf("revoked: %q, Len %d; want nothing", got, x.Len())
	}
	put(x, t0.Add(3*time.Hour), "[ipv4-addr:value = '192.0.2.5']", false, time.Time{}) // older than the revocation
	if x.Len() != 0 {
		t.Errorf("a version older than the revocation came back")
	}
	x.Delete("c", id(1))
	put(x, t0, "[ipv4-addr:value = '192.0.2.1']", false, time.Time{})
	if got := answers(t, x, ip(1), now); got != "1" {
		t.Errorf("after Delete, the version put again = %q, want a hit", got)
	}
	x.Delete("c", id(1))
	if got := answers(t, x, ip(1), now); got != "" || x.Len() != 0 {
		t.Errorf("after Delete = %q (Len %d), want nothing", got, x.Len())
	}
	if err := x.Put(Indicator{Collection: "c", ID: id(2), Pattern: "x", PatternType: "sigma"}); err != nil || x.Len() != 0 {
		t.Errorf("non-STIX pattern: %v, Len %d; want it skipped", err, x.Len())
	}
	if err := x.Put(Indicator{Collection: "c", ID: "malware--1", Pattern: "[x:y = 1]", PatternType: "stix"}); err == nil {
		t.Errorf("Put(malware id) = nil, want an error")
	}
}

// TestShared checks postings shared by several indicators survive
// removal of one.
func TestShared(t *testing.T) {
	x := New()
	for n := 1; n <= 3; n++ {
		mustPut(t, x, n, "[domain-name:value = 'shared.example' OR ipv4-addr:value = '10.1.0.0/16']")
	}
	mustPut(t, x, 4, "[domain-name:value = 'COM']")
	if got := answers(t, x, `{"type":"domain-name","value":"`+strings.Repeat("a.", 30)+`com"}`, now); got != "4" {
		t.Errorf("a name of 31 labels under an indicator on com = %q, want 4", got)
	}
	x.Delete("c", id(4))
	x.Delete("c", id(2))
	for _, line := range []string{`{"type":"domain-name","value":"shared.example"}`, `{"type":"ipv4-addr","value":"10.1.2.3"}`} {
		if got := answers(t, x, line, now); got != "1 3" {
			t.Errorf("Match(%s) = %q, want 1 3", line, got)
		}
	}
	x.Delete("c", id(1))
	x.Delete("c", id(3))
	if got := answers(t, x, `{"type":"ipv4-addr","value":"10.1.2.3"}`, now); got != "" || x.v4Bits[16] != 0 || x.domainLabels[2] != 0 {
		t.Errorf("after deleting all: %q, /16 keys %d, two-label domains %d", got, x.v4Bits[16], x.domainLabels[2])
	}
}

func TestLike(t *testing.T) {
	for _, tt := range []struct {
		like, s string
		want    bool
	}{
		{"%.evil.com", "a.evil.com", true}, {"%.evil.com", "evil.com", false},
		{"http://%", "http://x", true}, {"%bad%", "a-bad-b", true}, {"exact", "exact", true},
		{"exact", "exact2", false}, {"a_c", "abc", true}, {"a_c", "abbc", false}, {"a%b%c", "axxbyyc", true},
		{"100%", "100%", true}, {"a.c", "abc", false},
	} {
		x := New()
		mustPut(t, x, 1, "[domain-name:value LIKE '"+tt.like+"']")
		got := answers(t, x, `{"type":"domain-name","value":"`+tt.s+`"}`, now) == "1"
		if got != tt.want {
			t.Errorf("%q LIKE %q = %v, want %v", tt.s, tt.like, got, tt.want)
		}
	}
}

// TestConcurrent puts, deletes and matches at once, for the race detector.
func TestConcurrent(t *testing.T) {
	x := New()
	done := make(chan bool)
	go func() {
		for i := 0; i < 200; i++ {
			x.Put(Indicator{Collection: "c", ID: id(i % 20), Modified: t0.Add(time.Duration(i) * time.Second), PatternType: "stix",
				Pattern: fmt.Sprintf("[ipv4-addr:value = '10.0.0.%d'] OR [domain-name:value LIKE '%%.x%d']", i%20, i)})
			if i%7 == 0 {
				x.Delete("c", id(i%20))
			}
		}
		close(done)
	}()
	o, _ := DecodeObservable([]byte(`{"type":"domain-name","value":"a.x1"}`))
	for {
		select {
		case <-done:
			return
		default:
			x.Match(&o, now, nil)
		}
	}
}
