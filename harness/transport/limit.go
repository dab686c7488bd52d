package transport

import (
	"context"
	"fmt"
	"io"
	"net/http"
)

// DefaultMaxBodyBytes bounds how much of one response body the suite reads
// unless the profile sets target.maxBodyBytes: an error body is small, and
// a server that answers a bad request with a whole collection (or a wrong
// target with a large page) must cost no more than reading the limit.
const DefaultMaxBodyBytes = 1 << 20

// limitedTransport cuts every response body at limit bytes, marks it and
// closes the connection rather than read the rest.
type limitedTransport struct {
	base  http.RoundTripper
	limit func() int64
}

func (t *limitedTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	resp, err := t.base.RoundTrip(r)
	if err == nil && resp.Body != nil {
		cut, _ := r.Context().Value(bodyCutKey).(*BodyCut)
		limit := t.limit()
		if resp.ContentLength > limit {
			// The length is declared too long: read only the start a
			// report shows, and drop the connection with the rest.
			if cut != nil {
				*cut = BodyCut{Size: resp.ContentLength, Limit: limit}
			}
			resp.Body = &limitedBody{ReadCloser: resp.Body, left: min(limit, MaxBodyShown), limit: limit}
			return resp, nil
		}
		resp.Body = &limitedBody{ReadCloser: resp.Body, left: limit, limit: limit, cut: cut}
	}
	return resp, err
}

// BodyCut describes a response body longer than the limit.
type BodyCut struct {
	// Size is the body's declared length; -1 when it was not declared, so
	// only "more than Limit" is known.
	Size int64
	// Limit is the number of bytes the suite reads at most.
	Limit int64
}

// Cut reports whether the body was cut.
func (c BodyCut) Cut() bool { return c.Limit > 0 }

func (c BodyCut) String() string {
	if c.Size >= 0 {
		return fmt.Sprintf("body of %d bytes exceeds target.maxBodyBytes (%d)", c.Size, c.Limit)
	}
	return fmt.Sprintf("body of more than %d bytes (no Content-Length) exceeds target.maxBodyBytes (%d)", c.Limit, c.Limit)
}

// limitedBody reads at most left bytes, then reports the end of the body
// and remembers that there was more. Its Close closes the connection when
// the body was not read to its end, so the rest is never transferred.
type limitedBody struct {
	io.ReadCloser
	left, limit int64
	cut         *BodyCut
}

func (b *limitedBody) Read(p []byte) (int, error) {
	if b.left <= 0 {
		var probe [1]byte
		if n, _ := b.ReadCloser.Read(probe[:]); n > 0 && b.cut != nil {
			*b.cut = BodyCut{Size: -1, Limit: b.limit}
		}
		return 0, io.EOF
	}
	if int64(len(p)) > b.left {
		p = p[:b.left]
	}
	n, err := b.ReadCloser.Read(p)
	b.left -= int64(n)
	return n, err
}

type bodyCutCtxKey struct{}

var bodyCutKey bodyCutCtxKey

// withBodyCutFlag asks the transport to fill *cut when it cuts the body.
// (http.Client wraps the body it returns, so the flag cannot live on it.)
func withBodyCutFlag(ctx context.Context, cut *BodyCut) context.Context {
	return context.WithValue(ctx, bodyCutKey, cut)
}
