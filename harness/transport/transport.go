// Package transport sends the specs' requests with resty and records every
// exchange, so a failure can show exactly what was sent (as a runnable curl
// command, secrets redacted) and what came back.
package transport

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/go-resty/resty/v2"
)

// Request is one HTTP request a spec sends.
type Request struct {
	Method string
	URL    string
	// Header is sent as is; Do adds User-Agent: edconform unless it names
	// one, and the recorded exchange holds the headers as sent.
	Header http.Header
	// Body is sent as is with a Content-Length equal to its length, even
	// when empty; nil sends no body: no Content-Length, no Transfer-Encoding.
	Body []byte
	// OmitContentType sends the body with no Content-Type header at all.
	OmitContentType bool
	// TouchesCollection marks a request aimed at a collection rather than one
	// item (the 405 cases); it skips the ownership guard on purpose.
	TouchesCollection bool
}

// Exchange is a request and what came of it.
type Exchange struct {
	Request  Request
	Status   int
	Header   http.Header
	Body     []byte
	Duration time.Duration
	// Err is set when no HTTP response arrived.
	Err error
	// BodyCut is set when the body was longer than the client's limit
	// and only its start was read.
	BodyCut BodyCut
}

// Guard vets a request before it is sent; see fixtures.Ledger.
type Guard func(r Request) error

// Client sends requests and records them.
type Client struct {
	resty        *resty.Client
	timeout      time.Duration
	guard        Guard
	log          *Log
	origins      *origins
	maxBodyBytes atomic.Int64
}

type wireCtxKey struct{}

// New returns a client whose every request is bounded by timeout.
func New(timeout time.Duration, log *Log, guard Guard) *Client {
	rc := resty.New().
		SetTimeout(timeout).
		// A redirect is the target's answer: record it, never follow it
		// (following would turn a refused DELETE into a GET elsewhere).
		SetRedirectPolicy(resty.RedirectPolicyFunc(func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse })).
		// resty adds headers of its own (Accept, a Content-Type for every
		// body) and frames some bodies as chunked; the request on the wire
		// must be exactly the one the report shows, so the hook sets the
		// headers and the body itself.
		SetPreRequestHook(func(_ *resty.Client, hr *http.Request) error {
			if r, ok := hr.Context().Value(wireCtxKey{}).(*Request); ok {
				toWire(hr, r)
			}
			return nil
		})
	rc.SetLogger(quietLogger{})
	base := http.DefaultTransport.(*http.Transport).Clone()
	// Go would add Accept-Encoding: gzip, a header the curl does not show.
	base.DisableCompression = true
	c := &Client{resty: rc, timeout: timeout, guard: guard, log: log, origins: &origins{}}
	c.maxBodyBytes.Store(DefaultMaxBodyBytes)
	rc.SetTransport(&limitedTransport{base: &guardedTransport{base: base, origins: c.origins}, limit: c.maxBodyBytes.Load})
	return c
}

// SetMaxBodyBytes sets how much of a response body is read at most
// (target.maxBodyBytes); a longer body is cut and marked in BodyCut.
func (c *Client) SetMaxBodyBytes(n int64) {
	if n > 0 {
		c.maxBodyBytes.Store(n)
	}
}

// HTTPClient is the underlying client, for libraries (OAuth) that need one.
func (c *Client) HTTPClient() *http.Client { return c.resty.GetClient() }

// userAgent goes with every request that does not name its own.
const userAgent = "edconform"

// Do sends r and records the exchange. It never panics: transport problems
// are reported in Exchange.Err with a hint naming what to fix.
func (c *Client) Do(ctx context.Context, r Request) *Exchange {
	r.Header = wireHeader(r)
	ex := &Exchange{Request: r}
	defer func() { c.log.add(ex) }()
	if c.guard != nil {
		if err := c.guard(r); err != nil {
			ex.Err = err
			return ex
		}
	}
	if err := unsendable(r); err != nil {
		ex.Err = err
		return ex
	}
	if u, err := url.Parse(r.URL); err == nil {
		if err := c.origins.check(u); err != nil {
			ex.Err = err
			return ex
		}
	}
	req := c.resty.R().SetContext(context.WithValue(withBodyCutFlag(ctx, &ex.BodyCut), wireCtxKey{}, &ex.Request))
	start := time.Now()
	resp, err := req.Execute(r.Method, r.URL)
	ex.Duration = time.Since(start)
	if err != nil {
		ex.Err = c.explain(r, err)
		return ex
	}
	ex.Status = resp.StatusCode()
	ex.Header = resp.Header()
	ex.Body = resp.Body()
	addIssuedTokens(ex.Body)
	return ex
}

