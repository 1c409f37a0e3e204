package server

import (
	"errors"
	"fmt"
	"net/http"

	"github.com/gloss-annotate/gloss/annotations"
)

// The error codes of the API. Each maps to one HTTP status in statusOf.
const (
	CodeInvalid          = "invalid"
	CodeForbidden        = "forbidden"
	CodeNotFound         = "not_found"
	CodeTooLarge         = "too_large"
	CodeUnsupportedMedia = "unsupported_media_type"
	CodeMethodNotAllowed = "method_not_allowed"
	// CodeUnknownArticle rejects one pushed revision whose article the
	// server lacks: the client uploads the article and pushes again.
	CodeUnknownArticle = "unknown_article"
	// CodeCursorUnknown answers a pull whose cursor is past every revision
	// the server has (its database was restored from an older copy, or
	// replaced): the client pulls again from the start, keeping its pending
	// changes, which it pushes again.
	CodeCursorUnknown = "cursor_unknown"
	CodeInternal      = "internal"
)

// Error is the one error type of the API: a code from the list above and a
// message that says what is wrong in words the user can act on.
type Error struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

// Error returns the message.
func (e *Error) Error() string { return e.Message }

// Errorf returns an *Error with code and a formatted message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// ErrNotFound is returned by a Store for an unknown ID.
var ErrNotFound = Errorf(CodeNotFound, "not found")

// ErrCursorUnknown is returned by a Store for a pull cursor it never gave.
var ErrCursorUnknown = Errorf(CodeCursorUnknown, "the sync cursor is unknown to this server: pull again from the start")

// statusOf maps an error code to its HTTP status: the one place that does.
func statusOf(code string) int {
	switch code {
	case CodeInvalid, CodeUnknownArticle:
		return http.StatusBadRequest
	case CodeForbidden:
		return http.StatusForbidden
	case CodeNotFound:
		return http.StatusNotFound
	case CodeTooLarge:
		return http.StatusRequestEntityTooLarge
	case CodeUnsupportedMedia:
		return http.StatusUnsupportedMediaType
	case CodeMethodNotAllowed:
		return http.StatusMethodNotAllowed
	case CodeCursorUnknown:
		return http.StatusGone
	}
	return http.StatusInternalServerError
}

// asError turns any error into an *Error: validation errors are invalid
// input, an oversized body is too large, anything else is internal (and its
// details are logged, not sent).
func asError(err error) (*Error, bool) {
	var e *Error
	var v *annotations.ValidationError
	var tooLarge *http.MaxBytesError
	switch {
	case errors.As(err, &e):
		return e, true
	case errors.As(err, &v):
		return &Error{Code: CodeInvalid, Message: v.Error()}, true
	case errors.As(err, &tooLarge):
		return Errorf(CodeTooLarge, "the request body is larger than the limit of %d bytes", tooLarge.Limit), true
	}
	return &Error{Code: CodeInternal, Message: "internal error"}, false
}
