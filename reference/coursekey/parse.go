package coursekey

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"time"
	_ "time/tzdata" // IANA zones must resolve even where the host has no zoneinfo
	"unicode/utf8"
)

// body is a decoded JSON request object. A field counts as given when it is
// present, not null and not the empty string.
type body map[string]any

func decodeBody(r *http.Request) (body, *apiError) {
	raw, err := io.ReadAll(io.LimitReader(r.Body, 1<<20))
	if err != nil {
		return nil, errMalformedBody()
	}
	if len(bytes.TrimSpace(raw)) == 0 {
		return body{}, nil
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var b body
	if err := dec.Decode(&b); err != nil || b == nil {
		return nil, errMalformedBody()
	}
	return b, nil
}

func (b body) given(key string) bool {
	v, ok := b[key]
	return ok && v != nil && v != ""
}

// isNull reports an explicit JSON null.
func (b body) isNull(key string) bool {
	v, ok := b[key]
	return ok && v == nil
}

// str reads a text field; ids may come as JSON numbers.
func (b body) str(key string) string {
	switch v := b[key].(type) {
	case string:
		return v
	case json.Number:
		return v.String()
	}
	return ""
}

// number reads a numeric field (a JSON number or a numeric string).
func (b body) number(key string) (float64, bool) {
	switch v := b[key].(type) {
	case json.Number:
		f, err := v.Float64()
		return f, err == nil
	case string:
		f, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
		return f, err == nil
	}
	return 0, false
}

// strings reads a field that may hold one text value or a list of them.
func (b body) strings(key string) []string {
	switch v := b[key].(type) {
	case string:
		if v == "" {
			return nil
		}
		return []string{v}
	case []any:
		out := make([]string, 0, len(v))
		for _, item := range v {
			if s, ok := item.(string); ok && s != "" {
				out = append(out, s)
			}
		}
		return out
	}
	return nil
}

// missing lists, in the order asked, the keys not given.
func (b body) missing(keys ...string) []string {
	var out []string
	for _, k := range keys {
		if !b.given(k) {
			out = append(out, k)
		}
	}
	return out
}

func (b body) anyGiven(keys ...string) bool {
	return len(b.missing(keys...)) < len(keys)
}

// Dates are M/D/YYYY or MM/DD/YYYY; times H:mm or H:mm:ss.
var (
	datePattern  = regexp.MustCompile(`^(\d{1,2})/(\d{1,2})/(\d{4})$`)
	clockPattern = regexp.MustCompile(`^(\d{1,2}):(\d{2})(?::(\d{2}))?$`)
)

type civilDate struct {
	year  int
	month time.Month
	day   int
}

func parseDate(s string) (civilDate, bool) {
	m := datePattern.FindStringSubmatch(s)
	if m == nil {
		return civilDate{}, false
	}
	month, _ := strconv.Atoi(m[1])
	day, _ := strconv.Atoi(m[2])
	year, _ := strconv.Atoi(m[3])
	t := time.Date(year, time.Month(month), day, 0, 0, 0, 0, time.UTC)
	if t.Year() != year || t.Month() != time.Month(month) || t.Day() != day {
		return civilDate{}, false // e.g. 2/30/2025
	}
	return civilDate{year, time.Month(month), day}, true
}

func parseClock(s string) (time.Duration, bool) {
	m := clockPattern.FindStringSubmatch(s)
	if m == nil {
		return 0, false
	}
	h, _ := strconv.Atoi(m[1])
	min, _ := strconv.Atoi(m[2])
	sec := 0
	if m[3] != "" {
		sec, _ = strconv.Atoi(m[3])
	}
	if h > 23 || min > 59 || sec > 59 {
		return 0, false
	}
	return time.Duration(h)*time.Hour + time.Duration(min)*time.Minute + time.Duration(sec)*time.Second, true
}

// isoLayouts are the ISO 8601 forms JavaScript's Date accepts and
// toISOString produces; forms without an offset are read as UTC.
var isoLayouts = []string{time.RFC3339Nano, "2006-01-02T15:04:05.999999999", "2006-01-02T15:04", "2006-01-02"}

func parseISO(s string) (time.Time, bool) {
	for _, layout := range isoLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

// loadZone resolves an IANA zone name. "" and "Local" are not zone names even
// though time.LoadLocation accepts them.
func loadZone(name string) (*time.Location, bool) {
	if name == "" || name == "Local" {
		return nil, false
	}
	loc, err := time.LoadLocation(name)
	return loc, err == nil
}

// interval is a validated start/end pair.
type interval struct {
	start, end time.Time
	timeZone   string // empty when given as ISO strings
}

var localIntervalFields = []string{"startDate", "endDate", "startTime", "endTime", "timeZone"}

// parseISOInterval reads start and end as ISO strings.
func parseISOInterval(b body, errs timeErrors) (interval, *apiError) {
	start, ok := parseISO(b.str("start"))
	if !ok {
		return interval{}, errs.startDate()
	}
	end, ok := parseISO(b.str("end"))
	if !ok {
		return interval{}, errs.endDate()
	}
	return checkOrder(interval{start: start, end: end}, errs)
}

// parseLocalInterval reads startDate, endDate, startTime, endTime in timeZone.
// With checkZone false an unknown zone falls back to UTC.
func parseLocalInterval(b body, errs timeErrors, checkZone bool) (interval, *apiError) {
	startDate, ok := parseDate(b.str("startDate"))
	if !ok {
		return interval{}, errs.startDate()
	}
	endDate, ok := parseDate(b.str("endDate"))
	if !ok {
		return interval{}, errs.endDate()
	}
	startClock, ok := parseClock(b.str("startTime"))
	if !ok {
		return interval{}, errs.startTime()
	}
	endClock, ok := parseClock(b.str("endTime"))
	if !ok {
		return interval{}, errs.endTime()
	}
	zone := b.str("timeZone")
	loc, ok := loadZone(zone)
	if !ok {
		if checkZone {
			return interval{}, errInvalidTimeZone(zone)
		}
		loc = time.UTC
	}
	at := func(d civilDate, clock time.Duration) time.Time {
		return time.Date(d.year, d.month, d.day, 0, 0, 0, 0, loc).Add(clock)
	}
	return checkOrder(interval{start: at(startDate, startClock), end: at(endDate, endClock), timeZone: zone}, errs)
}

func checkOrder(iv interval, errs timeErrors) (interval, *apiError) {
	if !iv.start.Before(iv.end) && !errs.unordered {
		return interval{}, errSessionOrder()
	}
	return iv, nil
}

// isEmail follows validator.js isEmail closely enough for integration data:
// a dot-atom local part and a host name with an alphabetic top-level label.
var emailPattern = regexp.MustCompile("^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*" +
	"@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\\.)+[A-Za-z]{2,63}$")

func isEmail(s string) bool { return len(s) <= 254 && emailPattern.MatchString(s) }

const (
	addCodeMaxLength   = 25 // "must be less than 26 characters"
	addCodePunctuation = `~-_.!*\(),`
)

// addCodeRules are the checks an addCode passes; only deviations relax them.
type addCodeRules struct {
	maxLength      int
	anyCharacter   bool
	numericAllowed bool
}

var strictAddCode = addCodeRules{maxLength: addCodeMaxLength}

func validateAddCode(code string) *apiError { return strictAddCode.check(code) }

func (rules addCodeRules) check(code string) *apiError {
	if utf8.RuneCountInString(code) > rules.maxLength {
		return errAddCodeTooLong()
	}
	numeric := true
	for _, r := range code {
		switch {
		case r >= '0' && r <= '9':
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', strings.ContainsRune(addCodePunctuation, r), rules.anyCharacter:
			numeric = false
		default:
			return errAddCodeCharacters()
		}
	}
	if numeric && !rules.numericAllowed {
		return errAddCodeNumeric()
	}
	return nil
}

var weekdayNames = map[string]string{}

func init() {
	for d := time.Sunday; d <= time.Saturday; d++ {
		weekdayNames[strings.ToLower(d.String())] = d.String()
	}
}

// parseDays reads full weekday names separated by single spaces.
func parseDays(v any) ([]string, *apiError) {
	s, ok := v.(string)
	if !ok || s == "" {
		return nil, errInvalidDays()
	}
	var days []string
	for _, token := range strings.Split(s, " ") {
		day, ok := weekdayNames[strings.ToLower(token)]
		if !ok {
			return nil, errInvalidDays()
		}
		days = append(days, day)
	}
	return days, nil
}
