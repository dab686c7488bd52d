package recorder

import (
	"encoding/base64"
	"errors"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
)

// Sent is the request a curl command line sends, by curl's documented
// behaviour: its own Host, User-Agent and Accept unless -H replaces or
// blanks them, and with data a Content-Length, a form Content-Type and,
// above 1024 bytes, Expect: 100-continue.
type Sent struct {
	Method, URL string
	// Header lines, Host first, as "Name: value".
	Header []string
	// Body is nil when the command sends no data.
	Body []byte
}

// RunCurls runs POSIX-sh command lines, each calling curl once, through sh
// with curl replaced by a function that records its arguments and, for
// --data-binary @-, its standard input; it returns what each would send.
func RunCurls(commands []string) ([]Sent, error) {
	dir, err := os.MkdirTemp("", "edconform-curl-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	// The call number is set before each command: in a pipeline the
	// function runs in a subshell, so it cannot count for itself.
	// Files are named <call>.<what> and a second curl of one command is
	// caught by noclobber, so sh starts no mkdir per command.
	script := []string{`set -C
curl() {
	: > "$OUT/$call.called" || exit 1; i=0
	for a; do
		i=$((i+1)); printf '%s' "$a" > "$OUT/$call.arg$i"
		if [ "$a" = "@-" ]; then cat > "$OUT/$call.stdin"; fi
	done
}`}
	for i, c := range commands {
		script = append(script, fmt.Sprintf("call=%d", i), c)
	}
	cmd := exec.Command("sh", "-c", strings.Join(script, "\n"))
	cmd.Env = append(os.Environ(), "OUT="+dir)
	if out, err := cmd.CombinedOutput(); err != nil {
		return nil, fmt.Errorf("sh: %v: %s", err, out)
	}
	sent := make([]Sent, len(commands))
	for i := range commands {
		d := filepath.Join(dir, strconv.Itoa(i)+".")
		var args []string
		for n := 1; ; n++ {
			raw, err := os.ReadFile(d + "arg" + strconv.Itoa(n))
			if err != nil {
				break
			}
			args = append(args, string(raw))
		}
		if len(args) == 0 {
			return nil, fmt.Errorf("command %d did not call curl:\n%s", i+1, commands[i])
		}
		stdin, _ := os.ReadFile(d + "stdin")
		s, err := CurlSends(args, stdin)
		if err != nil {
			return nil, fmt.Errorf("command %d: %v:\n%s", i+1, err, commands[i])
		}
		sent[i] = s
	}
	return sent, nil
}

// CurlSends models what curl sends for these arguments (the subset the
// suite's transcripts use: -sS, -i, -X, -I, -H, --data-binary) and this
// standard input.
func CurlSends(args []string, stdin []byte) (Sent, error) {
	var s Sent
	var custom []string
	next := func(i *int) (string, error) {
		*i++
		if *i >= len(args) {
			return "", fmt.Errorf("%s lacks its value", args[*i-1])
		}
		return args[*i], nil
	}
	for i := 0; i < len(args); i++ {
		var err error
		switch a := args[i]; {
		case a == "-sS", a == "-s", a == "-S", a == "-i":
		case a == "-X":
			s.Method, err = next(&i)
		case a == "-I":
			s.Method = "HEAD"
		case a == "-H":
			var h string
			h, err = next(&i)
			custom = append(custom, h)
		case a == "--data-binary":
			var d string
			if d, err = next(&i); d == "@-" {
				s.Body = append([]byte{}, stdin...)
			} else if strings.HasPrefix(d, "@") {
				err = errors.New("--data-binary from a file is not modelled")
			} else {
				s.Body = []byte(d)
			}
		case strings.HasPrefix(a, "-"):
			err = fmt.Errorf("option %s is not modelled", a)
		default:
			s.URL = a
		}
		if err != nil {
			return s, err
		}
	}
	// A hidden secret is no valid URL text; parse with a stand-in.
	const hidden = "hidden-secret"
	u, err := url.Parse(strings.ReplaceAll(s.URL, Redacted, hidden))
	if err != nil || u.Host == "" {
		return s, fmt.Errorf("no URL (%q)", s.URL)
	}
	if s.Method == "" {
		s.Method = "GET"
		if s.Body != nil {
			s.Method = "POST"
		}
	}
	defaults := [][2]string{{"Host", u.Host}, {"User-Agent", "curl/<version>"}, {"Accept", "*/*"}}
	if u.User != nil {
		// Credentials in the URL go as Basic authorization; hidden ones
		// stay hidden.
		password, _ := u.User.Password()
		credentials := base64.StdEncoding.EncodeToString([]byte(u.User.Username() + ":" + password))
		if strings.Contains(u.User.String(), hidden) {
			credentials = Redacted
		}
		defaults = append(defaults, [2]string{"Authorization", "Basic " + credentials})
	}
	if s.Body != nil {
		defaults = append(defaults, [2]string{"Content-Length", strconv.Itoa(len(s.Body))},
			[2]string{"Content-Type", "application/x-www-form-urlencoded"})
		if len(s.Body) > 1024 {
			defaults = append(defaults, [2]string{"Expect", "100-continue"})
		}
	}
	replaced := map[string]bool{}
	var added []string
	for _, h := range custom {
		name, value, found := strings.Cut(h, ":")
		switch {
		case found && strings.TrimSpace(value) == "":
			// "X:" removes curl's own X.
			replaced[strings.ToLower(name)] = true
		case found:
			replaced[strings.ToLower(name)] = true
			added = append(added, name+": "+strings.TrimSpace(value))
		case strings.HasSuffix(h, ";"):
			// "X;" sends X with an empty value.
			name = strings.TrimSuffix(h, ";")
			replaced[strings.ToLower(name)] = true
			added = append(added, name+":")
		default:
			return s, fmt.Errorf("-H %q is neither 'Name: value', 'Name:' nor 'Name;'", h)
		}
	}
	for _, d := range defaults {
		if !replaced[strings.ToLower(d[0])] {
			s.Header = append(s.Header, d[0]+": "+d[1])
		}
	}
	s.Header = append(s.Header, added...)
	return s, nil
}

// Redacted stands, in what a report shows, for a secret it hid; it matches
// any non-empty text.
const Redacted = "<redacted>"

// Diff lists every way the request on the wire differs from what the curl
// command sends: method, target, Host, each other header line (order
// aside), framing and body bytes. Empty means they are the same request.
func Diff(want Sent, got Request) []string {
	var diffs []string
	if got.Err != nil {
		diffs = append(diffs, "the captured request is incomplete: "+got.Err.Error())
	}
	if got.Method != want.Method {
		diffs = append(diffs, fmt.Sprintf("method: curl sends %s, the wire had %s", want.Method, got.Method))
	}
	if target := want.Target(); !matches(target, got.Target) {
		diffs = append(diffs, fmt.Sprintf("request target: curl sends %s, the wire had %s", target, got.Target))
	}
	wantLines, gotLines := normalized(want.Header), normalized(got.Header)
	for _, w := range wantLines {
		if i := indexMatching(gotLines, w); i >= 0 {
			gotLines = append(gotLines[:i], gotLines[i+1:]...)
			continue
		}
		diffs = append(diffs, "header: curl sends "+strconv.Quote(w)+", the wire lacked it")
	}
	for _, g := range gotLines {
		diffs = append(diffs, "header: the wire had "+strconv.Quote(g)+", which curl does not send")
	}
	switch {
	case want.Body == nil && got.Body != nil:
		diffs = append(diffs, fmt.Sprintf("body: curl sends none, the wire had %d bytes %q", len(got.Body), got.Body))
	case want.Body != nil && got.Body == nil:
		diffs = append(diffs, fmt.Sprintf("body: curl sends %d bytes %q, the wire had no body", len(want.Body), want.Body))
	case want.Body != nil && !matches(string(want.Body), string(got.Body)):
		diffs = append(diffs, fmt.Sprintf("body: curl sends %q, the wire had %q", want.Body, got.Body))
	}
	return diffs
}

// Target is the request target curl puts in the request line.
func (s Sent) Target() string { return requestTarget(s.URL) }

// requestTarget is what curl puts in the request line for u.
func requestTarget(u string) string {
	rest := u
	if i := strings.Index(rest, "://"); i >= 0 {
		rest = rest[i+3:]
	}
	rest, _, _ = strings.Cut(rest, "#")
	if i := strings.IndexAny(rest, "/?"); i >= 0 {
		rest = rest[i:]
	} else {
		rest = ""
	}
	if !strings.HasPrefix(rest, "/") {
		rest = "/" + rest
	}
	return rest
}

// normalized lowercases header names and trims values, so "X;" and
// "X: " compare equal, and sorts the lines.
func normalized(lines []string) []string {
	out := make([]string, 0, len(lines))
	for _, l := range lines {
		name, value, _ := strings.Cut(l, ":")
		out = append(out, strings.ToLower(strings.TrimSpace(name))+": "+strings.TrimSpace(value))
	}
	sort.Strings(out)
	return out
}

func indexMatching(lines []string, want string) int {
	for i, l := range lines {
		if matches(want, l) {
			return i
		}
	}
	return -1
}

// matches compares shown text with real text, where each <redacted> in the
// shown text stands for a secret of one or more characters. Taking each
// literal part at its first place after the last is enough for patterns
// whose only wildcard is that one.
func matches(shown, real string) bool {
	parts := strings.Split(shown, Redacted)
	if len(parts) == 1 {
		return shown == real
	}
	rest, ok := strings.CutPrefix(real, parts[0])
	if !ok {
		return false
	}
	for _, p := range parts[1 : len(parts)-1] {
		if rest == "" {
			return false
		}
		i := strings.Index(rest[1:], p)
		if i < 0 {
			return false
		}
		rest = rest[1+i+len(p):]
	}
	last := parts[len(parts)-1]
	return len(rest) > len(last) && strings.HasSuffix(rest, last)
}
