package liaison

import "time"

// AuditEntry records one security-relevant act: who, what, when, the
// decision and its reasons, and a hash of the content concerned, never the
// content itself.
type AuditEntry struct {
	Index       int64     `json:"index"`
	Time        time.Time `json:"time"`
	Party       string    `json:"party"`
	Agency      string    `json:"agency,omitempty"`
	Officer     string    `json:"officer,omitempty"`
	Action      string    `json:"action"`
	Object      string    `json:"object,omitempty"`
	Decision    string    `json:"decision,omitempty"`
	Reasons     []string  `json:"reasons,omitempty"`
	ContentHash string    `json:"content_hash,omitempty"`
}
