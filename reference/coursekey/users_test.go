package coursekey

import (
	"net/http"
	"strings"
	"testing"
)

// errorCase is one documented entry: a request built against a fresh server
// state and the envelope it must produce.
type errorCase struct {
	name    string
	op      string
	body    func(h *harness) map[string]any
	status  int
	code    int
	message func(h *harness) string
}

func fixed(msg string) func(*harness) string { return func(*harness) string { return msg } }

func runErrorCases(t *testing.T, cases []errorCase) {
	h := start(t)
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			h.t = t
			b := tc.body(h)
			h.do(tc.op, b).expectError(t, tc.status, tc.code, tc.message(h))
		})
	}
}

func userBody(h *harness) map[string]any {
	return map[string]any{
		"userID": unique("U-"), "schoolID": h.school(SchoolAuthorized), "issuedID": unique("I-"),
		"firstName": "Grace", "lastName": "Hopper", "email": unique("grace") + "@navy.example.mil",
	}
}

func TestUserErrors(t *testing.T) {
	var unauthorized, duplicate testUser
	runErrorCases(t, []errorCase{
		{"missing userID", OpCreateUser, func(h *harness) map[string]any { return with(userBody(h), "userID", nil) },
			400, 2019, fixed("Missing required parameter: userID")},
		{"account fields missing", OpCreateUser, func(h *harness) map[string]any {
			return with(userBody(h), "schoolID", nil, "issuedID", "")
		}, 400, 10005, fixed("User missing the following fields: schoolID, issuedID")},
		{"unauthorized school", OpCreateUser, func(h *harness) map[string]any {
			return with(userBody(h), "schoolID", h.school(SchoolUnauthorized))
		}, 403, 10005, func(h *harness) string { return "Unauthorized school: " + h.school(SchoolUnauthorized) }},
		{"unknown school, sent as a number", OpCreateUser, func(h *harness) map[string]any {
			return with(userBody(h), "schoolID", 123)
		}, 403, 10005, fixed("Unauthorized school: 123")},
		{"no integration configuration", OpCreateUser, func(h *harness) map[string]any {
			return with(userBody(h), "schoolID", h.school(SchoolWithoutIntegrationConfig))
		}, 400, 2019, fixed("School's integration configuration has not been setup.")},
		{"user fields missing", OpCreateUser, func(h *harness) map[string]any {
			return with(userBody(h), "firstName", nil, "email", nil)
		}, 400, 10005, fixed("User missing the following fields: firstName, email")},
		{"email without domain", OpCreateUser, func(h *harness) map[string]any {
			return with(userBody(h), "email", "grace@localhost")
		}, 400, 0, fixed("Validation isEmail on email failed.")},
		{"email without @", OpCreateUser, func(h *harness) map[string]any {
			return with(userBody(h), "email", "grace.navy.example.mil")
		}, 400, 0, fixed("Validation isEmail on email failed.")},
		{"broken welcome template", OpCreateUser, func(h *harness) map[string]any {
			return with(userBody(h), "schoolID", h.school(SchoolBrokenEmailTemplate))
		}, 500, 0, fixed("template not found.")},
		{"userID_schoolID duplicate", OpCreateUser, func(h *harness) map[string]any {
			duplicate = h.newUser(h.school(SchoolAuthorized))
			return with(userBody(h), "userID", duplicate.userID)
		}, 400, 0, fixed("userID_schoolID must be unique.")},
		{"email duplicate, other school and case", OpCreateUser, func(h *harness) map[string]any {
			u := h.newUser(h.school(SchoolSecondAuthorized))
			return with(userBody(h), "email", strings.ToUpper(u.email))
		}, 400, 0, fixed("Email must be unique")},
		{"update without identity", OpUpdateUser, func(h *harness) map[string]any {
			return map[string]any{"firstName": "X", "schoolID": h.school(SchoolAuthorized)}
		}, 400, 10008, fixed("userID or email is required for updating user.")},
		{"update userID without school", OpUpdateUser, func(h *harness) map[string]any {
			return map[string]any{"userID": "U-1"}
		}, 400, 2019, fixed("Missing required parameter: schoolID")},
		{"update unknown userID", OpUpdateUser, func(h *harness) map[string]any {
			return map[string]any{"userID": unique("nobody"), "schoolID": h.school(SchoolAuthorized)}
		}, 400, 10009, fixed("User not found.")},
		{"update user of another customer by email", OpUpdateUser, func(h *harness) map[string]any {
			unauthorized = h.newUserAs(h.second, h.school(SchoolUnauthorized), unique("U-"))
			return map[string]any{"email": unauthorized.email, "firstName": "Changed"}
		}, 400, 10009, fixed("User not found.")},
		{"update unauthorized school", OpUpdateUser, func(h *harness) map[string]any {
			return map[string]any{"userID": unauthorized.userID, "schoolID": h.school(SchoolUnauthorized)}
		}, 403, 10005, func(h *harness) string { return "Unauthorized school: " + h.school(SchoolUnauthorized) }},
		{"update clears a name", OpUpdateUser, func(h *harness) map[string]any {
			return map[string]any{"email": duplicate.email, "lastName": ""}
		}, 400, 10005, fixed("User missing the following fields: lastName")},
		{"update to a taken email", OpUpdateUser, func(h *harness) map[string]any {
			other := h.newUser(h.school(SchoolAuthorized))
			return map[string]any{"userID": duplicate.userID, "schoolID": h.school(SchoolAuthorized), "email": other.email}
		}, 400, 0, fixed("Email must be unique")},
	})
}

func TestUserLifecycle(t *testing.T) {
	h := start(t)
	b := userBody(h)
	created := h.do(OpCreateUser, b).expectStatus(t, http.StatusCreated)["user"].(map[string]any)
	if created["email"] != b["email"] || len(created["accounts"].([]any)) != 1 {
		t.Fatalf("created user %v", created)
	}
	// Update by (userID, schoolID), moving the e-mail.
	newEmail := unique("moved") + "@navy.example.mil"
	updated := h.do(OpUpdateUser, map[string]any{
		"userID": b["userID"], "schoolID": b["schoolID"], "email": newEmail, "lastName": "Murray Hopper",
	}).expectStatus(t, http.StatusOK)["user"].(map[string]any)
	if updated["email"] != newEmail || updated["lastName"] != "Murray Hopper" {
		t.Fatalf("updated user %v", updated)
	}
	// The old address is free again, the new one is taken.
	h.do(OpCreateUser, with(userBody(h), "email", b["email"])).expectStatus(t, http.StatusCreated)
	h.do(OpCreateUser, with(userBody(h), "email", newEmail)).expectError(t, 400, 0, "Email must be unique")
	// Update by e-mail alone.
	byEmail := h.do(OpUpdateUser, map[string]any{"email": newEmail, "firstName": "Amazing Grace"}).expectStatus(t, http.StatusOK)
	if byEmail["user"].(map[string]any)["firstName"] != "Amazing Grace" {
		t.Fatalf("update by email: %v", byEmail)
	}
}

func TestBrokenTemplateCreatesNothing(t *testing.T) {
	h := start(t)
	b := with(userBody(h), "schoolID", h.school(SchoolBrokenEmailTemplate))
	h.do(OpCreateUser, b).expectError(t, 500, 0, "template not found.")
	// Neither the e-mail nor the (userID, schoolID) pair was kept.
	h.do(OpCreateUser, with(b, "schoolID", h.school(SchoolAuthorized))).expectStatus(t, http.StatusCreated)
}
