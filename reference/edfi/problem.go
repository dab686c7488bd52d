package edfi

import (
	"bytes"
	"net/http"
	"slices"
	"strings"

	"github.com/edconform/edconform/reference"
	"github.com/google/uuid"
)

// problem is an RFC 9457 problem details response as the ODS/API 7.2
// writes it.
type problem struct {
	status int
	typ    string
	title  string
	detail string
	errors []string
	// validation holds validationErrors: JSON paths with their messages, in
	// the order they were found.
	validation []pathErrors
}

type pathErrors struct {
	path     string
	messages []string
}

// addValidation files message under path, keeping first-seen path order.
func (p *problem) addValidation(path, message string) {
	for i := range p.validation {
		if p.validation[i].path == path {
			if !slices.Contains(p.validation[i].messages, message) {
				p.validation[i].messages = append(p.validation[i].messages, message)
			}
			return
		}
	}
	p.validation = append(p.validation, pathErrors{path: path, messages: []string{message}})
}

const (
	typeBadRequest      = "urn:ed-fi:api:bad-request"
	typeValidation      = "urn:ed-fi:api:bad-request:data-validation-failed"
	typeKeyChange       = "urn:ed-fi:api:bad-request:data-validation-failed:key-change-not-supported"
	typeParameter       = "urn:ed-fi:api:bad-request:parameter-validation-failed"
	typeProfileUsage    = "urn:ed-fi:api:profile:invalid-profile-usage"
	typeAuthentication  = "urn:ed-fi:api:security:authentication"
	typeDataPolicy      = "urn:ed-fi:api:security:data-policy:incorrect-usage"
	typeNamespace       = "urn:ed-fi:api:security:authorization:namespace:access-denied:namespace-mismatch"
	typeAuthorization   = "urn:ed-fi:api:security:authorization"
	typeDeniedAction    = "urn:ed-fi:api:security:authorization:access-denied:action"
	typeDeniedResource  = "urn:ed-fi:api:security:authorization:access-denied:resource"
	typeNotFound        = "urn:ed-fi:api:not-found"
	typeMethod          = "urn:ed-fi:api:method-not-allowed"
	typeDependentExists = "urn:ed-fi:api:data-conflict:dependent-item-exists"
	typeUnresolved      = "urn:ed-fi:api:data-conflict:unresolved-reference"
	typeNonUnique       = "urn:ed-fi:api:data-conflict:non-unique-identity"
	typeOptimisticLock  = "urn:ed-fi:api:optimistic-lock-failed"
	typeMediaType       = "urn:ed-fi:api:unsupported-media-type"

	detailValidation    = "Data validation failed. See 'validationErrors' for details."
	detailBadRequest    = "The request could not be processed. See 'errors' for details."
	detailInvalid       = "The request construction was invalid."
	detailNotAuthorized = "Access to the requested data could not be authorized."
	detailProfileUsage  = "The request construction was invalid with respect to usage of a data policy."
)

func validationProblem() *problem {
	return &problem{status: http.StatusBadRequest, typ: typeValidation, title: "Data Validation Failed", detail: detailValidation}
}

func badRequest(errors ...string) *problem {
	return &problem{status: http.StatusBadRequest, typ: typeBadRequest, title: "Bad Request", detail: detailBadRequest, errors: errors}
}

func notFound(detail string) *problem {
	return &problem{status: http.StatusNotFound, typ: typeNotFound, title: "Not Found", detail: detail}
}

var (
	dataNotFound = func() *problem { return notFound("The specified data could not be found.") }
	itemNotFound = func() *problem { return notFound("The specified item could not be found.") }
)

func methodNotAllowed(message string) *problem {
	return &problem{status: http.StatusMethodNotAllowed, typ: typeMethod, title: "Method Not Allowed", detail: detailInvalid, errors: []string{message}}
}

func unauthenticated(message string) *problem {
	return &problem{status: http.StatusUnauthorized, typ: typeAuthentication, title: "Authentication Failed",
		detail: "The caller could not be authenticated.", errors: []string{message}}
}

