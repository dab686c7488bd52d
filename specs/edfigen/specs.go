package edfigen

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/edconform/edconform/harness/edfi"
	"github.com/edconform/edconform/harness/expect"
	"github.com/edconform/edconform/harness/fixtures"
	"github.com/edconform/edconform/harness/metadata"
	"github.com/edconform/edconform/harness/profile"
	"github.com/edconform/edconform/harness/specid"
	"github.com/edconform/edconform/harness/suite"
)

func init() {
	edfi.Vendor.Generate = Generate
	edfi.Vendor.Subfamilies = map[string][]string{suite.GeneratedFamily: Rules()}
}

// Generate reads the target's metadata through get and declares a spec per
// case of the profile's selection. Metadata it cannot use is an error, and
// nothing is declared.
func Generate(p *profile.Profile, get suite.Get, rootURL string) (string, error) {
	c, err := metadata.Discover(context.Background(), metadata.Get(get), rootURL)
	if err != nil {
		return "", err
	}
	if missing := c.WithoutSchema(); len(missing) > 0 {
		return "", fmt.Errorf("the resources metadata has no body schema for the POST of %s", strings.Join(missing, ", "))
	}
	cases, err := Plan(c, p.Generate)
	if err != nil {
		return "", err
	}
	Declare(cases)
	return fmt.Sprintf("%d generated specs from the target's metadata (%d resources)", len(cases), len(c.Endpoints())), nil
}

// Declare adds the cases to the spec tree, grouped by rule.
func Declare(cases []Case) {
	byRule := map[string][]Case{}
	for _, c := range cases {
		byRule[c.Rule] = append(byRule[c.Rule], c)
	}
	Describe(generatedHeadingPrefix, Label(edfi.Vendor.Name, suite.GeneratedFamily), func() {
		for _, rule := range rules {
			if len(byRule[rule.name]) == 0 {
				continue
			}
			Describe(rule.heading, func() {
				for _, c := range byRule[rule.name] {
					labels := Label(rule.name, c.Resource, strconv.Itoa(c.Status))
					if c.Writes {
						labels = append(labels, suite.Writes)
					}
					It(title(c), labels, specid.Label(c.ID()), func(ctx SpecContext) { run(ctx, c) })
				}
			})
		}
	})
}

func title(c Case) string {
	switch c.Rule {
	case RuleRequired:
		return c.Resource + ": reports a missing " + c.Property.Name
	case RuleMaxLength:
		return fmt.Sprintf("%s: reports a %s of %d characters, one over its maxLength", c.Resource, c.Property.Name, c.Property.MaxLength+1)
	case RuleWrongType:
		return fmt.Sprintf("%s: reports an object given for %s, a %s", c.Resource, c.Property.Name, c.Property.Type)
	case RuleDescriptorMissing:
		return c.Resource + ": reports a " + c.Property.Name + " value that does not exist"
	case RuleUnresolved:
		return c.Resource + ": refuses a " + c.Property.Name + " to an item that does not exist"
	case RuleIDInBody:
		return c.Resource + ": rejects a POST whose body carries an id"
	case RuleGetAbsentID:
		return c.Resource + ": answers not found for a GET of an id that does not exist"
	case RulePutAbsentID:
		return c.Resource + ": answers not found for a PUT to an id that does not exist"
	case RuleDeleteAbsentID:
		return c.Resource + ": answers not found for a DELETE of an id that does not exist"
	case RulePatch:
		return c.Resource + ": refuses PATCH"
	case RulePostToItem:
		return c.Resource + ": refuses a POST to an item"
	}
	return c.Resource + ": " + c.Rule
}

const validationDetail = "Data validation failed. See 'validationErrors' for details."

func invalid() *edfi.Problem {
	return edfi.BeProblem(400, edfi.DataValidationFailed).WithDetail(validationDetail)
}

func methodNotAllowed(message string) *edfi.Problem {
	return edfi.BeProblem(405, edfi.MethodNotAllowedType).WithDetail("The request construction was invalid.").WithError(message)
}

func notFound() *edfi.Problem {
	return edfi.BeProblem(404, edfi.NotFoundType).WithDetail("The specified item could not be found.")
}

