package edlink

import (
	"crypto/rand"
	"encoding/base64"
	"maps"
	"net/http"
	"net/url"
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
		if c.s.deviates(DeviationInvalidUUIDNotFound) {
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
	query     string // the listing's query; only cursor-bound-to-query checks it
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
		if !rostering && c.s.deviates(DeviationAssignmentPageSizeRoster) {
			maxSize = rosterPageSizeMax
		}
		tooLarge := n > maxSize || (n == maxSize && c.s.deviates(DeviationPageSizeMaxExclusive))
		unchecked := rostering && c.s.deviates(DeviationPageSizeUnchecked)
		switch {
		case err == nil && n == 0 && c.s.deviates(DeviationPageSizeZeroDefault):
			sizeGiven = false
		case err != nil || n < 1 || (tooLarge && !unchecked):
			return reply{}, fail(codeInvalidPageSize)
		default:
			size = n
		}
	}
	offset := 0
	if q.Has("$cursor") {
		cur, err := c.resume(q)
		if err != nil {
			return reply{}, err
		}
		if cur != nil {
			offset = min(cur.offset, len(items))
			if !sizeGiven {
				size = cur.size
			}
		}
	}
	end := min(offset+size, len(items))
	out := reply{data: append([]map[string]any{}, items[offset:end]...)}
	if end < len(items) {
		id := c.s.issueCursor(cursor{principal: c.p.key(), path: c.path, query: listingQuery(q), offset: end, size: size})
		out.next = c.baseURL() + c.path + "?$cursor=" + id
	}
	return out, nil
}

// resume finds the listing the request's $cursor continues; nil when an
// unknown cursor restarts the listing (unknown-cursor-restarts).
func (c *call) resume(q url.Values) (*cursor, error) {
	cur := c.s.cursors[q.Get("$cursor")]
	switch {
	case cur == nil && c.s.deviates(DeviationUnknownCursorRestarts):
		return nil, nil
	case cur == nil || cur.principal != c.p.key() || cur.path != c.path:
		return nil, fail(codeInvalidCursor)
	case c.s.deviates(DeviationCursorBoundToQuery) && cur.query != listingQuery(q):
		return nil, fail(codeInvalidCursor)
	case !c.s.now().Before(cur.expires) && !c.s.deviates(DeviationExpiredCursorAccepted):
		return nil, fail(codeInvalidCursor)
	}
	return cur, nil
}

// listingQuery is a listing's query without its $cursor.
func listingQuery(q url.Values) string {
	rest := maps.Clone(q)
	delete(rest, "$cursor")
	return rest.Encode()
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
