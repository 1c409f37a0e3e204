package api

import (
	"errors"
	"fmt"

	"github.com/gloss-annotate/gloss/annotations"
)

// The API's error codes. Each has one HTTP status (StatusOf).
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
	// CodeUnknownParent rejects one pushed revision whose parent the
	// server lacks: the client sends the parent first (its pending order
	// does), or, when the server lost it in a restore, everything again.
	CodeUnknownParent = "unknown_parent"
	// CodeUnknownItem rejects one pushed revision that refers to an item
	// (a speaker, a member, a holder, …) the server's set lacks: the client
	// sends that item first (its pending order does), or, when the server
	// lost it in a restore, everything again.
	CodeUnknownItem = "unknown_item"
	// CodeCursorUnknown answers a pull whose cursor is not in the server's
	// history (its database was restored from an older copy, or
	// replaced): the client pulls again from the start, keeping its
	// pending changes, which it pushes again.
	CodeCursorUnknown = "cursor_unknown"
	// CodeStorageFull says the server's disk is full: nothing of the
	// request was stored, and the client keeps its changes pending.
	CodeStorageFull = "storage_full"
	// CodeConflict refuses a change that the stored state forbids, such
	// as deleting an article that has annotations.
	CodeConflict = "conflict"
	// CodeMisdirected answers a request for a host name the server does
	// not serve (its Host header): what a page on another site reaches
	// when its domain is made to resolve to the server (DNS rebinding).
	CodeMisdirected = "misdirected"
	// CodeUnauthenticated answers a request without a valid session or
	// API token, and a sign-in whose login or password is wrong (the same
	// answer for both).
	CodeUnauthenticated = "unauthenticated"
	// CodeRateLimited answers a sign-in tried too often, with a
	// Retry-After header.
	CodeRateLimited = "rate_limited"
	// CodeUnavailable answers a request the server cannot serve now: its
	// database does not answer.
	CodeUnavailable = "unavailable"
	CodeInternal    = "internal"
)

// StatusOf maps an error code to its HTTP status: the one place that does.
// The statuses are numbers, not net/http's names, so that this package
// stays free of net/http for the code that runs in the browser's export
// module (app/teamview), where net/http would add 370 kB.
func StatusOf(code string) int {
	switch code {
	case CodeInvalid, CodeUnknownArticle, CodeUnknownParent, CodeUnknownItem:
		return 400 // BadRequest
	case CodeForbidden:
		return 403 // Forbidden
	case CodeNotFound, CodeNoModel:
		return 404 // NotFound
	case CodeTooLarge:
		return 413 // RequestEntityTooLarge
	case CodeUnsupportedMedia:
		return 415 // UnsupportedMediaType
	case CodeMethodNotAllowed:
		return 405 // MethodNotAllowed
	case CodeCursorUnknown:
		return 410 // Gone
	case CodeStorageFull:
		return 507 // InsufficientStorage
	case CodeConflict:
		return 409 // Conflict
	case CodeMisdirected:
		return 421 // MisdirectedRequest
	case CodeUnauthenticated:
		return 401 // Unauthorized
	case CodeRateLimited:
		return 429 // TooManyRequests
	case CodeUnavailable:
		return 503 // ServiceUnavailable
	}
	return 500 // InternalServerError
}

// Error is the API's one error type: a code from the list above and a
// message that says what is wrong in words the user can act on. Every error
// answer's body is ErrorBody.
type Error struct {
	Code    string `json:"code"`
	Message string `json:"message"`
	// File and Line say where in an imported file the problem is.
	File string `json:"file,omitempty"`
	Line int    `json:"line,omitempty"`
}

// Error returns the message.
func (e *Error) Error() string { return e.Message }

// Errorf returns an *Error with code and a formatted message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// ErrorBody is the body of every error answer: {"error": {...}}. A push
// answer that rejected revisions is a PushResponse instead, whose error
// field has the same shape.
type ErrorBody struct {
	Error *Error `json:"error"`
}

// AsError turns err into an *Error, and reports whether its code is known:
// an *Error as it is, an annotations.ValidationError as invalid, a
// revision whose article, parent or referred item the server lacks as
// unknown_article, unknown_parent or unknown_item. Anything else is internal, with a message that does not
// leak its details.
func AsError(err error) (*Error, bool) {
	var e *Error
	var v *annotations.ValidationError
	switch {
	case errors.As(err, &e):
		return e, true
	case errors.Is(err, annotations.ErrUnknownArticle):
		return &Error{Code: CodeUnknownArticle, Message: err.Error()}, true
	case errors.Is(err, annotations.ErrUnknownParent):
		return &Error{Code: CodeUnknownParent, Message: err.Error()}, true
	case errors.Is(err, annotations.ErrUnknownItem):
		return &Error{Code: CodeUnknownItem, Message: err.Error()}, true
	case errors.As(err, &v):
		return &Error{Code: CodeInvalid, Message: v.Error()}, true
	}
	return &Error{Code: CodeInternal, Message: "internal error"}, false
}
