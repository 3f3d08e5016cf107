package liaison

// Card is what a node publishes so another party can trust it: everything a
// peer needs, nothing secret. Keys are base64 (standard encoding) in JSON.
type Card struct {
	Party         string `json:"party"`
	Name          string `json:"name"`
	FederationURL string `json:"federation_url"`
	// SigningKey is the node's Ed25519 public key.
	SigningKey []byte `json:"signing_key"`
	// HPKEKey is the node's HPKE public key for MLKEM768-X25519 (KEM 0x647A).
	HPKEKey []byte `json:"hpke_key"`
	// CertSHA256 is the hex SHA-256 of the node's TLS certificate (DER).
	CertSHA256 string `json:"cert_sha256"`
}
