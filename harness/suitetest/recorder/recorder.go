// Package recorder captures the exact bytes of every HTTP/1.1 request sent
// to it, so tests can compare what went on the wire with what a report
// claims was sent. It either forwards each request to an upstream server (a
// recording proxy in front of a reference server) or answers every request
// itself with an empty 204.
package recorder

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"net"
	"strconv"
	"strings"
	"sync"
)

// Request is one request as it crossed the wire.
type Request struct {
	// Raw is every byte of the request: head, framing and body.
	Raw []byte
	// Method, Target and Proto are the parts of the request line.
	Method, Target, Proto string
	// Header holds the header lines in the order sent, without the CRLF.
	Header []string
	// Chunked is set when the body was sent with chunked framing.
	Chunked bool
	// ContentLength is the Content-Length header's value, -1 when none.
	ContentLength int
	// Body is the body's content (de-chunked); nil when the request had no
	// framing for one at all.
	Body []byte
	// Err says why the request could not be read whole.
	Err error
}

// Values returns the values of every header line named name.
func (r Request) Values(name string) []string {
	var out []string
	for _, line := range r.Header {
		k, v, _ := strings.Cut(line, ":")
		if strings.EqualFold(strings.TrimSpace(k), name) {
			out = append(out, strings.TrimSpace(v))
		}
	}
	return out
}

// Recorder is a listening recorder.
type Recorder struct {
	// URL is where to send requests: http://127.0.0.1:<port>.
	URL      string
	upstream string
	ln       net.Listener
	mu       sync.Mutex
	requests []Request
	open     map[net.Conn]bool
	conns    sync.WaitGroup
}

// Start listens on a loopback port. With upstream ("127.0.0.1:8080") every
// request is forwarded there and the answers relayed back; with "" every
// request is answered with 204 No Content.
func Start(upstream string) (*Recorder, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	r := &Recorder{URL: "http://" + ln.Addr().String(), upstream: upstream, ln: ln, open: map[net.Conn]bool{}}
	go r.accept()
	return r, nil
}

// Requests returns every request captured so far, in arrival order.
func (r *Recorder) Requests() []Request {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]Request(nil), r.requests...)
}

// Close stops listening, closes the connections clients keep open and
// waits for them to end.
func (r *Recorder) Close() error {
	err := r.ln.Close()
	r.mu.Lock()
	for c := range r.open {
		_ = c.Close()
	}
	r.mu.Unlock()
	r.conns.Wait()
	return err
}

func (r *Recorder) accept() {
	for {
		conn, err := r.ln.Accept()
		if err != nil {
			return
		}
		r.conns.Add(1)
		r.mu.Lock()
		r.open[conn] = true
		r.mu.Unlock()
		go func() {
			defer r.conns.Done()
			defer func() {
				r.mu.Lock()
				delete(r.open, conn)
				r.mu.Unlock()
				_ = conn.Close()
			}()
			r.serve(conn)
		}()
	}
}

func (r *Recorder) serve(client net.Conn) {
	in := bufio.NewReader(client)
	var out io.Writer = client
	if r.upstream != "" {
		up, err := net.Dial("tcp", r.upstream)
		if err != nil {
			return
		}
		defer up.Close()
		relayed := make(chan struct{})
		go func() {
			_, _ = io.Copy(client, up)
			// The upstream closed: so does the client's side.
			_ = client.Close()
			close(relayed)
		}()
		defer func() { _ = up.Close(); <-relayed }()
		out = up
	}
	for {
		req, ok := Read(in)
		if !ok {
			return
		}
		r.mu.Lock()
		r.requests = append(r.requests, req)
		r.mu.Unlock()
		if req.Err != nil {
			return
		}
		if r.upstream != "" {
			if _, err := out.Write(req.Raw); err != nil {
				return
			}
			continue
		}
		if _, err := io.WriteString(out, "HTTP/1.1 204 No Content\r\n\r\n"); err != nil {
			return
		}
	}
}

// Read reads one request from in, keeping its raw bytes. ok is false when
// the connection ended cleanly before a request began.
func Read(in *bufio.Reader) (req Request, ok bool) {
	var raw bytes.Buffer
	line, err := in.ReadString('\n')
	raw.WriteString(line)
	if err != nil && line == "" {
		return req, false
	}
	req.ContentLength = -1
	defer func() { req.Raw = raw.Bytes() }()
	if err != nil {
		req.Err = fmt.Errorf("the request line ends early: %q", line)
		return req, true
	}
	parts := strings.SplitN(strings.TrimRight(line, "\r\n"), " ", 3)
	if len(parts) != 3 {
		req.Err = fmt.Errorf("malformed request line %q", line)
		return req, true
	}
	req.Method, req.Target, req.Proto = parts[0], parts[1], parts[2]
	for {
		h, err := in.ReadString('\n')
		raw.WriteString(h)
		if err != nil {
			req.Err = fmt.Errorf("the head ends early: %q", h)
			return req, true
		}
		h = strings.TrimRight(h, "\r\n")
		if h == "" {
			break
		}
		req.Header = append(req.Header, h)
	}
	if te := req.Values("Transfer-Encoding"); len(te) > 0 {
		req.Chunked = strings.EqualFold(te[len(te)-1], "chunked")
	}
	switch cl := req.Values("Content-Length"); {
	case req.Chunked:
		req.Body, req.Err = readChunked(in, &raw)
	case len(cl) == 1:
		n, err := strconv.Atoi(cl[0])
		if err != nil || n < 0 {
			req.Err = fmt.Errorf("bad Content-Length %q", cl[0])
			return req, true
		}
		req.ContentLength = n
		req.Body = make([]byte, n)
		_, req.Err = io.ReadFull(in, req.Body)
		raw.Write(req.Body)
	case len(cl) > 1:
		req.Err = fmt.Errorf("%d Content-Length headers", len(cl))
	}
	return req, true
}

func readChunked(in *bufio.Reader, raw *bytes.Buffer) ([]byte, error) {
	body := []byte{}
	for {
		line, err := in.ReadString('\n')
		raw.WriteString(line)
		if err != nil {
			return body, errors.New("a chunk size line ends early")
		}
		sizeText, _, _ := strings.Cut(strings.TrimRight(line, "\r\n"), ";")
		size, err := strconv.ParseInt(strings.TrimSpace(sizeText), 16, 32)
		if err != nil {
			return body, fmt.Errorf("bad chunk size %q", line)
		}
		if size == 0 {
			// Trailer fields, then the empty line.
			for {
				t, err := in.ReadString('\n')
				raw.WriteString(t)
				if err != nil {
					return body, errors.New("the chunked trailer ends early")
				}
				if strings.TrimRight(t, "\r\n") == "" {
					return body, nil
				}
			}
		}
		chunk := make([]byte, size+2)
		if _, err := io.ReadFull(in, chunk); err != nil {
			return body, errors.New("a chunk ends early")
		}
		raw.Write(chunk)
		body = append(body, chunk[:size]...)
	}
}
