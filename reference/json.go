package reference

import (
	"bytes"
	"encoding/json"
)

// JSON encodes v without escaping '<', '>' and '&', as the vendors'
// serializers (Json.NET, JSON.stringify) leave them.
func JSON(v any) []byte {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(v)
	return bytes.TrimSuffix(b.Bytes(), []byte("\n"))
}
