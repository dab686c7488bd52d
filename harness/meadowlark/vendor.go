// Package meadowlark is the Ed-Fi Meadowlark 0.4.0 vocabulary the specs are
// written in: the profile settings, requests against the resource API,
// fixtures, concurrent requests and the error-body matcher.
package meadowlark

import (
	"context"

	"github.com/edconform/edconform/harness/profile"
	"github.com/edconform/edconform/harness/suite"
	"github.com/edconform/edconform/harness/transport"
)

// Error families, one spec file each: the document's sections.
const (
	Authorization = "authorization"
	Endpoint      = "endpoint"
	Body          = "body"
	Query         = "query"
	Delete        = "delete"
	Update        = "update"
	Upsert        = "upsert"
)

// Vendor is the Meadowlark suite.
var Vendor = suite.Register(&suite.Vendor{
	Name:      "meadowlark",
	Title:     "Ed-Fi Meadowlark 0.4.0",
	Source:    "Error Messages",
	Families:  []string{Authorization, Endpoint, Body, Query, Delete, Update, Upsert},
	Check:     check,
	Preflight: preflight,
	Prepare:   prepare,
})

// Family labels a group of specs; see suite.Vendor.Family.
var Family = Vendor.Family

// Settings are the profile's `settings` for Meadowlark targets.
type Settings struct {
	// Namespace is the path segment between target.baseURL and the
	// resource endpoint (default "ed-fi").
	Namespace string `yaml:"namespace"`
	// SchoolID is an existing school the suite's documents may reference.
	SchoolID int64 `yaml:"schoolId"`
	// DescriptorNamespace prefixes the descriptor values the suite sends
	// (default "uri://ed-fi.org"); the target must have the Ed-Fi ones.
	DescriptorNamespace string `yaml:"descriptorNamespace"`
	// OAuthServerUnreachableURL is a resource collection URL of a
	// deployment known to be unable to reach its OAuth server.
	OAuthServerUnreachableURL string `yaml:"oauthServerUnreachableURL"`
	// QueryServerUnreachableURL is a resource collection URL of a
	// deployment known to be unable to reach its query server.
	QueryServerUnreachableURL string `yaml:"queryServerUnreachableURL"`
}

var settings Settings

// Config is the running profile's Meadowlark settings.
func Config() *Settings { return &settings }

func check(p *profile.Profile) error {
	s := Settings{Namespace: "ed-fi", DescriptorNamespace: "uri://ed-fi.org"}
	if err := p.DecodeSettings(&s); err != nil {
		return err
	}
	if s.SchoolID < 0 {
		return &profile.Error{Source: p.Source, Key: "settings.schoolId", Reason: "must be the id of an existing school"}
	}
	if _, ok := p.Auth.Clients["primary"]; !ok {
		return &profile.Error{Source: p.Source, Key: "auth.clients.primary", Reason: "the Meadowlark suite needs a primary vendor client: set its id (and EDCONFORM_CLIENT_SECRET)"}
	}
	if err := p.CheckFixtures("meadowlark", model.Resources); err != nil {
		return err
	}
	settings = s
	return nil
}

// preflight makes sure the target is a Meadowlark API before any spec
// runs: a collection read without an Authorization header must be the
// document's 400 {error: 'Invalid authorization header'}, and the primary
// client's token must be accepted there.
func preflight(ctx context.Context, s *suite.Session) error {
	return s.OAuthPreflight(ctx, URL("academicWeeks"), suite.Identity{
		Sent:     "without an Authorization header",
		Case:     `"Invalid Authorization header" (400 {error: 'Invalid authorization header'})`,
		Statuses: s.Statuses("meadowlark.authorization.invalid-authorization-header.missing", 400),
		Schema:   Schema,
		Keys:     []string{"target.baseURL (the API root, before the namespace)", "settings.namespace (now " + settings.Namespace + ")"},
		// Meadowlark's {error: ...}, or the collection itself where the
		// target lets a request without credentials through.
		Recognise: func(ex *transport.Exchange) bool { return suite.BodyHas(ex, "error") || suite.BodyIsArray(ex) },
	})
}

// prepare reads the target's data model in every process.
func prepare(ctx context.Context, s *suite.Session) error {
	model.Read(ctx, s)
	return nil
}

// RequireSchool skips a spec that references a school when the profile
// names none.
func RequireSchool() {
	suite.RequireSetting(settings.SchoolID != 0, "settings.schoolId", "an existing school the suite's documents may reference")
}

// RequireClient skips a spec when the profile lacks this OAuth client (or
// its secret), before the spec creates anything.
func RequireClient(name string) { suite.Require(suite.Current().Tokens.Has(name)) }
