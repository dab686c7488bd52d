package transport_test

import (
	"encoding/base64"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/edconform/edconform/harness/suitetest"
	"github.com/edconform/edconform/harness/transport"
)

// failureMessage is what a failed spec's message looks like: differences,
// the request as curl (a bearer token, a percent-encoded query), the
// response headers and a pretty-printed problem-details body with JSON
// escapes, ids and paths.
func failureMessage(token string) string {
	var b strings.Builder
	b.WriteString("edfi.conflict.dependent-item-exists: 2 differences\n  MUST status: want 409, got 400\n  MUST detail: want \"The requested action cannot be performed\", got \"Validation failed\"\n\n")
	fmt.Fprintf(&b, "curl -sS -i -X DELETE 'http://127.0.0.1:41234/data/v3/ed-fi/schools/6f1c2a3b4d5e6f708192a3b4c5d6e7f8?limit=25%%2B1' \\\n  -H 'Authorization: Bearer %s' \\\n  -H 'Accept:'\n", token)
	b.WriteString("HTTP 400 Bad Request (3ms)\nContent-Type: application/problem+json\nX-Correlation-Id: 0b4f2a54-5c0e-4c2f-9d4b-2a0c6c4d8e11\n\n")
	b.WriteString("{\n  \"detail\": \"Data validation failed. See 'validationErrors' for details.\",\n  \"type\": \"urn:ed-fi:api:bad-request:data-validation-failed\",\n  \"title\": \"Data Validation Failed\",\n  \"status\": 400,\n  \"correlationId\": \"0b4f2a54-5c0e-4c2f-9d4b-2a0c6c4d8e11\",\n  \"validationErrors\": {\n")
	for i := range 40 {
		fmt.Fprintf(&b, "    \"$.studentSchoolAssociations[%d].schoolReference.schoolId\": [\"The value \\u003cnone\\u003e is not valid for schoolId; see \\/ed-fi\\/schools\\/%032x\"],\n", i, i*7919)
	}
	b.WriteString("  },\n  \"errors\": [\"Basic " + base64.StdEncoding.EncodeToString([]byte("someone:else")) + "\"]\n}\n")
	return b.String()
}

// BenchmarkRedactFailureMessage redacts a failure message that holds no
// secret (most do not) and one that holds a token, each as new text and
// again (a report redacts what was redacted where it was rendered).
func BenchmarkRedactFailureMessage(b *testing.B) {
	// A run registers its clients' secrets and a dozen issued tokens.
	secrets := make([]string, 16)
	for i := range secrets {
		secrets[i] = suitetest.RandomSecret()
	}
	transport.AddSecret(secrets...)
	for _, c := range []struct{ name, text string }{
		{"clean", failureMessage("not-a-registered-token")},
		{"with-token", failureMessage(secrets[2])},
	} {
		b.Run(c.name+"/new", func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(c.text)))
			n := 0
			for b.Loop() {
				n++
				transport.Redact(c.text + strconv.Itoa(n))
			}
		})
		b.Run(c.name+"/again", func(b *testing.B) {
			b.ReportAllocs()
			once := transport.Redact(c.text)
			for b.Loop() {
				if transport.Redact(once) != once {
					b.Fatal("redacting redacted text changed it")
				}
			}
		})
	}
}

// A text redacted before a secret was registered is redacted anew after:
// what Redact remembers holds only for the secrets it knew.
func TestRedactRedactsAgainOnceASecretIsAdded(t *testing.T) {
	secret := suitetest.RandomSecret()
	text := failureMessage(secret)
	if out := transport.Redact(text); strings.Contains(out, transport.Redacted) && !strings.Contains(out, secret) {
		t.Fatalf("redacted before the secret was registered:\n%s", out)
	}
	transport.AddSecret(secret)
	out := transport.Redact(text)
	if strings.Contains(out, secret) || !strings.Contains(out, "Bearer "+transport.Redacted) {
		t.Fatalf("the token survives once registered:\n%s", out)
	}
	if again := transport.Redact(out); again != out {
		t.Fatalf("redacting redacted text changed it:\n%s\n%s", out, again)
	}
	if transport.Redact(text) != out {
		t.Fatal("the same text redacts differently the second time")
	}
}

// Texts redacted while secrets are being registered from other goroutines
// (token fetches) lose none of the secrets registered before they began.
func TestRedactWhileSecretsAreAdded(t *testing.T) {
	known := suitetest.RandomSecret()
	transport.AddSecret(known)
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 50 {
				if g == 0 {
					transport.AddSecret(suitetest.RandomSecret())
				}
				text := failureMessage(known) + strconv.Itoa(i%5)
				if out := transport.Redact(text); strings.Contains(out, known) {
					t.Errorf("the token survives: %s", out)
					return
				}
			}
		}()
	}
	wg.Wait()
}
