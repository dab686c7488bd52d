package edfi

import (
	"encoding/binary"
	"fmt"
	"io"
	"math"
	"math/big"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/edconform/edconform/reference/edfimodel"
)

// decoders turn body bytes into text per declared charset, as .NET's
// encodings would: no charset means UTF-8.
var decoders = map[string]func([]byte) string{
	"":           decodeUTF8,
	"utf-8":      decodeUTF8,
	"utf8":       decodeUTF8,
	"us-ascii":   decodeUTF8,
	"utf-16":     func(b []byte) string { return decodeUTF16(b, binary.LittleEndian) },
	"utf-16le":   func(b []byte) string { return decodeUTF16(b, binary.LittleEndian) },
	"unicode":    func(b []byte) string { return decodeUTF16(b, binary.LittleEndian) },
	"utf-16be":   func(b []byte) string { return decodeUTF16(b, binary.BigEndian) },
	"iso-8859-1": decodeLatin1,
	"latin1":     decodeLatin1,
}

func decodeUTF8(b []byte) string {
	return strings.ToValidUTF8(strings.TrimPrefix(string(b), "\uFEFF"), "\uFFFD")
}

func decodeLatin1(b []byte) string {
	runes := make([]rune, len(b))
	for i, c := range b {
		runes[i] = rune(c)
	}
	return string(runes)
}

// decodeUTF16 reads 16-bit units (a byte order mark overrides order); a
// trailing odd byte becomes U+FFFD.
func decodeUTF16(b []byte, order binary.ByteOrder) string {
	switch {
	case len(b) >= 2 && b[0] == 0xFF && b[1] == 0xFE:
		order, b = binary.LittleEndian, b[2:]
	case len(b) >= 2 && b[0] == 0xFE && b[1] == 0xFF:
		order, b = binary.BigEndian, b[2:]
	}
	units := make([]uint16, 0, len(b)/2)
	for i := 0; i+1 < len(b); i += 2 {
		units = append(units, order.Uint16(b[i:]))
	}
	text := string(utf16.Decode(units))
	if len(b)%2 == 1 {
		text += string(utf8.RuneError)
	}
	return text
}

const maxBody = 8 << 20

// readDocument reads, parses and binds the request body onto c.resource.
// It returns the bound document, whether it carried an id, or the problem
// to answer.
func (s *Server) readDocument(c *call) (map[string]any, string, *problem) {
	raw, err := io.ReadAll(io.LimitReader(c.r.Body, maxBody))
	if err != nil {
		return nil, "", badRequest("The request body could not be read.")
	}
	decode := decoders[c.charset]
	if s.opts.Has(DeviationCharsetIgnored) {
		decode = decodeUTF8
	}
	root, jerr := parseJSON(decode(raw))
	if jerr == nil && (root == nil || root.absent()) {
		if !s.opts.Has(DeviationEmptyBodyAsObject) {
			return nil, "", s.emptyBodyProblem(c)
		}
		root = &jsonNode{kind: jsonObject}
	}
	if p := s.product.syntaxProblem(jerr); p != nil {
		return nil, "", p
	}
	var errs []*jsonError
	if jerr != nil {
		errs = []*jsonError{jerr}
	} else if root.kind != jsonObject {
		errs = []*jsonError{rootError(root, c.resource.Name)}
	}
	if len(errs) > 0 {
		return nil, "", s.jsonProblem(errs)
	}
	b := &binder{model: s.model}
	doc := b.entity(&c.resource.Entity, root)
	if len(b.errs) > 0 {
		return nil, "", s.jsonProblem(b.errs)
	}
	id, hasID := root.member("id")
	if !hasID || id.absent() {
		return doc, "", nil
	}
	return doc, id.text, nil
}

// jsonProblem reports reading failures: under validationErrors by JSON
// path, or as plain errors when the failure concerns the whole body.
func (s *Server) jsonProblem(errs []*jsonError) *problem {
	sort.SliceStable(errs, func(i, j int) bool {
		if errs[i].line != errs[j].line {
			return errs[i].line < errs[j].line
		}
		return errs[i].pos < errs[j].pos
	})
	if len(errs) == 1 && errs[0].path == "" {
		return badRequest(errs[0].texts()...)
	}
	if s.opts.Has(DeviationJSONErrorsUnpathed) {
		var texts []string
		for _, e := range errs {
			texts = append(texts, e.texts()...)
		}
		return badRequest(texts...)
	}
	p := validationProblem()
	for _, e := range errs {
		for _, key := range e.keys {
			for _, text := range e.texts() {
				p.addValidation("$."+key, text)
			}
		}
	}
	return p
}

