// Package profile loads a vendor profile: a YAML file naming the target, its
// credentials (secrets from the environment only), how strict text checks
// are, and vendor-specific settings. A profile with no target means "start the
// vendor's reference server"; the server then supplies an overlay with the
// same keys.
package profile

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/edconform/edconform/harness/specid"
)

// Profile is one vendor profile after file, overlay and environment are merged.
type Profile struct {
	Vendor    string              `yaml:"vendor" json:"vendor"`
	Name      string              `yaml:"name,omitempty" json:"name,omitempty"`
	Target    Target              `yaml:"target,omitempty" json:"target"`
	Auth      Auth                `yaml:"auth,omitempty" json:"auth"`
	Strict    *bool               `yaml:"strict,omitempty" json:"strict,omitempty"`
	Texts     map[string][]string `yaml:"texts,omitempty" json:"texts,omitempty"`
	Reference Reference           `yaml:"reference,omitempty" json:"reference"`
	Settings  map[string]any      `yaml:"settings,omitempty" json:"settings,omitempty"`
	// Fixtures are per-resource additions merged into every document the
	// suite creates for that resource (fixtures.<resource>: {property: value}).
	Fixtures map[string]map[string]any `yaml:"fixtures,omitempty" json:"fixtures,omitempty"`
	// Expect records, per spec id, what a product answers where it differs
	// from the document (expect.<spec id>: {status, type}).
	Expect map[string]Expectation `yaml:"expect,omitempty" json:"expect,omitempty"`
	// Waivers accept known failures of named specs until they expire, so a
	// vendor can gate on regressions while a defect is open.
	Waivers []Waiver `yaml:"waivers,omitempty" json:"waivers,omitempty"`
	// Generate limits the specs generated from the target's metadata.
	Generate Generate `yaml:"generate,omitempty" json:"generate"`

	// Embedded is true when the target is the in-process reference server.
	Embedded bool `yaml:"-" json:"embedded"`
	// Source is the file the profile came from.
	Source string `yaml:"-" json:"source"`
}

// Generate limits the generated specs (runs with --generated): only these
// resources and rules (empty: all), at most MaxPerRule specs per rule and
// resource (0: no limit).
type Generate struct {
	Resources  []string `yaml:"resources,omitempty" json:"resources,omitempty"`
	Rules      []string `yaml:"rules,omitempty" json:"rules,omitempty"`
	MaxPerRule int      `yaml:"maxPerRule,omitempty" json:"maxPerRule,omitempty"`
}

// Target says where the server under test is.
type Target struct {
	BaseURL string   `yaml:"baseURL,omitempty" json:"baseURL,omitempty"`
	Timeout Duration `yaml:"timeout,omitempty" json:"timeout,omitempty"`
	// PublicBaseURL is the API root as a gateway in front of the target
	// names it in Location headers; such URLs are mapped onto BaseURL.
	PublicBaseURL string `yaml:"publicBaseURL,omitempty" json:"publicBaseURL,omitempty"`
	// MaxBodyBytes bounds how much of a response body is read; a longer
	// body is a MUST difference (default DefaultMaxBodyBytes).
	MaxBodyBytes int64 `yaml:"maxBodyBytes,omitempty" json:"maxBodyBytes,omitempty"`
}

// Auth holds the credentials the specs use, by role.
type Auth struct {
	TokenURL string            `yaml:"tokenURL,omitempty" json:"tokenURL,omitempty"`
	Clients  map[string]Client `yaml:"clients,omitempty" json:"clients,omitempty"`
	Tokens   map[string]Token  `yaml:"tokens,omitempty" json:"tokens,omitempty"`
}

// Client is an OAuth 2 client-credentials client.
type Client struct {
	ID        string `yaml:"id,omitempty" json:"id,omitempty"`
	SecretEnv string `yaml:"secretEnv,omitempty" json:"secretEnv,omitempty"`
	ClaimSet  string `yaml:"claimSet,omitempty" json:"claimSet,omitempty"`
	// Secret is never read from a file: it comes from SecretEnv, or from
	// the embedded reference server's overlay.
	Secret string `yaml:"secret,omitempty" json:"secret,omitempty"`
}

