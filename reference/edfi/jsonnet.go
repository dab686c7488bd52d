package edfi

import (
	"fmt"
	"math/big"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf16"
)

// This file reads request bodies the way the ODS/API's Json.NET reader and
// ASP.NET model binding do, so syntax errors carry the same messages, JSON
// paths, line numbers and positions, and are filed under the same keys.
//
// Json.NET specifics reproduced here: lines count from 1, positions are the
// UTF-16 units before the reader's current character (line 0 position 0 while
// nothing has been read); one trailing comma closes an object or array; a
// comma in value position reads as an undefined value; single quotes and
// unquoted property names are accepted; comments are skipped.

type jsonKind int

const (
	jsonObject jsonKind = iota + 1
	jsonArray
	jsonString
	jsonInteger
	jsonFloat
	jsonBool
	jsonNull
	jsonUndefined
)

// tokenNames are Json.NET's JsonToken names, used in its messages.
var tokenNames = map[jsonKind]string{
	jsonObject: "StartObject", jsonArray: "StartArray", jsonString: "String", jsonInteger: "Integer",
	jsonFloat: "Float", jsonBool: "Boolean", jsonNull: "Null", jsonUndefined: "Undefined",
}

type jsonNode struct {
	kind    jsonKind
	text    string // string value, or the number as written
	boolean bool
	members []jsonMember
	items   []*jsonNode
	path    string
	// line and pos are the reader's position just after the value's first
	// token: after a primitive, or after the '{' or '['.
	line, pos int
}

type jsonMember struct {
	name  string
	value *jsonNode
}

// member finds an object member by name, ignoring case as Json.NET's
// property matching does; the last duplicate wins.
func (n *jsonNode) member(name string) (*jsonNode, bool) {
	var found *jsonNode
	for _, m := range n.members {
		if strings.EqualFold(m.name, name) {
			found = m.value
		}
	}
	return found, found != nil
}

// absent reports a JSON null or undefined value.
func (n *jsonNode) absent() bool { return n.kind == jsonNull || n.kind == jsonUndefined }

// jsonError is a failure reading or converting the body.
type jsonError struct {
	messages  []string
	path      string
	line, pos int
	// keys are the model-state keys the failure is reported under.
	keys []string
}

func (e *jsonError) Error() string { return e.texts()[0] }

// texts returns the messages with Json.NET's location suffix.
func (e *jsonError) texts() []string {
	out := make([]string, len(e.messages))
	for i, m := range e.messages {
		out[i] = fmt.Sprintf("%s Path '%s', line %d, position %d.", m, e.path, e.line, e.pos)
	}
	return out
}

type jsonFrame struct {
	array   bool
	prop    string // object: the property being read
	index   int    // array: index of the last value read, -1 before any
	started bool   // false just after '{' or '[' (Json.NET's ObjectStart/ArrayStart)
	items   int    // array: values completed
	inValue bool   // object: reading the value of prop
}

type jsonReader struct {
	src     []rune
	i       int
	line    int
	linePos int
	read    bool // a token has been read (Json.NET state is no longer Start)
	frames  []*jsonFrame
}

// parseJSON reads one JSON value. It returns nil without error for a body
// that holds only whitespace. Content after the first value is ignored, as
// the ODS/API's deserializer does.
func parseJSON(text string) (*jsonNode, *jsonError) {
	r := &jsonReader{src: []rune(text), line: 1}
	if err := r.skipSpace(); err != nil {
		return nil, err
	}
	if r.eof() {
		return nil, nil
	}
	return r.value()
}

func (r *jsonReader) eof() bool  { return r.i >= len(r.src) }
func (r *jsonReader) peek() rune { return r.src[r.i] }

// advance consumes one character, counting lines and UTF-16 positions.
func (r *jsonReader) advance() {
	c := r.src[r.i]
	r.i++
	switch c {
	case '\n':
		r.line, r.linePos = r.line+1, 0
	case '\r':
		if !r.eof() && r.src[r.i] == '\n' {
			r.i++
		}
		r.line, r.linePos = r.line+1, 0
	default:
		r.linePos += len(utf16.Encode([]rune{c}))
	}
}

// reportedLine is Json.NET's LineNumber: 0 until something has been read.
func (r *jsonReader) reportedLine() int {
	if !r.read && r.linePos == 0 {
		return 0
	}
	return r.line
}

