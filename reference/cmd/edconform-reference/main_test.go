package main

import (
	"bytes"
	"io"
	"net/http"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

func TestRunServesAndPrintsOverlay(t *testing.T) {
	var out bytes.Buffer
	var status int
	err := run([]string{"--vendor", "edfi", "--addr", "127.0.0.1:0", "--deviation", "patch-not-found"}, &out, func() {
		var overlay map[string]any
		text := out.String()
		if err := yaml.Unmarshal([]byte(text), &overlay); err != nil {
			t.Fatalf("overlay is not YAML: %v\n%s", err, text)
		}
		base := overlay["target"].(map[string]any)["baseURL"].(string)
		if !strings.HasPrefix(base, "http://127.0.0.1:") || !strings.Contains(text, "secret: ") {
			t.Errorf("overlay: %s", text)
		}
		req, _ := http.NewRequest(http.MethodPatch, base+"/data/v3/ed-fi/students/0123456789abcdef0123456789abcdef", nil)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		status = resp.StatusCode
	})
	if err != nil {
		t.Fatal(err)
	}
	if status != http.StatusNotFound {
		t.Errorf("the deviation was not applied: PATCH gave %d", status)
	}
}

func TestRunAppliesModes(t *testing.T) {
	var out bytes.Buffer
	statuses := map[string]int{}
	err := run([]string{"--vendor", "edfi", "--mode", "stricter-data-standard", "--mode", "metadata-hidden"}, &out, func() {
		var overlay map[string]any
		if err := yaml.Unmarshal(out.Bytes(), &overlay); err != nil {
			t.Fatalf("overlay is not YAML: %v", err)
		}
		base := overlay["target"].(map[string]any)["baseURL"].(string)
		for _, p := range []string{"/", "/metadata/"} {
			resp, err := http.Get(base + p)
			if err != nil {
				t.Fatal(err)
			}
			_, _ = io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			statuses[p] = resp.StatusCode
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	if statuses["/"] != http.StatusOK || statuses["/metadata/"] != http.StatusNotFound {
		t.Errorf("metadata-hidden was not applied: %v", statuses)
	}
}

func TestRunRefusesBadArguments(t *testing.T) {
	never := func() { t.Error("must not start") }
	for _, args := range [][]string{
		{"--vendor", "nobody"},
		{"--vendor", "edfi", "--addr", "0.0.0.0:0"},
		{"--vendor", "edfi", "--deviation", "no-such-deviation"},
		{"--vendor", "edfi", "--mode", "no-such-mode"},
		{"--vendor", "edlink", "--mode", "stricter-data-standard"},
	} {
		if err := run(args, io.Discard, never); err == nil {
			t.Errorf("%v: no error", args)
		}
	}
}
