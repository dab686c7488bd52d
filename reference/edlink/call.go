package edlink

import (
	"crypto/rand"
	"encoding/base64"
	"net/http"
	"strconv"
	"time"
)

// call is one authenticated request on its way through a handler.
type call struct {
	s      *Server
	r      *http.Request
	params map[string]string
	p      *principal
	body   []byte
	path   string // request path under BasePath; cursors are bound to it
}

// id reads a path parameter that must be an Edlink id.
func (c *call) id(name string) (string, error) {
	v := c.params[name]
	if !validUUID(v) {
		if c.s.cfg.Options.Has(DeviationInvalidUUIDNotFound) {
			return "", notFoundID()
		}
		return "", fail(codeInvalidUUID)
	}
	return normalizeID(v), nil
}

// cursor remembers where a paginated listing left off.
type cursor struct {
	principal string
	path      string
	offset    int
	size      int
	expires   time.Time
}

// page answers a listing one page at a time. maxSize bounds $first; the
// rostering bound is the one the page-size-unchecked deviation lifts.
func (c *call) page(items []map[string]any, maxSize int, rostering bool) (reply, error) {
	q := c.r.URL.Query()
	size := min(c.s.cfg.DefaultPageSize, maxSize)
	sizeGiven := q.Has("$first")
	if sizeGiven {
		n, err := strconv.Atoi(q.Get("$first"))
		unchecked := rostering && c.s.cfg.Options.Has(DeviationPageSizeUnchecked)
		if err != nil || n < 1 || (n > maxSize && !unchecked) {
			return reply{}, fail(codeInvalidPageSize)
		}
		size = n
	}
	offset := 0
	if q.Has("$cursor") {
		cur := c.s.cursors[q.Get("$cursor")]
		if cur == nil || cur.principal != c.p.key() || cur.path != c.path {
			return reply{}, fail(codeInvalidCursor)
		}
		if !c.s.now().Before(cur.expires) && !c.s.cfg.Options.Has(DeviationExpiredCursorAccepted) {
			return reply{}, fail(codeInvalidCursor)
		}
		offset = min(cur.offset, len(items))
		if !sizeGiven {
			size = cur.size
		}
	}
	end := min(offset+size, len(items))
	out := reply{data: append([]map[string]any{}, items[offset:end]...)}
	if end < len(items) {
		id := c.s.issueCursor(cursor{principal: c.p.key(), path: c.path, offset: end, size: size})
		out.next = c.baseURL() + c.path + "?$cursor=" + id
	}
	return out, nil
}

// baseURL is the API root as the client reached it.
func (c *call) baseURL() string {
	scheme := "http"
	if c.r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + c.r.Host + BasePath
}

// issueCursor stores cur with a fresh lifetime and returns its opaque id,
// dropping cursors that expired more than a day ago.
func (s *Server) issueCursor(cur cursor) string {
	now := s.now()
	for id, old := range s.cursors {
		if now.Sub(old.expires) > 24*time.Hour {
			delete(s.cursors, id)
		}
	}
	cur.expires = now.Add(s.cfg.CursorLifetime)
	id := randomToken(24)
	s.cursors[id] = &cur
	return id
}

// storedResponse is the first response given under an idempotency key.
type storedResponse struct {
	response
	expires time.Time
}

func (s *Server) recall(scope string) *storedResponse {
	stored := s.idempotent[scope]
	if stored == nil || !s.now().Before(stored.expires) {
		return nil
	}
	return stored
}

func (s *Server) remember(scope string, resp response) {
	now := s.now()
	for k, old := range s.idempotent {
		if !now.Before(old.expires) {
			delete(s.idempotent, k)
		}
	}
	if _, taken := s.idempotent[scope]; !taken {
		s.idempotent[scope] = &storedResponse{response: resp, expires: now.Add(s.cfg.IdempotencyLifetime)}
	}
}

// randomToken returns n random bytes, URL-safe encoded.
func randomToken(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b) // crypto/rand.Read never fails
	return base64.RawURLEncoding.EncodeToString(b)
}