func unsupportedMediaType() *problem {
	return &problem{status: http.StatusUnsupportedMediaType, typ: typeMediaType, title: "Unsupported Media Type", detail: detailInvalid,
		errors: []string{"The value specified in the 'Content-Type' header is not supported by this host."}}
}

func profileUsage(status int, detail string, message string) *problem {
	return &problem{status: status, typ: typeProfileUsage, title: "Invalid Profile Usage", detail: detail, errors: []string{message}}
}

func forbidden(typ, detail string, errors ...string) *problem {
	return &problem{status: http.StatusForbidden, typ: typ, title: "Authorization Denied", detail: detail, errors: errors}
}

func conflictProblem(typ, title, detail string, errors ...string) *problem {
	return &problem{status: http.StatusConflict, typ: typ, title: title, detail: detail, errors: errors}
}

// writeProblem sends p, bent by whichever deviations are active.
func (s *Server) writeProblem(w http.ResponseWriter, p *problem) {
	p = s.product.answer(p)
	typ, status, validation := p.typ, p.status, p.validation
	if s.opts.Has(DeviationTypeURNMisspelled) && strings.HasPrefix(typ, typeValidation) {
		typ = strings.Replace(typ, "data-validation-failed", "data-validation-fail", 1)
	}
	if s.opts.Has(DeviationStatusMismatch) {
		status++
	}
	if s.opts.Has(DeviationFirstValidationErrorOnly) && len(validation) > 1 {
		validation = validation[:1]
	}
	var b bytes.Buffer
	b.WriteByte('{')
	field := func(name string, value any) {
		if b.Len() > 1 {
			b.WriteByte(',')
		}
		b.Write(reference.JSON(name))
		b.WriteByte(':')
		b.Write(reference.JSON(value))
	}
	field("detail", p.detail)
	field("type", typ)
	field("title", p.title)
	field("status", status)
	if !s.opts.Has(DeviationNoCorrelationID) {
		id := uuid.NewString()
		if cw, ok := w.(*correlatedWriter); ok && cw.id != "" {
			id = cw.id
		}
		field("correlationId", id)
	}
	allMembers := s.product.writesAllMembers()
	if len(p.errors) > 0 || allMembers {
		field("errors", append([]string{}, p.errors...))
	}
	if len(validation) > 0 || allMembers {
		b.WriteString(`,"validationErrors":{`)
		for i, pe := range validation {
			if i > 0 {
				b.WriteByte(',')
			}
			b.Write(reference.JSON(pe.path))
			b.WriteByte(':')
			b.Write(reference.JSON(pe.messages))
		}
		b.WriteByte('}')
	}
	b.WriteByte('}')
	if p.status == http.StatusInternalServerError && s.opts.Has(DeviationServerFailurePlainText) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.WriteHeader(p.status)
		_, _ = w.Write([]byte("An unexpected problem has occurred: " + strings.Join(p.errors, " ")))
		return
	}
	contentType := "application/json; charset=utf-8"
	if s.opts.Has(DeviationContentTypeText) {
		contentType = "text/plain; charset=utf-8"
	}
	w.Header().Set("Content-Type", contentType)
	w.WriteHeader(p.status)
	_, _ = w.Write(b.Bytes())
}

// writeJSON sends a success body.
func writeJSON(w http.ResponseWriter, status int, contentType string, body []byte) {
	if contentType == "" {
		contentType = "application/json; charset=utf-8"
	}
	w.Header().Set("Content-Type", contentType)
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

// correlatedWriter carries the correlation id the client sent, which
// ODS/API echoes in problem details: a correlation-id header, else a
// correlationId query value.
type correlatedWriter struct {
	http.ResponseWriter
	id string
}

func (s *Server) correlate(w http.ResponseWriter, r *http.Request) http.ResponseWriter {
	if s.opts.Has(DeviationCorrelationIDReplaced) {
		return w
	}
	id := r.Header.Get("correlation-id")
	if id == "" {
		id, _ = queryValue(r.URL.Query(), "correlationId")
	}
	return &correlatedWriter{ResponseWriter: w, id: id}
}
