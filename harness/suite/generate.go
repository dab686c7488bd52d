package suite

import (
	"context"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"time"

	"github.com/edconform/edconform/harness/profile"
	"github.com/edconform/edconform/reference"
)

var generatedFlag = flag.Bool("generated", false, "also run the specs generated from the target's metadata (env EDCONFORM_GENERATED=1); reports go to reports/<profile>-generated/")

// GeneratedSuffix ends the report folder of a run with generated specs, so
// it never replaces the documented run's reports.
const GeneratedSuffix = "-generated"

// GeneratedEnv set to 1 is --generated.
const GeneratedEnv = "EDCONFORM_GENERATED"

// GeneratedFamily is the family, and the label, of every generated spec.
const GeneratedFamily = "generated"

// Get fetches a URL of the target: its status and body, or an error when no
// response came.
type Get func(ctx context.Context, url string) (status int, body []byte, err error)

// Generator declares specs from the data model a target publishes.
type Generator func(p *profile.Profile, get Get, rootURL string) (summary string, err error)

// generating reports whether the run asked for the generated specs.
func generating() bool {
	if *generatedFlag {
		return true
	}
	on, err := parseOn(os.Getenv(GeneratedEnv))
	return err == nil && on
}

func parseOn(v string) (bool, error) {
	switch strings.ToLower(strings.TrimSpace(v)) {
	case "1", "true", "yes", "on":
		return true, nil
	case "", "0", "false", "no", "off":
		return false, nil
	}
	return false, fmt.Errorf("%q is not true/false", v)
}

// generationNote is what the run found when it built the generated specs,
// for the reports.
var generationNote string

// generatedDeclared is set once the generated specs are in the tree.
var generatedDeclared bool

// generate declares the vendor's generated specs before the tree is walked:
// from the embedded reference server's metadata (answered in-process, as no
// server runs yet) or the target's. Trouble with the metadata is one
// message, and the run goes on with the documented specs only; a profile
// that does not load is left to the run, which reports it.
func generate(v *Vendor) {
	if v.Generate == nil {
		generationNote = v.Name + " has no generated specs"
		fmt.Fprintf(os.Stderr, "edconform %s: %s\n", v.Name, generationNote)
		return
	}
	p, err := loadProfile(v)
	if err != nil {
		return
	}
	get, root, err := metadataSource(v, p)
	var summary string
	if err == nil {
		summary, err = v.Generate(p, get, root)
	}
	if err == nil {
		v.Families = append(v.Families, GeneratedFamily)
		generatedDeclared = true
	}
	if err != nil {
		generationNote = "no generated specs: " + err.Error() + "; running the documented specs only"
	} else {
		generationNote = summary
	}
	fmt.Fprintf(os.Stderr, "edconform %s: %s\n", v.Name, generationNote)
}

// embeddedRoot is the address the in-process reference server is read at.
const embeddedRoot = "http://embedded-reference"

func metadataSource(v *Vendor, p *profile.Profile) (Get, string, error) {
	if p.Embedded {
		rv, ok := reference.Lookup(v.Name)
		if !ok {
			return nil, "", fmt.Errorf("no reference server is registered for %q", v.Name)
		}
		srv, err := rv.Build(reference.Options{Deviations: p.Reference.Deviations, Faults: p.Reference.Faults, Modes: p.Reference.Modes})
		if err != nil {
			return nil, "", err
		}
		get := func(ctx context.Context, url string) (int, []byte, error) {
			req := httptest.NewRequestWithContext(ctx, http.MethodGet, url, nil)
			req.Header.Set("Accept", "application/json")
			rec := httptest.NewRecorder()
			srv.ServeHTTP(rec, req)
			return rec.Code, rec.Body.Bytes(), nil
		}
		return get, embeddedRoot, nil
	}
	client := &http.Client{Timeout: time.Duration(p.Timeout())}
	get := func(ctx context.Context, url string) (int, []byte, error) {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
		if err != nil {
			return 0, nil, err
		}
		req.Header.Set("Accept", "application/json")
		resp, err := client.Do(req)
		if err != nil {
			return 0, nil, err
		}
		defer resp.Body.Close()
		body, err := io.ReadAll(io.LimitReader(resp.Body, 64<<20))
		return resp.StatusCode, body, err
	}
	return get, p.Target.BaseURL, nil
}
