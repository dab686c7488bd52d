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
	set *secretSet
	// memo maps a text to its redaction under set; it is emptied when a
	// secret is added. The same failure message, curl or body is redacted
	// where it is rendered and again in every report.
	memo      map[string]string
	memoBytes int
}{set: newSecretSet(nil)}

// Texts longer than memoMaxText are not remembered, and the memo is
// emptied once it holds memoMaxBytes, so it cannot grow without bound.
const (
	memoMaxText  = 1 << 20
	memoMaxBytes = 32 << 20
)

// AddSecret registers a value (a client secret, an issued token) that must
// never appear in output. Registering happens where the secret is obtained,
// so nothing rendered later can leak it. Only the value is kept: Redact
// finds its encoded forms by decoding the text, not by listing encodings.
func AddSecret(values ...string) {
	secrets.Lock()
	defer secrets.Unlock()
	all := secrets.set.values
	for _, v := range values {
		if v != "" && !slices.Contains(all, v) {
			all = append(slices.Clip(all), v)
		}
	}
	if len(all) != len(secrets.set.values) {
		secrets.set = newSecretSet(all)
		secrets.memo, secrets.memoBytes = nil, 0
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
	if s == "" {
		return s
	}
	secrets.RLock()
	set := secrets.set
	out, known := secrets.memo[s]
	secrets.RUnlock()
	if known {
		return out
	}
	if len(set.values) == 0 {
		return s
	}
	out = set.redact(s)
	// Redacted text is redacted again by the reports: remember what that
	// gives too, rather than assume it gives the same.
	again := out
	if out != s {
		again = set.redact(out)
	}
	secrets.Lock()
	defer secrets.Unlock()
	if secrets.set != set || len(s) > memoMaxText {
		return out
	}
	if secrets.memo == nil || secrets.memoBytes > memoMaxBytes {
		secrets.memo, secrets.memoBytes = map[string]string{}, 0
	}
	secrets.memo[s] = out
	secrets.memo[out] = again
	secrets.memoBytes += len(s) + len(out) + len(again)
	return out
}

// redactWith replaces values, in every form, in s.
func redactWith(s string, values []string) string {
	return newSecretSet(values).redact(s)
}

// secretSet is a set of secrets with what finding them in base64 needs,
// worked out once per set.
type secretSet struct {
	values []string
	// needles are the parts of each secret long enough to look for
	// inside base64 (base64Needle); minRun is the shortest base64 run that
	// can hold one, 0 when none can.
	needles []string
	minRun  int
	// prefixes marks the hashes of each secret's first prefixLen bytes,
	// so one pass over a text finds where a secret may start; nil when a
	// secret is shorter than minPrefix.
	prefixes  *[prefixTableBits / 64]uint64
	prefixLen int
}

// A secret at least minPrefix long is looked for by the hash of its first
// (up to eight) bytes; prefixTableBits is the size of the table they mark.
const (
	minPrefix       = 4
	prefixTableBits = 1 << 16
)

func prefixHash(window uint64) uint64 { return (window * 0x9E3779B97F4A7C15) >> (64 - 16) }

// prefixWindow is the first n (at most eight) bytes of s as a number.
func prefixWindow(s string, n int) uint64 {
	var w uint64
	for i := range n {
		w = w<<8 | uint64(s[i])
	}
	return w
}

func newSecretSet(values []string) *secretSet {
	set := &secretSet{values: values}
	shortest := 0
	for _, secret := range values {
		if len(secret) < minEncodedSecret {
			continue
		}
		n := base64Needle(secret)
		set.needles = append(set.needles, n)
		if len(n) >= minEncodedSecret && (shortest == 0 || len(n) < shortest) {
			shortest = len(n)
		}
	}
	if shortest > 0 {
		// Base64 holding n bytes is at least 4n/3 characters long.
		set.minRun = max(6, shortest*4/3)
	}
	set.prefixLen = 8
	for _, secret := range values {
		set.prefixLen = min(set.prefixLen, len(secret))
	}
	if len(values) > 0 && set.prefixLen >= minPrefix {
		set.prefixes = new([prefixTableBits / 64]uint64)
		for _, secret := range values {
			h := prefixHash(prefixWindow(secret, set.prefixLen))
			set.prefixes[h/64] |= 1 << (h % 64)
		}
	}
	return set
}

// containsAny reports whether text holds one of the secrets, in one pass
// over it rather than one per secret.
func (set *secretSet) containsAny(text string) bool {
	if set.prefixes == nil {
		return slices.ContainsFunc(set.values, func(secret string) bool { return strings.Contains(text, secret) })
	}
	n := set.prefixLen
	mask := uint64(1)<<(8*n) - 1
	if n == 8 {
		mask = ^uint64(0)
	}
	var w uint64
	for i := 0; i < len(text); i++ {
		w = (w<<8 | uint64(text[i])) & mask
		if i < n-1 {
			continue
		}
		h := prefixHash(w)
		if set.prefixes[h/64]&(1<<(h%64)) == 0 {
			continue
		}
		at := text[i-n+1:]
		if slices.ContainsFunc(set.values, func(secret string) bool { return strings.HasPrefix(at, secret) }) {
			return true
		}
	}
	return false
}

// redact replaces the set's secrets, in every form, in s. Most texts hold
// none: views are first decoded without the source ranges that replacing
// needs, and decoded again with them only when a secret turns up.
func (set *secretSet) redact(s string) string {
	if len(set.values) == 0 || s == "" {
		return s
	}
	f := finder{secretSet: set}
	found := false
	for _, v := range views(s, false) {
		if f.holds(v.text) {
			found = true
			break
		}
	}
	if !found {
		return s
	}
	var spans []span
	for _, v := range views(s, true) {
		spans = append(spans, f.find(v)...)
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

// decoder turns text into its decoded form with, when sources is set,
// each output byte's source range, or reports that it changes nothing.
type decoder func(text string, sources bool) (out []byte, from, to []int, changed bool)

// The path encoding keeps + as it is, the form encoding makes it a space.
var decoders = []decoder{joinLines, unescapeJSON, decodePath, decodeForm}

func decodePath(s string, sources bool) ([]byte, []int, []int, bool) {
	return decodePercent(s, false, sources)
}

// decodeForm reports no change for a text without a +: it would decode it
// as decodePath does, and every view decoded by one is decoded by the other.
func decodeForm(s string, sources bool) ([]byte, []int, []int, bool) {
	if !strings.Contains(s, "+") {
		return nil, nil, nil, false
	}
	return decodePercent(s, true, sources)
}

// views are the original text and its decodings by each decoder, and by
// line joining together with another (a JSON-escaped or percent-encoded
// secret split across lines). Without sources, the views hold only text.
func views(s string, sources bool) []view {
	out := []view{{text: s}}
	for i, d := range decoders {
		once, ok := apply(view{text: s}, d, sources)
		if !ok {
			continue
		}
		out = append(out, once)
		for j, second := range decoders {
			if j == i || (i != 0 && j != 0) {
				continue
			}
			if twice, ok := apply(once, second, sources); ok {
				out = append(out, twice)
			}
		}
	}
	return out
}

// apply decodes a view once more, composing the source ranges.
func apply(v view, d decoder, sources bool) (view, bool) {
	out, from, to, changed := d(v.text, sources)
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

// decoded collects a decoder's output and, when asked, the source range of
// each byte.
type decoded struct {
	out      []byte
	from, to []int
	sources  bool
}

func newDecoded(n int, sources bool) *decoded {
	d := &decoded{out: make([]byte, 0, n), sources: sources}
	if sources {
		d.from, d.to = make([]int, 0, n), make([]int, 0, n)
	}
	return d
}

func (d *decoded) emit(c byte, from, to int) {
	d.out = append(d.out, c)
	if d.sources {
		d.from, d.to = append(d.from, from), append(d.to, to)
	}
}

func (d *decoded) result() ([]byte, []int, []int, bool) { return d.out, d.from, d.to, true }

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

func isBase64Char(c byte) bool { return base64Chars[c] }

// base64Chars are the characters of either base64 alphabet.
var base64Chars = func() (set [256]bool) {
	for _, c := range []byte("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/-_") {
		set[c] = true
	}
	return set
}()

// finder looks for a set's secrets in views of one text; it remembers
// what each base64 run holds, as the views of a text share most runs.
type finder struct {
	*secretSet
	runs map[string]bool
	buf  []byte
}

// find returns the source ranges of every secret in the view, and of every
// base64 stretch that decodes to text holding one.
func (f *finder) find(v view) []span {
	var out []span
	for _, secret := range f.values {
		for at := 0; ; {
			i := strings.Index(v.text[at:], secret)
			if i < 0 {
				break
			}
			out = append(out, v.source(at+i, at+i+len(secret)))
			at += i + len(secret)
		}
	}
	if f.minRun == 0 {
		return out
	}
	for _, m := range base64Runs(v.text, f.minRun) {
		if f.base64Holds(v.text[m[0]:m[1]]) {
			out = append(out, v.source(m[0], m[1]))
		}
	}
	return out
}

// holds reports whether find would find anything in text.
func (f *finder) holds(text string) bool {
	if f.containsAny(text) {
		return true
	}
	if f.minRun == 0 {
		return false
	}
	for _, m := range base64Runs(text, f.minRun) {
		if f.base64Holds(text[m[0]:m[1]]) {
			return true
		}
	}
	return false
}

var base64URLToStd = strings.NewReplacer("-", "+", "_", "/")

// base64Holds reports whether run, decoded from any of its first four
// offsets (text glued before it, such as "Basic" once a line break is
// dropped, shifts where its quanta start), holds a secret in any form but
// base64 again.
func (f *finder) base64Holds(run string) bool {
	if held, ok := f.runs[run]; ok {
		return held
	}
	held := f.decodesToSecret(run)
	if f.runs == nil {
		f.runs = map[string]bool{}
	}
	f.runs[run] = held
	return held
}

func (f *finder) decodesToSecret(run string) bool {
	run = base64URLToStd.Replace(strings.TrimRight(run, "="))
	for offset := 0; offset < 4 && len(run)-offset >= 6; offset++ {
		chunk := run[offset:]
		if len(chunk)%4 == 1 {
			chunk = chunk[:len(chunk)-1]
		}
		f.buf = slices.Grow(f.buf[:0], base64.RawStdEncoding.DecodedLen(len(chunk)))[:base64.RawStdEncoding.DecodedLen(len(chunk))]
		n, err := base64.RawStdEncoding.Decode(f.buf, []byte(chunk))
		if err != nil {
			continue
		}
		raw := string(f.buf[:n])
		// Credentials in base64 are raw or, from golang.org/x/oauth2,
		// percent-encoded.
		decodings := []string{raw}
		for _, d := range []decoder{decodePath, decodeForm} {
			if text, _, _, changed := d(raw, false); changed {
				decodings = append(decodings, string(text))
			}
		}
		for _, text := range decodings {
			for _, needle := range f.needles {
				if strings.Contains(text, needle) {
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
func joinLines(s string, sources bool) ([]byte, []int, []int, bool) {
	if !strings.ContainsAny(s, "\r\n") {
		return nil, nil, nil, false
	}
	d := newDecoded(len(s), sources)
	for i := 0; i < len(s); {
		j := i
		for j < len(s) && isBlank(s[j]) {
			j++
		}
		if j > i {
			if !strings.ContainsAny(s[i:j], "\r\n") {
				for k := i; k < j; k++ {
					d.emit(s[k], k, k+1)
				}
			}
			i = j
			continue
		}
		d.emit(s[i], i, i+1)
		i++
	}
	return d.result()
}

func isBlank(c byte) bool { return c == ' ' || c == '\t' || c == '\r' || c == '\n' }

// unescapeJSON decodes JSON string escapes (\" \\ \/ \n ... and \uXXXX,
// surrogate pairs included) wherever they appear; anything else stays.
func unescapeJSON(s string, sources bool) ([]byte, []int, []int, bool) {
	if !strings.Contains(s, `\`) {
		return nil, nil, nil, false
	}
	d := newDecoded(len(s), sources)
	var rune4 [utf8.UTFMax]byte
	for i := 0; i < len(s); {
		if s[i] != '\\' || i+1 >= len(s) {
			d.emit(s[i], i, i+1)
			i++
			continue
		}
		if c, ok := simpleEscapes[s[i+1]]; ok {
			d.emit(c, i, i+2)
			i += 2
			continue
		}
		r, ok := hex4(s, i)
		if !ok {
			d.emit(s[i], i, i+1)
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
		for _, c := range utf8.AppendRune(rune4[:0], r) {
			d.emit(c, i, end)
		}
		i = end
	}
	return d.result()
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
func decodePercent(s string, form, sources bool) ([]byte, []int, []int, bool) {
	if !strings.Contains(s, "%") && !(form && strings.Contains(s, "+")) {
		return nil, nil, nil, false
	}
	d := newDecoded(len(s), sources)
	for i := 0; i < len(s); {
		switch {
		case s[i] == '%' && i+2 < len(s):
			hi, ok1 := hexDigit(s[i+1])
			lo, ok2 := hexDigit(s[i+2])
			if ok1 && ok2 {
				d.emit(hi<<4|lo, i, i+3)
				i += 3
				continue
			}
		case form && s[i] == '+':
			d.emit(' ', i, i+1)
			i++
			continue
		}
		d.emit(s[i], i, i+1)
		i++
	}
	return d.result()
}
