package annotations

import (
	"unicode/utf8"
)

// Project rules, shared by the app's forms and the server.
const (
	// MaxProjectNameRunes caps a project's name.
	MaxProjectNameRunes = 100
	// MaxGuidelinesBytes caps a project's guidelines.
	MaxGuidelinesBytes = 64 << 10
)

// ValidateProjectName reports whether name is usable as a project's name:
// one line (NormalizeLine), not empty, at most MaxProjectNameRunes.
func ValidateProjectName(name string) error {
	switch {
	case name == "":
		return invalid("name", "is empty: give the project a name")
	case !utf8.ValidString(name) || NormalizeLine(name) != name:
		return invalid("name", "%q has control characters or extra spaces", name)
	case utf8.RuneCountInString(name) > MaxProjectNameRunes:
		return invalid("name", "is longer than %d characters", MaxProjectNameRunes)
	}
	return nil
}

// ValidateGuidelines reports whether text is usable as a project's
// guidelines: valid UTF-8 of at most MaxGuidelinesBytes. They are shown as
// text (links made clickable), never as HTML.
func ValidateGuidelines(text string) error {
	switch {
	case !utf8.ValidString(text):
		return invalid("guidelines", "is not valid text")
	case len(text) > MaxGuidelinesBytes:
		return invalid("guidelines", "are %d bytes, more than the limit of %d", len(text), MaxGuidelinesBytes)
	}
	return nil
}
