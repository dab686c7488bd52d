package transport_test

import (
	"encoding/base64"
	"strings"
	"testing"
	"time"

	"github.com/edconform/edconform/harness/suitetest"
	"github.com/edconform/edconform/harness/transport"
)

// Every form a server might echo a credential in is redacted, alone, in a
// sentence, in a JSON body and in a header line.
func TestEveryEchoFormOfARandomSecretIsRedacted(t *testing.T) {
	for range 20 {
		id, secret := "client-"+suitetest.RandomSecret()[:8], suitetest.RandomSecret()
		for _, f := range suitetest.EchoForms(id, secret) {
			for _, text := range []string{
				f.Text,
				"the server said: " + f.Text + " (end)",
				"{\n  \"echo\": \"" + f.Text + "\",\n  \"next\": 1\n}",
				"X-Echo: " + f.Text + "\r\nX-Other: 1",
			} {
				out := transport.RedactWith(text, []string{secret})
				if strings.Contains(out, f.Text) || strings.Contains(out, secret) || !strings.Contains(out, transport.Redacted) {
					t.Fatalf("form %s is not redacted in %q:\n%q", f.Name, text, out)
				}
			}
		}
	}
}

// What is no secret stays as it was, base64 and JSON escapes included.
func TestTextWithoutASecretIsLeftAlone(t *testing.T) {
	secret := suitetest.RandomSecret()
	for _, text := range []string{
		"Basic " + base64.StdEncoding.EncodeToString([]byte("someone:else")),
		`{"detail": "The value \u003cnone\u003e is not valid.\nTry again", "path": "/ed-fi/students?limit=25%2B1"}`,
		"a long word: abcdefghijklmnopqrstuvwxyz0123456789 and a line\n    break",
	} {
		if out := transport.RedactWith(text, []string{secret}); out != text {
			t.Errorf("changed without a secret:\n%q\n%q", text, out)
		}
	}
}

// Basic credentials echoed without their scheme in a token endpoint's
// error body were shown in full.
func TestBasicCredentialsWithoutTheirSchemeAreRedacted(t *testing.T) {
	secret := suitetest.RandomSecret()
	bare := base64.StdEncoding.EncodeToString([]byte("my-client:" + secret))
	out := transport.RedactWith(`{"error":"invalid_client","error_description":"bad credentials `+bare+`"}`, []string{secret})
	if strings.Contains(out, bare) || !strings.Contains(out, "bad credentials "+transport.Redacted) {
		t.Errorf("%s", out)
	}
}

// Redaction must not make a large body slow to report.
func TestRedactingALargeBodyIsFast(t *testing.T) {
	secrets := make([]string, 12)
	for i := range secrets {
		secrets[i] = suitetest.RandomSecret()
	}
	body := strings.Repeat("{\n  \"word\": \"abcdefghij klmnopqrst\", \"path\": \"a%2Fb\\/c\"\n},\n", 1<<20/60)
	start := time.Now()
	transport.RedactWith(body, secrets)
	took := time.Since(start)
	t.Logf("1 MiB in %s", took)
	if took > 5*time.Second {
		t.Errorf("redacting 1 MiB took %s", took)
	}
}

// FuzzRedact: a secret of printable characters, echoed in any form between
// any two texts, never survives redaction.
func FuzzRedact(f *testing.F) {
	f.Add("s3cret+/=<>&\"'\\%:value", "before", "after", "client")
	f.Add("abcd", "", "", "")
	f.Add("tok-zzzzzzzzzzzzzzzzzzzz", "Basic", "==", "id")
	f.Fuzz(func(t *testing.T, secret, before, after, id string) {
		if len(secret) < 4 || len(secret) > 200 || len(before)+len(after) > 2000 || strings.Contains(transport.Redacted, secret) {
			return
		}
		for _, c := range []byte(secret + id) {
			if c < 0x21 || c > 0x7e {
				return
			}
		}
		for _, form := range suitetest.EchoForms(id, secret) {
			out := transport.RedactWith(before+" "+form.Text+" "+after, []string{secret})
			if strings.Contains(out, secret) || strings.Contains(out, form.Text) {
				t.Fatalf("form %s survives: %q", form.Name, out)
			}
		}
	})
}