// path is Json.NET's JsonReader.Path for the current state.
func (r *jsonReader) path() string {
	var sb strings.Builder
	for i, f := range r.frames {
		if i == len(r.frames)-1 && !f.started {
			break
		}
		if f.array {
			sb.WriteString("[" + strconv.Itoa(f.index) + "]")
			continue
		}
		if strings.ContainsAny(f.prop, ".[]()'\" \t\n\r\f\b\\/\u0085\u2028\u2029") {
			sb.WriteString("['" + strings.ReplaceAll(f.prop, "'", `\'`) + "']")
			continue
		}
		if sb.Len() > 0 {
			sb.WriteByte('.')
		}
		sb.WriteString(f.prop)
	}
	return sb.String()
}

// syntaxError builds a reader exception and the keys ASP.NET files it
// under: the error's path, then once per enclosing container that catches
// it while deserializing one of its members (see memberKey).
func (r *jsonReader) syntaxError(format string, args ...any) *jsonError {
	e := &jsonError{messages: []string{fmt.Sprintf(format, args...)}, path: r.path(), line: r.reportedLine(), pos: r.linePos}
	e.keys = []string{e.path}
	for i := len(r.frames) - 1; i >= 0; i-- {
		f := r.frames[i]
		innermost := i == len(r.frames)-1
		switch {
		case f.array:
			e.keys = appendKey(e.keys, memberKey(e.path, strconv.Itoa(f.items)))
		case !innermost || f.inValue:
			e.keys = appendKey(e.keys, memberKey(e.path, f.prop))
		}
	}
	return e
}

// unexpectedEnd builds the serializer's end-of-input failure: every open
// container reports it in turn under the same key.
func (r *jsonReader) unexpectedEnd(first string) *jsonError {
	e := &jsonError{path: r.path(), line: r.reportedLine(), pos: r.linePos}
	if first != "" {
		e.messages = append(e.messages, first)
	}
	for i := len(r.frames) - 1; i >= 0; i-- {
		msg := "Unexpected end when deserializing object."
		if r.frames[i].array {
			msg = "Unexpected end when deserializing array."
		}
		if !slices.Contains(e.messages, msg) {
			e.messages = append(e.messages, msg)
		}
	}
	e.keys = []string{e.path}
	return e
}

// memberKey is ASP.NET's NewtonsoftJsonInputFormatter error key: the error
// path, with the catching member appended unless the path already ends
// with it.
func memberKey(path, member string) string {
	add := member != ""
	switch {
	case !add:
	case len(path) == len(member):
		add = path != member
	case len(path) > len(member):
		if member[0] == '[' {
			add = !strings.HasSuffix(path, member)
		} else {
			add = !strings.HasSuffix(path, "."+member) && !strings.HasSuffix(path, "['"+member+"']") &&
				!strings.HasSuffix(path, "["+member+"]")
		}
	}
	if !add {
		return path
	}
	switch {
	case path == "":
		return member
	case member[0] == '[':
		return path + member
	}
	return path + "." + member
}

func appendKey(keys []string, k string) []string {
	if slices.Contains(keys, k) {
		return keys
	}
	return append(keys, k)
}

func (r *jsonReader) skipSpace() *jsonError {
	for !r.eof() {
		c := r.peek()
		switch {
		case c == '/':
			if err := r.comment(); err != nil {
				return err
			}
		case unicode.IsSpace(c):
			r.advance()
		default:
			return nil
		}
	}
	return nil
}

func (r *jsonReader) comment() *jsonError {
	r.advance()
	if r.eof() {
		return r.syntaxError("Unexpected end while parsing comment.")
	}
	switch r.peek() {
	case '*':
		r.advance()
		for !r.eof() {
			if r.peek() == '*' && r.i+1 < len(r.src) && r.src[r.i+1] == '/' {
				r.advance()
				r.advance()
				return nil
			}
			r.advance()
		}
		return r.syntaxError("Unexpected end while parsing comment.")
	case '/':
		for !r.eof() && r.peek() != '\n' && r.peek() != '\r' {
			r.advance()
		}
		return nil
	}
	return r.syntaxError("Error parsing comment. Expected: *, got %c.", r.peek())
}

// startValue records that a value token begins in the current container.
func (r *jsonReader) startValue() {
	if n := len(r.frames); n > 0 && r.frames[n-1].array {
		f := r.frames[n-1]
		f.index++
		f.started = true
	}
	r.read = true
}

func (r *jsonReader) node(kind jsonKind) *jsonNode {
	return &jsonNode{kind: kind, path: r.path(), line: r.reportedLine(), pos: r.linePos}
}

