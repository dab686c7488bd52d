package suitetest

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"html"
	"io"
	"math/big"
	"net/http"
	"net/http/httputil"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/edconform/edconform/harness/profile"
	"github.com/edconform/edconform/harness/suite"
	"github.com/edconform/edconform/harness/transport"
)

// EchoForm is one form in which a server might echo a credential back.
type EchoForm struct{ Name, Text string }

// EchoForms are the forms of secret (with the client id it goes with, or
// "" for a token) that a careless server echoes: as it is; HTTP Basic
// credentials with and without their scheme, as net/http and as
// golang.org/x/oauth2 encode them; base64 of the secret alone in both
// alphabets, padded or not; percent-encoded for a query, a form or a path;
// JSON-escaped minimally, as Go escapes (\u003c), every byte as \u00XX, with
// escaped slashes; and split by a line break and indentation, raw, in base64
// and JSON-escaped.
func EchoForms(id, secret string) []EchoForm {
	split := func(s string) string { h := len(s) / 2; return s[:h] + "\n        " + s[h:] }
	b64 := base64.StdEncoding.EncodeToString
	var forms []EchoForm
	add := func(name, text string) { forms = append(forms, EchoForm{name, text}) }
	add("raw", secret)
	if id != "" {
		add("basic", "Basic "+b64([]byte(id+":"+secret)))
		add("basic-bare", b64([]byte(id+":"+secret)))
		add("basic-oauth2", b64([]byte(url.QueryEscape(id)+":"+url.QueryEscape(secret))))
		add("basic-split", split(b64([]byte(id+":"+secret))))
	}
	add("base64", b64([]byte(secret)))
	add("base64-raw", base64.RawStdEncoding.EncodeToString([]byte(secret)))
	add("base64-url", base64.URLEncoding.EncodeToString([]byte(secret)))
	add("base64-url-raw", base64.RawURLEncoding.EncodeToString([]byte(secret)))
	add("base64-split", split(b64([]byte(secret))))
	add("query", url.QueryEscape(secret))
	add("path", url.PathEscape(secret))
	add("form", "client_id="+url.QueryEscape(id)+"&client_secret="+url.QueryEscape(secret))
	minimal := jsonMinimal(secret)
	goJSON, _ := json.Marshal(secret)
	add("json", minimal)
	add("json-go", string(goJSON[1:len(goJSON)-1]))
	add("json-slash", strings.ReplaceAll(minimal, "/", `\/`))
	var every strings.Builder
	for _, c := range []byte(secret) {
		fmt.Fprintf(&every, `\u%04X`, c)
	}
	add("json-unicode", every.String())
	add("json-split", jsonMinimal(split(secret)))
	add("split", split(secret))
	return forms
}

// jsonMinimal is s JSON-escaped as a string's content, escaping only what
// JSON requires.
func jsonMinimal(s string) string {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(s)
	out := strings.TrimSpace(b.String())
	return out[1 : len(out)-1]
}

// isJSONForm tells the forms that are already JSON string content.
func isJSONForm(f EchoForm) bool { return strings.HasPrefix(f.Name, "json") }

// RandomSecret makes a secret of random letters and digits with the
// characters every encoding escapes (+ / = < > & " ' \ % :) in it.
func RandomSecret() string {
	const letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
	var b strings.Builder
	for _, special := range `+/=<>&"'\%:` {
		for range 3 {
			n, _ := rand.Int(rand.Reader, big.NewInt(int64(len(letters))))
			b.WriteByte(letters[n.Int64()])
		}
		b.WriteRune(special)
	}
	return "k" + b.String() + "z"
}

// echoCredential is a credential the echo target knows: the random value
// the suite holds, the reference server's value it stands for, and the
// client id it goes with ("" for a token).
type echoCredential struct{ id, value, real string }

// EchoTarget is a vendor's reference server behind a proxy that echoes
// every credential back in every EchoForm, in response headers and bodies,
// on the API and the token endpoint. The suite holds random secrets and
// tokens; the proxy swaps them for the reference server's and swaps the
// tokens it issues for random ones, so the test knows every value to look
// for. Each client but the primary one has its first token requests
// refused with a plain-text body echoing the credentials, its own first.
type EchoTarget struct {
	// ProfilePath and Env configure a child run against the target.
	ProfilePath string
	Env         []string

	mu        sync.Mutex
	known     []echoCredential
	refused   map[string]int
	primaryID string
	tokenPath string
}

