package targetproof

import (
	"os"
	"strings"
	"testing"

	"github.com/edconform/edconform/harness/suitetest"
)

// A wrong settings.namespace used to fail every spec; the pre-flight's read
// with a token finds no such collection, and that is one error naming it.
func TestAWrongNamespaceIsOneClearError(t *testing.T) {
	t.Parallel()
	srv, url := serve(t)
	path, env := targetProfile(t, url, srv.Profile(url))
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	wrong := strings.Replace(string(raw), "settings: {", "settings: {namespace: edfi, ", 1)
	suitetest.RequireOneClearError(t, suiteTest, suitetest.Profile(t, wrong), env,
		"/local/v3.3b/edfi/academicWeeks", "settings.namespace (now edfi)")
}
