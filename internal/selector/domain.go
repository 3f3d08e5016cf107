package selector

import (
	"fmt"
	"strings"

	"github.com/liaison-project/liaison"
	"golang.org/x/net/idna"
)

// Domain name limits of RFC 1035, on the ASCII (IDNA) form.
const (
	maxDomain = 253
	maxLabelS = 63
)

func domain(e *liaison.Entity, _ string, f *liaison.Fields) {
	d, problem := canonicalDomain(e.Value)
	if problem != "" {
		f.Add("value", problem)
		return
	}
	e.Value = d
}

// canonicalDomain returns the lower-case ASCII form of a host name, without
// a trailing dot, or says what is wrong with it. Unicode names
// ("bücher.example") become their IDNA form ("xn--bcher-kva.example").
func canonicalDomain(s string) (string, string) {
	if len(s) > 4*maxDomain {
		return "", fmt.Sprintf("a domain of %d bytes, longer than a domain can be", len(s))
	}
	d := strings.TrimSuffix(s, ".")
	ascii, err := idna.Lookup.ToASCII(d)
	if err != nil {
		return "", fmt.Sprintf("%s is not a valid domain name: %s", quote(s), idnaProblem(err))
	}
	ascii = strings.ToLower(ascii)
	if len(ascii) > maxDomain {
		return "", fmt.Sprintf("%s is longer than %d characters", quote(s), maxDomain)
	}
	labels := strings.Split(ascii, ".")
	if len(labels) < 2 {
		return "", fmt.Sprintf("%s has one label; a domain needs at least two, such as example.com", quote(s))
	}
	for _, l := range labels {
		if problem := labelProblem(l); problem != "" {
			return "", fmt.Sprintf("%s is not a valid domain name: %s", quote(s), problem)
		}
	}
	if strings.Trim(labels[len(labels)-1], "0123456789") == "" {
		return "", fmt.Sprintf("%s looks like an IP address; use the ip kind", quote(s))
	}
	return ascii, ""
}

// labelProblem says what is wrong with one ASCII label, or returns "".
func labelProblem(l string) string {
	switch {
	case l == "":
		return "empty label (two dots in a row, or a leading dot)"
	case len(l) > maxLabelS:
		return fmt.Sprintf("label %s is longer than %d characters", quote(l), maxLabelS)
	case l[0] == '-' || l[len(l)-1] == '-':
		return fmt.Sprintf("label %s starts or ends with a hyphen", quote(l))
	}
	for i := 0; i < len(l); i++ {
		c := l[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-') {
			return fmt.Sprintf("label %s has %q; only letters, digits and hyphens are allowed", quote(l), rune(c))
		}
	}
	return ""
}

// idnaProblem returns the idna package's reason without its prefix.
func idnaProblem(err error) string { return strings.TrimPrefix(err.Error(), "idna: ") }
