package meadowlark

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/edconform/edconform/reference"
	"github.com/edconform/edconform/reference/edfimodel"
)

// fixture is a running server with the tokens of its profile's clients.
type fixture struct {
	t      *testing.T
	srv    *Server
	http   *httptest.Server
	tokens map[string]string
}

func start(t *testing.T, opts reference.Options) *fixture {
	t.Helper()
	return startWith(t, Config{}, opts)
}

func startWith(t *testing.T, cfg Config, opts reference.Options) *fixture {
	t.Helper()
	srv, err := New(cfg, opts)
	if err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(srv)
	t.Cleanup(hs.Close)
	f := &fixture{t: t, srv: srv, http: hs, tokens: map[string]string{}}
	for name, c := range srv.roles {
		resp := f.raw(http.MethodPost, "/local/oauth/token", map[string]string{"Content-Type": "application/json"},
			fmt.Sprintf(`{"grant_type":"client_credentials","client_id":%q,"client_secret":%q}`, c.id, c.secret))
		if resp.status != http.StatusOK {
			t.Fatalf("token for %s: %d %s", name, resp.status, resp.body)
		}
		f.tokens[name] = resp.json()["access_token"].(string)
	}
	return f
}

type response struct {
	status int
	header http.Header
	body   string
}

func (r response) json() map[string]any {
	var m map[string]any
	_ = json.Unmarshal([]byte(r.body), &m)
	return m
}

func (r response) errorValue() any { return r.json()["error"] }

func (f *fixture) raw(method, p string, header map[string]string, body string) response {
	f.t.Helper()
	req, err := http.NewRequest(method, f.http.URL+p, strings.NewReader(body))
	if err != nil {
		f.t.Fatal(err)
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		f.t.Fatal(err)
	}
	defer resp.Body.Close()
	var b strings.Builder
	buf := make([]byte, 4096)
	for {
		n, err := resp.Body.Read(buf)
		b.Write(buf[:n])
		if err != nil {
			break
		}
	}
	return response{status: resp.StatusCode, header: resp.Header, body: b.String()}
}

// do sends a data request as a client: p is under /local/v3.3b/ed-fi/.
func (f *fixture) do(as, method, p string, body any) response {
	f.t.Helper()
	text := ""
	switch b := body.(type) {
	case nil:
	case string:
		text = b
	default:
		raw, _ := json.Marshal(b)
		text = string(raw)
	}
	return f.raw(method, "/local/v3.3b/ed-fi/"+p, map[string]string{"Authorization": "Bearer " + f.tokens[as], "Content-Type": "application/json"}, text)
}

// create POSTs body and returns the new document's path.
func (f *fixture) create(as, endpoint string, body map[string]any) string {
	f.t.Helper()
	resp := f.do(as, http.MethodPost, endpoint, body)
	if resp.status != http.StatusCreated {
		f.t.Fatalf("create %s: %d %s", endpoint, resp.status, resp.body)
	}
	return endpoint + "/" + path.Base(resp.header.Get("Location"))
}

func expectStatus(t *testing.T, what string, r response, status int) {
	t.Helper()
	if r.status != status {
		t.Fatalf("%s: status %d, want %d (%s)", what, r.status, status, r.body)
	}
}

func week(id string) map[string]any {
	return map[string]any{"schoolReference": map[string]any{"schoolId": edfimodel.SeedSchool}, "weekIdentifier": id,
		"beginDate": "2023-09-11", "endDate": "2023-09-15", "totalInstructionalDays": 5}
}

func student(id string) map[string]any {
	return map[string]any{"studentUniqueId": id, "firstName": "Ada", "lastSurname": "Lovelace", "birthDate": "2010-01-13"}
}

func enrollment(studentID string, school any) map[string]any {
	return map[string]any{"studentReference": map[string]any{"studentUniqueId": studentID},
		"schoolReference": map[string]any{"schoolId": school}, "entryDate": "2021-08-23",
		"entryGradeLevelDescriptor": "uri://ed-fi.org/GradeLevelDescriptor#Ninth grade"}
}

