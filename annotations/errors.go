package annotations

import "fmt"

// ValidationError says what is wrong with a value in words a user can act on.
// Field names the offending field in the JSON shape ("text", "label", ...).
type ValidationError struct {
	Field   string
	Message string
}

func (e *ValidationError) Error() string {
	if e.Field == "" {
		return e.Message
	}
	return e.Field + ": " + e.Message
}

// invalid builds a *ValidationError for field with a formatted message.
func invalid(field, format string, args ...any) *ValidationError {
	return &ValidationError{Field: field, Message: fmt.Sprintf(format, args...)}
}
