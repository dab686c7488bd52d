package edfi

import (
	"encoding/binary"
	"net/http"
	"reflect"
	"strings"
	"testing"
	"unicode/utf16"
)

// The knowledge base's own sample bodies, with LF line endings and no
// newline after the last brace (as REST clients send them).

const kbDoubleComma = `{
  "weekIdentifier": "one",
  "schoolReference": {
    "schoolId": 17012391,,
  },
  "beginDate": "2023-09-11",
  "endDate": "2023-09-11"
}`

const kbMissingBrace = `{
  "weekIdentifier": "one",
  "schoolReference": {
    "schoolId": 17012391,

  "beginDate": "2023-09-11",
  "endDate": "2023-09-11"
}`

const kbInt64Overflow = `{
    "communityOrganizationId": 25590111111122222222222222222222222222222,
    "nameOfInstitution": "Communities in Schools",
    "shortNameOfInstitution": "CIS",
    "addresses": [],
    "categories": [
      {
        "educationOrganizationCategoryDescriptor": "uri://ed-fi.org/EducationOrganizationCategoryDescriptor#Other"
      }
    ],
    "identificationCodes": [
      {
        "educationOrganizationIdentificationSystemDescriptor": "uri://ed-fi.org/EducationOrganizationIdentificationSystemDescriptor#SEA",
        "identificationCode": "19"
      }
    ]
  }`

const kbAccountabilityRating = `{
  "educationOrganizationReference": {
    "educationOrganizationId": 255901
  },
  "schoolYearTypeReference": {
    "schoolYear": 2014
  },
  "ratingTitle": "0eo0nvikbcrieawaybmhipgao8sjnxgl",
  "rating": "This has more than 35 characters in it"
}`

func TestKnowledgeBaseDoubleComma(t *testing.T) {
	h := newHarness(t)
	msg := "Invalid property identifier character: ,. Path 'schoolReference.schoolId', line 4, position 25."
	order := h.invalid(h.do(http.MethodPost, "/academicWeeks", "primary", kbDoubleComma), map[string][]string{
		"$.schoolReference.schoolId":                 {msg},
		"$.schoolReference.schoolId.schoolReference": {msg},
	})
	if !reflect.DeepEqual(order, []string{"$.schoolReference.schoolId", "$.schoolReference.schoolId.schoolReference"}) {
		t.Errorf("key order %v", order)
	}
}

func TestKnowledgeBaseMissingBrace(t *testing.T) {
	h := newHarness(t)
	h.invalid(h.do(http.MethodPost, "/academicWeeks", "primary", kbMissingBrace), map[string][]string{
		"$.schoolReference": {"Unexpected end when deserializing object. Path 'schoolReference', line 8, position 1."},
	})
}

func TestKnowledgeBaseInt64Overflow(t *testing.T) {
	h := newHarness(t)
	h.invalid(h.do(http.MethodPost, "/communityOrganizations", "primary", kbInt64Overflow), map[string][]string{
		"$.communityOrganizationId": {"Error converting value 25590111111122222222222222222222222222222 to type 'System.Int64'. Path 'communityOrganizationId', line 2, position 72."},
	})
}

func TestKnowledgeBaseWrongEncoding(t *testing.T) {
	h := newHarness(t)
	rec := h.do(http.MethodPost, "/accountabilityRatings", "primary", kbAccountabilityRating, "Content-Type", "application/json; charset=utf-16")
	p := h.problem(rec, http.StatusBadRequest, "urn:ed-fi:api:bad-request", "The request could not be processed. See 'errors' for details.")
	// "{\n" read as one little-endian UTF-16 unit is U+0A7B.
	h.errorsAre(p, "Unexpected character encountered while parsing value: \u0a7b. Path '', line 0, position 0.")
}

