package transport

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"slices"
	"sort"
	"strings"
	"sync"
	"unicode/utf16"
	"unicode/utf8"
)

// Redacted replaces every secret in rendered output.
const Redacted = "<redacted>"

var secrets = struct {
	sync.RWMutex
	values []string
}{}

// AddSecret registers a value (a client secret, an issued token) that must
// never appear in output. Registering happens where the secret is obtained,
// so nothing rendered later can leak it. Only the value is kept: Redact
// finds its encoded forms by decoding the text, not by listing encodings.
func AddSecret(values ...string) {
	secrets.Lock()
	defer secrets.Unlock()
	for _, v := range values {
		if v != "" && !slices.Contains(secrets.values, v) {
			secrets.values = append(secrets.values, v)
		}
	}
}

// addIssuedTokens registers the tokens of a token endpoint's answer: specs
// request tokens themselves too, not only through harness/auth.
func addIssuedTokens(body []byte) {
	if !bytes.Contains(body, []byte(`_token"`)) {
		return
	}
	var answer map[string]any
	if json.Unmarshal(body, &answer) != nil {
		return
	}
	for _, key := range []string{"access_token", "refresh_token", "id_token"} {
		if token, ok := answer[key].(string); ok {
			AddSecret(token)
		}
	}
}

// minEncodedSecret is the shortest secret looked for inside base64:
// shorter ones would match by chance in every long word.
const minEncodedSecret = 4

// Redact returns s with every registered secret replaced by Redacted, in
// each form a server might echo it: as it is; percent-encoded (query, path
// or form encoding); JSON-escaped (\uXXXX escapes, escaped slashes); split by
// a line break and indentation; and inside base64 (standard or URL alphabet,
// padded or not), such as HTTP Basic credentials `id:secret` with or without
// their scheme. The forms combine: a JSON-escaped secret broken across lines
// is found too.
func Redact(s string) string {
	secrets.RLock()
	values := secrets.values
	secrets.RUnlock()
	return redactWith(s, values)
}

// redactWith replaces values, in every form, in s.
func redactWith(s string, values []string) string {
	if len(values) == 0 || s == "" {
		return s
	}
	var spans []span
	for _, v := range views(s) {
		spans = append(spans, v.find(values)...)
	}
	return replaceSpans(s, spans)
}

// span is a byte range [from, to) of the text being redacted.
type span struct{ from, to int }

// view is the text decoded one way, with each decoded byte's source range
// in the original text, so a secret found in it is replaced where it was.
type view struct {
	text string
	// from and to give, per byte of text, its source range; nil means the
	// text is the original.
	from, to []int
}

func (v view) source(a, b int) span {
	if v.from == nil {
		return span{a, b}
	}
	return span{v.from[a], v.to[b-1]}
}

// decoder turns text into its decoded form with each output byte's source
// range, or reports that it changes nothing.
type decoder func(text string) (out []byte, from, to []int, changed bool)

// The path encoding keeps + as it is, the form encoding makes it a space.
var decoders = []decoder{joinLines, unescapeJSON, decodePath, decodeForm}

func decodePath(s string) ([]byte, []int, []int, bool) { return decodePercent(s, false) }
func decodeForm(s string) ([]byte, []int, []int, bool) { return decodePercent(s, true) }

// views are the original text and its decodings by each decoder, and by
// line joining together with another (a JSON-escaped or percent-encoded
// secret split across lines).
func views(s string) []view {
	out := []view{{text: s}}
	for i, d := range decoders {
		once, ok := apply(view{text: s}, d)
		if !ok {
			continue
		}
		out = append(out, once)
		for j, second := range decoders {
			if j == i || (i != 0 && j != 0) {
				continue
			}
			if twice, ok := apply(once, second); ok {
				out = append(out, twice)
			}
		}
	}
	return out
}

// apply decodes a view once more, composing the source ranges.
func apply(v view, d decoder) (view, bool) {
	out, from, to, changed := d(v.text)
	if !changed {
		return view{}, false
	}
	if v.from != nil {
		for i := range from {
			from[i], to[i] = v.from[from[i]], v.to[to[i]-1]
		}
	}
	return view{text: string(out), from: from, to: to}, true
}

