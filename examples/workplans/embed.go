// Package workplans holds the starter workplans that ship with Liaison,
// embedded so that liaison demo needs no files beside the binary.
package workplans

import _ "embed"

// InCA is the starter workplan of the India–Canada arrangement, as in
// in-ca.toml.
//
//go:embed in-ca.toml
var InCA []byte
