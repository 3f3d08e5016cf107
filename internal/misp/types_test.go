package misp

import (
	"strings"
	"testing"
)

// TestAttributeTypes pins the pattern each MISP attribute type gives, or
// why it gives none.
func TestAttributeTypes(t *testing.T) {
	for _, tt := range []struct {
		typ, value string
		want       string // the pattern, or "!" and the start of the reason
	}{
		{"ip-src", "198.51.100.1", "[ipv4-addr:value = '198.51.100.1']"},
		{"ip-dst", "2001:db8::1", "[ipv6-addr:value = '2001:db8::1']"},
		{"ip-dst", "198.51.100.0/24", "[ipv4-addr:value ISSUBSET '198.51.100.0/24']"},
		{"ip-dst", "198.51.100.1/32", "[ipv4-addr:value = '198.51.100.1/32']"},
		{"ip-dst", "2001:db8::/48", "[ipv6-addr:value ISSUBSET '2001:db8::/48']"},
		{"ip-dst", "fe80::1%eth0", "!not an IP address"},
		{"ip-src", "300.1.1.1", "!not an IP address"},
		{"domain", "example.org", "[domain-name:value = 'example.org']"},
		{"hostname", "www.example.org", "[domain-name:value = 'www.example.org']"},
		{"url", "http://x.example/it's", "[url:value = 'http://x.example/it\\'s']"},
		{"uri", "/admin", "[url:value = '/admin']"},
		{"email", "a@b.example", "[email-addr:value = 'a@b.example']"},
		{"email-src", "a@b.example", "[email-addr:value = 'a@b.example']"},
		{"email-dst", "nobody", "!not an e-mail address"},
		{"email-subject", "Hello", "[email-message:subject = 'Hello']"},
		{"md5", "D41D8CD98F00B204E9800998ECF8427E", "[file:hashes.MD5 = 'd41d8cd98f00b204e9800998ecf8427e']"},
		{"md5", "d41d8", "!not a MD5 hash"},
		{"sha1", strings.Repeat("a", 40), "[file:hashes.'SHA-1' = '" + strings.Repeat("a", 40) + "']"},
		{"sha256", strings.Repeat("b", 64), "[file:hashes.'SHA-256' = '" + strings.Repeat("b", 64) + "']"},
		{"sha512", strings.Repeat("c", 128), "[file:hashes.'SHA-512' = '" + strings.Repeat("c", 128) + "']"},
		{"sha512", strings.Repeat("g", 128), "!not a SHA-512 hash"},
		{"ssdeep", "3:a+JraNvsgzsVqSwHq9:tJuOgzsko", "[file:hashes.SSDEEP = '3:a+JraNvsgzsVqSwHq9:tJuOgzsko']"},
		{"filename", "a.exe", "[file:name = 'a.exe']"},
		{"filename|md5", "a|b.exe|" + strings.Repeat("0", 32), "[file:name = 'a|b.exe' AND file:hashes.MD5 = '" + strings.Repeat("0", 32) + "']"},
		{"filename|sha256", "a.exe|" + strings.Repeat("1", 64), "[file:name = 'a.exe' AND file:hashes.'SHA-256' = '" + strings.Repeat("1", 64) + "']"},
		{"filename|sha256", "a.exe", "!want filename|sha256"},
		{"filename|vhash", "a.exe|x", "!no STIX mapping"},
		{"ip-dst|port", "198.51.100.1|443", "[network-traffic:dst_ref.type = 'ipv4-addr' AND network-traffic:dst_ref.value = '198.51.100.1' AND network-traffic:dst_port = 443]"},
		{"ip-src|port", "2001:db8::1|53", "[network-traffic:src_ref.type = 'ipv6-addr' AND network-traffic:src_ref.value = '2001:db8::1' AND network-traffic:src_port = 53]"},
		{"ip-dst|port", "198.51.100.1|99999", "!not a port number"},
		{"ip-dst|port", "198.51.100.0/24|80", "!an address range"},
		{"hostname|port", "a.example|8080", "[network-traffic:dst_ref.type = 'domain-name' AND network-traffic:dst_ref.value = 'a.example' AND network-traffic:dst_port = 8080]"},
		{"domain|ip", "a.example|198.51.100.1", "[domain-name:value = 'a.example' AND domain-name:resolves_to_refs[*].value = '198.51.100.1']"},
		{"domain|ip", "a.example", "!want domain|ip"},
		{"port", "8080", "[network-traffic:dst_port = 8080]"},
		{"mac-address", "00:1A:2B:3C:4D:5E", "[mac-addr:value = '00:1a:2b:3c:4d:5e']"},
		{"AS", "AS64500", "[autonomous-system:number = 64500]"},
		{"AS", "64501", "[autonomous-system:number = 64501]"},
		{"AS", "ASX", "!not an autonomous system number"},
		{"mutex", "Global\\m", "[mutex:name = 'Global\\\\m']"},
		{"regkey", "HKLM\\Software\\Run", "[windows-registry-key:key = 'HKLM\\\\Software\\\\Run']"},
		{"size-in-bytes", "12", "[file:size = 12]"},
		{"size-in-bytes", "-1", "!not a size"},
		{"x509-fingerprint-sha1", strings.Repeat("d", 40), "[x509-certificate:hashes.'SHA-1' = '" + strings.Repeat("d", 40) + "']"},
		{"btc", "1Boat", "!no STIX mapping for type btc"},
		{"text", "anything", "!no STIX mapping for type text"},
		{"domain", "  ", "!empty value"},
	} {
		t.Run(tt.typ, func(t *testing.T) {
			facts, why := factsOf(tt.typ, tt.value)
			if reason, ok := strings.CutPrefix(tt.want, "!"); ok {
				if why == "" || !strings.HasPrefix(why, reason) {
					t.Errorf("factsOf(%q, %q) reason = %q, want %q...", tt.typ, tt.value, why, reason)
				}
				return
			}
			if why != "" {
				t.Fatalf("factsOf(%q, %q) = %q, want a pattern", tt.typ, tt.value, why)
			}
			p, err := patternOf(facts)
			if err != nil {
				t.Fatalf("patternOf: %v", err)
			}
			if p != tt.want {
				t.Errorf("pattern of %s %q = %s, want %s", tt.typ, tt.value, p, tt.want)
			}
		})
	}
}

// TestSCOID checks deterministic SCO ids against values computed apart,
// with Python's uuid.uuid5 over the RFC 8785 text of the ID contributing
// properties, as cti-python-stix2 does.
func TestSCOID(t *testing.T) {
	for _, tt := range []struct {
		obj  map[string]any
		want string
	}{
		{map[string]any{"type": "ipv4-addr", "value": "198.51.100.3"}, "28bb3599-77cd-5a82-a950-b5bc3caf07c4"},
		{map[string]any{"type": "file", "name": "a\"b.exe", "size": int64(3),
			"hashes": map[string]any{"SHA-256": "x", "MD5": "d41d8cd98f00b204e9800998ecf8427e"}}, "1249c699-d1f1-5438-a511-b5493cb0a3fe"},
	} {
		if got := scoID(tt.obj); got != tt.want {
			t.Errorf("scoID(%v) = %s, want %s", tt.obj, got, tt.want)
		}
	}
}