// Token is a static bearer token or API key.
type Token struct {
	Env   string `yaml:"env,omitempty" json:"env,omitempty"`
	Value string `yaml:"value,omitempty" json:"value,omitempty"`
}

// Reference configures the embedded reference server.
type Reference struct {
	Deviations []string `yaml:"deviations,omitempty" json:"deviations,omitempty"`
	Faults     []string `yaml:"faults,omitempty" json:"faults,omitempty"`
	Modes      []string `yaml:"modes,omitempty" json:"modes,omitempty"`
}

// Expectation overrides a spec's documented status and problem type (or
// error code) with what a product answers; reports show it as overridden.
type Expectation struct {
	Status int    `yaml:"status,omitempty" json:"status,omitempty"`
	Type   string `yaml:"type,omitempty" json:"type,omitempty"`
	// Reason says why, for the report (a release note, a product file).
	Reason string `yaml:"reason,omitempty" json:"reason,omitempty"`
	// BodyMayBeEmpty accepts a response without a body: the product answers
	// the case with a success or an empty error, so only the status is checked.
	BodyMayBeEmpty bool `yaml:"bodyMayBeEmpty,omitempty" json:"bodyMayBeEmpty,omitempty"`
	// ValidationErrors are the validationErrors paths the product reports
	// instead of the documented ones ([] for none); their messages are the
	// product's and not checked. Paths given also stand in for documented
	// errors: the product reports the failure there instead.
	ValidationErrors *[]string `yaml:"validationErrors,omitempty" json:"validationErrors,omitempty"`
}

// Waiver accepts the failure of one spec, for a reason, until a date.
type Waiver struct {
	Spec    string `yaml:"spec" json:"spec"`
	Reason  string `yaml:"reason" json:"reason"`
	Expires string `yaml:"expires" json:"expires"`
	// Key is where the waiver was written (waivers[2], or the file's), for errors.
	Key string `yaml:"-" json:"key,omitempty"`
}

// WaiverDate is the form of a waiver's expiry date.
const WaiverDate = "2006-01-02"

// check validates a waiver's fields against today; a waiver that has
// expired is an error, so a forgotten one cannot hide a failure for ever.
func (w Waiver) check(today time.Time) (field, reason string) {
	switch {
	case !specid.Pattern.MatchString(w.Spec):
		return "spec", fmt.Sprintf("%q is not a spec id (see docs/catalogue/ for every spec's id)", w.Spec)
	case strings.TrimSpace(w.Reason) == "":
		return "reason", "is empty: say why the failure is accepted (a defect number, say)"
	}
	expires, err := time.Parse(WaiverDate, w.Expires)
	if err != nil {
		return "expires", fmt.Sprintf("%q is not a date such as 2027-03-31", w.Expires)
	}
	if today.After(expires) {
		return "expires", fmt.Sprintf("the waiver of %s expired on %s: fix the defect, or renew the waiver with a new date", w.Spec, w.Expires)
	}
	return "", ""
}

// LoadWaivers reads a waivers file (a YAML document with a `waivers:` list,
// kept in the vendor's repository) and adds its waivers to the profile's.
func (p *Profile) LoadWaivers(path string, today time.Time) error {
	raw, err := readLimited(path)
	if err != nil {
		return &Error{Source: path, Key: "(file)", Reason: fmt.Sprintf("cannot read the waivers file: %v", err)}
	}
	var f struct {
		Waivers []Waiver `yaml:"waivers"`
	}
	if err := decodeStrict(raw, &f); err != nil {
		return &Error{Source: path, Key: keyOf(raw, err), Reason: reasonOf(err)}
	}
	for i, w := range f.Waivers {
		w.Key = fmt.Sprintf("%s: waivers[%d]", path, i)
		if field, reason := w.check(today); field != "" {
			return &Error{Source: path, Key: fmt.Sprintf("waivers[%d].%s", i, field), Reason: reason}
		}
		p.Waivers = append(p.Waivers, w)
	}
	return nil
}

