package annotations

import (
	"strings"
	"unicode/utf8"
)

// DefaultProject is the ID of the Default project: a database from before
// projects moved every set into it, and its sets carry no project (a
// Revision's or SetKey's Project is "" for it), so that revisions made
// before projects keep their IDs.
const DefaultProject = "default"

// MaxProjectIDBytes caps a project's ID.
const MaxProjectIDBytes = 40

// ValidateProjectID reports whether id is usable as a project's ID: 1 to
// MaxProjectIDBytes lower-case ASCII letters, digits and inner hyphens, so
// that it reads well in a URL and on a command line.
func ValidateProjectID(id string) error {
	if id == "" || len(id) > MaxProjectIDBytes || id[0] == '-' || id[len(id)-1] == '-' {
		return invalid("project", "%q is not a project ID: 1 to %d lower-case letters, digits and hyphens, not starting or ending with a hyphen", id, MaxProjectIDBytes)
	}
	for i := 0; i < len(id); i++ {
		if c := id[i]; (c < 'a' || c > 'z') && (c < '0' || c > '9') && c != '-' {
			return invalid("project", "%q is not a project ID: 1 to %d lower-case letters, digits and hyphens, not starting or ending with a hyphen", id, MaxProjectIDBytes)
		}
	}
	return nil
}

// ProjectIDFromName makes a project's ID from its name: ASCII letters and
// digits of the name Folded ("Łódź" is "lodz"), every other run
// of characters a hyphen, cut to MaxProjectIDBytes; else "project".
func ProjectIDFromName(name string) string {
	var b strings.Builder
	hyphen := false
	for _, r := range Folded(name) {
		switch {
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			if hyphen && b.Len() > 0 {
				b.WriteByte('-')
			}
			hyphen = false
			b.WriteRune(r)
		default:
			hyphen = true
		}
		if b.Len() >= MaxProjectIDBytes {
			break
		}
	}
	id := strings.TrimRight(b.String()[:min(b.Len(), MaxProjectIDBytes)], "-")
	if id == "" {
		return "project"
	}
	return id
}

// ProjectOrDefault returns the project ID a set's Project field names:
// DefaultProject for "".
func ProjectOrDefault(project string) string {
	if project == "" {
		return DefaultProject
	}
	return project
}

// ProjectField returns the Project field of a set in the project id: ""
// for DefaultProject, else id.
func ProjectField(id string) string {
	if id == DefaultProject {
		return ""
	}
	return id
}

// Project rules, shared by the app's forms and the server.
const (
	// MaxProjectNameRunes caps a project's name.
	MaxProjectNameRunes = 100
	// MaxGuidelinesBytes caps a project's guidelines.
	MaxGuidelinesBytes = 64 << 10
)

// ValidateProjectName reports whether name is usable as a project's name:
// one line (NormalizeShownLine), not empty, at most MaxProjectNameRunes.
func ValidateProjectName(name string) error {
	switch {
	case name == "":
		return invalid("name", "is empty: give the project a name")
	case !utf8.ValidString(name) || NormalizeShownLine(name) != name:
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
