package transport

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"net/url"
	"regexp"
	"slices"
	"sort"
	"strings"
	"sync"
)

// Redacted replaces every secret in rendered output.
const Redacted = "<redacted>"

var secrets = struct {
	sync.RWMutex
	values []string
}{}

// AddSecret registers a value (a client secret, an issued token) that must
// never appear in output. Registering happens where the secret is obtained,
// so nothing rendered later can leak it.
func AddSecret(values ...string) {
	secrets.Lock()
	defer secrets.Unlock()
	for _, v := range values {
		if v == "" {
			continue
		}
		for _, form := range encodings(v) {
			if !slices.Contains(secrets.values, form) {
				secrets.values = append(secrets.values, form)
			}
		}
	}
	// Longest first, so a secret containing another is replaced whole.
	sort.Slice(secrets.values, func(i, j int) bool { return len(secrets.values[i]) > len(secrets.values[j]) })
}

var basicCredentials = regexp.MustCompile(`(?i)\bbasic\s+([A-Za-z0-9+/]{4,}=*)`)

// Redact returns s with every registered secret replaced, including HTTP
// Basic credentials that encode one.
func Redact(s string) string {
	secrets.RLock()
	defer secrets.RUnlock()
	for _, v := range secrets.values {
		s = strings.ReplaceAll(s, v, Redacted)
	}
	return basicCredentials.ReplaceAllStringFunc(s, func(m string) string {
		sub := basicCredentials.FindStringSubmatch(m)
		raw, err := base64.StdEncoding.DecodeString(sub[1])
		if err != nil {
			return m
		}
		for _, v := range secrets.values {
			if strings.Contains(string(raw), v) {
				return strings.TrimSuffix(m, sub[1]) + Redacted
			}
		}
		return m
	})
}

// encodings are the forms a secret takes in rendered output: as it is,
// percent-encoded in a URL or form body (and so inside HTTP Basic
// credentials), and escaped in JSON, by Go (<, >, & as \u003c...) or by
// servers that escape the slash.
func encodings(v string) []string {
	var minimal bytes.Buffer
	enc := json.NewEncoder(&minimal)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(v)
	goJSON, _ := json.Marshal(v)
	jsonMinimal := unquote(strings.TrimSuffix(minimal.String(), "\n"))
	return []string{v, url.QueryEscape(v), url.PathEscape(v), jsonMinimal, unquote(string(goJSON)),
		strings.ReplaceAll(jsonMinimal, "/", `\/`)}
}

// unquote drops the quotes around an encoded JSON string.
func unquote(s string) string { return s[1 : len(s)-1] }
