package profile

import (
	"strings"
	"testing"
)

// Values pasted into the environment often carry a newline or a CR (from a
// Windows-edited .env file); they must not become part of the URL or secret.
func TestEnvironmentValuesAreTrimmed(t *testing.T) {
	path := write(t, "vendor: edfi\nauth: {tokenURL: oauth/token, clients: {primary: {}}, tokens: {expired: {}}}\n")
	p, err := Load(path, "edfi", env(map[string]string{
		"EDCONFORM_BASE_URL": " https://api.example.org/v7.2/api \n", "EDCONFORM_CLIENT_ID": "key1\r\n",
		"EDCONFORM_CLIENT_SECRET": "s3cret\r\n", "EDCONFORM_TOKEN_EXPIRED": "\told-token ", "EDCONFORM_STRICT": " false\n",
	}))
	if err != nil {
		t.Fatal(err)
	}
	if p.Target.BaseURL != "https://api.example.org/v7.2/api" || p.Auth.Clients["primary"].ID != "key1" ||
		p.Auth.Clients["primary"].Secret != "s3cret" || p.Auth.Tokens["expired"].Value != "old-token" || p.IsStrict() {
		t.Errorf("values not trimmed: %+v strict=%v", p.Auth, p.IsStrict())
	}
}

func TestStrictFromTheEnvironmentTakesBooleansOnly(t *testing.T) {
	for value, strict := range map[string]bool{"true": true, "1": true, "TRUE": true, "false": false, "False": false, "0": false, "no": false, "off": false} {
		p, err := Load(write(t, "vendor: edfi\n"), "edfi", env(map[string]string{"EDCONFORM_STRICT": value}))
		if err != nil || p.IsStrict() != strict {
			t.Errorf("EDCONFORM_STRICT=%s: strict=%v, err %v", value, p != nil && p.IsStrict(), err)
		}
	}
	_, err := Load(write(t, "vendor: edfi\n"), "edfi", env(map[string]string{"EDCONFORM_STRICT": "lenient"}))
	if err == nil || !strings.Contains(err.Error(), "EDCONFORM_STRICT") {
		t.Errorf("a value that is not a boolean: %v", err)
	}
}

func TestATokenURLMustBeHTTPOrRelative(t *testing.T) {
	for _, tokenURL := range []string{"localhost:8080/oauth/token", "ftp://h/oauth/token", "https:///oauth/token"} {
		_, err := Load(write(t, "vendor: edfi\ntarget: {baseURL: \"https://h/api\"}\nauth: {tokenURL: \""+tokenURL+"\"}\n"), "edfi", env(nil))
		if err == nil || !strings.Contains(err.Error(), "auth.tokenURL") {
			t.Errorf("%s: %v", tokenURL, err)
		}
	}
	_, err := Load(write(t, "vendor: edfi\ntarget: {baseURL: \"https://h/api\"}\n"), "edfi", env(map[string]string{"EDCONFORM_TOKEN_URL": "h:8080/token"}))
	if err == nil || !strings.Contains(err.Error(), "EDCONFORM_TOKEN_URL") {
		t.Errorf("from the environment: %v", err)
	}
}

// Credentials in the URL (a staging gateway's Basic auth) are secrets too.
func TestAPasswordInTheTargetURLIsASecret(t *testing.T) {
	p, err := Load(write(t, "vendor: edfi\ntarget: {baseURL: \"https://gate:pa55word@h/api\"}\n"), "edfi", env(nil))
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, s := range p.Secrets() {
		found = found || s == "pa55word"
	}
	if !found {
		t.Errorf("secrets %v", p.Secrets())
	}
}

func TestAnchorsMergeKeysAndAnEmptyFile(t *testing.T) {
	_, err := Load(write(t, `
vendor: edfi
target: {baseURL: "https://h/api"}
x-client: &client {claimSet: SIS Vendor}
auth:
  clients:
    primary: {<<: *client, id: key1}
    other: {<<: *client, id: key2}
`), "edfi", env(nil))
	if err == nil || !strings.Contains(err.Error(), "x-client") {
		t.Errorf("an unknown top-level key must still be named: %v", err)
	}
	p, err := Load(write(t, `
vendor: edfi
target: {baseURL: "https://h/api"}
auth:
  clients:
    primary: &client {id: key1, claimSet: SIS Vendor}
    other: {<<: *client, id: key2}
`), "edfi", env(nil))
	if err != nil || p.Auth.Clients["other"].ClaimSet != "SIS Vendor" || p.Auth.Clients["other"].ID != "key2" {
		t.Errorf("merge keys: %+v %v", p, err)
	}
	p, err = Load(write(t, "# nothing yet\n"), "edfi", env(nil))
	if err != nil || !p.Embedded || p.Vendor != "edfi" {
		t.Errorf("an empty profile runs the embedded reference server: %+v %v", p, err)
	}
}

// `ginkgo -p` hands the profile from the first process to the others; it
// must arrive whole, long numbers included.
func TestASharedProfileArrivesWhole(t *testing.T) {
	p, err := Load(write(t, "vendor: edfi\ntarget: {baseURL: \"https://h/api\", timeout: 7s}\nsettings: {big: 9007199254740993, code: \"007\"}\n"), "edfi", env(nil))
	if err != nil {
		t.Fatal(err)
	}
	raw, err := p.Share()
	if err != nil {
		t.Fatal(err)
	}
	q, err := Shared(raw)
	if err != nil {
		t.Fatal(err)
	}
	var s struct {
		Big  int64  `yaml:"big"`
		Code string `yaml:"code"`
	}
	if err := q.DecodeSettings(&s); err != nil || s.Big != 9007199254740993 || s.Code != "007" || q.Timeout().Seconds() != 7 || q.Source != p.Source {
		t.Errorf("settings %+v, err %v, profile %+v", s, err, q)
	}
}
