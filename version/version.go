// Package version is edconform's version, as reports show it.
package version

// Version is set by release builds:
//
//	go build -ldflags "-X github.com/edconform/edconform/version.Version=1.2.0" ...
//
// and is "dev" otherwise.
var Version = "dev"
