// Package profiles holds every vendor's default and example profile,
// embedded so that a suite binary built by `make dist` runs outside the
// source tree.
package profiles

import "embed"

// FS holds the profiles by file name (edfi.yaml, edfi-ods-7.2.yaml, ...).
//
//go:embed *.yaml
var FS embed.FS
