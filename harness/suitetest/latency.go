package suitetest

import (
	"net/http"
	"net/http/httputil"
	"net/url"
	"sync"
	"time"

	"github.com/edconform/edconform/reference"
)

// LatencyProxy forwards every request to a target after a fixed delay, the
// way a distant server answers, and records each request's arrival: how
// many requests a run makes, and when, is what decides its wall time
// against a real target.
type LatencyProxy struct {
	// URL is the proxy's address: a target reached through it.
	URL   string
	Delay time.Duration

	running *reference.Running
	mu      sync.Mutex
	seen    []ProxiedRequest
}

// ProxiedRequest is one request that went through the proxy.
type ProxiedRequest struct {
	Method, Path string
	At           time.Time
}

// NewLatencyProxy serves a proxy to target on a loopback port. The Host
// header is passed on unchanged, so the links and Location headers a
// target builds from it lead back through the proxy.
func NewLatencyProxy(target string, delay time.Duration) (*LatencyProxy, error) {
	to, err := url.Parse(target)
	if err != nil {
		return nil, err
	}
	p := &LatencyProxy{Delay: delay}
	forward := &httputil.ReverseProxy{
		Rewrite: func(r *httputil.ProxyRequest) {
			r.SetURL(to)
			r.Out.Host = r.In.Host
		},
		// Parallel runs keep several connections busy at once; without
		// enough idle ones each burst would pay for new connections.
		Transport: &http.Transport{MaxIdleConnsPerHost: 64, MaxIdleConns: 64, IdleConnTimeout: time.Minute},
	}
	handler := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p.record(ProxiedRequest{Method: r.Method, Path: r.URL.Path, At: time.Now()})
		select {
		case <-time.After(p.Delay):
		case <-r.Context().Done():
			return
		}
		forward.ServeHTTP(w, r)
	})
	if p.running, err = reference.Serve(handler, "127.0.0.1:0"); err != nil {
		return nil, err
	}
	p.URL = p.running.URL
	return p, nil
}

func (p *LatencyProxy) record(r ProxiedRequest) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.seen = append(p.seen, r)
}

// Requests returns the requests seen since the last Reset, in arrival order.
func (p *LatencyProxy) Requests() []ProxiedRequest {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]ProxiedRequest(nil), p.seen...)
}

// Reset forgets the requests seen so far.
func (p *LatencyProxy) Reset() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.seen = nil
}

// Close stops the proxy.
func (p *LatencyProxy) Close() error { return p.running.Close() }