// Waiver returns the waiver for a spec id, if any.
func (p *Profile) Waiver(id string) (Waiver, bool) {
	for _, w := range p.Waivers {
		if w.Spec == id && id != "" {
			return w, true
		}
	}
	return Waiver{}, false
}

// Duration is a time.Duration written as "30s" in YAML.
type Duration struct{ time.Duration }

// UnmarshalYAML parses a Go duration string.
func (d *Duration) UnmarshalYAML(n *yaml.Node) error {
	v, err := time.ParseDuration(n.Value)
	if err != nil || v <= 0 {
		// The line lets the loader name the key.
		return fmt.Errorf("line %d: %q is not a positive duration such as 30s", n.Line, n.Value)
	}
	d.Duration = v
	return nil
}

// MarshalYAML writes the duration as a string.
func (d Duration) MarshalYAML() (any, error) { return d.String(), nil }

// Today is the date waivers are checked against; tests replace it.
var Today = func() time.Time { return time.Now().UTC().Truncate(24 * time.Hour) }

// DefaultTimeout bounds every request when the profile sets none.
const DefaultTimeout = 30 * time.Second

// DefaultMaxBodyBytes bounds a response body when the profile sets no
// target.maxBodyBytes: error bodies are small.
const DefaultMaxBodyBytes = 1 << 20

// MaxBodyBytes is the most of one response body the suite reads.
func (p *Profile) MaxBodyBytes() int64 {
	if p.Target.MaxBodyBytes > 0 {
		return p.Target.MaxBodyBytes
	}
	return DefaultMaxBodyBytes
}

// IsStrict reports whether SHOULD-level text differences fail specs.
func (p *Profile) IsStrict() bool { return p.Strict == nil || *p.Strict }

// Timeout is the per-request time limit.
func (p *Profile) Timeout() time.Duration {
	if p.Target.Timeout.Duration > 0 {
		return p.Target.Timeout.Duration
	}
	return DefaultTimeout
}

// Error names the profile key at fault and what to do about it.
type Error struct {
	Source string
	Key    string
	Reason string
}

func (e *Error) Error() string {
	where := e.Source
	if where == "" {
		where = "profile"
	}
	return fmt.Sprintf("%s: %s: %s", where, e.Key, e.Reason)
}

// Load reads a profile file and applies environment overrides. vendor is the
// suite's vendor; a profile for another vendor is an error.
func Load(path, vendor string, env func(string) string) (*Profile, error) {
	raw, err := readLimited(path)
	if err != nil {
		return nil, &Error{Source: path, Key: "(file)", Reason: fmt.Sprintf("cannot read the profile: %v", err)}
	}
	return Parse(raw, path, vendor, env)
}

// readLimited reads a file, but no more than one byte past what a profile
// may hold, so the size check need not read a huge file whole.
func readLimited(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(io.LimitReader(f, MaxProfileBytes+1))
}

// Parse is Load for a profile already read, such as one embedded in the
// binary; path names it in errors and gives the default name.
func Parse(raw []byte, path, vendor string, env func(string) string) (*Profile, error) {
	p := &Profile{}
	if err := decodeStrict(raw, p); err != nil {
		return nil, &Error{Source: path, Key: keyOf(raw, err), Reason: reasonOf(err)}
	}
	p.Source = path
	if p.Name == "" {
		p.Name = strings.TrimSuffix(filepath.Base(path), filepath.Ext(path))
	}
	for name, c := range p.Auth.Clients {
		if c.Secret != "" {
			return nil, &Error{Source: path, Key: "auth.clients." + name + ".secret",
				Reason: "secrets are read from the environment only: remove it and set secretEnv (default " + SecretEnvFor(name) + ")"}
		}
	}
	for name, t := range p.Auth.Tokens {
		if t.Value != "" {
			return nil, &Error{Source: path, Key: "auth.tokens." + name + ".value",
				Reason: "tokens are read from the environment only: remove it and set env (default " + TokenEnvFor(name) + ")"}
		}
	}
	if err := p.applyEnv(env); err != nil {
		return nil, err
	}
	if p.Vendor == "" {
		p.Vendor = vendor
	}
	if p.Vendor != vendor {
		return nil, &Error{Source: path, Key: "vendor", Reason: fmt.Sprintf("this profile is for %q, but the %s suite is running", p.Vendor, vendor)}
	}
	p.Embedded = p.Target.BaseURL == ""
	if err := p.validate(); err != nil {
		return nil, err
	}
	return p, nil
}

