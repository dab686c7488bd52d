// Package reference holds what every vendor's reference server shares: the
// options they are built with (named deviations, fault modes and modes), a registry
// the standalone command and the harness use to find them, and a helper that
// serves one on a loopback port.
//
// A reference server is an in-memory implementation of a vendor's documented
// behaviour, answering from a model of the API. The suite runs against it by
// default; deviations make it non-conformant in one named way so the suite can
// prove it notices.
package reference

import (
	"fmt"
	"net"
	"net/http"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"
)

// Options configure a reference server.
type Options struct {
	// Deviations names the documented behaviours to break, one each.
	Deviations []string
	// Faults names fault modes: states a healthy server is never in on
	// purpose (an unreachable dependency, an internal error) that the server
	// simulates so the specs for them can be exercised.
	Faults []string
	// Modes names conformant variants of the server (a stricter data model,
	// metadata left unpublished), so the suite can be tried against targets
	// that differ from the reference without being wrong.
	Modes []string
}

// Has reports whether name is among the deviations.
func (o Options) Has(name string) bool { return slices.Contains(o.Deviations, name) }

// Fault reports whether name is among the fault modes.
func (o Options) Fault(name string) bool { return slices.Contains(o.Faults, name) }

// Mode reports whether name is among the modes.
func (o Options) Mode(name string) bool { return slices.Contains(o.Modes, name) }

// Switch documents one deviation, fault mode or mode.
type Switch struct {
	Name        string
	Description string
}

// Server is a running-ready reference server for one vendor.
type Server interface {
	http.Handler
	// Profile returns the profile overlay that points the suite at this
	// server: the same keys a profile YAML file has (see harness/profile),
	// including the credentials, tokens and ids of the server's seeded data.
	// baseURL is where the server is listening, without a trailing slash.
	Profile(baseURL string) map[string]any
}

// Vendor describes how to build one vendor's reference server.
type Vendor struct {
	Name       string
	Deviations []Switch
	Faults     []Switch
	Modes      []Switch
	New        func(Options) (Server, error)
}

var (
	mu      sync.Mutex
	vendors = map[string]Vendor{}
)

// Register makes a vendor's reference server available by name.
func Register(v Vendor) {
	mu.Lock()
	defer mu.Unlock()
	vendors[v.Name] = v
}

// Lookup finds a registered vendor.
func Lookup(name string) (Vendor, bool) {
	mu.Lock()
	defer mu.Unlock()
	v, ok := vendors[name]
	return v, ok
}

// Names lists the registered vendors.
func Names() []string {
	mu.Lock()
	defer mu.Unlock()
	names := make([]string, 0, len(vendors))
	for n := range vendors {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// Build validates opts against the vendor's known switches and builds the
// server, so a misspelt deviation is an error rather than a silent no-op.
func (v Vendor) Build(opts Options) (Server, error) {
	if err := checkSwitches("deviation", opts.Deviations, v.Deviations); err != nil {
		return nil, fmt.Errorf("%s reference server: %w", v.Name, err)
	}
	if err := checkSwitches("fault mode", opts.Faults, v.Faults); err != nil {
		return nil, fmt.Errorf("%s reference server: %w", v.Name, err)
	}
	if err := checkSwitches("mode", opts.Modes, v.Modes); err != nil {
		return nil, fmt.Errorf("%s reference server: %w", v.Name, err)
	}
	return v.New(opts)
}

func checkSwitches(kind string, asked []string, known []Switch) error {
	for _, a := range asked {
		found := false
		for _, k := range known {
			if k.Name == a {
				found = true
				break
			}
		}
		if !found {
			names := make([]string, len(known))
			for i, k := range known {
				names[i] = k.Name
			}
			list := strings.Join(names, ", ")
			if list == "" {
				list = "none"
			}
			return fmt.Errorf("unknown %s %q (known: %s)", kind, a, list)
		}
	}
	return nil
}

// Running is a reference server listening on a loopback port.
type Running struct {
	URL    string
	server *http.Server
}

// Serve starts h on addr ("127.0.0.1:0" picks a free port).
func Serve(h http.Handler, addr string) (*Running, error) {
	if addr == "" {
		addr = "127.0.0.1:0"
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("listen on %s: %w", addr, err)
	}
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = srv.Serve(ln) }()
	return &Running{URL: "http://" + ln.Addr().String(), server: srv}, nil
}

// Close stops the server.
func (r *Running) Close() error { return r.server.Close() }
