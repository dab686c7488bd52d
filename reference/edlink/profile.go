package edlink

import "maps"

// Profile returns the overlay pointing the suite at this server (see the
// package documentation for its keys).
func (s *Server) Profile(baseURL string) map[string]any {
	tokens := map[string]any{}
	for role, value := range s.profileTokens {
		tokens[role] = map[string]any{"value": value}
	}
	return map[string]any{
		"vendor":   "edlink",
		"target":   map[string]any{"baseURL": baseURL + BasePath},
		"auth":     map[string]any{"tokens": tokens},
		"settings": maps.Clone(s.settings),
	}
}