// value reads a value at the current (non-space) position.
func (r *jsonReader) value() (*jsonNode, *jsonError) {
	c := r.peek()
	switch {
	case c == '{' || c == '[':
		r.startValue()
		r.advance()
		n := r.node(jsonObject)
		f := &jsonFrame{array: c == '[', index: -1}
		r.frames = append(r.frames, f)
		var err *jsonError
		if f.array {
			n.kind = jsonArray
			err = r.arrayBody(n, f)
		} else {
			err = r.objectBody(n, f)
		}
		if err != nil {
			return nil, err
		}
		r.frames = r.frames[:len(r.frames)-1]
		return n, nil
	case c == '"' || c == '\'':
		s, err := r.quoted()
		if err != nil {
			return nil, err
		}
		r.startValue()
		n := r.node(jsonString)
		n.text = s
		return n, nil
	case c == ',':
		// Json.NET reads an undefined value and leaves the comma in place.
		r.startValue()
		return r.node(jsonUndefined), nil
	case c == '-' || c == '.' || (c >= '0' && c <= '9'):
		if c == '-' && r.i+1 < len(r.src) && r.src[r.i+1] == 'I' {
			return r.literal("-Infinity", jsonFloat, "Error parsing negative infinity value.")
		}
		return r.number()
	case c == 't':
		return r.literal("true", jsonBool, "Error parsing boolean value.")
	case c == 'f':
		return r.literal("false", jsonBool, "Error parsing boolean value.")
	case c == 'n' && r.i+1 < len(r.src) && r.src[r.i+1] == 'u':
		return r.literal("null", jsonNull, "Error parsing null value.")
	case c == 'u':
		return r.literal("undefined", jsonUndefined, "Error parsing undefined value.")
	case c == 'N':
		return r.literal("NaN", jsonFloat, "Cannot read NaN value.")
	case c == 'I':
		return r.literal("Infinity", jsonFloat, "Cannot read Infinity value.")
	}
	return nil, r.syntaxError("Unexpected character encountered while parsing value: %c.", c)
}

// closes skips to the next token inside a container and consumes the
// container's closing character if that is what comes.
func (r *jsonReader) closes(closing rune) (bool, *jsonError) {
	if err := r.skipSpace(); err != nil {
		return false, err
	}
	if r.eof() {
		return false, r.unexpectedEnd("")
	}
	if r.peek() == closing {
		r.advance()
		return true, nil
	}
	return false, nil
}

func (r *jsonReader) objectBody(n *jsonNode, f *jsonFrame) *jsonError {
	for {
		if done, err := r.closes('}'); done || err != nil {
			return err
		}
		name, err := r.propertyName()
		if err != nil {
			return err
		}
		f.prop, f.started, f.inValue = name, true, true
		if err := r.skipSpace(); err != nil {
			return err
		}
		if r.eof() {
			return r.unexpectedEnd(fmt.Sprintf("Unexpected end when setting %s's value.", name))
		}
		v, verr := r.value()
		if verr != nil {
			return verr
		}
		f.inValue = false
		n.members = append(n.members, jsonMember{name: name, value: v})
		if done, err := r.afterValue('}'); done || err != nil {
			return err
		}
	}
}

func (r *jsonReader) arrayBody(n *jsonNode, f *jsonFrame) *jsonError {
	for {
		if done, err := r.closes(']'); done || err != nil {
			return err
		}
		v, err := r.value()
		if err != nil {
			return err
		}
		f.items++
		n.items = append(n.items, v)
		if done, err := r.afterValue(']'); done || err != nil {
			return err
		}
	}
}

// afterValue reads what follows a value inside a container: a comma (more
// may follow), the closing character, or an error.
func (r *jsonReader) afterValue(closing rune) (bool, *jsonError) {
	if err := r.skipSpace(); err != nil {
		return false, err
	}
	if r.eof() {
		return false, r.unexpectedEnd("")
	}
	switch c := r.peek(); c {
	case ',':
		r.advance()
		return false, nil
	case closing:
		r.advance()
		return true, nil
	default:
		return false, r.syntaxError("After parsing a value an unexpected character was encountered: %c.", c)
	}
}

