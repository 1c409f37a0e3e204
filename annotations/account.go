package annotations

import (
	"strings"
	"unicode/utf8"

	"github.com/gloss-annotate/gloss/annotations/normform"
)

// Account rules, shared by the app's forms and the server.
const (
	// MinPasswordRunes is the shortest password an account may have.
	MinPasswordRunes = 10
	// MaxPasswordBytes caps a password (the hash's input) in bytes.
	MaxPasswordBytes = 1024
	// MaxDisplayNameRunes caps a user's display name.
	MaxDisplayNameRunes = 100
)

// NormalizeLogin returns a login name as it is stored and compared: one
// line (NormalizeShownLine) in lower case, so that "Ana" and "ana " name the same
// account.
func NormalizeLogin(s string) string {
	return strings.ToLower(NormalizeShownLine(s))
}

// ValidateLogin reports whether login is usable as a login name: not empty,
// at most MaxAnnotatorRunes, and already normalized by NormalizeLogin. A new
// account's login is also its annotator name, so the rules of annotator
// names hold for it too.
func ValidateLogin(login string) error {
	switch {
	case login == "":
		return invalid("login", "is empty: choose a login name")
	case !utf8.ValidString(login) || NormalizeLogin(login) != login:
		return invalid("login", "%q must be lower case, without control characters or extra spaces", login)
	case utf8.RuneCountInString(login) > MaxAnnotatorRunes:
		return invalid("login", "is longer than %d characters", MaxAnnotatorRunes)
	}
	return nil
}

// ValidateDisplayName reports whether name is usable as a user's display
// name: one line (NormalizeShownLine) of at most MaxDisplayNameRunes; empty means
// the login is shown.
func ValidateDisplayName(name string) error {
	switch {
	case !utf8.ValidString(name) || NormalizeShownLine(name) != name:
		return invalid("display_name", "%q has control characters or extra spaces", name)
	case utf8.RuneCountInString(name) > MaxDisplayNameRunes:
		return invalid("display_name", "is longer than %d characters", MaxDisplayNameRunes)
	}
	return nil
}

// ValidatePassword reports whether pw is usable as a new password: at least
// MinPasswordRunes characters, at most MaxPasswordBytes bytes, valid UTF-8.
// Nothing else is required of it (NIST SP 800-63B: length, not character
// classes).
func ValidatePassword(pw string) error {
	switch {
	case !utf8.ValidString(pw):
		return invalid("password", "is not valid text")
	case utf8.RuneCountInString(pw) < MinPasswordRunes:
		return invalid("password", "is shorter than %d characters", MinPasswordRunes)
	case len(pw) > MaxPasswordBytes:
		return invalid("password", "is longer than %d bytes", MaxPasswordBytes)
	}
	return nil
}

// ValidateNewLogin reports whether login is usable as a new account's
// login: ValidateLogin's rules, and none of the characters that separate
// names where logins are written, a comma (lists such as an export's
// annotator=a,b) and a slash (paths such as a member's, …/members/LOGIN).
// Nor may it have characters that are another's compatibility forms
// (fullwidth "ａlice", the ligature in "ﬁona", a superscript): they read
// as another login ("alice") that is a different account. Accounts made
// before these rules keep their logins.
func ValidateNewLogin(login string) error {
	if err := ValidateLogin(login); err != nil {
		return err
	}
	if strings.ContainsAny(login, ",/") {
		return invalid("login", "%q has a comma or a slash, which separate names in lists and paths: choose one without", login)
	}
	if plain := NormalizeLogin(normform.NFKC.String(login)); plain != login {
		return invalid("login", "%q has characters that read as %q (fullwidth letters, ligatures or the like), so the two would look like one account: type it as %q", login, plain, plain)
	}
	return nil
}
