// Package edfi is the Ed-Fi ODS/API 7.2 vocabulary the specs are written in:
// the profile settings, the problem types of the Error Response Knowledge
// Base, requests against the data API, fixtures and the problem-details
// matcher.
package edfi

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/edconform/edconform/harness/profile"
	"github.com/edconform/edconform/harness/suite"
	"github.com/edconform/edconform/harness/transport"
)

// Error families, one spec file each.
const (
	Authentication      = "authentication"
	Authorization       = "authorization"
	DataValidation      = "data-validation"
	Profile             = "profile"
	NotFound            = "not-found"
	MethodNotAllowed    = "method-not-allowed"
	Conflict            = "conflict"
	OptimisticLock      = "optimistic-lock"
	MediaType           = "media-type"
	ParameterValidation = "parameter-validation"
	Server              = "server"
)

// Vendor is the Ed-Fi ODS/API suite.
var Vendor = suite.Register(&suite.Vendor{
	Name:   "edfi",
	Title:  "Ed-Fi ODS/API 7.2",
	Source: "Error Response Knowledge Base",
	Families: []string{Authentication, Authorization, DataValidation, Profile, NotFound, MethodNotAllowed,
		Conflict, OptimisticLock, MediaType, ParameterValidation, Server},
	// Specs of cases only one product documents carry its label.
	ExtraLabels: Products,
	Check:       check,
	Preflight:   preflight,
	Prepare:     prepare,
	Selection:   selection,
	// In expect.<spec id>, type is the problem type URN.
	ExpectType: func(typ string) error {
		if !strings.HasPrefix(typ, "urn:ed-fi:api") {
			return fmt.Errorf("%q is not an Ed-Fi problem type (urn:ed-fi:api:...)", typ)
		}
		return nil
	},
})

// Product labels: specs for error cases that one product documents and the
// knowledge base lacks carry the product's label, and run only when
// settings.product names it.
const (
	ProductDMS   = "dms"
	ProductODS73 = "ods-7.3"
)

// Products are the product labels.
var Products = []string{ProductDMS, ProductODS73}

// selection leaves out the specs of every product but the profile's. The
// embedded reference server names its product only once it runs, so its
// product mode (product-<label>) names it before.
func selection(p *profile.Profile) string {
	product := settings.Product
	for _, m := range p.Reference.Modes {
		if label, ok := strings.CutPrefix(m, "product-"); ok && p.Embedded && slices.Contains(Products, label) {
			product = label
		}
	}
	var out []string
	for _, label := range Products {
		if label != product {
			out = append(out, "!"+label)
		}
	}
	return strings.Join(out, " && ")
}

// Family labels a group of specs; see suite.Vendor.Family.
var Family = Vendor.Family

// Settings are the profile's `settings` for Ed-Fi targets.
type Settings struct {
	// DataPath is appended to target.baseURL to reach the resources.
	DataPath string `yaml:"dataPath"`
	// PageSizeLimit is the largest `limit` the target accepts.
	PageSizeLimit int `yaml:"pageSizeLimit"`
	// ETags says whether the target has the ETag feature enabled.
	ETags *bool `yaml:"etags"`
	// EducationOrganizations the primary client may and may not use.
	EducationOrganizations EducationOrganizations `yaml:"educationOrganizations"`
	// NamespacePrefixes assigned to the primary client.
	NamespacePrefixes []string `yaml:"namespacePrefixes"`
	// SchoolYear is a school year the target knows.
	SchoolYear int `yaml:"schoolYear"`
	// MissingSchoolYear is a school year the target does not know.
	MissingSchoolYear int `yaml:"missingSchoolYear"`
	// Profiles are the API profiles (data policies) the `profiled` client has.
	Profiles APIProfiles `yaml:"profiles"`
	// CourseOffering is an offering at the school in settings.schoolYear
	// that sections can be created for.
	CourseOffering *CourseOffering `yaml:"courseOffering"`
	// InternalErrorURL is a resource collection URL of a deployment known
	// to answer 500 (say, one that cannot reach its ODS database); the 500
	// spec runs there.
	InternalErrorURL string `yaml:"internalErrorURL"`
	// Product names the Ed-Fi product the target is (dms, ods-7.3), which
	// selects the specs of the cases only that product documents.
	Product string `yaml:"product"`
	// RateLimit is the target's rate limit as the throttled client meets it.
	RateLimit *RateLimit `yaml:"rateLimit"`
}

// RateLimit is how many requests the target lets a client send in one
// window before it answers 429.
type RateLimit struct {
	Requests int `yaml:"requests"`
}