// unsendable says why net/http cannot send r as it stands, where it would
// otherwise send another request than the one recorded.
func unsendable(r Request) error {
	if len(r.Body) == 0 && r.Body != nil && (r.Method == http.MethodGet || r.Method == http.MethodHead) {
		return fmt.Errorf("%s with an empty body: net/http cannot send Content-Length: 0 with %s, so send no body (nil) instead", r.Method, r.Method)
	}
	for _, name := range []string{"Content-Length", "Transfer-Encoding", "Trailer"} {
		if _, set := r.Header[name]; set {
			return fmt.Errorf("a %s header: net/http frames the body itself and would drop it", name)
		}
	}
	return nil
}

// wireHeader is every header the request sends besides Host and the body's
// framing (Content-Length), which follow from the URL and the body.
func wireHeader(r Request) http.Header {
	h := r.Header.Clone()
	if h == nil {
		h = http.Header{}
	}
	if _, named := h["User-Agent"]; !named {
		h.Set("User-Agent", userAgent)
	}
	if r.OmitContentType {
		h.Del("Content-Type")
	}
	return h
}

// toWire gives hr exactly r's headers and body. A body, even an empty one,
// goes with a Content-Length equal to its length and is never chunked; a
// request without one has neither Content-Length nor Transfer-Encoding.
func toWire(hr *http.Request, r *Request) {
	hr.Header = r.Header.Clone()
	if host := r.Header.Get("Host"); host != "" {
		hr.Host = host
	}
	hr.TransferEncoding = nil
	body := r.Body
	switch {
	case body == nil && lengthEvenWhenEmpty(r.Method):
		// net/http writes Content-Length: 0 for these methods when there
		// is no body; a body of unknown length, with the identity coding
		// (so not chunked), is framed by neither header and sends nothing.
		hr.Body, hr.ContentLength, hr.TransferEncoding = emptyBody{}, -1, []string{"identity"}
		hr.GetBody = func() (io.ReadCloser, error) { return emptyBody{}, nil }
	case body == nil:
		hr.Body, hr.ContentLength, hr.GetBody = nil, 0, nil
	case len(body) == 0:
		hr.Body, hr.ContentLength = http.NoBody, 0
		hr.GetBody = func() (io.ReadCloser, error) { return http.NoBody, nil }
		if !lengthEvenWhenEmpty(r.Method) {
			// The identity coding makes net/http write the zero
			// Content-Length for methods it otherwise sends none with.
			hr.TransferEncoding = []string{"identity"}
		}
	default:
		hr.Body, hr.ContentLength = io.NopCloser(bytes.NewReader(body)), int64(len(body))
		hr.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(body)), nil }
	}
}

// lengthEvenWhenEmpty: the methods net/http sends Content-Length: 0 with
// whenever it knows the body is empty.
func lengthEvenWhenEmpty(method string) bool {
	return method == http.MethodPost || method == http.MethodPut || method == http.MethodPatch
}

// emptyBody reads as empty without being http.NoBody, which net/http would
// take for a known zero length.
type emptyBody struct{}

func (emptyBody) Read([]byte) (int, error) { return 0, io.EOF }
func (emptyBody) Close() error             { return nil }

func (c *Client) explain(r Request, err error) error {
	var netErr net.Error
	var refused *OriginError
	switch {
	case errors.As(err, &refused):
		return refused
	case errors.As(err, &netErr) && netErr.Timeout(), errors.Is(err, context.DeadlineExceeded):
		return fmt.Errorf("no answer from %s within %s: the target is too slow or hung (raise target.timeout in the profile if it is merely slow)", hostOf(r.URL), c.timeout)
	case strings.Contains(err.Error(), "connection refused"), strings.Contains(err.Error(), "no such host"):
		return fmt.Errorf("cannot reach %s: %v (check target.baseURL in the profile or EDCONFORM_BASE_URL)", hostOf(r.URL), rootCause(err))
	case isCertificateError(err):
		return fmt.Errorf("the TLS certificate of %s is not trusted: %v (if the target uses a private CA, point SSL_CERT_FILE at its PEM file)", hostOf(r.URL), rootCause(err))
	case strings.Contains(err.Error(), "server gave HTTP response to HTTPS client"):
		return fmt.Errorf("%s answers plain HTTP, not HTTPS: use http:// in target.baseURL", hostOf(r.URL))
	}
	return fmt.Errorf("%s %s: %v", r.Method, r.URL, err)
}