func school(id int) map[string]any {
	return map[string]any{"schoolId": id, "nameOfInstitution": "New School",
		"educationOrganizationCategories": []any{map[string]any{"educationOrganizationCategoryDescriptor": "uri://ed-fi.org/EducationOrganizationCategoryDescriptor#School"}},
		"gradeLevels":                     []any{map[string]any{"gradeLevelDescriptor": "uri://ed-fi.org/GradeLevelDescriptor#Ninth grade"}}}
}

func localEducationAgency(id int) map[string]any {
	return map[string]any{"localEducationAgencyId": id, "nameOfInstitution": "New District",
		"categories":                             []any{map[string]any{"educationOrganizationCategoryDescriptor": "uri://ed-fi.org/EducationOrganizationCategoryDescriptor#Local Education Agency"}},
		"localEducationAgencyCategoryDescriptor": "uri://ed-fi.org/LocalEducationAgencyCategoryDescriptor#Independent"}
}

func with(doc map[string]any, key string, value any) map[string]any {
	out := map[string]any{}
	for k, v := range doc {
		out[k] = v
	}
	out[key] = value
	return out
}

func TestTokenEndpointAcceptsJSONFormAndBasic(t *testing.T) {
	f := start(t, reference.Options{})
	c := f.srv.roles["primary"]
	form := url.Values{"grant_type": {"client_credentials"}, "client_id": {c.id}, "client_secret": {c.secret}}.Encode()
	expectStatus(t, "form", f.raw(http.MethodPost, "/local/oauth/token", map[string]string{"Content-Type": "application/x-www-form-urlencoded"}, form), 200)
	req, _ := http.NewRequest(http.MethodPost, f.http.URL+"/local/oauth/token", strings.NewReader("grant_type=client_credentials"))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.SetBasicAuth(c.id, c.secret)
	resp, err := http.DefaultClient.Do(req)
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("basic: %v %v", err, resp)
	}
	bad := fmt.Sprintf(`{"grant_type":"client_credentials","client_id":%q,"client_secret":"wrong"}`, c.id)
	expectStatus(t, "wrong secret", f.raw(http.MethodPost, "/local/oauth/token", map[string]string{"Content-Type": "application/json"}, bad), 401)
}

func TestAuthorizationFailures(t *testing.T) {
	f := start(t, reference.Options{})
	for header, status := range map[string]int{"": 400, "Basic am9objoxMjM=": 400, "Bearer": 400,
		"Bearer not-a-jwt": 401, "Bearer " + f.srv.expired: 401, "Bearer " + f.tokens["primary"] + "x": 401} {
		r := f.raw(http.MethodGet, "/local/v3.3b/ed-fi/academicWeeks", map[string]string{"Authorization": header}, "")
		expectStatus(t, "header "+header, r, status)
		if status == 400 && r.errorValue() != "Invalid authorization header" {
			t.Errorf("header %q: body %s", header, r.body)
		}
		if status == 401 && r.body != "" {
			t.Errorf("header %q: 401 with a body %s", header, r.body)
		}
	}
	devs := start(t, reference.Options{Deviations: []string{DeviationInvalidAuthHeader401, DeviationExpiredTokenAccepted}})
	expectStatus(t, "deviation 401", devs.raw(http.MethodGet, "/local/v3.3b/ed-fi/academicWeeks", nil, ""), 401)
	expectStatus(t, "deviation expired", devs.raw(http.MethodGet, "/local/v3.3b/ed-fi/academicWeeks", map[string]string{"Authorization": "Bearer " + devs.srv.expired}, ""), 200)
}

func TestOwnership(t *testing.T) {
	f := start(t, reference.Options{})
	p := f.create("primary", "academicWeeks", week("w-own"))
	expectStatus(t, "owner", f.do("primary", http.MethodGet, p, nil), 200)
	expectStatus(t, "host", f.do("host", http.MethodGet, p, nil), 200)
	expectStatus(t, "other vendor GET", f.do("secondVendor", http.MethodGet, p, nil), 403)
	expectStatus(t, "other vendor DELETE", f.do("secondVendor", http.MethodDelete, p, nil), 403)
	expectStatus(t, "other vendor upsert", f.do("secondVendor", http.MethodPost, "academicWeeks", week("w-own")), 403)
	list := f.do("secondVendor", http.MethodGet, "academicWeeks", nil)
	if list.body != "[]" {
		t.Errorf("another vendor's list shows documents: %s", list.body)
	}
	expectStatus(t, "vendor reads a seeded school", f.do("primary", http.MethodGet, "schools?schoolId=255901001", nil), 200)
	// Descriptors are outside ownership: every client reaches the seeded ones.
	var sexes []map[string]any
	if err := json.Unmarshal([]byte(f.do("secondVendor", http.MethodGet, "sexDescriptors?limit=1", nil).body), &sexes); err != nil || len(sexes) != 1 {
		t.Errorf("a vendor's descriptor query: %v %v", err, sexes)
	}
}

