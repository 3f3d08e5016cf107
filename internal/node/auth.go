package node

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/liaison-project/liaison"
)

// AuthLimit bounds failed authentication, so that the audit log cannot be
// flooded with failures and tokens cannot be guessed at speed. Zero
// fields take the defaults.
type AuthLimit struct {
	// PerAddress is how many failures one remote address (an IPv6 /64)
	// may have within Window before its requests are refused with
	// ELIMITED (default 10). Its allowance comes back steadily over
	// Window.
	PerAddress int
	// Global is how many failures all addresses together may have within
	// Window (default 100). Beyond it, failures are refused with ELIMITED
	// and no longer audited one by one; officers with good tokens are
	// not affected.
	Global int
	// Window is the period of both (default one minute).
	Window time.Duration
}

// DefaultTokenAuditInterval is how often a token's use is audited per
// officer (see Authenticate).
const DefaultTokenAuditInterval = time.Hour

// auth is the state of authentication in this process: failures per
// address and overall, and when each officer's token use was last
// audited.
type auth struct {
	cfg      AuthLimit
	perAddr  *Limiter
	global   *Limiter
	interval time.Duration

	mu      sync.Mutex
	audited map[string]time.Time // officer id → when its token use was last audited
}

func newAuth(cfg AuthLimit, interval time.Duration) *auth {
	if cfg.PerAddress <= 0 {
		cfg.PerAddress = 10
	}
	if cfg.Global <= 0 {
		cfg.Global = 100
	}
	if cfg.Window <= 0 {
		cfg.Window = time.Minute
	}
	if interval <= 0 {
		interval = DefaultTokenAuditInterval
	}
	return &auth{
		cfg: cfg, interval: interval,
		perAddr: NewLimiter(cfg.PerAddress, cfg.Window),
		global:  NewLimiter(cfg.Global, cfg.Window),
		audited: map[string]time.Time{},
	}
}

// due reports whether officer's token use is to be audited at now, and
// if so marks it audited.
func (a *auth) due(officer string, now time.Time) bool {
	a.mu.Lock()
	defer a.mu.Unlock()
	if last, ok := a.audited[officer]; ok && now.Sub(last) < a.interval && !now.Before(last) {
		return false
	}
	a.audited[officer] = now
	return true
}

// undue forgets a mark of due whose audit entry was not written.
func (a *auth) undue(officer string, at time.Time) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.audited[officer].Equal(at) {
		delete(a.audited, officer)
	}
}

// maxToken is the longest token read; real ones are 47 bytes.
const maxToken = 128

// Authenticate returns the officer whose API token this is. remote is the
// address the request came from ("host:port"), token "" when none was
// sent. It returns EUNAUTHORIZED for a token that is missing, malformed
// or unknown, and ELIMITED, with RetryAfter set, when the address (or all
// addresses together) failed too often of late (see [AuthLimit]); a
// limited address is refused without its token being looked at.
//
// Every failure is audited as "auth.fail", decision deny, with the cause
// and the remote address as reasons and the SHA-256 of the token sent as
// content hash, never the token: an auditor holding a leaked token can
// find its uses. The start of throttling is audited once per episode as
// "auth.throttle", not each request it refuses; beyond the global limit,
// failures are refused without an entry each.
//
// A token's use is audited as "auth.token" the first time in each
// interval (default [DefaultTokenAuditInterval]) per officer in this
// process, so that the tools using tokens show in the log without an
// entry per request.
func (n *Node) Authenticate(ctx context.Context, token, remote string) (*liaison.Officer, error) {
	now := n.now()
	key := AddressKey(remote)
	if wait, first := n.auth.perAddr.Check(key, now); wait > 0 {
		return nil, n.throttle(ctx, first, wait, remote, fmt.Sprintf("%s failed to authenticate %d times within %s", key, n.auth.cfg.PerAddress, n.auth.cfg.Window))
	}
	var cause string
	switch {
	case token == "":
		cause = "missing token"
	case !strings.HasPrefix(token, tokenPrefix) || len(token) > maxToken:
		cause = "malformed token"
	}
	if cause == "" {
		o, err := n.store.OfficerByToken(ctx, HashToken(token))
		if err == nil {
			return o, n.auditTokenUse(ctx, o, token, remote, now)
		}
		if liaison.ErrorCode(err) != liaison.ENOTFOUND {
			return nil, err
		}
		cause = "unknown token"
	}
	if wait, first := n.auth.global.Spend("", now); wait > 0 {
		return nil, n.throttle(ctx, first, wait, remote, fmt.Sprintf("authentication failed %d times within %s, from all addresses together", n.auth.cfg.Global, n.auth.cfg.Window))
	}
	n.auth.perAddr.Spend(key, now)
	var content []byte
	if token != "" {
		// At most maxToken+1 bytes, so that the hash of an over-long
		// token is still of what was sent, up to the limit the API reads.
		content = []byte(token[:min(len(token), maxToken+1)])
	}
	err := n.update(ctx, func(tx liaison.Tx, _ map[string]bool) error {
		return n.audit(tx, nil, "auth.fail", "", "deny", []string{cause, "remote " + remote}, content)
	})
	if err != nil {
		return nil, err
	}
	if token == "" {
		return nil, liaison.Errorf(liaison.EUNAUTHORIZED, "send an API token as Authorization: Bearer TOKEN")
	}
	return nil, liaison.Errorf(liaison.EUNAUTHORIZED, "invalid token")
}

// auditTokenUse audits o's use of token once an interval.
func (n *Node) auditTokenUse(ctx context.Context, o *liaison.Officer, token, remote string, now time.Time) error {
	if !n.auth.due(o.ID, now) {
		return nil
	}
	err := n.update(ctx, func(tx liaison.Tx, _ map[string]bool) error {
		return n.audit(tx, o, "auth.token", o.ID, "allow",
			[]string{fmt.Sprintf("first use of a token in %s", n.auth.interval), "remote " + remote}, []byte(token))
	})
	if err != nil {
		n.auth.undue(o.ID, now)
	}
	return err
}

// throttle refuses a request with ELIMITED, auditing the start of an
// episode of throttling ("auth.throttle") when first.
func (n *Node) throttle(ctx context.Context, first bool, wait time.Duration, remote, why string) error {
	if first {
		n.log.Warn("api: throttling failed authentication", "remote", remote, "why", why)
		err := n.update(ctx, func(tx liaison.Tx, _ map[string]bool) error {
			return n.audit(tx, nil, "auth.throttle", "", "deny", []string{why, "remote " + remote}, nil)
		})
		if err != nil {
			return err
		}
	}
	return &liaison.Error{
		Code:       liaison.ELIMITED,
		Message:    fmt.Sprintf("too many failed authentications; try again in %s", wait),
		RetryAfter: wait,
	}
}