// NewEchoTarget serves vendor's reference server behind an echoing proxy.
func NewEchoTarget(t *testing.T, vendor string) *EchoTarget {
	t.Helper()
	srv, served := serveReference(t, vendor)
	upstream, err := url.Parse(served)
	if err != nil {
		t.Fatal(err)
	}
	e := &EchoTarget{refused: map[string]int{}}
	proxy := &httputil.ReverseProxy{
		Rewrite: func(pr *httputil.ProxyRequest) {
			pr.SetURL(upstream)
			pr.Out.Host = pr.In.Host
			pr.Out = e.translate(pr.Out)
		},
		ModifyResponse: e.echo,
	}
	front := Serve(t, proxy)
	overlay := srv.Profile(front)
	auth, _ := overlay["auth"].(map[string]any)
	var tokenPath, primaryID string
	if tokenURL, _ := auth["tokenURL"].(string); tokenURL != "" {
		u, _ := url.Parse(tokenURL)
		tokenPath = u.Path
	}
	clients, _ := auth["clients"].(map[string]any)
	ids := map[string]string{}
	for role, c := range clients {
		entry, _ := c.(map[string]any)
		ids[profile.SecretEnvFor(role)], _ = entry["id"].(string)
		if role == "primary" {
			primaryID = ids[profile.SecretEnvFor(role)]
		}
	}
	path, env := targetProfile(t, vendor, overlay)
	var known []echoCredential
	for i, kv := range env {
		name, real, _ := strings.Cut(kv, "=")
		random := RandomSecret()
		known = append(known, echoCredential{id: ids[name], value: random, real: real})
		env[i] = name + "=" + random
	}
	// The proxy already serves: what it reads is set under the lock.
	e.mu.Lock()
	e.known, e.tokenPath, e.primaryID = known, tokenPath, primaryID
	e.mu.Unlock()
	e.ProfilePath, e.Env = path, env
	return e
}

type foundKey struct{}

// translate swaps the suite's random credentials in an outgoing request for
// the reference server's, and notes which it found for the echo.
func (e *EchoTarget) translate(r *http.Request) *http.Request {
	e.mu.Lock()
	known := append([]echoCredential{}, e.known...)
	e.mu.Unlock()
	var found []echoCredential
	swap := func(s string) string {
		for _, c := range known {
			for _, pair := range [][2]string{{c.value, c.real}, {url.QueryEscape(c.value), url.QueryEscape(c.real)}, {url.PathEscape(c.value), url.PathEscape(c.real)}} {
				if strings.Contains(s, pair[0]) {
					s = strings.ReplaceAll(s, pair[0], pair[1])
					if !slices.Contains(found, c) {
						found = append(found, c)
					}
				}
			}
		}
		return s
	}
	for name, values := range r.Header {
		for i, v := range values {
			if scheme, encoded, ok := strings.Cut(v, " "); ok && strings.EqualFold(scheme, "Basic") {
				if raw, err := base64.StdEncoding.DecodeString(encoded); err == nil {
					v = scheme + " " + base64.StdEncoding.EncodeToString([]byte(swap(string(raw))))
				}
			}
			values[i] = swap(v)
		}
		r.Header[name] = values
	}
	r.URL.RawQuery = swap(r.URL.RawQuery)
	if r.Body != nil {
		raw, _ := io.ReadAll(r.Body)
		raw = []byte(swap(string(raw)))
		r.Body, r.ContentLength = io.NopCloser(bytes.NewReader(raw)), int64(len(raw))
		r.Header.Set("Content-Length", strconv.Itoa(len(raw)))
	}
	return r.WithContext(context.WithValue(r.Context(), foundKey{}, found))
}

// echo rewrites a response: it issues random tokens, refuses each client's
// first token requests, and echoes credentials into headers and JSON bodies.
func (e *EchoTarget) echo(resp *http.Response) error {
	found, _ := resp.Request.Context().Value(foundKey{}).([]echoCredential)
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return err
	}
	_ = resp.Body.Close()
	e.mu.Lock()
	tokenPath, primaryID := e.tokenPath, e.primaryID
	e.mu.Unlock()
	if resp.Request.URL.Path == tokenPath && tokenPath != "" {
		// A token the suite never receives is no secret it could hide.
		if client := clientOf(found); client != "" && client != primaryID && e.refuse(client) {
			resp.StatusCode, resp.Status = http.StatusUnauthorized, "401 Unauthorized"
			resp.Header = http.Header{"Content-Type": {"text/plain"}}
			body = []byte(plainEcho(append(found, e.credentials()...)))
		} else {
			body = e.issue(body)
		}
	}
	for _, c := range found {
		for _, f := range EchoForms(c.id, c.value) {
			if !strings.ContainsAny(f.Text, "\r\n") {
				resp.Header.Add("X-Echo-"+f.Name, f.Text)
			}
		}
	}
	if strings.Contains(resp.Header.Get("Content-Type"), "json") && resp.Request.Method != http.MethodHead {
		body = e.jsonEcho(body)
	}
	resp.Body, resp.ContentLength = io.NopCloser(bytes.NewReader(body)), int64(len(body))
	resp.Header.Set("Content-Length", strconv.Itoa(len(body)))
	return nil
}