// decodeStrict decodes YAML into v, rejecting unknown keys and documents of
// a shape no profile has (see checkShape); an empty document is not an
// error.
func decodeStrict(raw []byte, v any) error {
	if err := checkShape(raw); err != nil {
		return err
	}
	dec := yaml.NewDecoder(bytes.NewReader(raw))
	dec.KnownFields(true)
	if err := dec.Decode(v); err != nil && !errors.Is(err, io.EOF) {
		return err
	}
	return nil
}

// applyEnv applies the documented environment overrides and resolves
// secrets. Values are trimmed: a pasted newline or a CR from a Windows .env
// file is never part of a URL or secret.
func (p *Profile) applyEnv(getenv func(string) string) error {
	if getenv == nil {
		getenv = os.Getenv
	}
	env := func(name string) string { return strings.TrimSpace(getenv(name)) }
	if v := env("EDCONFORM_BASE_URL"); v != "" {
		p.Target.BaseURL = v
	}
	if v := env("EDCONFORM_TOKEN_URL"); v != "" {
		p.Auth.TokenURL = v
	}
	if v := env("EDCONFORM_STRICT"); v != "" {
		strict, err := parseBool(v)
		if err != nil {
			return &Error{Source: "EDCONFORM_STRICT", Key: "strict", Reason: err.Error()}
		}
		p.Strict = &strict
	}
	if v := env("EDCONFORM_CLIENT_ID"); v != "" {
		if p.Auth.Clients == nil {
			p.Auth.Clients = map[string]Client{}
		}
		c := p.Auth.Clients["primary"]
		c.ID = v
		p.Auth.Clients["primary"] = c
	}
	for name, c := range p.Auth.Clients {
		if c.SecretEnv == "" {
			c.SecretEnv = SecretEnvFor(name)
		}
		c.Secret = env(c.SecretEnv)
		p.Auth.Clients[name] = c
	}
	for name, t := range p.Auth.Tokens {
		if t.Env == "" {
			t.Env = TokenEnvFor(name)
		}
		t.Value = env(t.Env)
		p.Auth.Tokens[name] = t
	}
	return nil
}

// parseBool reads true/false, 1/0, yes/no, on/off in any case.
func parseBool(v string) (bool, error) {
	switch strings.ToLower(v) {
	case "true", "1", "yes", "on":
		return true, nil
	case "false", "0", "no", "off":
		return false, nil
	}
	return false, fmt.Errorf("%q is not true or false", v)
}

// SecretEnvFor is the default environment variable holding a client's secret.
func SecretEnvFor(client string) string {
	if client == "primary" {
		return "EDCONFORM_CLIENT_SECRET"
	}
	return "EDCONFORM_CLIENT_SECRET_" + envName(client)
}

// TokenEnvFor is the default environment variable holding a named token.
func TokenEnvFor(token string) string { return "EDCONFORM_TOKEN_" + envName(token) }

func envName(s string) string {
	var b strings.Builder
	for i, r := range s {
		if r >= 'A' && r <= 'Z' && i > 0 {
			b.WriteByte('_')
		}
		if r == '-' || r == '.' {
			r = '_'
		}
		b.WriteRune(r)
	}
	return strings.ToUpper(b.String())
}

