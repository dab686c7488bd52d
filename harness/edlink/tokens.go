package edlink

import (
	"errors"
	"fmt"

	"github.com/onsi/ginkgo/v2"

	"github.com/edconform/edconform/harness/auth"
	"github.com/edconform/edconform/harness/request"
	"github.com/edconform/edconform/harness/suite"
)

// TokenRoles are the tokens (auth.tokens.<role>) the specs know, and what
// each must be. A spec whose token is missing is skipped, naming the role
// and this description; a profile naming another role is refused.
var TokenRoles = map[string]string{
	GraphToken:                   "an active integration on a provider with assignments",
	"pausedIntegration":          "a paused integration",
	"disabledIntegration":        "a disabled integration",
	"unsupportedProvider":        "an integration on a provider without assignments",
	UserToken:                    "a person token of a teacher of settings.classId and settings.otherClassId",
	"ta":                         "a person token of a ta of settings.classId",
	"student":                    "a person token of a student of settings.classId, not of settings.otherClassId",
	"expired":                    "a person token past its expiry",
	"unshared":                   "a person token of someone the integration's sharing rules exclude",
	"invalidProvider":            "a person token of a teacher of settings.classId whose provider tokens have expired",
	"noProviderSignIn":           "a person token of a teacher of settings.classId who never signed in with their provider account",
	"enrichmentOnly":             "a person token of a teacher of settings.classId present only through data enrichment",
	"pausedIntegrationTeacher":   "a person token of the paused integration",
	"disabledIntegrationTeacher": "a person token of the disabled integration",
	"unsupportedProviderTeacher": "a person token of a teacher of settings.unsupportedProviderClassId",
	"unknownProvider":            "an integration whose provider Edlink cannot find",
	"internalError":              "an integration whose requests fail with INTERNAL",
	"unknownError":               "an integration whose requests fail with UNKNOWN",
}

// As authorizes the request with another token of the profile
// (auth.tokens.<role>); the spec is skipped when the profile lacks it,
// naming the role and what its token must be.
func As(role string) Option {
	return func(s *request.Spec) {
		_, err := suite.Current().Tokens.Static(role)
		if missing := (*auth.MissingError)(nil); errors.As(err, &missing) {
			ginkgo.Skip(fmt.Sprintf("profile lacks what this spec needs: %s (%s): %s", missing.Key, TokenRoles[role], missing.Reason))
		}
		request.WithToken(role)(s)
	}
}