func run(ctx SpecContext, c Case) {
	item := func() string { return c.Resource + "/" + edfi.AbsentID() }
	switch c.Rule {
	case RuleRequired:
		p := c.Property
		resp := edfi.POST(ctx, c.Resource, edfi.Base(ctx, c.Resource).Without(p.Name))
		Expect(resp).To(invalid().WithValidationError("$."+p.Name, pascal(p.Name)+" is required."))
	case RuleMaxLength:
		p := c.Property
		resp := edfi.POST(ctx, c.Resource, edfi.Base(ctx, c.Resource).With(p.Name, strings.Repeat("x", p.MaxLength+1)))
		Expect(resp).To(invalid().WithValidationError("$."+p.Name, lengthMessage(p)))
	case RuleWrongType:
		p := c.Property
		resp := edfi.POST(ctx, c.Resource, edfi.Base(ctx, c.Resource).With(p.Name, map[string]any{}))
		Expect(resp).To(invalid().WithValidationErrorAt("$." + p.Name))
	case RuleDescriptorMissing:
		p := c.Property
		missing := "uri://ed-fi.org/" + pascal(p.Name) + "#" + edfi.Unique("missing")
		resp := edfi.POST(ctx, c.Resource, edfi.Base(ctx, c.Resource).With(p.Name, missing))
		Expect(resp).To(invalid().WithValidationError("$."+p.Name, pascal(p.Name)+" value '"+missing+"' does not exist."))
	case RuleUnresolved:
		doc := edfi.Base(ctx, c.Resource)
		resp := edfi.POST(ctx, c.Resource, doc.With(c.Property.Name, absentReference(doc, c)))
		Expect(resp).To(edfi.BeProblem(409, edfi.UnresolvedReference).
			WithDetail("The referenced '" + pascal(c.Property.Reference) + "' item does not exist."))
	case RuleIDInBody:
		resp := edfi.POST(ctx, c.Resource, edfi.Built(c.Resource).With("id", edfi.AbsentID()))
		Expect(resp).To(edfi.BeProblem(400, edfi.DataValidationFailed).
			WithDetail("The request data was constructed incorrectly.").
			WithError("Resource identifiers cannot be assigned by the client. The 'id' property should not be included in the request body."))
	case RuleGetAbsentID:
		Expect(edfi.GET(ctx, item())).To(notFound())
	case RulePutAbsentID:
		Expect(edfi.PUT(ctx, item(), edfi.Base(ctx, c.Resource))).To(notFound())
	case RuleDeleteAbsentID:
		Expect(edfi.DELETE(ctx, item())).To(notFound())
	case RulePatch:
		Expect(edfi.PATCH(ctx, item(), edfi.Built(c.Resource))).To(methodNotAllowed("The endpoint of the request does not support the 'PATCH' method."))
	case RulePostToItem:
		Expect(edfi.POST(ctx, item(), edfi.Built(c.Resource))).
			To(methodNotAllowed(`Resource items can only be updated using PUT. To "upsert" an item in the data collection using POST, remove the "id" from the route.`))
	default:
		Fail("no request is generated for rule " + c.Rule)
	}
}

// lengthMessage is the knowledge base's text for a string over its length:
// with a minimum, the range (Excessive String Length); else the maximum.
func lengthMessage(p *metadata.Property) string {
	if p.MinLength > 0 {
		return fmt.Sprintf("%s must be between %d and %d characters in length.", pascal(p.Name), p.MinLength, p.MaxLength)
	}
	return fmt.Sprintf("%s must be at most %d characters in length.", pascal(p.Name), p.MaxLength)
}

// absentReference points reference c.Property at an item nobody created:
// the case's keys made up, the others as the document has them elsewhere.
func absentReference(doc edfi.Doc, c Case) map[string]any {
	ref := map[string]any{}
	for _, k := range referenceKeys(c.Property) {
		kp := c.Property.Object.Properties[k]
		if !slices.Contains(c.Keys, k) {
			if v, ok := valueOf(doc, k); ok {
				ref[k] = v
				continue
			}
			if v, ok := edfi.Known(k); ok {
				ref[k] = v
				continue
			}
			if edfi.IsAuthorizationKey(k) || kp.Descriptor {
				expect.SetupError(nil, "a value of "+k+" the client may use, for "+c.Property.Name,
					"name it in the profile's settings", expect.That(expect.Must, k, false, "a value", "none"))
			}
		}
		ref[k] = madeUp(kp)
	}
	return ref
}

// valueOf finds key in the document or in the references it holds.
func valueOf(doc map[string]any, key string) (any, bool) {
	if v, ok := doc[key]; ok {
		return v, true
	}
	for _, v := range doc {
		if m, ok := v.(map[string]any); ok {
			if x, ok := valueOf(m, key); ok {
				return x, true
			}
		}
	}
	return nil, false
}

// madeUp is a value of the key's type that no item has.
func madeUp(p *metadata.Property) any {
	switch {
	case p.Type == "integer":
		return fixtures.UniqueNumber(970_000_000)
	case p.Format == "date":
		return "1901-01-01"
	case p.Format == "date-time":
		return "1901-01-01T00:00:00Z"
	}
	v, err := metadata.Scalar(p, edfi.Unique)
	if err != nil {
		Fail(fmt.Sprintf("cannot make up a %s value for %s: %v", p.Type, p.Name, err))
	}
	return v
}
