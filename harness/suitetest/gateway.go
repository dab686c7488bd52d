package suitetest

import (
	"net"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/edconform/edconform/harness/transport"
)

// OtherOrigin is a server on another loopback address (127.0.0.2) that
// records every request it gets; a suite must send it none.
type OtherOrigin struct {
	URL      string
	mu       sync.Mutex
	requests []string
}

// StartOtherOrigin listens on 127.0.0.2 for the rest of the test; the test
// is skipped where that address cannot be bound.
func StartOtherOrigin(t *testing.T) *OtherOrigin {
	t.Helper()
	o := &OtherOrigin{}
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		o.mu.Lock()
		o.requests = append(o.requests, r.Method+" "+r.URL.String())
		o.mu.Unlock()
		w.WriteHeader(http.StatusNoContent)
	}))
	ln, err := net.Listen("tcp", "127.0.0.2:0")
	if err != nil {
		t.Skipf("cannot listen on 127.0.0.2: %v", err)
	}
	srv.Listener = ln
	srv.Start()
	t.Cleanup(srv.Close)
	o.URL = srv.URL
	return o
}

// Requests lists what the server was sent ("METHOD /path").
func (o *OtherOrigin) Requests() []string {
	o.mu.Lock()
	defer o.mu.Unlock()
	return append([]string{}, o.requests...)
}

// Gateway is a proxy in front of a vendor's reference server that
// misbehaves in the ways a gateway or a broken server can: it names
// another origin in Location headers, or accepts deletions it never makes.
type Gateway struct {
	// URL is the proxy's root, which the profile's target names.
	URL string
	// BaseURL is the profile's target.baseURL.
	BaseURL string
	// Profile and Env are a profile aimed at the proxy, with its secrets
	// in the environment.
	Profile string
	Env     []string

	mu      sync.Mutex
	deletes []string
}

// GatewayOptions say how the gateway misbehaves.
type GatewayOptions struct {
	// LocationRoot, when set, replaces the origin of every Location header
	// with this URL's origin and puts its path before the Location's path.
	LocationRoot string
	// PublicBaseURL, when set, is written to the profile's
	// target.publicBaseURL; it is given the profile's target.baseURL.
	PublicBaseURL func(baseURL string) string
	// KeepOnDelete, when not 0, answers every DELETE with this status (and
	// KeepBody) without passing it on: the record stays.
	KeepOnDelete int
	KeepBody     string
}

// StartGateway serves the vendor's reference server behind a gateway for
// the rest of the test.
func StartGateway(t *testing.T, vendor string, o GatewayOptions) *Gateway {
	t.Helper()
	srv := buildReference(t, vendor)
	upstream, err := url.Parse(Serve(t, srv))
	if err != nil {
		t.Fatal(err)
	}
	g := &Gateway{}
	proxy := httputil.NewSingleHostReverseProxy(upstream)
	proxy.ModifyResponse = func(resp *http.Response) error {
		if loc := resp.Header.Get("Location"); loc != "" && o.LocationRoot != "" {
			resp.Header.Set("Location", relocate(loc, o.LocationRoot))
		}
		if resp.Request.Method == http.MethodDelete {
			g.record(resp.Request.URL.Path, resp.StatusCode)
		}
		return nil
	}
	front := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodDelete && o.KeepOnDelete != 0 {
			g.record(r.URL.Path, o.KeepOnDelete)
			if o.KeepBody != "" {
				w.Header().Set("Content-Type", "application/json")
			}
			w.WriteHeader(o.KeepOnDelete)
			_, _ = w.Write([]byte(o.KeepBody))
			return
		}
		proxy.ServeHTTP(w, r)
	}))
	t.Cleanup(front.Close)
	g.URL = front.URL
	overlay := srv.Profile(front.URL)
	target, _ := overlay["target"].(map[string]any)
	g.BaseURL, _ = target["baseURL"].(string)
	if o.PublicBaseURL != nil {
		target["publicBaseURL"] = o.PublicBaseURL(g.BaseURL)
	}
	g.Profile, g.Env = targetProfile(t, vendor, overlay)
	for _, kv := range g.Env {
		_, secret, _ := strings.Cut(kv, "=")
		transport.AddSecret(secret)
	}
	return g
}

func (g *Gateway) record(path string, status int) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.deletes = append(g.deletes, path+" "+http.StatusText(status))
}

// Deletes lists the DELETEs the gateway saw ("path status text").
func (g *Gateway) Deletes() []string {
	g.mu.Lock()
	defer g.mu.Unlock()
	return append([]string{}, g.deletes...)
}

// relocate moves a Location onto root's origin, under root's path.
func relocate(loc, root string) string {
	u, err := url.Parse(loc)
	r, rerr := url.Parse(root)
	if err != nil || rerr != nil {
		return loc
	}
	u.Scheme, u.Host = r.Scheme, r.Host
	u.Path = strings.TrimRight(r.Path, "/") + u.Path
	return u.String()
}
