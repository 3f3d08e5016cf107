// Package arrangements holds the example arrangements that ship with
// Liaison, embedded so that liaison demo needs no files beside the binary.
package arrangements

import _ "embed"

// InCA is the India–Canada security and law-enforcement arrangement,
// byte for byte as in in-ca.toml (its SHA-256 is its identity).
//
//go:embed in-ca.toml
var InCA []byte