func rootError(n *jsonNode, typeName string) *jsonError {
	e := conversionError(n, typeName, true)
	e.keys = []string{""}
	return e
}

// binder converts parsed JSON to model values with Json.NET's conversion
// rules, collecting its conversion failures.
type binder struct {
	model *edfimodel.Model
	errs  []*jsonError
}

func (b *binder) fail(n *jsonNode, format string, args ...any) {
	b.errs = append(b.errs, &jsonError{messages: []string{fmt.Sprintf(format, args...)}, path: n.path, line: n.line, pos: n.pos, keys: []string{n.path}})
}

func (b *binder) entity(e *edfimodel.Entity, n *jsonNode) map[string]any {
	out := map[string]any{}
	for _, p := range e.Properties {
		v, ok := n.member(p.Name)
		if !ok || v.absent() {
			continue
		}
		switch p.Kind {
		case edfimodel.Reference:
			if v.kind != jsonObject {
				b.errs = append(b.errs, conversionError(v, edfimodel.Pascal(p.Name), true))
				continue
			}
			ref := map[string]any{}
			for _, f := range b.model.ReferenceFields(p) {
				if fv, ok := v.member(f.JSON); ok && !fv.absent() {
					if x, ok := b.scalar(f.Kind, fv); ok {
						ref[f.JSON] = x
					}
				}
			}
			out[p.Name] = ref
		case edfimodel.Collection:
			if v.kind != jsonArray {
				b.errs = append(b.errs, conversionError(v, "List<"+p.Item.Name+">", false))
				continue
			}
			items := []any{}
			for _, it := range v.items {
				switch {
				case it.absent():
				case it.kind != jsonObject:
					b.errs = append(b.errs, conversionError(it, p.Item.Name, true))
				default:
					items = append(items, b.entity(p.Item, it))
				}
			}
			out[p.Name] = items
		default:
			if x, ok := b.scalar(p.Kind, v); ok {
				out[p.Name] = x
			}
		}
	}
	return out
}

// conversionError is Json.NET's failure to read a value as an object
// (wantObject) or array type.
func conversionError(n *jsonNode, typeName string, wantObject bool) *jsonError {
	var msg string
	switch {
	case n.kind == jsonArray && wantObject:
		msg = fmt.Sprintf("Cannot deserialize the current JSON array (e.g. [1,2,3]) into type '%s' because the type requires a JSON object (e.g. {\"name\":\"value\"}) to deserialize correctly.", typeName)
	case n.kind == jsonObject && !wantObject:
		msg = fmt.Sprintf("Cannot deserialize the current JSON object (e.g. {\"name\":\"value\"}) into type '%s' because the type requires a JSON array (e.g. [1,2,3]) to deserialize correctly.", typeName)
	default:
		msg = fmt.Sprintf("Error converting value %s to type '%s'.", literal(n), typeName)
	}
	return &jsonError{messages: []string{msg}, path: n.path, line: n.line, pos: n.pos, keys: []string{n.path}}
}

// literal renders a value as Json.NET's messages quote it.
func literal(n *jsonNode) string {
	switch n.kind {
	case jsonString:
		return `"` + n.text + `"`
	case jsonBool:
		if n.boolean {
			return "True"
		}
		return "False"
	case jsonObject, jsonArray:
		return tokenNames[n.kind]
	}
	return n.text
}

var clrTypes = map[edfimodel.Kind]string{
	edfimodel.Int32: "System.Int32", edfimodel.Int64: "System.Int64", edfimodel.Decimal: "System.Decimal",
	edfimodel.Bool: "System.Boolean", edfimodel.Date: "System.DateTime", edfimodel.Time: "System.TimeSpan",
}

// readerNames name the typed reads Json.NET performs ("Error reading integer").
var readerNames = map[edfimodel.Kind]string{
	edfimodel.String: "string", edfimodel.Descriptor: "string", edfimodel.Int32: "integer",
	edfimodel.Decimal: "decimal", edfimodel.Bool: "boolean", edfimodel.Date: "date",
}