func (p *Profile) validate() error {
	if !p.Embedded {
		u, err := url.Parse(p.Target.BaseURL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return &Error{Source: p.Source, Key: "target.baseURL",
				Reason: fmt.Sprintf("%q is not an absolute http(s) URL (set it in the profile or EDCONFORM_BASE_URL)", p.Target.BaseURL)}
		}
		if p.Target.PublicBaseURL != "" {
			u, err := url.Parse(p.Target.PublicBaseURL)
			if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
				return &Error{Source: p.Source, Key: "target.publicBaseURL",
					Reason: fmt.Sprintf("%q is not an absolute http(s) URL (the API root as the gateway names it in Location headers)", p.Target.PublicBaseURL)}
			}
		}
		if p.Auth.TokenURL != "" {
			if err := checkTokenURL(p.Auth.TokenURL); err != nil {
				return &Error{Source: p.Source, Key: "auth.tokenURL", Reason: err.Error() + " (set it in the profile or EDCONFORM_TOKEN_URL)"}
			}
		}
		if len(p.Reference.Deviations)+len(p.Reference.Faults)+len(p.Reference.Modes) > 0 {
			return &Error{Source: p.Source, Key: "reference",
				Reason: "deviations, faults and modes apply only to the embedded reference server; remove them or remove target.baseURL"}
		}
	}
	if p.Target.MaxBodyBytes < 0 {
		return &Error{Source: p.Source, Key: "target.maxBodyBytes", Reason: fmt.Sprintf("%d is not a positive number of bytes (default %d)", p.Target.MaxBodyBytes, DefaultMaxBodyBytes)}
	}
	if err := p.validateOverrides(); err != nil {
		return err
	}
	names := make([]string, 0, len(p.Auth.Clients))
	for name := range p.Auth.Clients {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		if p.Auth.Clients[name].ID == "" {
			return &Error{Source: p.Source, Key: "auth.clients." + name + ".id", Reason: "is empty: set the client id"}
		}
	}
	return nil
}

// validateOverrides checks the shape of `expect` and `fixtures` entries;
// whether a spec id or resource exists is checked by the suite, which knows
// the specs and the vendor's resources.
func (p *Profile) validateOverrides() error {
	for _, id := range slices.Sorted(maps.Keys(p.Expect)) {
		e := p.Expect[id]
		key := "expect." + id
		switch {
		case !specid.Pattern.MatchString(id):
			return &Error{Source: p.Source, Key: key, Reason: "is not a spec id (see docs/catalogue/ for every spec's id)"}
		case e.Status == 0 && e.Type == "" && !e.BodyMayBeEmpty && e.ValidationErrors == nil:
			return &Error{Source: p.Source, Key: key, Reason: "overrides nothing: give status, type, bodyMayBeEmpty or validationErrors"}
		case e.Status != 0 && (e.Status < 100 || e.Status > 599):
			return &Error{Source: p.Source, Key: key + ".status", Reason: fmt.Sprintf("%d is not an HTTP status", e.Status)}
		}
	}
	for i := range p.Waivers {
		w := &p.Waivers[i]
		if w.Key == "" {
			w.Key = fmt.Sprintf("waivers[%d]", i)
		}
		if field, reason := w.check(Today()); field != "" {
			return &Error{Source: p.Source, Key: fmt.Sprintf("waivers[%d].%s", i, field), Reason: reason}
		}
	}
	if p.Generate.MaxPerRule < 0 {
		return &Error{Source: p.Source, Key: "generate.maxPerRule", Reason: fmt.Sprintf("%d: give a positive number of specs per rule and resource, or 0 for no limit", p.Generate.MaxPerRule)}
	}
	for _, resource := range slices.Sorted(maps.Keys(p.Fixtures)) {
		if strings.TrimSpace(resource) == "" || len(p.Fixtures[resource]) == 0 {
			return &Error{Source: p.Source, Key: "fixtures." + resource, Reason: "needs a resource name and at least one property: value"}
		}
	}
	return nil
}

// checkTokenURL accepts an absolute http(s) URL or a path relative to the
// base URL. "localhost:8080/oauth/token" parses as a URL with the scheme
// "localhost", so the scheme is checked, not just parsing.
func checkTokenURL(ref string) error {
	u, err := url.Parse(ref)
	switch {
	case err != nil:
		return fmt.Errorf("%q is not a URL", ref)
	case u.Scheme == "" && u.Host == "":
		return nil
	case (u.Scheme != "http" && u.Scheme != "https") || u.Host == "":
		return fmt.Errorf("%q is neither an absolute http(s) URL nor a path relative to target.baseURL", ref)
	}
	return nil
}

