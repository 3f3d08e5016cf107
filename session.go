package liaison

import "time"

// Session is an officer's signed-in session in the web UI. The secret
// that names it travels only in the officer's cookie; the node keeps its
// SHA-256.
type Session struct {
	// ID is the session's public id, for the audit log and lists; it is
	// never the secret.
	ID      string
	Officer string
	Created time.Time
	// Seen is when the session was last used; a session idle for longer
	// than [SessionIdle] is over.
	Seen time.Time
	// Expires is the end of the session however busy it is
	// ([SessionLifetime] after Created).
	Expires time.Time
	// CSRF is the session's anti-forgery token (base64url), sent back in
	// every form and compared with the session's.
	CSRF string
	// Enrol marks a session whose password was accepted but whose officer
	// must enrol a TOTP second factor before anything else.
	Enrol bool
}

// How long sessions last.
const (
	SessionIdle     = 30 * time.Minute
	SessionLifetime = 12 * time.Hour
)

// Live reports whether the session may still be used at now.
func (s *Session) Live(now time.Time) bool {
	return now.Before(s.Expires) && now.Sub(s.Seen) < SessionIdle
}

// Credential is how an officer of this node signs in to the web UI: a
// login name, an argon2id password hash and, for liaison officers and
// supervisors, a TOTP secret (RFC 6238). API tokens are apart.
type Credential struct {
	Officer string
	// Login is the name typed at sign-in, unique on the node.
	Login string
	// PasswordHash is the PHC string of the argon2id hash
	// ("$argon2id$v=19$m=…,t=…,p=…$salt$hash").
	PasswordHash string
	// TOTPSecret is the confirmed base32 secret, "" before enrolment.
	TOTPSecret string
	// TOTPPending is a secret offered for enrolment and not yet confirmed
	// by a code.
	TOTPPending string
	// Failures counts sign-in failures since the last success.
	Failures int
	// LockedUntil is when a lock-out after too many failures ends.
	LockedUntil time.Time
	// LastCode is the TOTP time step last accepted, so that one code is
	// never accepted twice (RFC 6238 section 5.2).
	LastCode int64
	// Lang is the officer's chosen language ("" = the browser's).
	Lang    string
	Updated time.Time
}

// NeedsSecondFactor reports whether an officer of this role must sign in
// with a TOTP code besides the password: those who release information
// across the border and those who approve its release.
func NeedsSecondFactor(r Role) bool { return r == RoleLiaison || r == RoleSupervisor }

// Preferences are an officer's choices for the web UI.
type Preferences struct {
	// Lang is "en", "fr" or "hi"; "" follows the browser's
	// Accept-Language.
	Lang string `json:"lang"`
	// TimeZone is an IANA time zone name; "" is the node's.
	TimeZone string `json:"time_zone"`
}

// Languages are the UI's languages: English and French, Canada's
// official languages, and Hindi, India's.
var Languages = []string{"en", "fr", "hi"}

// Validate checks the preferences' fields.
func (p *Preferences) Validate() error {
	var f Fields
	switch p.Lang {
	case "", "en", "fr", "hi":
	default:
		f.Add("lang", "unknown language "+quote(p.Lang), Languages...)
	}
	if p.TimeZone != "" {
		if _, err := time.LoadLocation(p.TimeZone); err != nil || len(p.TimeZone) > 64 || p.TimeZone[0] == '/' {
			f.Add("time_zone", "unknown IANA time zone "+quote(p.TimeZone)+"; e.g. Asia/Kolkata, America/Toronto")
		}
	}
	return f.Err()
}
