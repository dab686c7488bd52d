package metadata

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"sync"

	"github.com/onsi/ginkgo/v2"

	"github.com/edconform/edconform/harness/request"
	"github.com/edconform/edconform/harness/suite"
	"github.com/edconform/edconform/harness/transport"
)

// Read discovers the running target's metadata through the suite's client
// (unauthenticated, as the products serve it); a target without it gets a
// Target that says why, and the fixtures use their built-in documents.
func Read(ctx context.Context, s *suite.Session) *Target {
	get := func(ctx context.Context, u string) (int, []byte, error) {
		// A gateway names its public address in the metadata's URLs.
		u = request.OnTarget(u, s.Profile.Target)
		ex := s.Client.Do(ctx, transport.Request{Method: http.MethodGet, URL: u, Header: http.Header{"Accept": {"application/json"}}})
		return ex.Status, ex.Body, ex.Err
	}
	c, err := Discover(ctx, get, s.Profile.Target.BaseURL)
	return &Target{Catalog: c, Missing: err}
}

// FirstDescriptor is the value of the first descriptor a descriptor
// collection's GET listed ("namespace#codeValue"), or "".
func FirstDescriptor(resp *transport.Exchange) string {
	if resp.Err != nil || resp.Status != http.StatusOK {
		return ""
	}
	var items []struct {
		Namespace string `json:"namespace"`
		CodeValue string `json:"codeValue"`
	}
	if json.Unmarshal(resp.Body, &items) != nil {
		return ""
	}
	for _, d := range items {
		if d.Namespace != "" && d.CodeValue != "" {
			return d.Namespace + "#" + d.CodeValue
		}
	}
	return ""
}

// onceEach calls lookup once per endpoint, however many callers ask at once.
func onceEach(lookup func(endpoint string) string) func(endpoint string) string {
	var mu sync.Mutex
	found := map[string]func() string{}
	return func(endpoint string) string {
		mu.Lock()
		get, ok := found[endpoint]
		if !ok {
			get = sync.OnceValue(func() string { return lookup(endpoint) })
			found[endpoint] = get
		}
		mu.Unlock()
		return get()
	}
}

// Fixtures is how a vendor's fixtures follow the target's data model.
type Fixtures struct {
	// Resources are those the vendor's suite creates documents for; a
	// profile's fixtures.<resource> entry names one of them.
	Resources []string
	// Known gives the reference keys the profile names.
	Known func(key string) (any, bool)
	// Unique returns a run-scoped text.
	Unique func(prefix string) string
	// UniqueNumber returns a run-scoped number.
	UniqueNumber func() int64
	// GET sends an authorized GET to a path under the data API.
	GET func(ctx ginkgo.SpecContext, path string) *transport.Exchange
	// Create creates a new item at endpoint for a reference (depth says how
	// many such items led to it) and returns its document.
	Create func(ctx ginkgo.SpecContext, endpoint string, depth int) map[string]any

	target *Target
}

// maxNewReferences bounds how deep new items are created for references.
const maxNewReferences = 2

// Model is the target's data model as this process read it.
func (f *Fixtures) Model() *Target {
	if f.target == nil {
		return &Target{}
	}
	return f.target
}

// Read reads the target's metadata, then looks up once a value of every
// descriptor the Resources require, so that document builders, which send
// nothing, can complete their documents too. It runs before the specs.
func (f *Fixtures) Read(ctx context.Context, s *suite.Session) {
	f.target = Read(ctx, s)
	if f.target.Catalog != nil {
		ginkgo.AddReportEntry("fixtures", fmt.Sprintf("following the target's OpenAPI metadata (%d resources)", len(f.target.Catalog.Endpoints())))
	} else {
		ginkgo.AddReportEntry("fixtures", "the built-in documents, as "+f.target.Missing.Error())
	}
	// The lookups send the primary client's token, which only a passed
	// pre-flight vouches for.
	if spec, ok := ctx.(ginkgo.SpecContext); ok && f.target.Catalog != nil && s.PreflightPassed() {
		l := f.lookups(spec, -1) // nothing is created before the specs
		// All at once, each descriptor endpoint asked once: every spec
		// waits for this.
		l.Descriptor = onceEach(l.Descriptor)
		var wg sync.WaitGroup
		for _, resource := range f.Resources {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, _, _ = f.target.Complete(resource, nil, l)
			}()
		}
		wg.Wait()
	}
	s.Log.Reset()
}

// Complete is the document the suite sends to create an item of resource:
// doc with what the target's metadata requires and doc lacks (new items for
// references the profile cannot point), then the profile's
// fixtures.<resource> additions. depth is how many new items led here.
func (f *Fixtures) Complete(ctx ginkgo.SpecContext, resource string, doc request.Doc, depth int) (request.Doc, []string, error) {
	out, added, err := f.Model().Complete(resource, doc, f.lookups(ctx, depth))
	return request.WithFixtures(resource, out), added, err
}

// Built completes a builder's document with what needs no request, then
// with the profile's fixtures.<resource> additions.
func (f *Fixtures) Built(resource string, doc request.Doc) request.Doc {
	out, _, _ := f.Model().Complete(resource, doc, Lookups{Unique: f.Unique, UniqueNumber: f.UniqueNumber, Known: f.Known})
	return request.WithFixtures(resource, out)
}

func (f *Fixtures) lookups(ctx ginkgo.SpecContext, depth int) Lookups {
	l := Lookups{
		Unique:       f.Unique,
		UniqueNumber: f.UniqueNumber,
		Descriptor:   func(endpoint string) string { return FirstDescriptor(f.GET(ctx, endpoint+"?limit=1")) },
		Known:        f.Known,
	}
	if depth >= 0 {
		l.Create = func(endpoint string) (map[string]any, error) {
			if depth >= maxNewReferences {
				return nil, fmt.Errorf("%s: references nest deeper than %d new items", endpoint, maxNewReferences)
			}
			return f.Create(ctx, endpoint, depth+1), nil
		}
	}
	return l
}

// Refused is the fix a refused fixture's set-up error names ("" when the
// refusal is not the document's: no response, 401 or 403).
func (f *Fixtures) Refused(resource string, resp *transport.Exchange, added []string, fillErr error) string {
	if resp.Err != nil || resp.Status == http.StatusUnauthorized || resp.Status == http.StatusForbidden {
		return ""
	}
	return f.Model().Hint(resource, resp.Body, added, fillErr)
}
