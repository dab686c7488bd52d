package transport

import (
	"fmt"
	"net"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
)

// Origin is the scheme://host:port of a URL, in lower case with the
// default port spelt out, as origins compare; "" when raw has no host.
func Origin(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return ""
	}
	return originOf(u)
}

func originOf(u *url.URL) string {
	scheme, port := strings.ToLower(u.Scheme), u.Port()
	if port == "" {
		switch scheme {
		case "http":
			port = "80"
		case "https":
			port = "443"
		}
	}
	return scheme + "://" + net.JoinHostPort(strings.ToLower(u.Hostname()), port)
}

// OriginError is a request the client refused to send because its URL
// leaves the origins it may talk to.
type OriginError struct {
	URL     string
	Allowed []string
}

func (e *OriginError) Error() string {
	return fmt.Sprintf("refusing to send a request to %s: the suite talks only to the target's origin (%s), so neither credentials nor records reach another host; a URL a response names on another origin is never requested",
		hostOf(e.URL), strings.Join(e.Allowed, ", "))
}

// origins is the set of origins a client may send to; empty allows any.
type origins struct {
	mu      sync.RWMutex
	allowed []string
}

func (o *origins) set(urls []string) error {
	var allowed []string
	for _, raw := range urls {
		origin := Origin(raw)
		if origin == "" {
			return fmt.Errorf("%q is not an absolute URL, so it names no origin", raw)
		}
		if !slices.Contains(allowed, origin) {
			allowed = append(allowed, origin)
		}
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	o.allowed = allowed
	return nil
}

func (o *origins) check(u *url.URL) error {
	o.mu.RLock()
	defer o.mu.RUnlock()
	if len(o.allowed) == 0 || slices.Contains(o.allowed, originOf(u)) {
		return nil
	}
	return &OriginError{URL: u.String(), Allowed: slices.Clone(o.allowed)}
}

// guardedTransport refuses, before a byte is sent, every request (token
// requests of the OAuth library included) to an origin not allowed.
type guardedTransport struct {
	base    http.RoundTripper
	origins *origins
}

func (t *guardedTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	if err := t.origins.check(r.URL); err != nil {
		if r.Body != nil {
			_ = r.Body.Close()
		}
		return nil, err
	}
	return t.base.RoundTrip(r)
}

// AllowOrigins restricts the client to the origins of the given URLs (the
// target's base URL, the token URL): every other request is refused before
// it is sent, with or without credentials.
func (c *Client) AllowOrigins(urls ...string) error { return c.origins.set(urls) }
