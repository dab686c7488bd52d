package edfi

import (
	"net/http"
	"strings"
	"testing"
)

// What ODS/API's own integration tests document beyond the knowledge base
// (specs/edfi/PRODUCTS.md, rows S2-S8).

func TestAnIDFilterThatIsNotAnIDIsAValidationError(t *testing.T) {
	h := newHarness(t)
	h.invalid(h.do(http.MethodGet, "/students?offset=0&limit=25&id=invalid", "primary", ""), map[string][]string{
		"$.id": {"The value 'invalid' is not valid for Id."},
	})
	h.status(h.do(http.MethodGet, "/students?id=0123456789abcdef0123456789abcdef", "primary", ""), http.StatusOK)
	h.status(newHarness(t, DeviationIDFilterIgnored).do(http.MethodGet, "/students?id=invalid", "primary", ""), http.StatusOK)
}

func TestAClientCorrelationIDIsEchoed(t *testing.T) {
	h := newHarness(t)
	for _, c := range []struct {
		path    string
		headers []string
		want    string
	}{
		{"/studentSchoolAssociations?correlationId=abcd-in-querystring", nil, "abcd-in-querystring"},
		{"/studentSchoolAssociations", []string{"correlation-id", "abcd-in-header"}, "abcd-in-header"},
		{"/studentSchoolAssociations?correlationId=abcd-in-querystring", []string{"correlation-id", "abcd-in-header"}, "abcd-in-header"},
	} {
		rec := h.do(http.MethodPost, c.path, "primary", "}", c.headers...)
		if !strings.Contains(rec.Body.String(), `"correlationId":"`+c.want+`"`) {
			t.Errorf("%s %v: %s", c.path, c.headers, rec.Body)
		}
	}
	rec := newHarness(t, DeviationCorrelationIDReplaced).do(http.MethodPost, "/studentSchoolAssociations", "primary", "}", "correlation-id", "abcd")
	if strings.Contains(rec.Body.String(), `"correlationId":"abcd"`) {
		t.Errorf("the deviation still echoes: %s", rec.Body)
	}
}

func TestAnEmptyRequiredStringShouldNotBeLeftEmpty(t *testing.T) {
	student := `{"studentUniqueId": "S-EMPTY", "birthDate": "2005-01-01", "firstName": "John", "lastSurname": ""}`
	newHarness(t).invalid(newHarness(t).do(http.MethodPost, "/students", "primary", student), map[string][]string{
		"$.lastSurname": {"LastSurname is required and should not be left empty."},
	})
	newHarness(t).invalid(newHarness(t, DeviationEmptyStringAsMissing).do(http.MethodPost, "/students", "primary", student), map[string][]string{
		"$.lastSurname": {"LastSurname is required."},
	})
}

func TestHeadIsNotAllowed(t *testing.T) {
	h := newHarness(t)
	h.status(h.do(http.MethodHead, "/academicWeeks", "primary", ""), http.StatusMethodNotAllowed)
	h.status(newHarness(t, DeviationHeadAsGet).do(http.MethodHead, "/academicWeeks", "primary", ""), http.StatusOK)
}

func TestIfNoneMatchTheCurrentETagIsNotModified(t *testing.T) {
	for _, c := range []struct {
		deviations []string
		want       int
	}{{nil, http.StatusNotModified}, {[]string{DeviationIfNoneMatchIgnored}, http.StatusOK}} {
		h := newHarness(t, c.deviations...)
		id := h.create("/academicWeeks", "primary", week("W-304"))
		etag := h.do(http.MethodGet, "/academicWeeks/"+id, "primary", "").Header().Get("ETag")
		h.status(h.do(http.MethodGet, "/academicWeeks/"+id, "primary", "", "If-None-Match", etag), c.want)
		h.status(h.do(http.MethodGet, "/academicWeeks/"+id, "primary", "", "If-None-Match", `"stale"`), http.StatusOK)
	}
}
