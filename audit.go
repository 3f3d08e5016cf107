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

// AuditCheckpoint is a signed checkpoint of an audit log, this node's own
// or a peer's, as the store keeps it: the signer's party, the log's size
// and root, the signed note exactly as signed or received, and when this
// node signed or received it. A party has one checkpoint per size; two
// with the same size and different roots are a fork.
type AuditCheckpoint struct {
	Party    string    `json:"party"`
	Size     int64     `json:"size"`
	Root     AuditHash `json:"root"`
	Note     []byte    `json:"note"`
	Received time.Time `json:"received"`
}
