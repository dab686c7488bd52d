package metadata

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"strings"
)

// Get fetches a URL: its status and body, or an error when no response came.
type Get func(ctx context.Context, url string) (status int, body []byte, err error)

// ErrNone is wrapped by Discover's error when the target names no metadata
// (the fixtures then use their built-in documents).
var ErrNone = errors.New("the target publishes no OpenAPI metadata")

// Discover reads the API root at rootURL (and, when it answers but names no
// metadata, its parent: Meadowlark's root sits above the versioned base
// URL), follows
// urls.openApiMetadata to the section list and reads the Resources section,
// and the Descriptors section when there is one.
func Discover(ctx context.Context, get Get, rootURL string) (*Catalog, error) {
	listURL, err := metadataURL(ctx, get, rootURL)
	if err != nil {
		return nil, err
	}
	status, body, err := get(ctx, listURL)
	if err != nil || status != 200 {
		return nil, fmt.Errorf("GET %s (the root's urls.openApiMetadata): %s", listURL, answer(status, err))
	}
	var sections []struct {
		Name        string `json:"name"`
		EndpointURI string `json:"endpointUri"`
	}
	if err := json.Unmarshal(body, &sections); err != nil {
		return nil, fmt.Errorf("GET %s: not a list of {name, endpointUri} sections: %v", listURL, err)
	}
	find := func(name string) string {
		for _, s := range sections {
			if strings.EqualFold(s.Name, name) && s.EndpointURI != "" {
				return resolve(listURL, s.EndpointURI)
			}
		}
		return ""
	}
	resourcesURL := find("Resources")
	if resourcesURL == "" {
		return nil, fmt.Errorf("GET %s: no section named Resources", listURL)
	}
	// Both sections at once: every spec waits for them.
	descriptors := make(chan []byte, 1)
	if descriptorsURL := find("Descriptors"); descriptorsURL != "" {
		go func() {
			status, body, err := get(ctx, descriptorsURL)
			if err != nil || status != 200 {
				body = nil
			}
			descriptors <- body
		}()
	} else {
		descriptors <- nil
	}
	status, body, err = get(ctx, resourcesURL)
	descriptorsBody := <-descriptors
	if err != nil || status != 200 {
		return nil, fmt.Errorf("GET %s (the Resources metadata): %s", resourcesURL, answer(status, err))
	}
	c, err := Parse(body)
	if err != nil {
		return nil, fmt.Errorf("GET %s: %w", resourcesURL, err)
	}
	if descriptorsBody != nil {
		_ = c.AddDescriptors(descriptorsBody) // optional: without it, descriptors are looked up by trying
	}
	return c, nil
}

func metadataURL(ctx context.Context, get Get, rootURL string) (string, error) {
	tried := []string{}
	for _, u := range []string{rootURL, parent(rootURL)} {
		if u == "" || (len(tried) > 0 && u == tried[0]) {
			continue
		}
		tried = append(tried, u)
		status, body, err := get(ctx, u)
		if err != nil {
			// No answer (a hung or unreachable target): its parent, on the
			// same host, would cost another timeout to tell the same.
			return "", fmt.Errorf("the API root %s did not answer: %v", u, err)
		}
		if status != 200 {
			continue
		}
		var root struct {
			URLs map[string]any `json:"urls"`
		}
		if json.Unmarshal(body, &root) != nil {
			continue
		}
		if s, ok := root.URLs["openApiMetadata"].(string); ok && s != "" {
			return resolve(u, s), nil
		}
	}
	return "", fmt.Errorf("%w: no urls.openApiMetadata in the API root (%s)", ErrNone, strings.Join(tried, ", "))
}

func parent(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return ""
	}
	p := strings.TrimRight(u.Path, "/")
	i := strings.LastIndex(p, "/")
	if i < 0 {
		return ""
	}
	u.Path = p[:i+1]
	return u.String()
}

func resolve(base, ref string) string {
	b, err := url.Parse(base)
	if err != nil {
		return ref
	}
	r, err := url.Parse(ref)
	if err != nil {
		return ref
	}
	return b.ResolveReference(r).String()
}

func answer(status int, err error) string {
	if err != nil {
		return err.Error()
	}
	return fmt.Sprintf("HTTP %d", status)
}
