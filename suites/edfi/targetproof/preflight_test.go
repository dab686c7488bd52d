package targetproof

import (
	"os"
	"strings"
	"testing"

	"github.com/edconform/edconform/harness/suitetest"
	"github.com/edconform/edconform/suites/edfi/prooftest"
)

// A wrong settings.dataPath used to fail every spec that reads or writes
// data. The target authenticates before it routes, so the documented 401
// still comes back there; the pre-flight's read with a token finds no such
// collection, and that is one error naming the key.
func TestAWrongDataPathIsOneClearError(t *testing.T) {
	t.Parallel()
	srv, url := prooftest.Serve(t)
	path, env := prooftest.AimExample(t, srv, url)
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	wrong := strings.Replace(string(raw), "dataPath: /data/v3/ed-fi", "dataPath: /data/v3/edfi", 1)
	if wrong == string(raw) {
		t.Fatalf("the example profile has no dataPath to change:\n%s", raw)
	}
	suitetest.RequireOneClearError(t, suiteTest, suitetest.Profile(t, wrong), env,
		"has no such collection", "/data/v3/edfi/absenceEventCategoryDescriptors", "HTTP 404", "settings.dataPath (now /data/v3/edfi)")
}