// clientOf is the client id of the first secret among found.
func clientOf(found []echoCredential) string {
	for _, c := range found {
		if c.id != "" {
			return c.id
		}
	}
	return ""
}

// refuse tells whether to refuse a token request of client: the first two
// are, since golang.org/x/oauth2 retries a refused request with the
// credentials in the form instead of the header.
func (e *EchoTarget) refuse(client string) bool {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.refused[client]++
	return e.refused[client] <= 2
}

// issue replaces the access token of a token response by a random one.
func (e *EchoTarget) issue(body []byte) []byte {
	var answer map[string]any
	if json.Unmarshal(body, &answer) != nil {
		return body
	}
	real, _ := answer["access_token"].(string)
	if real == "" {
		return body
	}
	e.mu.Lock()
	random := ""
	for _, c := range e.known {
		if c.real == real && c.id == "" {
			random = c.value
		}
	}
	if random == "" {
		random = RandomSecret()
		e.known = append(e.known, echoCredential{value: random, real: real})
	}
	e.mu.Unlock()
	answer["access_token"] = random
	out, _ := json.Marshal(answer)
	return out
}

func (e *EchoTarget) credentials() []echoCredential {
	e.mu.Lock()
	defer e.mu.Unlock()
	return append([]echoCredential{}, e.known...)
}

// plainEcho is a pretty-printed plain-text page with the credentials in
// every form, one per line.
func plainEcho(credentials []echoCredential) string {
	var b strings.Builder
	b.WriteString("invalid_client: the credentials received were\n")
	for _, c := range credentials {
		for _, f := range EchoForms(c.id, c.value) {
			b.WriteString("    echo-" + f.Name + ": " + f.Text + "\n")
		}
	}
	return b.String()
}

// jsonEcho adds an "echo" member with every credential in every form as
// the first member of a JSON object body, and indents the body.
func (e *EchoTarget) jsonEcho(body []byte) []byte {
	trimmed := bytes.TrimSpace(body)
	if len(trimmed) < 2 || trimmed[0] != '{' {
		return body
	}
	var items []string
	for _, c := range e.credentials() {
		for _, f := range EchoForms(c.id, c.value) {
			text := f.Text
			if !isJSONForm(f) {
				text = jsonMinimal(text)
			}
			items = append(items, `"echo-`+f.Name+`: `+text+`"`)
		}
	}
	member := `"echo": [` + strings.Join(items, ",") + `]`
	rest := bytes.TrimSpace(trimmed[1:])
	if len(rest) > 0 && rest[0] != '}' {
		member += ","
	}
	joined := append([]byte("{"+member), rest...)
	var out bytes.Buffer
	if json.Indent(&out, joined, "", "  ") != nil {
		return body
	}
	return out.Bytes()
}