func TestInvalidResourceNamesTheMostSimilar(t *testing.T) {
	f := start(t, reference.Options{})
	for typo, want := range map[string]string{"academicWeek": "academicWeeks", "stdents": "students", "localEducationAgency": "localEducationAgencies"} {
		r := f.do("primary", http.MethodGet, typo, nil)
		expectStatus(t, typo, r, 404)
		if got := r.errorValue(); got != "Invalid resource "+typo+". The most similar resource is "+want {
			t.Errorf("%s: %v", typo, got)
		}
	}
	r := f.do("primary", http.MethodGet, "zzzzzzzzzzzzzzzzzzzz", nil)
	if got := r.errorValue(); r.status != 404 || got != "Invalid resource zzzzzzzzzzzzzzzzzzzz." {
		t.Errorf("a name like no resource: %d %v", r.status, got)
	}
}

func TestBodyValidation(t *testing.T) {
	f := start(t, reference.Options{})
	expectStatus(t, "missing body", f.do("primary", http.MethodPost, "academicWeeks", nil), 400)
	r := f.do("primary", http.MethodPost, "academicWeeks", `{"weekIdentifier": }`)
	if r.status != 400 || r.errorValue() != "Malformed body: Unexpected token } in JSON at position 19" {
		t.Errorf("malformed: %d %s", r.status, r.body)
	}
	for _, m := range []string{http.MethodGet, http.MethodPut, http.MethodDelete} {
		r := f.do("primary", m, "academicWeeks/not-a-uuid", week("x"))
		if r.status != 404 || r.body != "" {
			t.Errorf("%s malformed uuid: %d %s", m, r.status, r.body)
		}
	}
	bad := with(week("w"+strings.Repeat("x", 80)), "totalInstructionalDays", "five")
	delete(bad, "beginDate")
	bad["schoolReference"] = map[string]any{"schoolId": "x"}
	r = f.do("primary", http.MethodPost, "academicWeeks", bad)
	expectStatus(t, "schema", r, 400)
	var paths []string
	for _, e := range r.errorValue().([]any) {
		entry := e.(map[string]any)
		if entry["message"] == "" || entry["context"] == nil {
			t.Errorf("incomplete entry %v", entry)
		}
		paths = append(paths, entry["path"].(string))
	}
	want := []string{"$.beginDate", "$.schoolReference.schoolId", "$.totalInstructionalDays", "$.weekIdentifier"}
	if strings.Join(sortStrings(paths), " ") != strings.Join(want, " ") {
		t.Errorf("schema paths %v, want %v", paths, want)
	}
	ssa := enrollment("604822", edfimodel.SeedSchool)
	ssa["calendarReference"] = map[string]any{"calendarCode": "2010605675", "schoolId": edfimodel.SeedElementarySchool, "schoolYear": 2022}
	r = f.do("primary", http.MethodPost, "studentSchoolAssociations", ssa)
	expectStatus(t, "constraint", r, 400)
	if got := r.errorValue(); !reflect.DeepEqual(got, []any{"Constraint failure: document paths $.schoolReference.schoolId and $.calendarReference.schoolId must have the same values"}) {
		t.Errorf("constraint: %v", got)
	}
	first := start(t, reference.Options{Deviations: []string{DeviationSchemaFirstErrorOnly}})
	if n := len(first.do("primary", http.MethodPost, "academicWeeks", bad).errorValue().([]any)); n != 1 {
		t.Errorf("first-error deviation reports %d errors", n)
	}
}

