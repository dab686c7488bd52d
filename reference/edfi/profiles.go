package edfi

import (
	"fmt"
	"mime"
	"net/http"
	"slices"
	"sort"
	"strings"
)

// usage is how a profile exposes a resource.
type usage int

const (
	readable usage = 1 << iota
	writable
)

func (u usage) String() string {
	if u == writable {
		return "writable"
	}
	return "readable"
}

// profiles is the host's catalogue of API profiles: profile name → resource
// name → the usages it offers. All include every member of the resource.
var profiles = map[string]map[string]usage{
	profileSchoolReadOnly:     {"School": readable},
	profileSchoolReadOnlyTest: {"School": readable},
	profileStudentOnly:        {"Student": readable | writable},
	profileStudentOnly2:       {"Student": readable | writable},
}

const profilePrefix = "application/vnd.ed-fi."

// profileUse is the profile a request works through.
type profileUse struct {
	name  string
	usage usage
}

// contentType is the profile-specific media type for resource and usage.
func profileContentType(resource, name string, u usage) string {
	return profilePrefix + strings.ToLower(resource) + "." + name + "." + u.String() + "+json"
}

// checkContentType accepts JSON (UTF-8, UTF-16 or Latin-1) and profile
// content types on POST and PUT.
func (s *Server) checkContentType(c *call) *problem {
	if c.method != http.MethodPost && c.method != http.MethodPut {
		return nil
	}
	header := c.r.Header.Get("Content-Type")
	if header == "" && s.product.acceptsMissingContentType() {
		return nil
	}
	mediaType, params, err := mime.ParseMediaType(header)
	known := err == nil && (mediaType == "application/json" || strings.HasPrefix(mediaType, profilePrefix))
	if !known && !s.opts.Has(DeviationMediaTypeUnchecked) {
		return unsupportedMediaType()
	}
	c.charset = strings.ToLower(params["charset"])
	if _, known := decoders[c.charset]; !known {
		return unsupportedMediaType()
	}
	return nil
}

// resolveProfile validates a profile content type (Accept on GET,
// Content-Type on POST and PUT), then enforces the client's profile
// assignments for the resource.
func (s *Server) resolveProfile(c *call) *problem {
	header, value := "Content-Type", ""
	switch c.method {
	case http.MethodGet:
		header = "Accept"
		for _, part := range strings.Split(c.r.Header.Get("Accept"), ",") {
			if strings.HasPrefix(strings.TrimSpace(strings.ToLower(part)), profilePrefix) {
				value = part
				break
			}
		}
	case http.MethodPost, http.MethodPut:
		if ct := c.r.Header.Get("Content-Type"); strings.HasPrefix(strings.ToLower(ct), profilePrefix) {
			value = ct
		}
	}
	if value != "" {
		use, p := s.parseProfile(c, header, value)
		if p != nil {
			return p
		}
		c.profile = use
	}
	return s.enforceAssignedProfiles(c)
}