// base64Runs are the stretches of text at least min long that may be
// base64 in either alphabet, with up to two padding characters.
func base64Runs(s string, min int) [][2]int {
	var out [][2]int
	for i := 0; i < len(s); {
		if !isBase64Char(s[i]) {
			i++
			continue
		}
		j := i
		for j < len(s) && isBase64Char(s[j]) {
			j++
		}
		end := j
		for end < len(s) && end < j+2 && s[end] == '=' {
			end++
		}
		if j-i >= min {
			out = append(out, [2]int{i, end})
		}
		i = end
	}
	return out
}

func isBase64Char(c byte) bool {
	return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '+' || c == '/' || c == '-' || c == '_'
}

// find returns the source ranges of every secret in the view, and of every
// base64 stretch that decodes to text holding one.
func (v view) find(values []string) []span {
	var out []span
	for _, secret := range values {
		for at := 0; ; {
			i := strings.Index(v.text[at:], secret)
			if i < 0 {
				break
			}
			out = append(out, v.source(at+i, at+i+len(secret)))
			at += i + len(secret)
		}
	}
	shortest := 0
	for _, secret := range values {
		if n := len(base64Needle(secret)); n >= minEncodedSecret && (shortest == 0 || n < shortest) {
			shortest = n
		}
	}
	if shortest == 0 {
		return out
	}
	// Base64 holding n bytes is at least 4n/3 characters long.
	for _, m := range base64Runs(v.text, max(6, shortest*4/3)) {
		if base64Holds(v.text[m[0]:m[1]], values) {
			out = append(out, v.source(m[0], m[1]))
		}
	}
	return out
}

// base64Holds reports whether run, decoded from any of its first four
// offsets (text glued before it, such as "Basic" once a line break is
// dropped, shifts where its quanta start), holds a secret in any form but
// base64 again.
func base64Holds(run string, values []string) bool {
	run = strings.TrimRight(run, "=")
	run = strings.NewReplacer("-", "+", "_", "/").Replace(run)
	for offset := 0; offset < 4 && len(run)-offset >= 6; offset++ {
		chunk := run[offset:]
		if len(chunk)%4 == 1 {
			chunk = chunk[:len(chunk)-1]
		}
		raw, err := base64.RawStdEncoding.DecodeString(chunk)
		if err != nil {
			continue
		}
		// Credentials in base64 are raw or, from golang.org/x/oauth2,
		// percent-encoded.
		decodings := []string{string(raw)}
		for _, d := range []decoder{decodePath, decodeForm} {
			if text, _, _, changed := d(string(raw)); changed {
				decodings = append(decodings, string(text))
			}
		}
		for _, decoded := range decodings {
			for _, secret := range values {
				if len(secret) >= minEncodedSecret && strings.Contains(decoded, base64Needle(secret)) {
					return true
				}
			}
		}
	}
	return false
}

// base64Needle is what of secret base64 text must hold: text glued after
// unpadded base64 fills its last quantum and spoils the last two bytes, so
// a long secret is looked for without them.
func base64Needle(secret string) string {
	if len(secret) >= 8 {
		return secret[:len(secret)-2]
	}
	return secret
}

// replaceSpans replaces the union of spans in s with Redacted.
func replaceSpans(s string, spans []span) string {
	if len(spans) == 0 {
		return s
	}
	sort.Slice(spans, func(i, j int) bool { return spans[i].from < spans[j].from })
	var b strings.Builder
	at := 0
	for i := 0; i < len(spans); {
		from, to := spans[i].from, spans[i].to
		for i++; i < len(spans) && spans[i].from <= to; i++ {
			to = max(to, spans[i].to)
		}
		if from < at {
			from = at
		}
		b.WriteString(s[at:from])
		b.WriteString(Redacted)
		at = to
	}
	b.WriteString(s[at:])
	return b.String()
}