// The same failures arise from other bodies, resources and nesting.
func TestJSONFailuresElsewhere(t *testing.T) {
	h := newHarness(t)
	// Three levels deep: every enclosing object files the error again.
	body := "{\"classPeriodName\": \"x\",\n \"schoolReference\": {\"schoolId\": 1,, }}"
	msg := "Invalid property identifier character: ,. Path 'schoolReference.schoolId', line 2, position 35."
	h.invalid(h.do(http.MethodPost, "/classPeriods", "primary", body), map[string][]string{
		"$.schoolReference.schoolId": {msg}, "$.schoolReference.schoolId.schoolReference": {msg},
	})
	// Unclosed array inside an object.
	body = "{\"bellScheduleName\": \"b\", \"classPeriods\": [\n  {\"classPeriodReference\": {\"classPeriodName\": \"01\", \"schoolId\": 1}}"
	h.invalid(h.do(http.MethodPost, "/bellSchedules", "primary", body), map[string][]string{
		"$.classPeriods[0]": {
			"Unexpected end when deserializing array. Path 'classPeriods[0]', line 2, position 68.",
			"Unexpected end when deserializing object. Path 'classPeriods[0]', line 2, position 68.",
		},
	})
	// An Int32 property overflowing, in a nested reference.
	body = "{\n  \"calendarCode\": \"c\",\n  \"schoolYearTypeReference\": {\"schoolYear\": 99999999999}\n}"
	h.invalid(h.do(http.MethodPost, "/calendars", "primary", body), map[string][]string{
		"$.schoolYearTypeReference.schoolYear": {"Error converting value 99999999999 to type 'System.Int32'. Path 'schoolYearTypeReference.schoolYear', line 3, position 55."},
	})
	// A wrong value type in a collection item.
	body = `{"classPeriodName": "x", "schoolReference": {"schoolId": 255901001}, "meetingTimes": [{"startTime": "noon", "endTime": "09:00"}]}`
	h.invalid(h.do(http.MethodPost, "/classPeriods", "primary", body), map[string][]string{
		"$.meetingTimes[0].startTime": {`Error converting value "noon" to type 'System.TimeSpan'. Path 'meetingTimes[0].startTime', line 1, position 106.`},
	})
	// Garbage after a value, then a body that is not an object at all.
	h.invalid(h.do(http.MethodPost, "/classPeriods", "primary", `{"classPeriodName": "x" "y"}`), map[string][]string{
		"$.classPeriodName": {"After parsing a value an unexpected character was encountered: \". Path 'classPeriodName', line 1, position 24."},
	})
	p := h.problem(h.do(http.MethodPost, "/classPeriods", "primary", " nope"), http.StatusBadRequest, typeBadRequest, detailBadRequest)
	h.errorsAre(p, "Unexpected character encountered while parsing value: n. Path '', line 1, position 1.")
}

func TestTrailingCommaAndLenientSyntax(t *testing.T) {
	h := newHarness(t)
	body := `{
  // Json.NET skips comments, reads single quotes and bare names, and
  // accepts one trailing comma in objects and arrays.
  'schoolReference': {schoolId: 255901001,},
  "weekIdentifier": "lenient",
  "beginDate": "2023-09-11", "endDate": "2023-09-15",
  "TotalInstructionalDays": 5,
}`
	id := h.create("/academicWeeks", "primary", body)
	rec := h.do(http.MethodGet, "/academicWeeks/"+id, "primary", "")
	if !strings.Contains(rec.Body.String(), `"totalInstructionalDays":5`) {
		t.Errorf("case-insensitive member not bound: %s", rec.Body)
	}
}

func TestUTF16BodiesDecode(t *testing.T) {
	h := newHarness(t)
	body := `{"schoolReference": {"schoolId": 255901001}, "weekIdentifier": "utf16", "beginDate": "2023-09-11", "endDate": "2023-09-15", "totalInstructionalDays": 5}`
	units := utf16.Encode([]rune(body))
	raw := make([]byte, 2*len(units))
	for i, u := range units {
		binary.LittleEndian.PutUint16(raw[2*i:], u)
	}
	rec := h.do(http.MethodPost, "/academicWeeks", "primary", string(raw), "Content-Type", "application/json; charset=utf-16")
	h.status(rec, http.StatusCreated)
	// A UTF-8 body declared UTF-16 fails on its first decoded character.
	rec = h.do(http.MethodPost, "/calendars", "primary", `{"calendarCode": "x"}`, "Content-Type", "application/json; charset=utf-16")
	p := h.problem(rec, http.StatusBadRequest, typeBadRequest, detailBadRequest)
	h.errorsAre(p, "Unexpected character encountered while parsing value: \u227b. Path '', line 0, position 0.")
}

func TestParserPositions(t *testing.T) {
	cases := map[string]string{
		`{"a": tru}`:               "Error parsing boolean value. Path 'a', line 1, position 9.",
		`{"a": 1z}`:                "Unexpected character encountered while parsing number: z. Path 'a', line 1, position 7.",
		`{"a": 1x}`:                "Input string '1x' is not a valid integer. Path 'a', line 1, position 8.",
		`{"a": nul}`:               "Error parsing null value. Path 'a', line 1, position 9.",
		`{"a": "open`:              "Unterminated string. Expected delimiter: \". Path 'a', line 1, position 11.",
		`{"a" 1}`:                  "Invalid character after parsing property name. Expected ':' but got: 1. Path '', line 1, position 5.",
		"{\"a\": [1, 2,\n  @]}":    "Unexpected character encountered while parsing value: @. Path 'a[1]', line 2, position 2.",
		`{"a": "\q"}`:              "Bad JSON escape sequence: \\q. Path 'a', line 1, position 9.",
		"{\"\U0001F600\": 1 2}":    "After parsing a value an unexpected character was encountered: 2. Path '\U0001F600', line 1, position 9.",
		"{\"a b\": {\"c\": 1 }  x": "After parsing a value an unexpected character was encountered: x. Path '['a b']', line 1, position 19.",
	}
	for text, want := range cases {
		_, err := parseJSON(text)
		if err == nil || err.Error() != want {
			t.Errorf("%q:\n got %v\nwant %s", text, err, want)
		}
	}
	if n, err := parseJSON("  \n\t "); n != nil || err != nil {
		t.Error("whitespace is an empty body")
	}
}
