package transport

import (
	"context"
	"io"
	"net/http"
)

// MaxBodyRead bounds how much of one response body the suite keeps in
// memory: an error body is small, and a server that answers a bad request
// with a whole collection must not exhaust the machine running the suite.
const MaxBodyRead = 8 << 20

// limitedTransport cuts every response body at limit bytes and marks it.
type limitedTransport struct {
	base  http.RoundTripper
	limit int64
}

func (t *limitedTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	resp, err := t.base.RoundTrip(r)
	if err == nil && resp.Body != nil {
		cut, _ := r.Context().Value(bodyCutKey).(*bool)
		resp.Body = &limitedBody{ReadCloser: resp.Body, left: t.limit, cut: cut}
	}
	return resp, err
}

// limitedBody reads at most left bytes, then reports the end of the body
// and remembers that there was more.
type limitedBody struct {
	io.ReadCloser
	left int64
	// cut, when the request asked, is set if there was more.
	cut *bool
}

func (b *limitedBody) Read(p []byte) (int, error) {
	if b.left <= 0 {
		var probe [1]byte
		if n, _ := b.ReadCloser.Read(probe[:]); n > 0 && b.cut != nil {
			*b.cut = true
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

// withBodyCutFlag asks the transport to set *cut when it cuts the body.
// (http.Client wraps the body it returns, so the flag cannot live on it.)
func withBodyCutFlag(ctx context.Context, cut *bool) context.Context {
	return context.WithValue(ctx, bodyCutKey, cut)
}
