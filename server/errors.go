package server

import (
	"errors"
	"net/http"

	"github.com/gloss-annotate/gloss/annotations/api"
)

// ErrNotFound is returned by a Store for an unknown ID.
var ErrNotFound = api.Errorf(api.CodeNotFound, "not found")

// ErrExists is returned by a Store for a user whose login or annotator name
// is taken.
var ErrExists = api.Errorf(api.CodeConflict, "a user with this login name exists already")

// ErrProjectExists is returned by a Store for a project whose name another
// project has.
var ErrProjectExists = api.Errorf(api.CodeConflict, "another project has this name")

// ErrProjectIDExists is returned by a Store for a new project whose ID
// another project has.
var ErrProjectIDExists = api.Errorf(api.CodeConflict, "another project has this ID")

// ErrCursorUnknown is returned by a Store for a pull cursor it never gave.
var ErrCursorUnknown = api.Errorf(api.CodeCursorUnknown, "the sync cursor is unknown to this server: pull again from the start")

// ErrStorageFull is returned by a Store whose disk is full: nothing of the
// write was stored.
var ErrStorageFull = api.Errorf(api.CodeStorageFull, "the server's disk is full; nothing was stored")

// asError turns any error into an *api.Error (api.AsError), and an
// oversized body into too_large. known is false for an internal error,
// whose details are logged, not sent.
func asError(err error) (e *api.Error, known bool) {
	var tooLarge *http.MaxBytesError
	if errors.As(err, &tooLarge) {
		return api.Errorf(api.CodeTooLarge, "the request body is larger than the limit of %d bytes", tooLarge.Limit), true
	}
	return api.AsError(err)
}