// jsonEscapes undoes the escapes a JSON report applies, for Leaks.
var jsonEscapes = strings.NewReplacer(`\u003c`, "<", `\u003e`, ">", `\u0026`, "&", `\"`, `"`, `\\`, `\`, `\/`, "/", `\n`, "\n")

// Leaks names every credential found in text (a file or the output of a
// run) in any EchoForm, or as a piece of 12 characters of it or of its
// base64, also after undoing HTML, XML and JSON escaping. It names the form
// and the credential's number, never the value.
func (e *EchoTarget) Leaks(text string) []string {
	variants := []string{text, html.UnescapeString(text), jsonEscapes.Replace(text), jsonEscapes.Replace(html.UnescapeString(text))}
	credentials := e.credentials()
	sources := make([][]string, len(credentials))
	var forms []string
	for n, c := range credentials {
		sources[n] = []string{c.value, base64.StdEncoding.EncodeToString([]byte(c.value))}
		for _, f := range EchoForms(c.id, c.value) {
			forms = append(forms, f.Text)
		}
	}
	pieceFound := piecesIn(variants, sources, 12)
	formFound := occurring(variants, forms)
	var out []string
	next := 0
	for n, c := range credentials {
		for _, f := range EchoForms(c.id, c.value) {
			if formFound[next] {
				out = append(out, fmt.Sprintf("credential %d as %s", n, f.Name))
			}
			next++
		}
		if pieceFound[n] {
			out = append(out, fmt.Sprintf("credential %d as a 12-character piece", n))
		}
	}
	return out
}

// piecesIn reports, for each group of sources, whether any piece of size
// bytes of one of them occurs in one of texts.
func piecesIn(texts []string, sources [][]string, size int) []bool {
	var pieces []string
	var owner []int
	for group, values := range sources {
		for _, v := range values {
			for i := 0; i+size <= len(v); i++ {
				pieces, owner = append(pieces, v[i:i+size]), append(owner, group)
			}
		}
	}
	found := make([]bool, len(sources))
	for i, ok := range occurring(texts, pieces) {
		found[owner[i]] = found[owner[i]] || ok
	}
	return found
}

// occurring reports, for each needle, whether it occurs in one of texts.
// Each text is read once, its every window looked up among the needles by
// their first 8 bytes (a bit filter on them first), instead of once per
// needle; needles shorter than that are searched for one by one.
func occurring(texts, needles []string) []bool {
	found := make([]bool, len(needles))
	byPrefix := map[string][]int{}
	var filter [1 << 10]uint64
	for i, n := range needles {
		if len(n) < 8 {
			found[i] = slices.ContainsFunc(texts, func(text string) bool { return strings.Contains(text, n) })
			continue
		}
		byPrefix[n[:8]] = append(byPrefix[n[:8]], i)
		h := windowHash(n)
		filter[h>>6] |= 1 << (h & 63)
	}
	for _, text := range texts {
		for i := 0; i+8 <= len(text); i++ {
			if h := windowHash(text[i:]); filter[h>>6]&(1<<(h&63)) == 0 {
				continue
			}
			for _, n := range byPrefix[text[i:i+8]] {
				found[n] = found[n] || strings.HasPrefix(text[i:], needles[n])
			}
		}
	}
	return found
}

// windowHash maps the first 8 bytes of s (at least 8 long) to 16 bits.
func windowHash(s string) uint64 {
	x := uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
		uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56
	return (x * 0x9E3779B97F4A7C15) >> 48
}

// NotEchoed names the forms whose echo never reached text redacted (the
// marker "echo-<form>: " with Redacted shortly after it), so a run that
// never showed an echo cannot pass for one that hid it.
func (e *EchoTarget) NotEchoed(text string) []string {
	text = jsonEscapes.Replace(html.UnescapeString(text))
	var out []string
	for _, c := range e.credentials() {
		for _, f := range EchoForms(c.id, c.value) {
			if !shownRedacted(text, "echo-"+f.Name+": ") && !slices.Contains(out, f.Name) {
				out = append(out, f.Name)
			}
		}
	}
	return out
}

// shownRedacted reports whether Redacted follows marker closely somewhere.
func shownRedacted(text, marker string) bool {
	for rest := text; ; {
		i := strings.Index(rest, marker)
		if i < 0 {
			return false
		}
		rest = rest[i+len(marker):]
		if strings.Contains(rest[:min(len(rest), 120)], transport.Redacted) {
			return true
		}
	}
}

// RequireNoSecretEchoed runs the vendor's suite against its EchoTarget,
// every spec's transcript attached, and requires that no credential appears
// in any form in the output (stdout and stderr) or any file the run wrote
// (the suite's reports and Ginkgo's own JSON report), and that every form
// was echoed and shown redacted.
func RequireNoSecretEchoed(t *testing.T, test, vendor string) {
	t.Helper()
	e := NewEchoTarget(t, vendor)
	run := Execute(t, Options{Test: test, Args: []string{"--profile=" + e.ProfilePath}, Env: append(e.Env, suite.TranscriptsEnv+"=all")})
	if run.ExitCode() < 0 || len(run.Report.SpecReports) == 0 {
		t.Fatalf("the run did not end with a report (%v):\n%s", run.ExitErr, run.Output)
	}
	t.Log(run.Summary())
	files := run.ReportFiles(t)
	files["the output"] = run.Output
	var all strings.Builder
	for name, content := range files {
		for _, leak := range e.Leaks(content) {
			t.Errorf("%s shows %s", name, leak)
		}
		all.WriteString(content)
	}
	if missing := e.NotEchoed(all.String()); len(missing) > 0 {
		t.Errorf("these forms were never echoed and shown redacted: %s\n%s", strings.Join(missing, ", "), run.Summary())
	}
}
