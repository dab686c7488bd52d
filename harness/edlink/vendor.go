// Package edlink is the Edlink API v2 vocabulary the specs are written in:
// the profile settings, the 19 codes of the "Error Responses" document,
// requests against the Graph API (integration tokens) and the User API
// (person tokens), assignment fixtures and the error-envelope matcher.
package edlink

import (
	"context"
	"fmt"
	"net/http"
	"regexp"
	"sort"
	"strings"

	"github.com/edconform/edconform/harness/profile"
	"github.com/edconform/edconform/harness/suite"
	"github.com/edconform/edconform/harness/transport"
)

// Error families, one spec file each.
const (
	Authentication = "authentication"
	Authorization  = "authorization"
	Validation     = "validation"
	Pagination     = "pagination"
	Idempotency    = "idempotency"
	NotFound       = "not-found"
	Provider       = "provider"
	Server         = "server"
)

// Vendor is the Edlink API v2 suite.
var Vendor = suite.Register(&suite.Vendor{
	Name:      "edlink",
	Title:     "Edlink API v2",
	Source:    "Error Responses",
	Families:  []string{Authentication, Authorization, Validation, Pagination, Idempotency, NotFound, Provider, Server},
	Check:     check,
	Preflight: preflight,
	// In expect.<spec id>, type is the error code's name.
	ExpectType: func(typ string) error {
		if _, ok := codeByName[typ]; !ok {
			return fmt.Errorf("%q is not an error code of the Error Responses document (NOT_FOUND, INVALID_TOKEN, ...)", typ)
		}
		return nil
	},
})

// Family labels a group of specs; see suite.Vendor.Family.
var Family = Vendor.Family

// The bounds the error document states.
const (
	// RosteringPageSizeMax is the largest $first on rostering endpoints.
	RosteringPageSizeMax = 10000
	// IdempotencyKeyMaxLength is the longest $idempotency key.
	IdempotencyKeyMaxLength = 255
)

// Settings are the profile's `settings` for Edlink targets. The ids name
// records of the target's data the specs need; a spec whose id is missing
// is skipped, naming the key.
type Settings struct {
	// Descriptive: the specs assert the document's bounds whatever these say.
	PageSizeMax             int               `yaml:"pageSizeMax"`
	DefaultPageSize         int               `yaml:"defaultPageSize"`
	IdempotencyKeyMaxLength int               `yaml:"idempotencyKeyMaxLength"`
	CursorLifetimeSeconds   int               `yaml:"cursorLifetimeSeconds"`
	Providers               map[string]string `yaml:"providers"`

	// AssignmentsPageSizeMax is the provider's $first bound on assignment
	// lists, which the document leaves to the provider.
	AssignmentsPageSizeMax int `yaml:"assignmentsPageSizeMax"`
	// ExpiredCursor is a cursor the server issued to the integration token
	// for /graph/people that has since expired.
	ExpiredCursor string `yaml:"expiredCursor"`
	// AssigneeModes, GradingTypes and SubmissionTypes are the values the
	// target accepts; valid assignments are built from them.
	AssigneeModes   []string `yaml:"assigneeModes"`
	GradingTypes    []string `yaml:"gradingTypes"`
	SubmissionTypes []string `yaml:"submissionTypes"`

	DistrictID                 string   `yaml:"districtId"`
	SchoolID                   string   `yaml:"schoolId"`
	SessionID                  string   `yaml:"sessionId"`
	CourseID                   string   `yaml:"courseId"`
	SectionID                  string   `yaml:"sectionId"`
	EnrollmentID               string   `yaml:"enrollmentId"`
	ClassID                    string   `yaml:"classId"`
	OtherClassID               string   `yaml:"otherClassId"`
	EnrichmentOnlyClassID      string   `yaml:"enrichmentOnlyClassId"`
	ForeignClassID             string   `yaml:"foreignClassId"`
	UnsupportedProviderClassID string   `yaml:"unsupportedProviderClassId"`
	TeacherPersonID            string   `yaml:"teacherPersonId"`
	TAPersonID                 string   `yaml:"taPersonId"`
	StudentPersonID            string   `yaml:"studentPersonId"`
	EnrolledPersonIDs          []string `yaml:"enrolledPersonIds"`
	NotEnrolledPersonID        string   `yaml:"notEnrolledPersonId"`
	EnrichmentOnlyPersonID     string   `yaml:"enrichmentOnlyPersonId"`
	UnsharedPersonID           string   `yaml:"unsharedPersonId"`
	AssignmentID               string   `yaml:"assignmentId"`
	IndividualAssignmentID     string   `yaml:"individualAssignmentId"`

	// StatusOverrides declares, per code, the status this server answers
	// instead of the document's 400 (Edlink's guides give 401 and 404 for
	// some); such a difference is then a warning, not a failure.
	StatusOverrides map[string]int `yaml:"statusOverrides"`
}

var settings Settings

// Config is the running profile's Edlink settings.
func Config() *Settings { return &settings }

var edlinkID = regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)

