package reference

import "sync"

// Documents keeps rendered documents that never change for a server, such
// as its OpenAPI metadata, by what they depend on (path and base URL): a
// client that fetches them for every run should not pay for encoding them
// every time.
type Documents struct{ rendered sync.Map }

// Get returns the document under key, rendering it the first time.
func (d *Documents) Get(key string, render func() []byte) []byte {
	if b, ok := d.rendered.Load(key); ok {
		return b.([]byte)
	}
	b, _ := d.rendered.LoadOrStore(key, render())
	return b.([]byte)
}