func (s *Server) parseProfile(c *call, header, value string) (*profileUse, *problem) {
	mediaType, _, err := mime.ParseMediaType(value)
	facets := strings.Split(strings.TrimPrefix(mediaType, profilePrefix), ".")
	if err != nil || len(facets) != 3 {
		return nil, profileUsage(http.StatusBadRequest, detailProfileUsage, fmt.Sprintf("The format of the profile-based '%s' header was invalid.", header))
	}
	resourceName, profileName, usageName := facets[0], facets[1], facets[2]
	usageName, _, _ = strings.Cut(usageName, "+")
	var u usage
	switch usageName {
	case "readable":
		u = readable
	case "writable":
		u = writable
	default:
		return nil, profileUsage(http.StatusBadRequest, detailProfileUsage, fmt.Sprintf("The profile usage segment in the profile-based '%s' header was not recognized.", header))
	}
	if u == writable && c.method == http.MethodGet {
		return nil, profileUsage(http.StatusBadRequest, detailProfileUsage, "A profile-based content type that is writable cannot be used with GET requests.")
	}
	if u == readable && c.method != http.MethodGet && !s.opts.Has(DeviationReadableProfileWrites) {
		return nil, profileUsage(http.StatusBadRequest, detailProfileUsage, "A profile-based content type that is readable cannot be used with "+c.method+" requests.")
	}
	definition, known := profiles[profileName]
	if !known {
		status := http.StatusUnsupportedMediaType
		if c.method == http.MethodGet {
			status = http.StatusNotAcceptable
		}
		return nil, profileUsage(status, detailProfileUsage, fmt.Sprintf("The profile specified by the content type in the '%s' header is not supported by this host.", header))
	}
	if resourceName != strings.ToLower(c.resource.Name) {
		named := resourceName
		if r := s.resourceByLowerName(resourceName); r != "" {
			named = r
		}
		return nil, profileUsage(http.StatusBadRequest, detailProfileUsage,
			fmt.Sprintf("The resource specified by the profile-based content type ('%s') does not match the requested resource ('%s').", named, c.resource.Name))
	}
	offered, covers := definition[c.resource.Name]
	if !covers {
		return nil, profileUsage(http.StatusBadRequest,
			detailProfileUsage+" The resource is not contained by the profile used by (or applied to) the request.",
			fmt.Sprintf("Resource '%s' is not accessible through the '%s' profile specified by the content type.", c.resource.Name, profileName))
	}
	if offered&u == 0 && !s.opts.Has(DeviationReadOnlyProfileWritable) && s.product.answersProfileMethodUsage() {
		return nil, profileMethodUsageProblem(c.resource.Name, profileName, u)
	}
	if offered&u == 0 && !s.opts.Has(DeviationReadOnlyProfileWritable) {
		return nil, profileUsage(http.StatusBadRequest, detailProfileUsage,
			fmt.Sprintf("Resource class '%s' is not %s using API profile '%s'.", c.resource.Name, u, profileName))
	}
	return &profileUse{name: profileName, usage: u}, nil
}

func (s *Server) resourceByLowerName(lower string) string {
	for _, r := range s.model.Resources() {
		if strings.ToLower(r.Name) == lower {
			return r.Name
		}
	}
	return ""
}

// enforceAssignedProfiles applies the client's profile assignments: a
// client assigned profiles covering the resource must use one of them; a
// single one applies implicitly when no profile content type is given.
func (s *Server) enforceAssignedProfiles(c *call) *problem {
	u := writable
	if c.method == http.MethodGet {
		u = readable
	}
	var assigned []string
	for _, name := range c.client.profiles {
		if profiles[name][c.resource.Name]&u != 0 {
			assigned = append(assigned, name)
		}
	}
	if len(assigned) == 0 {
		return nil
	}
	if c.profile == nil && len(assigned) == 1 {
		c.profile = &profileUse{name: assigned[0], usage: u}
		return nil
	}
	if c.profile != nil && (slices.Contains(assigned, c.profile.name) || s.opts.Has(DeviationUnassignedProfileAccepted)) {
		return nil
	}
	sort.Strings(assigned)
	types := make([]string, len(assigned))
	for i, name := range assigned {
		types[i] = profileContentType(c.resource.Name, name, u)
	}
	oneOf, plural := "", ""
	if len(assigned) > 1 {
		oneOf, plural = "one of ", "s"
	}
	verb := "creating or updating"
	if u == readable {
		verb = "requesting"
	}
	return &problem{status: http.StatusForbidden, typ: typeDataPolicy, title: "Data Policy Failure Due to Incorrect Usage",
		detail: "A data policy failure was encountered. The request was not constructed correctly for the data policy that has been applied to this data for the caller.",
		errors: []string{fmt.Sprintf("Based on profile assignments, %sthe following profile-specific content type%s is required when %s this resource: '%s'",
			oneOf, plural, verb, strings.Join(types, "', '"))}}
}
