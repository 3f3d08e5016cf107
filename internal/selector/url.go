package selector

import (
	"fmt"
	"net"
	"net/netip"
	"net/url"
	"strconv"
	"strings"

	"github.com/liaison-project/liaison"
)

// maxURL is the longest URL accepted: longer ones are data, not selectors.
const maxURL = 2048

// webSchemes are the URL schemes a selector may have.
var webSchemes = []string{"http", "https", "ftp"}

// webURL accepts an absolute http, https or ftp URL with a host, and writes
// the scheme and host in lower case (the host in IDNA ASCII form).
func webURL(e *liaison.Entity, _ string, f *liaison.Fields) {
	v := e.Value
	if len(v) > maxURL {
		f.Add("value", fmt.Sprintf("a URL of %d bytes, more than %d", len(v), maxURL))
		return
	}
	u, err := url.Parse(v)
	if err != nil {
		f.Add("value", fmt.Sprintf("%s is not a URL: %s", quote(v), urlProblem(err)))
		return
	}
	scheme := strings.ToLower(u.Scheme)
	switch {
	case !u.IsAbs():
		f.Add("value", fmt.Sprintf("%s is not an absolute URL; it needs a scheme, such as https://", quote(v)), webSchemes...)
		return
	case scheme != "http" && scheme != "https" && scheme != "ftp":
		f.Add("value", fmt.Sprintf("scheme %s is not allowed", quote(u.Scheme)), webSchemes...)
		return
	case u.Host == "":
		f.Add("value", fmt.Sprintf("%s has no host", quote(v)))
		return
	}
	host, problem := canonicalHost(u.Host)
	if problem != "" {
		f.Add("value", fmt.Sprintf("the host of %s: %s", quote(v), problem))
		return
	}
	u.Scheme, u.Host = scheme, host
	out := u.String()
	if len(out) > maxURL {
		f.Add("value", fmt.Sprintf("a URL of %d bytes, more than %d", len(out), maxURL))
		return
	}
	e.Value = out
}

// canonicalHost checks a URL's host[:port] and returns it with the name
// lower-case ASCII or the address in canonical form.
func canonicalHost(hostport string) (string, string) {
	host, port := hostport, ""
	if h, p, err := net.SplitHostPort(hostport); err == nil {
		host = h
		if p != "" { // "example.com:" is example.com
			n, err := strconv.Atoi(p)
			if err != nil || n < 1 || n > 65535 {
				return "", fmt.Sprintf("port %s is not a number from 1 to 65535", quote(p))
			}
			port = strconv.Itoa(n)
		}
	} else if strings.HasPrefix(hostport, "[") && strings.HasSuffix(hostport, "]") {
		host = hostport[1 : len(hostport)-1]
	}
	var name string
	if a, err := netip.ParseAddr(host); err == nil {
		if a.Zone() != "" {
			return "", "an address with a zone means nothing outside the host that wrote it"
		}
		a = a.Unmap()
		name = a.String()
		if a.Is6() && port == "" {
			return "[" + name + "]", ""
		}
	} else {
		d, problem := canonicalDomain(host)
		if problem != "" {
			return "", problem
		}
		name = d
	}
	if port != "" {
		return net.JoinHostPort(name, port), ""
	}
	return name, ""
}

// urlProblem returns url.Parse's reason without repeating the URL.
func urlProblem(err error) string {
	if ue, ok := err.(*url.Error); ok {
		return ue.Err.Error()
	}
	return err.Error()
}
