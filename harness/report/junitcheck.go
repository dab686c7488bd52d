package report

import (
	"encoding/xml"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// The structure of the common JUnit XML format (the one Jenkins, GitLab,
// GitHub test reporters and Ginkgo read): every attribute and element a
// report may carry. Anything else is collected in Unknown and refused.
type (
	checkSuites struct {
		XMLName  xml.Name     `xml:"testsuites"`
		Tests    *string      `xml:"tests,attr"`
		Failures *string      `xml:"failures,attr"`
		Errors   *string      `xml:"errors,attr"`
		Disabled *string      `xml:"disabled,attr"`
		Time     *string      `xml:"time,attr"`
		Name     *string      `xml:"name,attr"`
		Suites   []checkSuite `xml:"testsuite"`
		Unknown  []xml.Attr   `xml:",any,attr"`
		Other    []anyElement `xml:",any"`
	}
	checkSuite struct {
		Name       *string      `xml:"name,attr"`
		Tests      *string      `xml:"tests,attr"`
		Failures   *string      `xml:"failures,attr"`
		Errors     *string      `xml:"errors,attr"`
		Skipped    *string      `xml:"skipped,attr"`
		Disabled   *string      `xml:"disabled,attr"`
		Time       *string      `xml:"time,attr"`
		Timestamp  *string      `xml:"timestamp,attr"`
		Package    *string      `xml:"package,attr"`
		Hostname   *string      `xml:"hostname,attr"`
		ID         *string      `xml:"id,attr"`
		Properties *checkProps  `xml:"properties"`
		Cases      []checkCase  `xml:"testcase"`
		SystemOut  *string      `xml:"system-out"`
		SystemErr  *string      `xml:"system-err"`
		Unknown    []xml.Attr   `xml:",any,attr"`
		Other      []anyElement `xml:",any"`
	}
	checkCase struct {
		Name       *string       `xml:"name,attr"`
		Classname  *string       `xml:"classname,attr"`
		Time       *string       `xml:"time,attr"`
		Status     *string       `xml:"status,attr"`
		Owner      *string       `xml:"owner,attr"`
		Assertions *string       `xml:"assertions,attr"`
		Skipped    []checkResult `xml:"skipped"`
		Errors     []checkResult `xml:"error"`
		Failures   []checkResult `xml:"failure"`
		SystemOut  []string      `xml:"system-out"`
		SystemErr  []string      `xml:"system-err"`
		Properties *checkProps   `xml:"properties"`
		Unknown    []xml.Attr    `xml:",any,attr"`
		Other      []anyElement  `xml:",any"`
	}
	checkResult struct {
		Message *string      `xml:"message,attr"`
		Type    *string      `xml:"type,attr"`
		Unknown []xml.Attr   `xml:",any,attr"`
		Other   []anyElement `xml:",any"`
	}
	checkProps struct {
		Props []struct {
			Name    *string    `xml:"name,attr"`
			Value   *string    `xml:"value,attr"`
			Unknown []xml.Attr `xml:",any,attr"`
		} `xml:"property"`
		Other []anyElement `xml:",any"`
	}
	anyElement struct {
		XMLName xml.Name
	}
)

// CheckJUnit checks a junit.xml against the common JUnit format: only its
// elements and attributes, the required ones present, numbers that are
// numbers, counts that add up, and at most one of failure, error and
// skipped per test case. Each problem is listed.
func CheckJUnit(raw []byte) error {
	var doc checkSuites
	if err := xml.Unmarshal(raw, &doc); err != nil {
		return fmt.Errorf("not a JUnit <testsuites> document: %v", err)
	}
	var c junitChecker
	c.unknown("testsuites", doc.Unknown, doc.Other)
	tests, failures, errs := c.count("testsuites", "tests", doc.Tests, true), c.count("testsuites", "failures", doc.Failures, true), c.count("testsuites", "errors", doc.Errors, true)
	c.count("testsuites", "disabled", doc.Disabled, false)
	c.seconds("testsuites", doc.Time)
	var sumTests, sumFailures, sumErrors int
	for i, s := range doc.Suites {
		where := fmt.Sprintf("testsuite %d", i+1)
		c.unknown(where, s.Unknown, s.Other)
		c.required(where, "name", s.Name)
		st, sf, se := c.count(where, "tests", s.Tests, true), c.count(where, "failures", s.Failures, true), c.count(where, "errors", s.Errors, true)
		ss := c.count(where, "skipped", s.Skipped, false)
		c.count(where, "disabled", s.Disabled, false)
		c.seconds(where, s.Time)
		if s.Timestamp != nil {
			if _, err := time.Parse("2006-01-02T15:04:05", *s.Timestamp); err != nil {
				c.add("%s: timestamp %q is not ISO 8601 without a zone", where, *s.Timestamp)
			}
		}
		c.props(where, s.Properties)
		var nf, ne, ns int
		for j, tc := range s.Cases {
			at := fmt.Sprintf("%s, testcase %d", where, j+1)
			if tc.Name != nil {
				at += fmt.Sprintf(" (%s)", *tc.Name)
			}
			c.unknown(at, tc.Unknown, tc.Other)
			c.required(at, "name", tc.Name)
			c.required(at, "classname", tc.Classname)
			c.seconds(at, tc.Time)
			c.props(at, tc.Properties)
			if n := len(tc.Failures) + len(tc.Errors) + len(tc.Skipped); n > 1 {
				c.add("%s: holds %d of failure, error and skipped; at most one is allowed", at, n)
			}
			for _, r := range append(append(append([]checkResult{}, tc.Failures...), tc.Errors...), tc.Skipped...) {
				c.unknown(at+" result", r.Unknown, r.Other)
			}
			for _, r := range append(append([]checkResult{}, tc.Failures...), tc.Errors...) {
				c.required(at+" failure or error", "message", r.Message)
				c.required(at+" failure or error", "type", r.Type)
			}
			if len(tc.SystemOut) > 1 || len(tc.SystemErr) > 1 {
				c.add("%s: more than one system-out or system-err", at)
			}
			nf += len(tc.Failures)
			ne += len(tc.Errors)
			ns += len(tc.Skipped)
		}
		c.equal(where, "tests", st, len(s.Cases))
		c.equal(where, "failures", sf, nf)
		c.equal(where, "errors", se, ne)
		if s.Skipped != nil {
			c.equal(where, "skipped", ss, ns)
		}
		sumTests, sumFailures, sumErrors = sumTests+st, sumFailures+sf, sumErrors+se
	}
	c.equal("testsuites", "tests", tests, sumTests)
	c.equal("testsuites", "failures", failures, sumFailures)
	c.equal("testsuites", "errors", errs, sumErrors)
	if len(c.problems) > 0 {
		return errors.New("junit.xml does not follow the JUnit format:\n  " + strings.Join(c.problems, "\n  "))
	}
	return nil
}

type junitChecker struct{ problems []string }

func (c *junitChecker) add(format string, args ...any) {
	c.problems = append(c.problems, fmt.Sprintf(format, args...))
}

func (c *junitChecker) unknown(where string, attrs []xml.Attr, elements []anyElement) {
	for _, a := range attrs {
		c.add("%s: unknown attribute %s", where, a.Name.Local)
	}
	for _, e := range elements {
		c.add("%s: unknown element <%s>", where, e.XMLName.Local)
	}
}

func (c *junitChecker) required(where, attr string, v *string) {
	if v == nil || *v == "" {
		c.add("%s: attribute %s is missing or empty", where, attr)
	}
}

func (c *junitChecker) count(where, attr string, v *string, required bool) int {
	if v == nil {
		if required {
			c.add("%s: attribute %s is missing", where, attr)
		}
		return 0
	}
	n, err := strconv.Atoi(*v)
	if err != nil || n < 0 {
		c.add("%s: %s=%q is not a count", where, attr, *v)
	}
	return n
}

func (c *junitChecker) seconds(where string, v *string) {
	if v == nil {
		return
	}
	if f, err := strconv.ParseFloat(*v, 64); err != nil || f < 0 {
		c.add("%s: time=%q is not a number of seconds", where, *v)
	}
}

func (c *junitChecker) equal(where, attr string, declared, counted int) {
	if declared != counted {
		c.add("%s: %s=%d, but it holds %d", where, attr, declared, counted)
	}
}

func (c *junitChecker) props(where string, p *checkProps) {
	if p == nil {
		return
	}
	c.unknown(where+" properties", nil, p.Other)
	for _, prop := range p.Props {
		c.unknown(where+" property", prop.Unknown, nil)
		c.required(where+" property", "name", prop.Name)
		if prop.Value == nil {
			c.add("%s: a property has no value attribute", where)
		}
	}
}
