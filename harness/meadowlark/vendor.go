// Package meadowlark is the Ed-Fi Meadowlark 0.4.0 vocabulary the specs are
// written in: the profile settings, requests against the resource API,
// fixtures, concurrent requests and the error-body matcher.
package meadowlark

import (
	"context"

	"github.com/edconform/edconform/harness/profile"
	"github.com/edconform/edconform/harness/suite"
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
	Name:     "meadowlark",
	Title:    "Ed-Fi Meadowlark 0.4.0",
	Source:   "Error Messages",
	Families: []string{Authorization, Endpoint, Body, Query, Delete, Update, Upsert},
	Check:    check,
	Probe:    probe,
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

// probe obtains the primary client's token once, so wrong credentials are
// one clear error before any spec runs, then reads the target's data model.
func probe(ctx context.Context, s *suite.Session) error {
	if _, err := s.Tokens.Token(ctx, "primary"); err != nil {
		return err
	}
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