func sortStrings(s []string) []string {
	out := append([]string{}, s...)
	for i := range out {
		for j := i + 1; j < len(out); j++ {
			if out[j] < out[i] {
				out[i], out[j] = out[j], out[i]
			}
		}
	}
	return out
}

func TestQueryValidation(t *testing.T) {
	f := start(t, reference.Options{})
	for q, want := range map[string]any{
		"limit=-1": "Must be set to a numeric value >= 0", "limit=1&offset=-1": "Must be set to a numeric value >= 0",
		"offset=1": "Limit must be provided when using offset", "weekIdentifer=x": "The request is invalid.",
	} {
		r := f.do("primary", http.MethodGet, "academicWeeks?"+q, nil)
		if r.status != 400 || r.errorValue() != want {
			t.Errorf("%s: %d %s", q, r.status, r.body)
		}
	}
	r := f.do("primary", http.MethodGet, "academicWeeks?weekIdentifer=x", nil)
	if !reflect.DeepEqual(r.json()["modelState"], []any{"AcademicWeek does not include property weekIdentifer"}) {
		t.Errorf("modelState: %s", r.body)
	}
	for i := range 3 {
		f.create("primary", "academicWeeks", week(fmt.Sprint("page-", i)))
	}
	r = f.do("primary", http.MethodGet, "academicWeeks?limit=1&offset=1", nil)
	var page []map[string]any
	_ = json.Unmarshal([]byte(r.body), &page)
	if len(page) != 1 || page[0]["weekIdentifier"] != "page-1" || r.header.Get("Total-Count") != "3" {
		t.Errorf("paging: %s (total %s)", r.body, r.header.Get("Total-Count"))
	}
	r = f.do("primary", http.MethodGet, "academicWeeks?weekIdentifier=page-2", nil)
	if !strings.Contains(r.body, "page-2") || strings.Contains(r.body, "page-1") {
		t.Errorf("filter: %s", r.body)
	}
	dev := start(t, reference.Options{Deviations: []string{DeviationOffsetWithoutLimit}})
	expectStatus(t, "offset deviation", dev.do("primary", http.MethodGet, "academicWeeks?offset=1", nil), 200)
}

func TestReferencesAndDeletes(t *testing.T) {
	f := start(t, reference.Options{})
	stu := f.create("primary", "students", student("s-1"))
	ssa := f.create("primary", "studentSchoolAssociations", enrollment("s-1", edfimodel.SeedSchool))
	r := f.do("primary", http.MethodDelete, stu, nil)
	expectStatus(t, "delete referenced", r, 409)
	e := r.errorValue().(map[string]any)
	uris := e["blockingUris"].([]any)
	if len(uris) != 1 || uris[0] != "/v3.3b/ed-fi/"+ssa {
		t.Errorf("blockingUris %v, want the association %s", uris, ssa)
	}
	r = f.do("primary", http.MethodPost, "studentSchoolAssociations", enrollment("nobody", 99))
	expectStatus(t, "missing references", r, 409)
	failures := r.errorValue().(map[string]any)["failures"].([]any)
	if len(failures) != 2 || failures[0].(map[string]any)["resourceName"] != "School" || failures[1].(map[string]any)["resourceName"] != "Student" {
		t.Errorf("failures %v", failures)
	}
	expectStatus(t, "delete the association", f.do("primary", http.MethodDelete, ssa, nil), 204)
	expectStatus(t, "delete the student", f.do("primary", http.MethodDelete, stu, nil), 204)
	expectStatus(t, "gone", f.do("primary", http.MethodGet, stu, nil), 404)
}

