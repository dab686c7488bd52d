package suitetest

import (
	"io"
	"net/http"
	"testing"
	"time"
)

func TestLatencyProxyDelaysForwardsAndRecords(t *testing.T) {
	target := Serve(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Location", "http://"+r.Host+"/items/1")
		w.WriteHeader(http.StatusCreated)
		_, _ = io.WriteString(w, r.Method+" "+r.URL.RequestURI())
	}))
	const delay = 40 * time.Millisecond
	proxy, err := NewLatencyProxy(target, delay)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = proxy.Close() })

	start := time.Now()
	resp, err := http.Post(proxy.URL+"/items?x=1", "application/json", nil)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	_ = resp.Body.Close()
	took := time.Since(start)

	if took < delay {
		t.Errorf("the answer came after %v, before the %v delay", took, delay)
	}
	if resp.StatusCode != http.StatusCreated || string(body) != "POST /items?x=1" {
		t.Errorf("not forwarded as sent: %d %q", resp.StatusCode, body)
	}
	if loc := resp.Header.Get("Location"); loc != proxy.URL+"/items/1" {
		t.Errorf("the target did not see the proxy's Host: Location %q", loc)
	}
	seen := proxy.Requests()
	if len(seen) != 1 || seen[0].Method != http.MethodPost || seen[0].Path != "/items" || seen[0].At.Before(start) {
		t.Errorf("recorded %+v", seen)
	}
	proxy.Reset()
	if n := len(proxy.Requests()); n != 0 {
		t.Errorf("%d requests left after Reset", n)
	}
}