// scalar converts a JSON value to a model scalar.
func (b *binder) scalar(kind edfimodel.Kind, n *jsonNode) (any, bool) {
	unexpected := func() (any, bool) {
		if name, typed := readerNames[kind]; typed {
			b.fail(n, "Error reading %s. Unexpected token: %s.", name, tokenNames[n.kind])
		} else {
			b.fail(n, "Cannot deserialize the current JSON %s into type '%s' because the type requires a JSON primitive value (e.g. string, number, boolean, null) to deserialize correctly.",
				map[jsonKind]string{jsonObject: `object (e.g. {"name":"value"})`, jsonArray: "array (e.g. [1,2,3])"}[n.kind], clrTypes[kind])
		}
		return nil, false
	}
	convertFailed := func() (any, bool) {
		b.fail(n, "Error converting value %s to type '%s'.", literal(n), clrTypes[kind])
		return nil, false
	}
	switch kind {
	case edfimodel.String, edfimodel.Descriptor:
		switch n.kind {
		case jsonString, jsonInteger, jsonFloat:
			return n.text, true
		case jsonBool:
			return literal(n), true
		}
		return unexpected()
	case edfimodel.Int32, edfimodel.Int64:
		return b.integer(kind, n, unexpected, convertFailed)
	case edfimodel.Decimal:
		switch n.kind {
		case jsonInteger, jsonFloat:
			f, err := strconv.ParseFloat(n.text, 64)
			if err != nil || math.IsInf(f, 0) || math.IsNaN(f) {
				return convertFailed()
			}
			return f, true
		case jsonString:
			if f, err := strconv.ParseFloat(strings.TrimSpace(n.text), 64); err == nil && !math.IsInf(f, 0) && !math.IsNaN(f) {
				return f, true
			}
			b.fail(n, "Could not convert string to decimal: %s.", n.text)
			return nil, false
		}
		return unexpected()
	case edfimodel.Bool:
		switch n.kind {
		case jsonBool:
			return n.boolean, true
		case jsonInteger:
			return n.text != "0", true
		case jsonString:
			if v, err := strconv.ParseBool(strings.ToLower(strings.TrimSpace(n.text))); err == nil && len(n.text) > 1 {
				return v, true
			}
			b.fail(n, "Could not convert string to boolean: %s.", n.text)
			return nil, false
		}
		return unexpected()
	case edfimodel.Date:
		if n.kind != jsonString {
			return unexpected()
		}
		if d, ok := edfimodel.ParseDate(n.text); ok {
			return d, true
		}
		b.fail(n, "Could not convert string to DateTime: %s.", n.text)
		return nil, false
	case edfimodel.Time:
		if n.kind == jsonObject || n.kind == jsonArray {
			return unexpected()
		}
		if t, ok := edfimodel.ParseTime(n.text); ok && n.kind == jsonString {
			return t, true
		}
		return convertFailed()
	}
	return unexpected()
}

// integer reads Int32 and Int64 values. Values that do not fit are
// reported as failed conversions to the property's CLR type.
func (b *binder) integer(kind edfimodel.Kind, n *jsonNode, unexpected, convertFailed func() (any, bool)) (any, bool) {
	var text string
	switch n.kind {
	case jsonInteger:
		text = n.text
	case jsonString:
		text = strings.TrimSpace(n.text)
		if _, ok := new(big.Int).SetString(text, 10); !ok {
			if kind == edfimodel.Int32 {
				b.fail(n, "Could not convert string to integer: %s.", n.text)
				return nil, false
			}
			return convertFailed()
		}
	case jsonFloat:
		if kind == edfimodel.Int32 {
			b.fail(n, "Input string '%s' is not a valid integer.", n.text)
			return nil, false
		}
		return convertFailed()
	case jsonBool:
		if kind == edfimodel.Int64 {
			return convertFailed()
		}
		return unexpected()
	default:
		return unexpected()
	}
	bits := 64
	if kind == edfimodel.Int32 {
		bits = 32
	}
	v, err := strconv.ParseInt(text, 10, bits)
	if err != nil {
		return convertFailed()
	}
	return v, true
}

// emptyBodyProblem answers a POST or PUT without a body. The knowledge
// base documents POST (a plain bad request); ODS/API answers PUT with a
// validation error at "$".
func (s *Server) emptyBodyProblem(c *call) *problem {
	const message = "A non-empty request body is required."
	if c.method != http.MethodPut || s.product.answersEmptyPutLikePost() || s.opts.Has(DeviationEmptyPutBodyAsBadRequest) {
		return badRequest(message)
	}
	p := validationProblem()
	p.addValidation("$", message)
	return p
}