// Overlay merges a reference server's overlay into the profile. Values the
// file set explicitly win over the overlay, except target and credentials,
// which only the running server can know.
func (p *Profile) Overlay(overlay map[string]any) error {
	raw, err := yaml.Marshal(overlay)
	if err != nil {
		return fmt.Errorf("reference overlay: %w", err)
	}
	var o Profile
	if err := decodeStrict(raw, &o); err != nil {
		return fmt.Errorf("reference overlay does not fit the profile format: %w", err)
	}
	p.Target.BaseURL = o.Target.BaseURL
	p.Auth.TokenURL = o.Auth.TokenURL
	if p.Auth.Clients == nil {
		p.Auth.Clients = map[string]Client{}
	}
	for name, c := range o.Auth.Clients {
		p.Auth.Clients[name] = c
	}
	if p.Auth.Tokens == nil {
		p.Auth.Tokens = map[string]Token{}
	}
	for name, t := range o.Auth.Tokens {
		p.Auth.Tokens[name] = t
	}
	p.Settings = mergeMaps(o.Settings, p.Settings)
	return nil
}

// mergeMaps returns base with top's keys laid over it, recursively.
func mergeMaps(base, top map[string]any) map[string]any {
	out := map[string]any{}
	for k, v := range base {
		out[k] = v
	}
	for k, v := range top {
		if bm, ok := out[k].(map[string]any); ok {
			if tm, ok := v.(map[string]any); ok {
				out[k] = mergeMaps(bm, tm)
				continue
			}
		}
		out[k] = v
	}
	return out
}

// DecodeSettings decodes the vendor-specific settings into v (a pointer to a
// struct with yaml tags), rejecting unknown keys with the key's name.
func (p *Profile) DecodeSettings(v any) error {
	raw, err := yaml.Marshal(p.Settings)
	if err != nil {
		return err
	}
	if err := decodeStrict(raw, v); err != nil {
		return &Error{Source: p.Source, Key: "settings." + keyOf(raw, err), Reason: reasonOf(err)}
	}
	return nil
}

// ResolveURL makes ref absolute against the target's base URL.
func (p *Profile) ResolveURL(ref string) (string, error) {
	u, err := url.Parse(ref)
	if err != nil {
		return "", fmt.Errorf("%q is not a URL", ref)
	}
	if u.IsAbs() {
		return ref, nil
	}
	return strings.TrimRight(p.Target.BaseURL, "/") + "/" + strings.TrimLeft(ref, "/"), nil
}

// Secrets lists every secret value the profile holds, for redaction,
// including a password in the target's or token endpoint's URL.
func (p *Profile) Secrets() []string {
	var out []string
	for _, raw := range []string{p.Target.BaseURL, p.Auth.TokenURL} {
		if u, err := url.Parse(raw); err == nil && u.User != nil {
			if password, ok := u.User.Password(); ok && password != "" {
				out = append(out, password)
			}
		}
	}
	for _, c := range p.Auth.Clients {
		if c.Secret != "" {
			out = append(out, c.Secret)
		}
	}
	for _, t := range p.Auth.Tokens {
		if t.Value != "" {
			out = append(out, t.Value)
		}
	}
	return out
}

// Share encodes the profile, secrets and all, for the other processes of a
// parallel run (ginkgo -p).
func (p *Profile) Share() ([]byte, error) { return json.Marshal(p) }

// Shared decodes a profile encoded by Share. Numbers stay as written, so an
// id beyond 2^53 is not rounded on its way to the other processes.
func Shared(raw []byte) (*Profile, error) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	p := &Profile{}
	if err := dec.Decode(p); err != nil {
		return nil, fmt.Errorf("the shared profile: %w", err)
	}
	p.Settings, _ = exactNumbers(p.Settings).(map[string]any)
	for resource, doc := range p.Fixtures {
		p.Fixtures[resource], _ = exactNumbers(doc).(map[string]any)
	}
	return p, nil
}

