package match

import "testing"

func TestNormalizeURL(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"HTTP://Example.COM", "http://example.com/"},
		{"https://EXAMPLE.com:443/a", "https://example.com/a"},
		{"http://example.com:8080/a", "http://example.com:8080/a"},
		{"http://User@Example.com/", "http://User@example.com/"},
		{"http://example.com/%7euser/%2f%41", "http://example.com/~user/%2FA"},
		{"http://example.com/a/./b/../../c", "http://example.com/c"},
		{"http://example.com/a/b/..", "http://example.com/a/"},
		{"http://[2001:DB8::1]:80/x", "http://[2001:db8::1]/x"},
		{"http://example.com/P?Q=%7e#F", "http://example.com/P?Q=~#F"},
		{"mailto:Joe@Example.com", "mailto:Joe@Example.com"},
		{"example.com/a", "example.com/a"},
	} {
		if got := NormalizeURL(tt.in); got != tt.want {
			t.Errorf("NormalizeURL(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestNormalize(t *testing.T) {
	if got := NormalizeDomain(" Sub.Évil.COM. "); got != "sub.évil.com" {
		t.Errorf("NormalizeDomain = %q", got)
	}
	if got := NormalizeEmail("Joe.Bloggs@Example.ORG"); got != "Joe.Bloggs@example.org" {
		t.Errorf("NormalizeEmail = %q", got)
	}
	for _, name := range []string{"SHA-256", "sha256", "Sha_256"} {
		if hashAlgo(name) != hashAlgo("SHA-256") || hashAlgo(name) == 0 {
			t.Errorf("hashAlgo(%q) is not SHA-256's", name)
		}
	}
	if hashAlgo("SSDEEP") != 0 {
		t.Errorf("hashAlgo(SSDEEP) indexed")
	}
}