func TestIdentityRules(t *testing.T) {
	f := start(t, reference.Options{})
	sch := f.create("primary", "schools", school(700001))
	r := f.do("primary", http.MethodPost, "localEducationAgencies", localEducationAgency(700001))
	expectStatus(t, "insert conflict", r, 409)
	e := r.errorValue().(map[string]any)
	if e["message"] != "Insert failed: the identity is in use by 'School' which is also a(n) 'EducationOrganization'" ||
		!reflect.DeepEqual(e["blockingUris"], []any{"/v3.3b/ed-fi/" + sch}) {
		t.Errorf("insert conflict: %s", r.body)
	}
	w := f.create("primary", "academicWeeks", week("w-1"))
	id := path.Base(w)
	r = f.do("primary", http.MethodPut, w, with(with(week("w-2"), "id", id), "totalInstructionalDays", 4))
	if r.status != 400 || r.errorValue().(map[string]any)["message"] != msgImmutableIdentity {
		t.Errorf("immutable: %d %s", r.status, r.body)
	}
	r = f.do("primary", http.MethodPut, w, with(week("w-1"), "id", "00000000-0000-4000-8000-000000000000"))
	if r.status != 400 || r.errorValue().(map[string]any)["message"] != msgIDMismatch {
		t.Errorf("mismatch: %d %s", r.status, r.body)
	}
	expectStatus(t, "no id in URL", f.do("primary", http.MethodPut, "academicWeeks", week("w-1")), 400)
	expectStatus(t, "update", f.do("primary", http.MethodPut, w, with(with(week("w-1"), "id", id), "totalInstructionalDays", 4)), 204)
	period := func(name string) map[string]any {
		return map[string]any{"classPeriodName": name, "schoolReference": map[string]any{"schoolId": edfimodel.SeedSchool}}
	}
	a := f.create("primary", "classPeriods", period("p-a"))
	b := f.create("primary", "classPeriods", period("p-b"))
	r = f.do("primary", http.MethodPut, a, with(period("p-b"), "id", path.Base(a)))
	expectStatus(t, "update conflict", r, 409)
	if !reflect.DeepEqual(r.errorValue().(map[string]any)["blockingUris"], []any{"/v3.3b/ed-fi/" + b}) {
		t.Errorf("update conflict: %s", r.body)
	}
}

func TestConcurrentUpdatesConflict(t *testing.T) {
	if statuses := raceUpdates(start(t, reference.Options{})); statuses[204] < 1 || statuses[409] < 1 || statuses[204]+statuses[409] != 6 {
		t.Errorf("outcomes %v: want successes and write conflicts only", statuses)
	}
	if statuses := raceUpdates(start(t, reference.Options{Deviations: []string{DeviationConcurrencyControlOff}})); statuses[204] != 6 {
		t.Errorf("without concurrency control, outcomes %v: want every write to win in turn", statuses)
	}
}

// Only a write that meets another of its document waits: creating distinct
// documents one after the other takes no transaction window, an update of
// a document just written takes one.
func TestWritesWaitOnlyForAnotherOfTheirDocument(t *testing.T) {
	const window = 400 * time.Millisecond
	f := startWith(t, Config{TransactionWindow: window}, reference.Options{})
	began := time.Now()
	var weeks []string
	for i := range 4 {
		weeks = append(weeks, f.create("primary", "academicWeeks", week(fmt.Sprintf("alone-%d", i))))
	}
	if took := time.Since(began); took >= window {
		t.Errorf("4 creates of distinct documents took %v, a transaction window (%v) or more", took, window)
	}
	began = time.Now()
	r := f.do("primary", http.MethodPut, weeks[3], with(with(week("alone-3"), "id", path.Base(weeks[3])), "totalInstructionalDays", 4))
	expectStatus(t, "update of a document just created", r, 204)
	if took := time.Since(began); took < window/2 {
		t.Errorf("an update right after the create took %v: it did not wait for the create's window (%v)", took, window)
	}
}

// raceUpdates sends six concurrent updates of one document and counts
// their statuses.
func raceUpdates(f *fixture) map[int]int {
	t := f.t
	w := f.create("primary", "academicWeeks", week("race"))
	statuses := map[int]int{}
	var mu sync.Mutex
	var wg sync.WaitGroup
	for i := range 6 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := f.do("primary", http.MethodPut, w, with(with(week("race"), "id", path.Base(w)), "totalInstructionalDays", i))
			mu.Lock()
			defer mu.Unlock()
			statuses[r.status]++
			if r.status == 409 && r.errorValue().(map[string]any)["message"] != msgWriteConflict {
				t.Errorf("conflict body %s", r.body)
			}
		}()
	}
	wg.Wait()
	return statuses
}