// exactNumbers turns the json.Numbers of a decoded value into int64 where
// they are whole, float64 otherwise: YAML would write a json.Number as text.
func exactNumbers(v any) any {
	switch t := v.(type) {
	case json.Number:
		if i, err := t.Int64(); err == nil {
			return i
		}
		f, _ := t.Float64()
		return f
	case map[string]any:
		for k, e := range t {
			t[k] = exactNumbers(e)
		}
	case []any:
		for i, e := range t {
			t[i] = exactNumbers(e)
		}
	}
	return v
}

var lineRE = regexp.MustCompile(`line (\d+)`)

var leadingLineRE = regexp.MustCompile(`^line \d+: `)

var fieldRE = regexp.MustCompile(`field (\S+) not found`)

// keyOf names the dotted key a YAML decoding error is about, by finding the
// key on the line the error reports: the one the error names, or else the
// deepest on that line (flow style puts several keys on one line).
func keyOf(raw []byte, err error) string {
	if key := keyOfLine(raw, err); key != "" {
		return key
	}
	return "(empty key)"
}

// keyOfLine is keyOf, "" for a key written as "".
func keyOfLine(raw []byte, err error) string {
	if key, _, ok := shapeKey(err); ok {
		return key
	}
	m := lineRE.FindStringSubmatch(err.Error())
	if m == nil {
		return "(syntax)"
	}
	line, _ := strconv.Atoi(m[1])
	var root yaml.Node
	if yaml.Unmarshal(raw, &root) != nil {
		return "(syntax, line " + m[1] + ")"
	}
	if t := typeErrorRE.FindStringSubmatch(firstEntry(err)); t != nil {
		if path, ok := valueAt(&root, line, t[1], t[2], ""); ok {
			return orRoot(path)
		}
	}
	var keys []string
	keysAtLine(&root, line, "", &keys)
	if len(keys) == 0 {
		return "(line " + m[1] + ")"
	}
	if f := fieldRE.FindStringSubmatch(err.Error()); f != nil {
		for _, k := range keys {
			if k == f[1] || strings.HasSuffix(k, "."+f[1]) {
				return k
			}
		}
	}
	deepest := keys[0]
	for _, k := range keys {
		if strings.Count(k, ".")+strings.Count(k, "[") > strings.Count(deepest, ".")+strings.Count(deepest, "[") {
			deepest = k
		}
	}
	return deepest
}

// keysAtLine collects the dotted paths of the keys (and sequence items) on line.
func keysAtLine(n *yaml.Node, line int, prefix string, out *[]string) {
	switch n.Kind {
	case yaml.DocumentNode:
		for _, c := range n.Content {
			keysAtLine(c, line, prefix, out)
		}
	case yaml.MappingNode:
		for i := 0; i+1 < len(n.Content); i += 2 {
			key := join(prefix, n.Content[i].Value)
			if n.Content[i].Line == line || (n.Content[i+1].Kind == yaml.ScalarNode && n.Content[i+1].Line == line) {
				*out = append(*out, key)
			}
			keysAtLine(n.Content[i+1], line, key, out)
		}
	case yaml.SequenceNode:
		for i, c := range n.Content {
			item := fmt.Sprintf("%s[%d]", prefix, i)
			if c.Line == line && c.Kind == yaml.ScalarNode {
				*out = append(*out, item)
			}
			keysAtLine(c, line, item, out)
		}
	}
}

func reasonOf(err error) string {
	if _, reason, ok := shapeKey(err); ok {
		return reason
	}
	msg := leadingLineRE.ReplaceAllString(firstEntry(err), "")
	if strings.Contains(msg, "not found in type") {
		return "unknown key (check its spelling against README.md)"
	}
	if t := typeErrorRE.FindStringSubmatch(msg); t != nil {
		return "is " + yamlKindName(t[1], t[2]) + ", but this key takes " + goTypeName(t[3])
	}
	return strings.Join(strings.Fields(msg), " ")
}

