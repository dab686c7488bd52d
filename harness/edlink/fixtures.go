package edlink

import (
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/onsi/ginkgo/v2"

	"github.com/edconform/edconform/harness/expect"
	"github.com/edconform/edconform/harness/fixtures"
	"github.com/edconform/edconform/harness/request"
	"github.com/edconform/edconform/harness/suite"
	"github.com/edconform/edconform/harness/transport"
)

// Doc is an assignment body; see request.Doc.
type Doc = request.Doc

// RequiredFields are the fields an assignment must have.
var RequiredFields = []string{"title", "description", "due_date", "grading_type"}

// NewAssignment is a complete assignment for every student of the class,
// unique to the run, built from values the profile says the target accepts.
func NewAssignment() Doc {
	return Doc{
		"title":            Unique("assignment"),
		"description":      "Created by the edconform conformance suite; removed when its spec ends.",
		"due_date":         time.Now().UTC().AddDate(0, 0, 7).Truncate(time.Second).Format(time.RFC3339),
		"grading_type":     settings.GradingTypes[0],
		"submission_types": []any{settings.SubmissionTypes[0]},
		"assignee_mode":    "all",
	}
}

// Individually returns an assignment for the named people only, in the
// assignee mode the target accepts for that (settings.assigneeModes).
func Individually(d Doc, personIDs ...string) Doc {
	ids := make([]any, len(personIDs))
	for i, id := range personIDs {
		ids[i] = id
	}
	return d.With("assignee_mode", IndividualMode()).With("assignee_ids", ids)
}

// IndividualMode is the assignee_mode that names assignees: "individuals"
// (Edlink's assignment model) unless the profile lists only the error
// document's "individual".
func IndividualMode() string { return individualMode(settings.AssigneeModes) }

func individualMode(modes []string) string {
	for _, m := range []string{"individuals", "individual"} {
		if slices.Contains(modes, m) {
			return m
		}
	}
	return ""
}

// Item is an assignment a fixture created on the target.
type Item struct {
	ClassID, ID string
	Doc         Doc
}

// Path is the assignment's User API path, for GET, PATCH and DELETE.
func (i *Item) Path() string { return My("classes", i.ClassID, "assignments", i.ID) }

// assignments is the resource the suite creates; a profile's
// fixtures.assignments entry adds to every assignment it creates.
const assignments = "assignments"

// Create POSTs an assignment, with the profile's fixtures.assignments
// additions, to the class through the User API (as the teacher, unless an
// option says otherwise) and expects it to be created; it is deleted when
// the spec ends. The spec must carry the `writes` label.
func Create(ctx ginkgo.SpecContext, classID string, doc Doc, opts ...Option) *Item {
	suite.RequireWritesLabel()
	doc = request.WithFixtures(assignments, doc)
	resp := POST(ctx, My("classes", classID, "assignments"), doc, opts...)
	id := dataID(resp)
	if id == "" {
		expect.SetupError(resp, "200 with the new assignment in $data: the spec needs it as a fixture", "",
			expect.Status(resp, http.StatusOK))
	}
	return &Item{ClassID: classID, ID: id, Doc: doc}
}

// adoptCreated makes any assignment a POST created the suite's own, to be
// deleted when the spec ends, even when the spec expected the POST to be
// refused. Graph API assignments are deleted through the User API too.
func adoptCreated(ctx ginkgo.SpecContext, resp *Response) {
	if resp.Request.Method != http.MethodPost {
		return
	}
	id := dataID(resp)
	classID := classOf(resp.Request.URL)
	if id == "" || classID == "" {
		return
	}
	item := &Item{ClassID: classID, ID: id}
	s := suite.Current()
	if s.Ledger.Owns(URL(item.Path())) {
		return // a replayed response: the record is already ours
	}
	rec := &fixtures.Record{Resource: assignments, ID: id, URL: URL(item.Path()),
		Check: func(ctx ginkgo.SpecContext) (bool, *transport.Exchange) {
			answer := GET(ctx, item.Path(), As(UserToken))
			return dataID(answer) != id, answer
		}}
	s.Ledger.Track(rec)
	ginkgo.DeferCleanup(remove, item, rec)
}

// classOf reads the class id from an assignments collection URL.
func classOf(rawURL string) string {
	path, _, _ := strings.Cut(rawURL, "?")
	segs := strings.Split(strings.TrimRight(path, "/"), "/")
	n := len(segs)
	if n < 3 || segs[n-1] != "assignments" || segs[n-3] != "classes" {
		return ""
	}
	return segs[n-2]
}

// remove deletes an assignment the suite created, as the class's teacher.
func remove(ctx ginkgo.SpecContext, item *Item, rec *fixtures.Record) {
	resp := DELETE(ctx, item.Path(), As(UserToken))
	removed := resp.Err == nil && (resp.Status == http.StatusOK || isNotFound(resp))
	suite.Current().Ledger.Removed(rec, resp, !removed)
	if !removed {
		expect.Fail(resp, "200: removing the assignment the spec created (auth.tokens."+UserToken+" must be a teacher of its class)",
			expect.Status(resp, http.StatusOK))
	}
}

// isNotFound reports an assignment already gone, however the server says so.
func isNotFound(resp *Response) bool {
	if resp.Status == http.StatusNotFound {
		return true
	}
	return slices.ContainsFunc(errorCodes(resp), func(name string) bool { return strings.EqualFold(name, NotFoundCode.Name) })
}

// errorCodes are the codes of an error envelope's $errors, if any.
func errorCodes(resp *Response) []string {
	body, err := jsonObject(resp)
	if err != nil {
		return nil
	}
	list, _ := body["$errors"].([]any)
	var codes []string
	for _, item := range list {
		entry, _ := item.(map[string]any)
		if name, ok := entry["code"].(string); ok {
			codes = append(codes, name)
		}
	}
	return codes
}

// AbsentID is a well-formed Edlink id (a random v4 UUID) that nothing has.
func AbsentID() string { return MadeUpID(uuid.NewString()) }

// MadeUpID marks an id the spec invented (say, a malformed one) as safe to
// send PATCH or DELETE to.
func MadeUpID(id string) string {
	suite.Current().Ledger.MarkAbsent(id)
	return id
}

// Unique is a run-scoped identifier; see fixtures.Unique.
func Unique(prefix string) string { return fixtures.Unique(prefix) }