// TestBehaviourDeviationsChangeOneAnswer sends, per deviation, a request
// the healthy server answers as documented and requires the deviant server
// to answer it with another status.
func TestBehaviourDeviationsChangeOneAnswer(t *testing.T) {
	const weeks = "/local/v3.3b/ed-fi/academicWeeks"
	cases := []struct {
		deviation, method, path, body string
		healthy, broken               int
	}{
		{DeviationMalformedJWTAsHeader, http.MethodGet, weeks, "", 401, 400},
		{DeviationEmptyBodyAsObject, http.MethodPost, weeks, "", 400, 400},
		{DeviationMalformedBody500, http.MethodPost, weeks, "{", 400, 500},
		{DeviationMalformedUUID400, http.MethodGet, weeks + "/not-a-uuid", "", 404, 400},
		{DeviationNegativePagingIgnored, http.MethodGet, weeks + "?limit=-1", "", 400, 200},
		{DeviationUnknownQueryIgnored, http.MethodGet, weeks + "?weekIdentifer=x", "", 400, 200},
		{DeviationCollectionPutNotFound, http.MethodPut, weeks, "{}", 400, 404},
	}
	for _, c := range cases {
		t.Run(c.deviation, func(t *testing.T) {
			send := func(f *fixture) response {
				token := f.tokens["primary"]
				if c.deviation == DeviationMalformedJWTAsHeader {
					token = "not-a-jwt"
				}
				return f.raw(c.method, c.path, map[string]string{"Authorization": "Bearer " + token, "Content-Type": "application/json"}, c.body)
			}
			healthy, broken := send(start(t, reference.Options{})), send(start(t, reference.Options{Deviations: []string{c.deviation}}))
			if healthy.status != c.healthy || broken.status != c.broken || (c.healthy == c.broken && healthy.body == broken.body) {
				t.Errorf("healthy %d %s\ndeviant %d %s", healthy.status, healthy.body, broken.status, broken.body)
			}
		})
	}
}

func TestFaultStages(t *testing.T) {
	f := start(t, reference.Options{Faults: []string{FaultOAuthServerUnreachable, FaultQueryServerUnreachable}})
	auth := map[string]string{"Authorization": "Bearer " + f.tokens["primary"]}
	expectStatus(t, "oauth down", f.raw(http.MethodGet, "/oauth-down/v3.3b/ed-fi/academicWeeks", auth, ""), 502)
	expectStatus(t, "query down", f.raw(http.MethodGet, "/query-down/v3.3b/ed-fi/academicWeeks", auth, ""), 502)
	expectStatus(t, "healthy stage", f.raw(http.MethodGet, "/local/v3.3b/ed-fi/academicWeeks", auth, ""), 200)
	healthy := start(t, reference.Options{})
	expectStatus(t, "no fault, no stage", healthy.raw(http.MethodGet, "/oauth-down/v3.3b/ed-fi/academicWeeks", auth, ""), 404)
	settings := f.srv.Profile("http://x")["settings"].(map[string]any)
	if settings["oauthServerUnreachableURL"] == nil || settings["queryServerUnreachableURL"] == nil {
		t.Errorf("the overlay does not name the unreachable endpoints: %v", settings)
	}
}

func TestAdminCreatesClients(t *testing.T) {
	f := start(t, reference.Options{})
	body := `{"clientName":"SIS","roles":["vendor"]}`
	r := f.raw(http.MethodPost, "/local/oauth/clients", map[string]string{"Authorization": "Bearer " + f.tokens["admin"], "Content-Type": "application/json"}, body)
	expectStatus(t, "admin", r, 201)
	created := r.json()
	tok := f.raw(http.MethodPost, "/local/oauth/token", map[string]string{"Content-Type": "application/json"},
		fmt.Sprintf(`{"grant_type":"client_credentials","client_id":%q,"client_secret":%q}`, created["client_id"], created["client_secret"]))
	expectStatus(t, "new client's token", tok, 200)
	expectStatus(t, "vendor may not", f.raw(http.MethodPost, "/local/oauth/clients", map[string]string{"Authorization": "Bearer " + f.tokens["primary"]}, body), 403)
}

func TestSchemasCompileForEveryResource(t *testing.T) {
	f := start(t, reference.Options{})
	for _, r := range f.srv.model.Resources() {
		for _, update := range []bool{false, true} {
			if _, err := f.srv.schemas.schema(r, update); err != nil {
				t.Error(err)
			}
		}
	}
}