func (r *jsonReader) propertyName() (string, *jsonError) {
	c := r.peek()
	var name string
	switch {
	case c == '"' || c == '\'':
		s, err := r.quoted()
		if err != nil {
			return "", err
		}
		name = s
	case isIdentifierChar(c):
		start := r.i
		for !r.eof() && isIdentifierChar(r.peek()) {
			r.advance()
		}
		name = string(r.src[start:r.i])
		if !r.eof() && !unicode.IsSpace(r.peek()) && r.peek() != ':' {
			return "", r.syntaxError("Invalid JavaScript property identifier character: %c.", r.peek())
		}
	default:
		return "", r.syntaxError("Invalid property identifier character: %c.", c)
	}
	for !r.eof() && unicode.IsSpace(r.peek()) {
		r.advance()
	}
	if r.eof() {
		return "", r.unexpectedEnd("")
	}
	if r.peek() != ':' {
		return "", r.syntaxError("Invalid character after parsing property name. Expected ':' but got: %c.", r.peek())
	}
	r.advance()
	return name, nil
}

func isIdentifierChar(c rune) bool {
	return unicode.IsLetter(c) || unicode.IsDigit(c) || c == '_' || c == '$'
}

// quoted reads a string in double or single quotes.
func (r *jsonReader) quoted() (string, *jsonError) {
	quote := r.peek()
	r.advance()
	var sb strings.Builder
	for {
		if r.eof() {
			return "", r.syntaxError("Unterminated string. Expected delimiter: %c.", quote)
		}
		c := r.peek()
		r.advance()
		switch c {
		case quote:
			return sb.String(), nil
		case '\\':
			if r.eof() {
				return "", r.syntaxError("Unterminated string. Expected delimiter: %c.", quote)
			}
			e := r.peek()
			r.advance()
			switch e {
			case 'b':
				sb.WriteRune('\b')
			case 't':
				sb.WriteRune('\t')
			case 'n':
				sb.WriteRune('\n')
			case 'f':
				sb.WriteRune('\f')
			case 'r':
				sb.WriteRune('\r')
			case '\\', '"', '\'', '/':
				sb.WriteRune(e)
			case 'u':
				if r.i+4 > len(r.src) {
					return "", r.syntaxError("Unexpected end while parsing Unicode escape sequence.")
				}
				hex := string(r.src[r.i : r.i+4])
				v, err := strconv.ParseUint(hex, 16, 16)
				if err != nil {
					return "", r.syntaxError("Invalid Unicode escape sequence: \\u%s.", hex)
				}
				for range 4 {
					r.advance()
				}
				sb.WriteRune(rune(v))
			default:
				return "", r.syntaxError("Bad JSON escape sequence: \\%c.", e)
			}
		default:
			sb.WriteRune(c)
		}
	}
}

func isNumberChar(c rune) bool {
	return c == '-' || c == '.' || c == '+' || c == 'x' || c == 'X' ||
		(c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')
}

func isSeparator(c rune) bool {
	return unicode.IsSpace(c) || c == ',' || c == '}' || c == ']' || c == ')' || c == '/'
}

func (r *jsonReader) number() (*jsonNode, *jsonError) {
	start := r.i
	for !r.eof() && isNumberChar(r.peek()) {
		r.advance()
	}
	if !r.eof() && !isSeparator(r.peek()) {
		return nil, r.syntaxError("Unexpected character encountered while parsing number: %c.", r.peek())
	}
	text := string(r.src[start:r.i])
	isHex := strings.HasPrefix(strings.TrimPrefix(text, "-"), "0x") || strings.HasPrefix(strings.TrimPrefix(text, "-"), "0X")
	if !isHex && strings.ContainsAny(text, ".eE") {
		if _, err := strconv.ParseFloat(text, 64); err != nil || strings.HasPrefix(text, "+") {
			return nil, r.syntaxError("Input string '%s' is not a valid number.", text)
		}
		r.startValue()
		n := r.node(jsonFloat)
		n.text = text
		return n, nil
	}
	v, ok := new(big.Int).SetString(text, 0)
	if !ok || strings.HasPrefix(text, "+") || strings.Contains(text, "_") {
		return nil, r.syntaxError("Input string '%s' is not a valid integer.", text)
	}
	r.startValue()
	n := r.node(jsonInteger)
	n.text = text
	if isHex || (len(strings.TrimPrefix(text, "-")) > 1 && strings.HasPrefix(strings.TrimPrefix(text, "-"), "0")) {
		n.text = v.String() // hexadecimal and octal literals read as their value
	}
	return n, nil
}

func (r *jsonReader) literal(word string, kind jsonKind, failure string) (*jsonNode, *jsonError) {
	for _, w := range word {
		if r.eof() || r.peek() != w {
			return nil, r.syntaxError("%s", failure)
		}
		r.advance()
	}
	if !r.eof() && !isSeparator(r.peek()) {
		return nil, r.syntaxError("%s", failure)
	}
	r.startValue()
	n := r.node(kind)
	n.text = word
	n.boolean = word == "true"
	return n, nil
}
