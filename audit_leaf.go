package liaison

import (
	"crypto/sha256"
	"encoding/hex"
	"strconv"
	"time"
	"unicode/utf8"
)

// AuditHash is a SHA-256 hash in the audit log's Merkle tree: a leaf hash,
// an interior node or a root.
type AuditHash [sha256.Size]byte

// AuditTimeLayout is how a time appears in an entry's canonical encoding:
// RFC 3339 in UTC with exactly six fractional digits. The node keeps times
// to the microsecond, so nothing is lost.
const AuditTimeLayout = "2006-01-02T15:04:05.000000Z"

// AppendCanonical appends the canonical encoding of e to b and returns the
// extended slice. The encoding is what the audit log's Merkle tree hashes;
// it MUST NOT change, or every signed checkpoint stops verifying.
//
// It is one line of JSON, no spaces, no trailing newline, with every field
// present in this order:
//
//	{"index":N,"time":"…","party":"…","agency":"…","officer":"…","action":"…",
//	 "object":"…","decision":"…","reasons":["…",…],"content_hash":"…"}
//
// The time is [AuditTimeLayout] (truncated to the microsecond, in UTC);
// absent strings are "", absent reasons are []. Strings are escaped as
// encoding/json does without HTML escaping: '"' and '\\' with a
// backslash, \b \f \n \r \t, other control characters and U+2028, U+2029
// as \u00XX, invalid UTF-8 replaced by U+FFFD. The entry's content is
// never part of it: ContentHash stands for it.
func (e *AuditEntry) AppendCanonical(b []byte) []byte {
	b = append(b, `{"index":`...)
	b = strconv.AppendInt(b, e.Index, 10)
	b = append(b, `,"time":"`...)
	b = e.Time.UTC().Truncate(time.Microsecond).AppendFormat(b, AuditTimeLayout)
	b = append(b, `","party":`...)
	b = appendJSONString(b, e.Party)
	b = append(b, `,"agency":`...)
	b = appendJSONString(b, e.Agency)
	b = append(b, `,"officer":`...)
	b = appendJSONString(b, e.Officer)
	b = append(b, `,"action":`...)
	b = appendJSONString(b, e.Action)
	b = append(b, `,"object":`...)
	b = appendJSONString(b, e.Object)
	b = append(b, `,"decision":`...)
	b = appendJSONString(b, e.Decision)
	b = append(b, `,"reasons":[`...)
	for i, r := range e.Reasons {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendJSONString(b, r)
	}
	b = append(b, `],"content_hash":`...)
	b = appendJSONString(b, e.ContentHash)
	return append(b, '}')
}

// AuditLeafHash returns the RFC 6962 leaf hash of e: SHA-256 of the byte
// 0x00 followed by e's canonical encoding ([AuditEntry.AppendCanonical]).
// buf, which may be nil, is scratch space the caller can reuse between
// calls to save allocations; AuditLeafHash returns it grown.
func AuditLeafHash(e *AuditEntry, buf []byte) (AuditHash, []byte) {
	buf = e.AppendCanonical(append(buf[:0], 0x00))
	return sha256.Sum256(buf), buf
}

const hexDigits = "0123456789abcdef"

// appendJSONString appends s as a JSON string, escaped exactly as
// encoding/json does with HTML escaping off.
func appendJSONString(b []byte, s string) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hexDigits[r&0xF])
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

// String returns h in hex.
func (h AuditHash) String() string { return hex.EncodeToString(h[:]) }

// MarshalText returns h in hex, as JSON shows it.
func (h AuditHash) MarshalText() ([]byte, error) { return []byte(h.String()), nil }

// UnmarshalText reads h from 64 hex digits.
func (h *AuditHash) UnmarshalText(b []byte) error {
	if len(b) != 2*len(h) {
		return Errorf(EINVALID, "audit hash: %d hex digits, want %d", len(b), 2*len(h))
	}
	if _, err := hex.Decode(h[:], b); err != nil {
		return Errorf(EINVALID, "audit hash: not hex")
	}
	return nil
}