func check(p *profile.Profile) error {
	s := Settings{
		PageSizeMax:             RosteringPageSizeMax,
		IdempotencyKeyMaxLength: IdempotencyKeyMaxLength,
		AssigneeModes:           []string{"all", "individuals"},
		GradingTypes:            []string{"points", "percent", "pass_fail", "letter_grade", "rubric"},
		SubmissionTypes:         []string{"link", "file", "text", "discussion"},
	}
	if err := p.DecodeSettings(&s); err != nil {
		return err
	}
	bad := func(key, reason string) error {
		return &profile.Error{Source: p.Source, Key: "settings." + key, Reason: reason}
	}
	if s.AssignmentsPageSizeMax < 0 {
		return bad("assignmentsPageSizeMax", "must be a positive number (the provider's $first bound on assignment lists)")
	}
	for key, list := range map[string][]string{"gradingTypes": s.GradingTypes, "submissionTypes": s.SubmissionTypes} {
		if len(list) == 0 {
			return bad(key, "must list at least one value the target accepts")
		}
	}
	if individualMode(s.AssigneeModes) == "" {
		return bad("assigneeModes", `must list "individuals" or "individual", the mode that names assignees`)
	}
	for key, id := range s.ids() {
		if id != "" && !edlinkID.MatchString(id) {
			return bad(key, fmt.Sprintf("%q is not an Edlink id (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx)", id))
		}
	}
	codes := make([]string, 0, len(s.StatusOverrides))
	for c := range s.StatusOverrides {
		codes = append(codes, c)
	}
	sort.Strings(codes)
	for _, c := range codes {
		if _, ok := codeByName[c]; !ok {
			return bad("statusOverrides."+c, "is not a code of the error document")
		}
		if st := s.StatusOverrides[c]; st < 100 || st > 599 {
			return bad("statusOverrides."+c, fmt.Sprintf("%d is not an HTTP status", st))
		}
	}
	roles := make([]string, 0, len(p.Auth.Tokens))
	for role := range p.Auth.Tokens {
		roles = append(roles, role)
	}
	sort.Strings(roles)
	for _, role := range roles {
		if _, ok := TokenRoles[role]; !ok {
			return &profile.Error{Source: p.Source, Key: "auth.tokens." + role,
				Reason: "is not a token role of the Edlink suite (see specs/edlink/README.md)"}
		}
	}
	if _, ok := p.Auth.Tokens[GraphToken]; !ok {
		return &profile.Error{Source: p.Source, Key: "auth.tokens." + GraphToken,
			Reason: "the Edlink suite needs an integration token: add it and set " + profile.TokenEnvFor(GraphToken)}
	}
	if err := p.CheckFixtures("edlink", []string{assignments}); err != nil {
		return err
	}
	settings = s
	return nil
}

// ids lists the id settings by key, for validation.
func (s *Settings) ids() map[string]string {
	out := map[string]string{
		"districtId": s.DistrictID, "schoolId": s.SchoolID, "sessionId": s.SessionID, "courseId": s.CourseID,
		"sectionId": s.SectionID, "enrollmentId": s.EnrollmentID, "classId": s.ClassID, "otherClassId": s.OtherClassID,
		"enrichmentOnlyClassId": s.EnrichmentOnlyClassID, "foreignClassId": s.ForeignClassID,
		"unsupportedProviderClassId": s.UnsupportedProviderClassID, "teacherPersonId": s.TeacherPersonID,
		"taPersonId": s.TAPersonID, "studentPersonId": s.StudentPersonID, "notEnrolledPersonId": s.NotEnrolledPersonID,
		"enrichmentOnlyPersonId": s.EnrichmentOnlyPersonID, "unsharedPersonId": s.UnsharedPersonID,
		"assignmentId": s.AssignmentID, "individualAssignmentId": s.IndividualAssignmentID,
	}
	for i, id := range s.EnrolledPersonIDs {
		out[fmt.Sprintf("enrolledPersonIds[%d]", i)] = id
	}
	return out
}

// preflight makes sure the target is an Edlink API before any spec runs: a
// Graph API read without an Authorization header must be the document's
// INVALID_TOKEN envelope (400, or the status settings.statusOverrides
// declares), and one page of districts read with the integration token
// must come back.
func preflight(ctx context.Context, s *suite.Session) error {
	statuses := s.Statuses("edlink.authentication.invalid-token.graph-without-header", http.StatusBadRequest)
	if declared, ok := settings.StatusOverrides[InvalidToken.Name]; ok {
		statuses = append(statuses, declared)
	}
	token, err := s.Tokens.Static(GraphToken)
	if err != nil {
		return err
	}
	base := strings.TrimRight(s.Profile.Target.BaseURL, "/")
	// The read with the token is sent beside the one without; the
	// latter's error comes first.
	probed := make(chan *transport.Exchange, 1)
	go func() { probed <- s.Client.Do(ctx, probeRequest(s, token)) }()
	ex := s.Client.Do(ctx, transport.Request{Method: http.MethodGet, URL: base + Graph("people") + "?$first=1"})
	s.Log.Reset()
	if err := s.Identify(ex, suite.Identity{
		Sent: "without an Authorization header", Case: "INVALID_TOKEN (400)", Statuses: statuses, Schema: ErrorSchema,
		Keys: []string{"target.baseURL (the API root, ending in /api/v2)"},
		// Edlink's envelope, whatever else differs.
		Recognise: func(ex *transport.Exchange) bool { return suite.BodyHas(ex, "$request", "$errors") },
	}); err != nil {
		return err
	}
	ex = <-probed
	s.Log.Reset()
	if ex.Err != nil {
		return fmt.Errorf("the target does not answer: %v", ex.Err)
	}
	if ex.Status != http.StatusOK {
		answer := fmt.Sprintf("HTTP %d", ex.Status)
		if codes := errorCodes(ex); len(codes) > 0 {
			answer += " " + strings.Join(codes, ", ")
		}
		return fmt.Errorf("GET /graph/districts with auth.tokens.%s answered %s, not 200: check target.baseURL (it ends in /api/v2) and the token", GraphToken, answer)
	}
	return nil
}
