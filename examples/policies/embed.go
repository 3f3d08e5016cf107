// Package policies holds the example domestic rules of the India–Canada
// arrangement's two parties, as Cedar policy files: ca/*.cedar for Canada's
// node, in/*.cedar for India's. Each file names the law it encodes. They
// are embedded so that liaison demo and the tests of internal/policy need no
// files beside the binary.
//
// The instrument ids they cite are those of
// examples/arrangements/in-ca.toml.
package policies

import "embed"

// FS holds the directories ca and in.
//
//go:embed ca in
var FS embed.FS
