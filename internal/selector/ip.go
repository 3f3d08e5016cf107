package selector

import (
	"fmt"
	"net/netip"
	"strings"

	"github.com/liaison-project/liaison"
)

// ip accepts one IPv4 or IPv6 address, without a zone or a prefix length,
// and writes it in netip's canonical form. An IPv4-mapped IPv6 address
// (::ffff:192.0.2.1) is the IPv4 address it maps, so that it matches.
func ip(e *liaison.Entity, _ string, f *liaison.Fields) {
	v := e.Value
	if strings.Contains(v, "/") {
		f.Add("value", fmt.Sprintf("%s is a network, not an address; give one address", quote(v)))
		return
	}
	a, err := netip.ParseAddr(v)
	if err != nil {
		f.Add("value", fmt.Sprintf("%s is not an IPv4 or IPv6 address", quote(v)))
		return
	}
	if a.Zone() != "" {
		f.Add("value", fmt.Sprintf("%s has a zone (%%%s), which means nothing outside the host that wrote it", quote(v), a.Zone()))
		return
	}
	e.Value = a.Unmap().String()
}