func isCertificateError(err error) bool {
	var verify *tls.CertificateVerificationError
	var unknown x509.UnknownAuthorityError
	var hostname x509.HostnameError
	var invalid x509.CertificateInvalidError
	return errors.As(err, &verify) || errors.As(err, &unknown) || errors.As(err, &hostname) || errors.As(err, &invalid)
}

func hostOf(raw string) string {
	if u, err := url.Parse(raw); err == nil && u.Host != "" {
		return u.Scheme + "://" + u.Host
	}
	return raw
}

func rootCause(err error) error {
	for {
		next := errors.Unwrap(err)
		if next == nil {
			return err
		}
		err = next
	}
}

// JSON decodes the response body.
func (e *Exchange) JSON() (any, error) {
	var v any
	if len(e.Body) == 0 {
		return nil, errors.New("the response has no body")
	}
	if err := json.Unmarshal(e.Body, &v); err != nil {
		return nil, fmt.Errorf("the response body is not JSON (%v)", err)
	}
	return v, nil
}

// Curl renders the request as a POSIX-sh command line that makes curl send
// the same request: method, URL, every header (secrets redacted), and the
// exact body bytes. curl's own defaults are switched off where the request
// lacks them (-H 'Accept:' and, with a body, -H 'Content-Type:' and, for
// large bodies, -H 'Expect:'). A body that is not printable UTF-8 on one
// line (binary, NUL bytes, line breaks) is piped in from printf with octal
// escapes: printf '\377\000' | curl ... --data-binary @-. Without a body
// there is no --data-binary, so curl sends no Content-Length either. Header
// order aside (curl puts its own first), the bytes on the wire are the same.
func (e *Exchange) Curl() string {
	r := e.Request
	var b strings.Builder
	var data string
	if r.Body != nil {
		body := Redact(string(r.Body))
		if inlineSafe(body) {
			data = shellQuote(body)
		} else {
			b.WriteString("printf " + printfFormat(body) + " | \\\n  ")
			data = "@-"
		}
	}
	method := "-X " + r.Method
	if r.Method == http.MethodHead {
		// With -X HEAD curl would wait for a body that never comes.
		method = "-I"
	}
	// Values are redacted before quoting: quoting splits a secret that
	// holds a ' into pieces no redaction would recognise.
	b.WriteString("curl -sS -i " + method + " " + shellQuote(Redact(r.URL)))
	keys := make([]string, 0, len(r.Header))
	for k := range r.Header {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		for _, v := range r.Header[k] {
			line := k + ": " + Redact(v)
			switch {
			case v == "" && k == "User-Agent":
				// net/http sends no User-Agent when it is empty.
				line = k + ":"
			case v == "":
				// "-H 'X:'" would drop the header; "X;" sends it empty.
				line = k + ";"
			}
			b.WriteString(" \\\n  -H " + shellQuote(line))
		}
	}
	blank := func(name string) {
		if _, ok := r.Header[name]; !ok {
			b.WriteString(" \\\n  -H " + shellQuote(name+":"))
		}
	}
	blank("Accept")
	if r.Body != nil {
		blank("Content-Type")
		if len(r.Body) > curlExpectThreshold {
			blank("Expect")
		}
		b.WriteString(" \\\n  --data-binary " + data)
	}
	return Redact(b.String())
}

// curlExpectThreshold is the body size above which curl releases before
// 8.0 add Expect: 100-continue to a request.
const curlExpectThreshold = 1024

func shellQuote(s string) string { return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'" }

// inlineSafe reports whether a body can be shown as a quoted shell word
// that survives copying from a terminal or a report: printable UTF-8 on one
// line.
func inlineSafe(s string) bool {
	if !utf8.ValidString(s) {
		return false
	}
	for _, r := range s {
		if !unicode.IsPrint(r) && r != ' ' {
			return false
		}
	}
	return true
}

// printfFormat quotes s as a printf format that prints its exact bytes:
// printable ASCII as itself, everything else (and ', \ and %) as an octal
// escape, which POSIX printf understands.
func printfFormat(s string) string {
	var b strings.Builder
	b.WriteByte('\'')
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x20 && c < 0x7f && c != '\'' && c != '\\' && c != '%' {
			b.WriteByte(c)
			continue
		}
		fmt.Fprintf(&b, "\\%03o", c)
	}
	b.WriteByte('\'')
	return b.String()
}