// typeErrorRE reads a YAML type error: the value's tag (a custom one may
// hold blanks), its value (cut
// after 7 characters by the decoder, free to hold backquotes and line
// breaks) and the Go type it did not fit.
var typeErrorRE = regexp.MustCompile("(?s)cannot unmarshal (!.*?)(?: `(.*?)`)? into ([^\\n]+)")

// firstEntry is the first of the errors a YAML error lists, the one keyOf
// names; a value it quotes may span lines.
func firstEntry(err error) string {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	msg = strings.TrimPrefix(msg, "unmarshal errors:\n  ")
	if i := strings.Index(msg, "\n  line "); i >= 0 {
		msg = msg[:i]
	}
	return msg
}

// Origins lists the URLs whose origins the suite may send requests to: the
// target's base URL, the token URL, and any absolute URL the settings name
// (say, a deliberately unreachable dependency's endpoint). Nothing a server
// answers adds to them.
func (p *Profile) Origins() []string {
	out := []string{p.Target.BaseURL}
	if p.Auth.TokenURL != "" {
		if u, err := p.ResolveURL(p.Auth.TokenURL); err == nil {
			out = append(out, u)
		}
	}
	var walk func(v any)
	walk = func(v any) {
		switch t := v.(type) {
		case string:
			if u, err := url.Parse(t); err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != "" {
				out = append(out, t)
			}
		case map[string]any:
			for _, k := range slices.Sorted(maps.Keys(t)) {
				walk(t[k])
			}
		case []any:
			for _, e := range t {
				walk(e)
			}
		}
	}
	walk(p.Settings)
	return out
}

// valueAt finds the path of the value on line that a type error is about:
// a list or map by its kind, a scalar by its (possibly cut) value; the
// deepest, since flow style puts a map and its members on one line.
func valueAt(n *yaml.Node, line int, tag, value, path string) (string, bool) {
	var children []*yaml.Node
	var paths []string
	switch n.Kind {
	case yaml.DocumentNode:
		children, paths = n.Content, make([]string, len(n.Content))
		for i := range paths {
			paths[i] = path
		}
	case yaml.SequenceNode:
		for i, c := range n.Content {
			children, paths = append(children, c), append(paths, fmt.Sprintf("%s[%d]", path, i))
		}
	case yaml.MappingNode:
		for i := 0; i+1 < len(n.Content); i += 2 {
			children, paths = append(children, n.Content[i+1]), append(paths, join(path, n.Content[i].Value))
		}
	}
	for i, c := range children {
		if p, ok := valueAt(c, line, tag, value, paths[i]); ok {
			return p, true
		}
	}
	if n.Line != line {
		return "", false
	}
	switch {
	case n.Kind == yaml.SequenceNode && tag == "!!seq", n.Kind == yaml.MappingNode && tag == "!!map":
		return path, true
	case n.Kind == yaml.ScalarNode && tag != "!!seq" && tag != "!!map":
		cut, isCut := strings.CutSuffix(value, "...")
		return path, n.Value == value || isCut && strings.HasPrefix(n.Value, cut)
	}
	return "", false
}

// yamlKindName says in words what a YAML value is.
func yamlKindName(tag, value string) string {
	switch tag {
	case "!!seq":
		return "a list"
	case "!!map":
		return "a map"
	case "!!str":
		return "the text " + strconv.Quote(value)
	case "!!int", "!!float":
		return "the number " + value
	case "!!bool":
		return "the boolean " + value
	case "!!null":
		return "empty"
	}
	return "a value tagged " + strconv.Quote(tag)
}

// goTypeName says in words what a Go type takes.
func goTypeName(t string) string {
	switch {
	case strings.HasPrefix(t, "map["):
		return "a map (key: value)"
	case strings.HasPrefix(t, "[]"):
		return "a list"
	case t == "string":
		return "text"
	case t == "bool":
		return "true or false"
	case strings.HasPrefix(t, "int") || strings.HasPrefix(t, "uint"):
		return "a whole number"
	case strings.HasPrefix(t, "float"):
		return "a number"
	}
	return "a map of the keys README.md lists for it"
}
