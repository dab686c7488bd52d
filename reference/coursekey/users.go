package coursekey

import (
	"net/http"

	"github.com/google/uuid"
)

// authorizedSchool checks that the integration may act on schoolID and that
// the school's integration configuration exists. status is what an
// unauthorized school answers: users document 403, courses 400.
func (s *Server) authorizedSchool(in *integration, schoolID string, status int) (*school, *apiError) {
	sc := s.st.schools[schoolID]
	if !in.authorizes(schoolID) && (sc == nil || !s.off(DeviationSchoolAuthorizationUnchecked)) {
		return nil, errUnauthorizedSchool(status, schoolID)
	}
	if !sc.integrationConfigured && !s.off(DeviationIntegrationConfigUnchecked) {
		return nil, errNoIntegrationConfig()
	}
	return sc, nil
}

func (s *Server) checkEmail(email string) *apiError {
	if !isEmail(email) && !s.opts.Has(DeviationEmailUnchecked) {
		return errInvalidEmail()
	}
	return nil
}

// createUser creates a user and their account at schoolID, then sends the
// school's welcome e-mail; a missing template fails the whole create.
func (s *Server) createUser(in *integration, b body) (int, any, *apiError) {
	if missing := b.missing("userID"); missing != nil {
		if !s.off(DeviationUserIDGenerated) {
			return 0, nil, errMissingParameter(missing)
		}
		b["userID"] = uuid.NewString()
	}
	// The dictionary's "Account missing the following fields" entry.
	accountFields := []string{"schoolID", "issuedID"}
	if s.off(DeviationIssuedIDOptional) {
		accountFields = accountFields[:1]
	}
	if missing := b.missing(accountFields...); missing != nil {
		return 0, nil, errUserMissingFields(missing)
	}
	sc, apiErr := s.authorizedSchool(in, b.str("schoolID"), http.StatusForbidden)
	if apiErr != nil {
		return 0, nil, apiErr
	}
	userFields := []string{"firstName", "lastName", "email"}
	if s.off(DeviationLastNameOptional) {
		userFields = []string{"firstName", "email"}
	}
	if missing := b.missing(userFields...); missing != nil {
		return 0, nil, errUserMissingFields(missing)
	}
	email := b.str("email")
	if apiErr := s.checkEmail(email); apiErr != nil {
		return 0, nil, apiErr
	}
	s.awaitRacers()
	key := accountKey{sc.id, b.str("userID")}
	if a := s.st.accounts[key]; a != nil && s.sees(a.written) && !s.off(DeviationAccountUniqueUnchecked) {
		return 0, nil, errUserSchoolUnique()
	}
	if u := s.st.users[emailKey(email)]; u != nil && s.sees(u.written) && !s.off(DeviationEmailUniqueUnchecked) {
		return 0, nil, errEmailUnique()
	}
	if sc.welcomeTemplate == "" && !s.off(DeviationWelcomeEmailSkipped) {
		return 0, nil, errTemplateNotFound()
	}
	u := &user{written: s.st.stamp(), email: email, firstName: b.str("firstName"), lastName: b.str("lastName"), accounts: map[string]*account{}}
	s.st.users[emailKey(email)] = u
	s.st.addAccount(&account{userID: key.userID, schoolID: sc.id, issuedID: b.str("issuedID"), user: u})
	return http.StatusCreated, userView(in, u), nil
}

// updateUser finds the user by (userID, schoolID) or, without a userID, by
// e-mail, and changes the fields given. With a userID, email is a new address.
func (s *Server) updateUser(in *integration, b body) (int, any, *apiError) {
	if !b.given("userID") && !b.given("email") && !s.off(DeviationUpdateIdentityUnchecked) {
		return 0, nil, errUserIdentityRequired()
	}
	if (b.given("userID") || b.given("issuedID")) && !b.given("schoolID") {
		return 0, nil, errMissingParameter([]string{"schoolID"})
	}
	var sc *school
	if b.given("schoolID") {
		var apiErr *apiError
		if sc, apiErr = s.authorizedSchool(in, b.str("schoolID"), http.StatusForbidden); apiErr != nil {
			return 0, nil, apiErr
		}
	}
	var u *user
	if b.given("userID") {
		if acct := s.st.accounts[accountKey{sc.id, b.str("userID")}]; acct != nil {
			u = acct.user
		}
	} else if found, _ := s.st.visibleUser(in, b.str("email")); found != nil && (sc == nil || found.accounts[sc.id] != nil) {
		u = found
	}
	if u == nil {
		if s.off(DeviationUnmatchedUpdateSucceeds) {
			return http.StatusOK, map[string]any{"user": map[string]any{}}, nil
		}
		return 0, nil, errUserNotFound()
	}
	var cleared []string
	for _, field := range []string{"firstName", "lastName", "email", "issuedID"} {
		if _, present := b[field]; present && !b.given(field) {
			cleared = append(cleared, field)
		}
	}
	if cleared != nil {
		return 0, nil, errUserMissingFields(cleared)
	}
	newEmail := b.str("email")
	if b.given("userID") && b.given("email") && emailKey(newEmail) != emailKey(u.email) {
		if apiErr := s.checkEmail(newEmail); apiErr != nil {
			return 0, nil, apiErr
		}
		if s.st.users[emailKey(newEmail)] != nil {
			return 0, nil, errEmailUnique()
		}
		delete(s.st.users, emailKey(u.email))
		u.email = newEmail
		s.st.users[emailKey(newEmail)] = u
	}
	if b.given("firstName") {
		u.firstName = b.str("firstName")
	}
	if b.given("lastName") {
		u.lastName = b.str("lastName")
	}
	if b.given("issuedID") {
		if acct := u.accounts[sc.id]; acct != nil {
			acct.issuedID = b.str("issuedID")
		}
	}
	return http.StatusOK, userView(in, u), nil
}

// userView shows a user with the accounts the integration may see.
func userView(in *integration, u *user) map[string]any {
	accounts := []any{}
	for _, a := range sortedAccounts(u) {
		if in.authorizes(a.schoolID) {
			accounts = append(accounts, map[string]any{"userID": a.userID, "schoolID": a.schoolID, "issuedID": a.issuedID})
		}
	}
	return map[string]any{"user": map[string]any{
		"email": u.email, "firstName": u.firstName, "lastName": u.lastName, "accounts": accounts,
	}}
}