// MaxBodyShown bounds how much of a body a failure message shows.
const MaxBodyShown = 4000

// redactedBodyMargin is how much of a body is redacted before it is cut to
// MaxBodyShown: room for a secret in its longest form across the cut.
const redactedBodyMargin = 4 * MaxBodyShown

// Response renders the response (status, headers, body) with secrets
// redacted and long bodies truncated.
func (e *Exchange) Response() string {
	if e.Err != nil {
		return "no response: " + Redact(e.Err.Error())
	}
	var b strings.Builder
	fmt.Fprintf(&b, "HTTP %d %s (%s)\n", e.Status, http.StatusText(e.Status), e.Duration.Round(time.Millisecond))
	keys := make([]string, 0, len(e.Header))
	for k := range e.Header {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		fmt.Fprintf(&b, "%s: %s\n", k, strings.Join(e.Header[k], ", "))
	}
	if e.BodyCut.Cut() {
		fmt.Fprintf(&b, "(%s; only its start was read)\n", e.BodyCut)
	}
	b.WriteString("\n")
	return Redact(b.String()) + redactAndTruncate(prettyBody(e.Body), MaxBodyShown)
}

// String is the whole exchange: request as curl, then the response.
func (e *Exchange) String() string {
	return e.Curl() + "\n" + indent(e.Response())
}

// prettyBody indents a JSON body without re-encoding it, so it reads as
// the server sent it (no \u003c for <, no rounding of long numbers, keys in
// the server's order); a binary body is described, not dumped.
func prettyBody(body []byte) string {
	if len(body) == 0 {
		return "(empty body)"
	}
	if !isText(body) {
		head := body[:min(len(body), 16)]
		return fmt.Sprintf("(%d bytes of binary data, not shown; they start % x)", len(body), head)
	}
	var out bytes.Buffer
	if json.Indent(&out, body, "", "  ") == nil {
		return out.String()
	}
	return string(body)
}

// isText reports whether body is UTF-8 text without control characters
// (other than tabs and line breaks), which would garble terminals and reports.
func isText(body []byte) bool {
	if !utf8.Valid(body) {
		return false
	}
	for _, r := range string(body) {
		if unicode.IsControl(r) && r != '\n' && r != '\r' && r != '\t' {
			return false
		}
	}
	return true
}

// Truncate shortens s to about n bytes, saying how much was left out; it
// never splits a character.
func Truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return notShown(s[:n], len(s)-n)
}

func notShown(shown string, more int) string {
	return fmt.Sprintf("%s\n… (%d more bytes not shown)", shown, more)
}

// redactAndTruncate redacts s before cutting it to n bytes, so no secret
// is cut in two and half shown; what lies far beyond the cut is not worth
// redacting.
func redactAndTruncate(s string, n int) string {
	head := s
	if len(head) > redactedBodyMargin {
		head = head[:redactedBodyMargin]
	}
	shown := Redact(head)
	if len(head) == len(s) {
		return Truncate(shown, n)
	}
	n = min(n, len(shown))
	for n > 0 && n < len(shown) && !utf8.RuneStart(shown[n]) {
		n--
	}
	return notShown(shown[:n], len(s)-len(head)+len(shown)-n)
}

func indent(s string) string {
	return "  " + strings.ReplaceAll(strings.TrimRight(s, "\n"), "\n", "\n  ")
}

// Log keeps the exchanges of the spec that is running.
type Log struct {
	mu        sync.Mutex
	exchanges []*Exchange
}

func (l *Log) add(e *Exchange) {
	if l == nil {
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	l.exchanges = append(l.exchanges, e)
}

// Reset forgets every exchange.
func (l *Log) Reset() {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.exchanges = nil
}

// Transcript renders every recorded exchange, oldest first.
func (l *Log) Transcript() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	var b strings.Builder
	for i, e := range l.exchanges {
		fmt.Fprintf(&b, "[%d] %s\n", i+1, e.String())
	}
	return b.String()
}

type quietLogger struct{}

func (quietLogger) Errorf(string, ...any) {}
func (quietLogger) Warnf(string, ...any)  {}
func (quietLogger) Debugf(string, ...any) {}
