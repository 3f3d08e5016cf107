package selector

import (
	"strings"
	"testing"

	"github.com/liaison-project/liaison"
)

func TestNormalizeInternet(t *testing.T) {
	i, d, u := liaison.EntityIP, liaison.EntityDomain, liaison.EntityURL
	runNormalize(t, []normalizeTest{
		{name: "OKIPv4", in: ent(i, "198.51.100.7"), want: ent(i, "198.51.100.7")},
		{name: "OKIPv6", in: ent(i, "2001:DB8:0:0::1"), want: ent(i, "2001:db8::1")},
		{name: "OKIPv4Mapped", in: ent(i, "::ffff:192.0.2.1"), want: ent(i, "192.0.2.1")},
		{name: "ErrIPZone", in: ent(i, "fe80::1%eth0"), errs: valueErr("has a zone (%eth0)")},
		{name: "ErrIPPrefix", in: ent(i, "192.0.2.0/24"), errs: valueErr("is a network, not an address")},
		{name: "ErrIPLeadingZero", in: ent(i, "192.0.2.01"), errs: valueErr("is not an IPv4 or IPv6 address")},
		{name: "ErrIPRange", in: ent(i, "256.1.1.1"), errs: valueErr("is not an IPv4 or IPv6 address")},

		{name: "OKDomain", in: ent(d, "Mail.Example.COM."), want: ent(d, "mail.example.com")},
		{name: "OKDomainIDN", in: ent(d, "Bücher.example"), want: ent(d, "xn--bcher-kva.example")},
		{name: "OKDomainPunycode", in: ent(d, "xn--bcher-kva.example"), want: ent(d, "xn--bcher-kva.example")},
		{name: "OKDomainDevanagari", in: ent(d, "भारत.भारत"), want: ent(d, "xn--h2brj9c.xn--h2brj9c")},
		{name: "ErrDomainOneLabel", in: ent(d, "localhost"), errs: valueErr("has one label; a domain needs at least two")},
		{name: "ErrDomainEmptyLabel", in: ent(d, "a..example.com"), errs: valueErr("empty label")},
		{name: "ErrDomainHyphen", in: ent(d, "-bad.example.com"), errs: valueErr("is not a valid domain name")},
		{name: "ErrDomainUnderscore", in: ent(d, "_dmarc.example.com"), errs: valueErr("is not a valid domain name")},
		{name: "ErrDomainLabelLong", in: ent(d, strings.Repeat("a", 64)+".com"), errs: valueErr("longer than 63 characters")},
		{name: "ErrDomainLong", in: ent(d, strings.Repeat(strings.Repeat("a", 60)+".", 5)+"com"), errs: valueErr("longer than 253 characters")},
		{name: "ErrDomainIP", in: ent(d, "192.0.2.1"), errs: valueErr("looks like an IP address; use the ip kind")},
		{name: "ErrDomainSpace", in: ent(d, "exa mple.com"), errs: valueErr("is not a valid domain name")},
		{name: "ErrDomainURL", in: ent(d, "https://example.com"), errs: valueErr("is not a valid domain name")},

		{name: "OKURL", in: ent(u, "https://example.com/a?b=c#d"), want: ent(u, "https://example.com/a?b=c#d")},
		{name: "OKURLCase", in: ent(u, "HTTP://Example.COM:8080/Path"), want: ent(u, "http://example.com:8080/Path")},
		{name: "OKURLIDN", in: ent(u, "https://bücher.example/"), want: ent(u, "https://xn--bcher-kva.example/")},
		{name: "OKURLIPv6", in: ent(u, "http://[2001:DB8::1]/x"), want: ent(u, "http://[2001:db8::1]/x")},
		{name: "OKURLIPv6Port", in: ent(u, "http://[2001:db8::1]:8443/"), want: ent(u, "http://[2001:db8::1]:8443/")},
		{name: "OKURLIPv4", in: ent(u, "ftp://192.0.2.1/pub"), want: ent(u, "ftp://192.0.2.1/pub")},
		{name: "OKURLEmptyPort", in: ent(u, "http://example.com:/"), want: ent(u, "http://example.com/")},
		{name: "ErrURLRelative", in: ent(u, "example.com/path"), errs: valueErr("is not an absolute URL", webSchemes...)},
		{name: "ErrURLScheme", in: ent(u, "javascript:alert(1)"), errs: valueErr(`scheme "javascript" is not allowed`, webSchemes...)},
		{name: "ErrURLNoHost", in: ent(u, "https:///path"), errs: valueErr("has no host")},
		{name: "ErrURLPort", in: ent(u, "https://example.com:99999/"), errs: valueErr(`port "99999" is not a number from 1 to 65535`)},
		{name: "ErrURLHost", in: ent(u, "https://exa_mple.com/"), errs: valueErr("the host of")},
		{name: "ErrURLParse", in: ent(u, "https://example.com/%zz"), errs: valueErr("is not a URL")},
		{name: "ErrURLLong", in: ent(u, "https://example.com/"+strings.Repeat("a", 2048)), errs: valueErr("more than 2048")},
	})
}
