package web

import (
	"slices"
	"strings"

	"github.com/liaison-project/liaison"
)

// navLink is one entry of the navigation.
type navLink struct {
	Href, Key string
	Current   bool
}

// workRoles work on the exchange itself: messages, cases, requests.
var workRoles = []liaison.Role{liaison.RoleLiaison, liaison.RoleAnalyst, liaison.RoleSupervisor}

// navEntries lists the navigation and the roles each entry is for. The
// node's guard decides all the same; this only spares officers pages
// that would refuse them.
var navEntries = []struct {
	href, key string
	roles     []liaison.Role
}{
	{"/inbox", "nav.inbox", workRoles},
	{"/cases", "nav.cases", workRoles},
	{"/requests", "nav.requests", workRoles},
	{"/approvals", "nav.approvals", []liaison.Role{liaison.RoleSupervisor}},
	{"/consents", "nav.consents", []liaison.Role{liaison.RoleSupervisor}},
	{"/workplan", "nav.workplan", workRoles},
	{"/peers", "nav.peers", nil},
	{"/directory", "nav.directory", nil},
	{"/audit", "nav.audit", []liaison.Role{liaison.RoleAuditor}},
	{"/reports/oversight", "nav.oversight", []liaison.Role{liaison.RoleAuditor, liaison.RoleSupervisor}},
}

// navFor returns the entries role may use, marking the one path is under.
func navFor(role liaison.Role, path string) []navLink {
	var out []navLink
	for _, e := range navEntries {
		if e.roles != nil && !slices.Contains(e.roles, role) {
			continue
		}
		out = append(out, navLink{Href: e.href, Key: e.key,
			Current: path == e.href || strings.HasPrefix(path, e.href+"/")})
	}
	return out
}

// home is where an officer of role lands: the inbox, the audit log for
// auditors, the link health for administrators.
func home(role liaison.Role) string {
	switch {
	case slices.Contains(workRoles, role):
		return "/inbox"
	case role == liaison.RoleAuditor:
		return "/audit"
	}
	return "/peers"
}
