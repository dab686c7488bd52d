package coursekey

import (
	"github.com/onsi/ginkgo/v2"

	"github.com/edconform/edconform/harness/request"
	"github.com/edconform/edconform/harness/suite"
	"github.com/edconform/edconform/harness/transport"
)

// Response is what a request brought back.
type Response = transport.Exchange

// Option adjusts one request.
type Option = request.Option

// Request options, see package request.
var (
	AuthorizationHeader   = request.AuthorizationHeader
	NoAuthorizationHeader = request.NoAuthorizationHeader
	Header                = request.Header
)

// As sends the request with another auth key of the profile
// (auth.tokens.<name>); the spec is skipped when the profile lacks it.
func As(token string) Option { return request.WithToken(token) }

// Body is a request body; see request.Doc.
type Body = request.Doc

// CreateUser and the other operations send body to the route the profile
// maps the operation to, with the primary auth key.
func CreateUser(ctx ginkgo.SpecContext, b Body, opts ...Option) *Response {
	return Send(ctx, OpCreateUser, b, opts...)
}

// UpdateUser updates the user the body names.
func UpdateUser(ctx ginkgo.SpecContext, b Body, opts ...Option) *Response {
	return Send(ctx, OpUpdateUser, b, opts...)
}

// CreateCourse creates a course and its attendance settings.
func CreateCourse(ctx ginkgo.SpecContext, b Body, opts ...Option) *Response {
	return Send(ctx, OpCreateCourse, b, opts...)
}

// UpdateCourse updates the course the body names.
func UpdateCourse(ctx ginkgo.SpecContext, b Body, opts ...Option) *Response {
	return Send(ctx, OpUpdateCourse, b, opts...)
}

// CreateCourseMember enrols a user in a course.
func CreateCourseMember(ctx ginkgo.SpecContext, b Body, opts ...Option) *Response {
	return Send(ctx, OpCreateCourseMember, b, opts...)
}

// CreateAttendance creates one attendance session.
func CreateAttendance(ctx ginkgo.SpecContext, b Body, opts ...Option) *Response {
	return Send(ctx, OpCreateAttendance, b, opts...)
}

// BulkCreateAttendance creates the sessions of b's session array.
func BulkCreateAttendance(ctx ginkgo.SpecContext, b Body, opts ...Option) *Response {
	return Send(ctx, OpBulkCreateAttendance, b, opts...)
}

// DeleteAttendance deletes one attendance session.
func DeleteAttendance(ctx ginkgo.SpecContext, b Body, opts ...Option) *Response {
	return Send(ctx, OpDeleteAttendance, b, opts...)
}

// BulkDeleteAttendance deletes the sessions b's attendanceID array lists.
func BulkDeleteAttendance(ctx ginkgo.SpecContext, b Body, opts ...Option) *Response {
	return Send(ctx, OpBulkDeleteAttendance, b, opts...)
}

// Send performs an operation through the profile's route map. Whatever a
// create stored, even one the spec expected to be refused, becomes the
// suite's own (attendance sessions are deleted when the spec ends).
func Send(ctx ginkgo.SpecContext, op string, b Body, opts ...Option) *Response {
	resp := send(ctx, op, b, opts)
	adopt(op, b, resp)
	return resp
}

// send builds and sends the request; it is safe to call from several
// goroutines of one spec.
func send(ctx ginkgo.SpecContext, op string, b Body, opts []Option) *Response {
	r, ok := settings.Routes[op]
	if !ok {
		ginkgo.Fail("no route for operation " + op + " (settings.routes)")
	}
	if err := mayChange(op, b); err != nil {
		ginkgo.Fail(err.Error())
	}
	defaults := request.Spec{Token: "primary", AuthHeader: settings.AuthHeader, Scheme: settings.AuthScheme}
	// CourseKey names records in the body, not the URL, so the URL-based
	// ownership guard cannot apply; mayChange guards by body instead.
	opts = append([]Option{request.OnCollection()}, opts...)
	return request.Send(ctx, r.Method, routeURL(suite.Current().Profile, r), map[string]any(b), defaults, opts)
}