// CourseOffering names an existing course offering at the primary school.
type CourseOffering struct {
	LocalCourseCode string `yaml:"localCourseCode"`
	SessionName     string `yaml:"sessionName"`
}

// EducationOrganizations are the ids the specs build requests from.
type EducationOrganizations struct {
	LocalEducationAgency           int64   `yaml:"localEducationAgency"`
	School                         int64   `yaml:"school"`
	OtherSchool                    int64   `yaml:"otherSchool"`
	ForbiddenSchool                int64   `yaml:"forbiddenSchool"`
	ForbiddenEducationOrganization int64   `yaml:"forbiddenEducationOrganization"`
	Claims                         []int64 `yaml:"claims"`
}

// APIProfiles names the profiles the profile specs use.
type APIProfiles struct {
	ReadOnly   *APIProfile `yaml:"readOnly"`
	Assigned   *APIProfile `yaml:"assigned"`
	Unassigned *APIProfile `yaml:"unassigned"`
}

// APIProfile is one Ed-Fi API profile on one resource.
type APIProfile struct {
	Resource string `yaml:"resource"`
	Name     string `yaml:"name"`
}

// ContentType is the profile-specific media type, readable or writable.
func (p *APIProfile) ContentType(usage string) string {
	return fmt.Sprintf("application/vnd.ed-fi.%s.%s.%s+json", strings.ToLower(p.Resource), strings.ToLower(p.Name), usage)
}

var settings Settings

// Config is the running profile's Ed-Fi settings.
func Config() *Settings { return &settings }

func check(p *profile.Profile) error {
	s := Settings{DataPath: "/data/v3/ed-fi", PageSizeLimit: 500}
	if err := p.DecodeSettings(&s); err != nil {
		return err
	}
	if s.Product != "" && !slices.Contains(Products, s.Product) {
		return &profile.Error{Source: p.Source, Key: "settings.product", Reason: fmt.Sprintf("%q is none of %s", s.Product, strings.Join(Products, ", "))}
	}
	if s.RateLimit != nil && s.RateLimit.Requests <= 0 {
		return &profile.Error{Source: p.Source, Key: "settings.rateLimit.requests", Reason: "must be a positive number (the requests the target allows in one window)"}
	}
	if s.PageSizeLimit <= 0 {
		return &profile.Error{Source: p.Source, Key: "settings.pageSizeLimit", Reason: "must be a positive number (the target's defaultPageSizeLimit)"}
	}
	for name, ap := range map[string]*APIProfile{"readOnly": s.Profiles.ReadOnly, "assigned": s.Profiles.Assigned, "unassigned": s.Profiles.Unassigned} {
		if ap != nil && (ap.Resource == "" || ap.Name == "") {
			return &profile.Error{Source: p.Source, Key: "settings.profiles." + name, Reason: "needs both resource and name"}
		}
	}
	if _, ok := p.Auth.Clients["primary"]; !ok {
		return &profile.Error{Source: p.Source, Key: "auth.clients.primary", Reason: "the Ed-Fi suite needs a primary client: set its id (and EDCONFORM_CLIENT_SECRET)"}
	}
	if err := p.CheckFixtures("edfi", model.Resources); err != nil {
		return err
	}
	settings = s
	return nil
}

// preflight makes sure the target is an Ed-Fi API before any spec runs: a
// descriptor collection read without an Authorization header must be the
// knowledge base's 401 problem details, and the primary client's token
// must be accepted there.
func preflight(ctx context.Context, s *suite.Session) error {
	return s.OAuthPreflight(ctx, URL("absenceEventCategoryDescriptors"), suite.Identity{
		Sent:     "without an Authorization header",
		Case:     `"Missing Authorization header" (401 ` + AuthenticationFailed.URN + `)`,
		Statuses: s.Statuses("edfi.authentication.missing-authorization-header", 401),
		Schema:   ProblemSchema,
		Keys:     []string{"target.baseURL (the API root)", "settings.dataPath (now " + settings.DataPath + ")"},
		// An Ed-Fi problem type, or the collection itself where the
		// target lets a request without credentials through.
		Recognise: func(ex *transport.Exchange) bool {
			v, _ := ex.JSON()
			body, _ := v.(map[string]any)
			typ, _ := body["type"].(string)
			return strings.HasPrefix(typ, "urn:ed-fi:") || suite.BodyIsArray(ex)
		},
	})
}

// prepare reads the target's data model in every process.
func prepare(ctx context.Context, s *suite.Session) error {
	model.Read(ctx, s)
	return nil
}