// joinLines drops every run of blanks that holds a line break, as a
// pretty-printer or a wrapping server inserts into a long value.
func joinLines(s string) ([]byte, []int, []int, bool) {
	if !strings.ContainsAny(s, "\r\n") {
		return nil, nil, nil, false
	}
	out, from, to := make([]byte, 0, len(s)), make([]int, 0, len(s)), make([]int, 0, len(s))
	for i := 0; i < len(s); {
		j := i
		for j < len(s) && strings.IndexByte(" \t\r\n", s[j]) >= 0 {
			j++
		}
		if j > i {
			if !strings.ContainsAny(s[i:j], "\r\n") {
				for k := i; k < j; k++ {
					out, from, to = append(out, s[k]), append(from, k), append(to, k+1)
				}
			}
			i = j
			continue
		}
		out, from, to = append(out, s[i]), append(from, i), append(to, i+1)
		i++
	}
	return out, from, to, true
}

// unescapeJSON decodes JSON string escapes (\" \\ \/ \n ... and \uXXXX,
// surrogate pairs included) wherever they appear; anything else stays.
func unescapeJSON(s string) ([]byte, []int, []int, bool) {
	if !strings.Contains(s, `\`) {
		return nil, nil, nil, false
	}
	out, from, to := make([]byte, 0, len(s)), make([]int, 0, len(s)), make([]int, 0, len(s))
	emit := func(b []byte, a, z int) {
		for _, c := range b {
			out, from, to = append(out, c), append(from, a), append(to, z)
		}
	}
	for i := 0; i < len(s); {
		if s[i] != '\\' || i+1 >= len(s) {
			emit([]byte{s[i]}, i, i+1)
			i++
			continue
		}
		if c, ok := simpleEscapes[s[i+1]]; ok {
			emit([]byte{c}, i, i+2)
			i += 2
			continue
		}
		r, ok := hex4(s, i)
		if !ok {
			emit([]byte{s[i]}, i, i+1)
			i++
			continue
		}
		end := i + 6
		if utf16.IsSurrogate(r) {
			if low, ok := hex4(s, end); ok {
				r = utf16.DecodeRune(r, low)
				end += 6
			}
		}
		emit(utf8.AppendRune(nil, r), i, end)
		i = end
	}
	return out, from, to, true
}

var simpleEscapes = map[byte]byte{'"': '"', '\\': '\\', '/': '/', 'b': '\b', 'f': '\f', 'n': '\n', 'r': '\r', 't': '\t'}

// hex4 reads a \uXXXX escape at s[i:].
func hex4(s string, i int) (rune, bool) {
	if i+6 > len(s) || s[i] != '\\' || (s[i+1] != 'u' && s[i+1] != 'U') {
		return 0, false
	}
	var r rune
	for _, c := range []byte(s[i+2 : i+6]) {
		d, ok := hexDigit(c)
		if !ok {
			return 0, false
		}
		r = r<<4 | rune(d)
	}
	return r, true
}

func hexDigit(c byte) (byte, bool) {
	switch {
	case c >= '0' && c <= '9':
		return c - '0', true
	case c >= 'a' && c <= 'f':
		return c - 'a' + 10, true
	case c >= 'A' && c <= 'F':
		return c - 'A' + 10, true
	}
	return 0, false
}

// decodePercent decodes %XX escapes and, for a form, + as a space.
func decodePercent(s string, form bool) ([]byte, []int, []int, bool) {
	if !strings.Contains(s, "%") && !(form && strings.Contains(s, "+")) {
		return nil, nil, nil, false
	}
	out, from, to := make([]byte, 0, len(s)), make([]int, 0, len(s)), make([]int, 0, len(s))
	for i := 0; i < len(s); {
		switch {
		case s[i] == '%' && i+2 < len(s):
			hi, ok1 := hexDigit(s[i+1])
			lo, ok2 := hexDigit(s[i+2])
			if ok1 && ok2 {
				out, from, to = append(out, hi<<4|lo), append(from, i), append(to, i+3)
				i += 3
				continue
			}
		case form && s[i] == '+':
			out, from, to = append(out, ' '), append(from, i), append(to, i+1)
			i++
			continue
		}
		out, from, to = append(out, s[i]), append(from, i), append(to, i+1)
		i++
	}
	return out, from, to, true
}
