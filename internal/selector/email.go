package selector

import (
	"fmt"
	"net/mail"
	"strings"

	"github.com/liaison-project/liaison"
)

// maxEmail is the longest address that fits SMTP's path (RFC 5321 4.5.3.1.3
// less the angle brackets).
const maxEmail = 254

// email accepts a bare address ("ops@example.com", not "Ops <ops@...>"),
// keeps the local part as written (it may be case-sensitive) and writes the
// domain in lower-case ASCII.
func email(e *liaison.Entity, _ string, f *liaison.Fields) {
	v := e.Value
	if len(v) > 4*maxEmail {
		f.Add("value", fmt.Sprintf("an e-mail address of %d bytes, more than %d", len(v), maxEmail))
		return
	}
	a, err := mail.ParseAddress(v)
	if err != nil {
		f.Add("value", fmt.Sprintf("%s is not an e-mail address: %s", quote(v), strings.TrimPrefix(err.Error(), "mail: ")))
		return
	}
	if a.Name != "" || a.Address != v {
		f.Add("value", fmt.Sprintf("%s is not a bare e-mail address; give only the address, such as %s", quote(v), quote(a.Address)))
		return
	}
	at := strings.LastIndexByte(v, '@')
	local, host := v[:at], v[at+1:]
	if strings.HasPrefix(host, "[") {
		f.Add("value", fmt.Sprintf("%s has an address literal for a domain; give a domain name", quote(v)))
		return
	}
	d, problem := canonicalDomain(host)
	if problem != "" {
		f.Add("value", fmt.Sprintf("the domain of %s: %s", quote(v), problem))
		return
	}
	out := local + "@" + d
	if len(out) > maxEmail {
		f.Add("value", fmt.Sprintf("an e-mail address of %d bytes, more than %d", len(out), maxEmail))
		return
	}
	e.Value = out
}
