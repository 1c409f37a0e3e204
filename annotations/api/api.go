// Package api is Gloss's HTTP API as both ends see it: the paths, the
// request and answer bodies of the sync and article endpoints, the error
// codes with their HTTP statuses and the error envelope, and the pull
// cursor's format. The server (package server), the browser client and the
// sync simulation (package app/replica) all import it, so the protocol is
// written once.
//
// It is plain data and pure functions: no I/O, compiled for the server and
// for WebAssembly.
package api

import (
	"time"

	"github.com/gloss-annotate/gloss/annotations"
)

// The API's paths.
const (
	PathArticles = "/api/v1/articles"
	PathPush     = "/api/v1/sync/push"
	PathPull     = "/api/v1/sync/pull"
	PathExport   = "/api/v1/export"
	PathImport   = "/api/v1/import"
	// PathHealth: GET → Health (no user needed), what a load balancer asks
	// a replica of the server.
	PathHealth = "/api/v1/health"
)

// Health is the answer of GET /api/v1/health when the server and its
// database answer: Status "ok" and the server's Version. A server whose
// database does not answer is a 503 unavailable.
type Health struct {
	Status  string `json:"status"`
	Version string `json:"version"`
}

// ArticlePath is the path of one article.
func ArticlePath(id string) string { return PathArticles + "/" + id }

// Limits of the sync endpoints.
const (
	// MaxPushRevisions caps the revisions of one push.
	MaxPushRevisions = 1000
	// DefaultPullLimit is a pull's page size when it gives no limit.
	DefaultPullLimit = 500
	// MaxPullLimit caps a pull's limit.
	MaxPullLimit = 1000
)

// ArticleUpload is the body of POST /api/v1/articles: a title and exactly
// one of the text or an HTML page to take the article's text from.
type ArticleUpload struct {
	Title  string  `json:"title"`
	Text   *string `json:"text,omitempty"`
	HTML   *string `json:"html,omitempty"`
	Source string  `json:"source,omitempty"`
}

// ArticleSummary is an article as GET /api/v1/articles lists it, without
// its text.
type ArticleSummary struct {
	ID      string    `json:"id"`
	Title   string    `json:"title"`
	Source  string    `json:"source,omitempty"`
	Created time.Time `json:"created"`
	Chars   int       `json:"chars"`
	// Archived hides the article from the library; its annotations are
	// kept and exported.
	Archived bool `json:"archived,omitempty"`
}

// ArticlePatch is the body of PATCH /api/v1/articles/{id}: what to change,
// a new title, archived or not, or both. The article's ID and text never
// change.
type ArticlePatch struct {
	Title    *string `json:"title,omitempty"`
	Archived *bool   `json:"archived,omitempty"`
}

// ArticleList is the answer of GET /api/v1/articles, newest first.
type ArticleList struct {
	Articles []ArticleSummary `json:"articles"`
}

// PushStatus is what the server did with one pushed revision.
type PushStatus string

// The outcomes of pushing a revision.
const (
	StatusApplied   PushStatus = "applied"   // stored now
	StatusDuplicate PushStatus = "duplicate" // stored before
	StatusRejected  PushStatus = "rejected"  // not stored: see the result's error
)

// Acknowledged reports whether the server holds the revision.
func (s PushStatus) Acknowledged() bool { return s == StatusApplied || s == StatusDuplicate }

// PushRequest is the body of POST /api/v1/sync/push.
type PushRequest struct {
	Revisions []annotations.Revision `json:"revisions"`
	// Cursor is the pushing device's pull cursor, optional: the answer
	// says whether the server's history still matches it.
	Cursor string `json:"cursor,omitempty"`
}

// PushResult is the answer about one pushed revision.
type PushResult struct {
	Rev    string     `json:"rev"`
	Item   string     `json:"item"`
	Status PushStatus `json:"status"`
	// Seq is the revision's sequence number, given now or when it was
	// first stored: a device whose pull cursor is past it has pulled it.
	// 0 for a rejected revision.
	Seq   int64  `json:"seq,omitempty"`
	Error *Error `json:"error,omitempty"`
}

// PushResponse is the answer to a push: a result per revision, in request
// order, and the first problem when any revision was rejected (the answer
// is then a 400, and the valid revisions are stored all the same).
type PushResponse struct {
	Results []PushResult `json:"results"`
	// CursorUnknown says that the request's cursor is unknown to the
	// server, as a pull from it would answer: a duplicate at or before it
	// proves nothing to the device, whose next pull may find the cursor
	// again (after a second restore) and miss what this history had.
	CursorUnknown bool   `json:"cursor_unknown,omitempty"`
	Error         *Error `json:"error,omitempty"`
}

// PullResponse is one page of an annotator's revisions in commit order,
// the answer of GET /api/v1/sync/pull?annotator=&project=&since=&limit=. Cursor is
// sent back as since= unchanged (Cursor.String).
type PullResponse struct {
	Revisions []annotations.Revision `json:"revisions"`
	Cursor    string                 `json:"cursor"`
	More      bool                   `json:"more"`
}

// Pull's query parameters.
const (
	ParamAnnotator = "annotator"
	ParamSince     = "since"
	ParamLimit     = "limit"
	// ParamProject, a project's ID, limits a pull (and an export, and
	// names an import's project). A pull without it reads the annotator's
	// revisions in every project: the caller's own, or anyone's for an
	// admin; another's needs it.
	ParamProject = "project"
	// ParamSet chooses the sets an export holds (GET /api/v1/export,
	// gloss export --set): one of ExportSets.
	ParamSet = "set"
)

// The values of ParamSet.
const (
	// SetAll exports every set: each annotator's and the gold sets (the
	// default).
	SetAll = "all"
	// SetGold exports the gold (curated) sets only; articles without one
	// are left out.
	SetGold = "gold"
	// SetMajority exports one set per article: its gold set when done,
	// else the majority vote of its annotators' sets.
	SetMajority = "majority"
)

// MajorityAnnotator is the annotator name of a majority vote in a
// set=majority export (an article's done gold set keeps
// annotations.GoldAnnotator's), so that a vote is never taken for a
// curated set: no account may take it as its login.
const MajorityAnnotator = "majority"

// ExportSets lists the values of ParamSet.
var ExportSets = []string{SetAll, SetGold, SetMajority}
