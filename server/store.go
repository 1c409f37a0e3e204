package server

import (
	"context"
	"strings"
	"time"

	"github.com/gloss-annotate/gloss/annotations"
	"github.com/gloss-annotate/gloss/annotations/api"
)

// ArticleSummary is an article as the library lists it, without its text.
type ArticleSummary = api.ArticleSummary

// Stored is what a store did with one pushed revision: applied or
// duplicate, with the sequence number the revision has (given now or when
// it was first stored), or rejected, with the Problem that
// annotations.CheckBatch found.
type Stored struct {
	Status  api.PushStatus
	Seq     int64
	Problem error
}

// Cursor is a position in the revision sequence (api.Cursor).
type Cursor = api.Cursor

// ChangePage is one page of revisions in commit order.
type ChangePage struct {
	Revisions []annotations.Revision
	Cursor    Cursor // the position after the page's last revision
	More      bool   // whether revisions follow
}

// SetRef names one annotation set.
type SetRef = annotations.SetKey

// SetFilter chooses annotation sets: those of the listed projects (as
// revisions write them: "" for the Default project), of the listed
// articles and of the listed annotators. An empty list chooses every one.
type SetFilter struct {
	Projects   []string
	Articles   []string
	Annotators []string
}

// ChangeFilter chooses the revisions a pull reads: Annotator's, in the
// listed projects (as revisions write them: "" for the Default project) or,
// when Projects is nil, in every project.
type ChangeFilter struct {
	Annotator string
	Projects  []string
}

// ImportResult is what Store.Import stored.
type ImportResult struct {
	// ArticlesCreated counts the articles stored now (the others were
	// stored before, and were kept as they were).
	ArticlesCreated int
	// Applied and Duplicate count the revisions stored now and those
	// stored before.
	Applied, Duplicate int
}

// Store keeps articles, revisions and accounts. Implementations live in
// their own packages, one per technology (server/sqlite).
type Store interface {
	Accounts
	Projects
	SetHeads
	SignInFailures
	Results
	// PutArticle stores a unless an article with its ID is stored; it
	// returns the stored article and whether it was created now.
	PutArticle(ctx context.Context, a annotations.Article) (annotations.Article, bool, error)
	// Article returns the article id, or ErrNotFound.
	Article(ctx context.Context, id string) (annotations.Article, error)
	// ProjectArticles lists the articles added to the project (the
	// Default project has every article: see Articles), archived ones
	// too, newest first.
	ProjectArticles(ctx context.Context, projectID string) ([]ArticleSummary, error)
	// ProjectHasArticle reports whether the article is on the project's
	// list (false for the Default project, whose list is every article,
	// and for a project or article that does not exist).
	ProjectHasArticle(ctx context.Context, projectID, articleID string) (bool, error)
	// SetProjectArticle adds the article to the project (in), or takes it
	// out (its sets stay); ErrNotFound when there is no such project or
	// article, or, taking it out, when it is not in the project.
	SetProjectArticle(ctx context.Context, projectID, articleID string, in bool) error
	// Articles lists every article, archived ones too, newest first.
	Articles(ctx context.Context) ([]ArticleSummary, error)
	// UpdateArticle gives the article id a new title and/or archives it or
	// brings it back (what patch sets; its title is normalized already),
	// and returns it as listed; ErrNotFound when there is none. The ID and
	// text never change.
	UpdateArticle(ctx context.Context, id string, patch api.ArticlePatch) (ArticleSummary, error)
	// DeleteArticle deletes the article id, which must have no revision:
	// an *AnnotatedError when it has, ErrNotFound when there is none.
	DeleteArticle(ctx context.Context, id string) error
	// CountArticles returns how many articles are stored.
	CountArticles(ctx context.Context) (int, error)
	// PutRevisions decides which revisions may be stored with
	// annotations.CheckBatch, against the state it commits on (in its write
	// transaction, so that concurrent pushes cannot both pass a check that
	// only one of them would), stores those unless one with the same item
	// and ID is stored, and reports for each, in order, applied, duplicate
	// or rejected. The valid revisions are stored whatever the others.
	// The check's cost depends on the batch, not on the size of the sets it
	// touches.
	PutRevisions(ctx context.Context, revs []annotations.Revision) ([]Stored, error)
	// Changes returns up to limit revisions that filter chooses (and the
	// project's own, its schema, of the projects it chooses) stored
	// after the cursor since, in commit order, or ErrCursorUnknown when the
	// store has no revision at since.Seq, or its history's hash there is
	// not since.Chain.
	Changes(ctx context.Context, filter ChangeFilter, since Cursor, limit int) (ChangePage, error)
	// Sets lists the annotation sets that have revisions, of one article
	// when articleID is not "", ordered by project, article and annotator.
	Sets(ctx context.Context, articleID string) ([]SetRef, error)
	// SetsMatching lists the annotation sets that have revisions and that
	// filter chooses, ordered by project, article and annotator.
	SetsMatching(ctx context.Context, filter SetFilter) ([]SetRef, error)
	// SetRevisions returns every revision of one set, and those of its
	// project's schema (annotations.ProjectKey).
	SetRevisions(ctx context.Context, set SetRef) ([]annotations.Revision, error)
	// ProgressRevisions returns every revision of the project (its sets'
	// and its own; project as revisions write it: "" for the Default
	// project), in commit order, with the bodies of status and assignment
	// revisions only (the others' Body is nil): what a project's progress
	// is computed from (ProjectProgress) without reading every
	// annotation.
	ProgressRevisions(ctx context.Context, project string) ([]annotations.Revision, error)
	// StatusRevisions returns the status revisions (annotations.KindStatus,
	// with their bodies) of the project's sets (project as revisions write
	// it: "" for the Default project) whose sequence number is after after
	// and at most through, in commit order. With SetHeads, it tells which
	// sets are done without reading any annotation: the model's cache
	// (GET /api/v1/projects/{id}/model) asks for those since its last
	// look.
	StatusRevisions(ctx context.Context, project string, after, through int64) ([]annotations.Revision, error)
	// Import stores, in one transaction (all or nothing), each article
	// unless one with its ID is stored, then each revision unless one with
	// its item and ID is stored, as PutRevisions does. When CheckBatch
	// refuses any revision, nothing is stored and the error is an
	// *ImportProblem.
	Import(ctx context.Context, articles []annotations.Article, revs []annotations.Revision) (ImportResult, error)
	// Ping checks that the store answers a query.
	Ping(ctx context.Context) error
	// Close releases the store.
	Close() error
}

// AnnotatedError refuses to delete an article that has annotations: the
// annotators whose sets hold revisions of it.
type AnnotatedError struct {
	Annotators []string
}

func (e *AnnotatedError) Error() string {
	return "this article has annotations (by " + strings.Join(e.Annotators, ", ") +
		"), so it cannot be deleted: archive it instead, which hides it from the library and keeps its annotations"
}

// ImportProblem is the error of Store.Import when a revision may not be
// stored: the first such revision and its problem.
type ImportProblem struct {
	Revision annotations.Revision
	Problem  error
}

func (e *ImportProblem) Error() string {
	return importProblemText(e.Revision.ArticleID, e.Revision.Annotator, e.Revision.Item, e.Problem)
}

// Unwrap returns the problem.
func (e *ImportProblem) Unwrap() error { return e.Problem }

// User is an account as the store keeps it.
type User struct {
	ID    string // a random UUID
	Login string // annotations.NormalizeLogin'd, unique
	// Annotator is the name the user's revisions carry, unique: the login
	// for a new account, an older database's annotator name for an account
	// made from it. It never changes.
	Annotator   string
	DisplayName string
	Admin       bool
	// PasswordHash is secret.HashPassword's PHC string, "" for an account
	// that cannot sign in until a password is set; a disabled account's
	// starts with "!" (DisabledHash), its password kept for when it is
	// enabled again.
	PasswordHash string
	Created      time.Time
	// Access counts the changes of what the user may read (joining or
	// leaving a project, another role, a project's annotators made to see
	// each other or not): a pull cursor made under an older count starts
	// over (api.Cursor.Access).
	Access int64
}

// APIToken is an API token as the store keeps it (its secret's hash aside).
type APIToken struct {
	ID       string // a random UUID
	UserID   string
	Name     string
	Created  time.Time
	LastUsed time.Time // zero before its first use
}

// Accounts keeps users, their sessions and API tokens, and the setup
// token. Secrets are stored only as hashes (secret.HashToken,
// secret.HashPassword); methods take and return hashes.
type Accounts interface {
	// CreateUser stores u (its ID, Login, Annotator and Created set);
	// ErrExists when its login or annotator name is taken.
	CreateUser(ctx context.Context, u User) error
	// User returns the user id, or ErrNotFound.
	User(ctx context.Context, id string) (User, error)
	// UserByLogin returns the user whose login is login (normalized
	// already), or ErrNotFound.
	UserByLogin(ctx context.Context, login string) (User, error)
	// Users lists every user by login.
	Users(ctx context.Context) ([]User, error)
	// HasAdmin reports whether any user is an admin.
	HasAdmin(ctx context.Context) (bool, error)
	// SetPassword gives the user id a new password hash and ends every
	// session of the user, in one transaction; ErrNotFound when there is
	// no such user.
	SetPassword(ctx context.Context, id, hash string) error
	// CreateSession stores a session of the user whose token's hash is
	// tokenHash, valid until expires.
	CreateSession(ctx context.Context, tokenHash, userID string, expires time.Time) error
	// SessionUser returns the user of the session tokenHash and when it
	// expires; ErrNotFound when there is none or it expired before now
	// (an expired session is deleted).
	SessionUser(ctx context.Context, tokenHash string, now time.Time) (User, time.Time, error)
	// ExtendSession moves the session's expiry to expires (sliding
	// expiry); nothing when there is no such session.
	ExtendSession(ctx context.Context, tokenHash string, expires time.Time) error
	// DeleteSession ends the session tokenHash; nothing when there is none.
	DeleteSession(ctx context.Context, tokenHash string) error
	// CreateToken stores t, whose secret's hash is tokenHash.
	CreateToken(ctx context.Context, t APIToken, tokenHash string) error
	// TokenUser returns the user of the API token whose secret's hash is
	// tokenHash, noting now as its last use (at most once a minute);
	// ErrNotFound when there is none.
	TokenUser(ctx context.Context, tokenHash string, now time.Time) (User, error)
	// Tokens lists the user's API tokens, newest first.
	Tokens(ctx context.Context, userID string) ([]APIToken, error)
	// DeleteToken revokes the user's token id; ErrNotFound when the user
	// has no such token.
	DeleteToken(ctx context.Context, userID, id string) error
	// PutSetupToken adds tokenHash, made at now, to the setup tokens, and
	// deletes those made before since (expired). Several are valid at
	// once: each replica of the server prints its own link when it starts.
	PutSetupToken(ctx context.Context, tokenHash string, now, since time.Time) error
	// UseSetupToken creates admin (as CreateUser) and deletes every setup
	// token, in one transaction, when tokenHash is a setup token made at
	// since or later and no user is an admin; ErrNotFound when it is not
	// (used already, expired, never made, or an admin exists), ErrExists
	// as CreateUser. CreateUser of an admin deletes every setup token.
	UseSetupToken(ctx context.Context, tokenHash string, since time.Time, admin User) error
}

// Project is a project as the store keeps it.
type Project struct {
	ID                     string
	Name                   string
	Guidelines             string
	AnnotatorsSeeEachOther bool
	Created                time.Time
	// Suggest is how the editor proposes annotations in the project (its
	// cues normalized: see api.SuggestSettings and PATCH).
	Suggest api.SuggestSettings
}

// Member is one member of a project and their role.
type Member struct {
	User User
	Role api.Role
}

// Membership is one project of a user and their role in it.
type Membership struct {
	Project Project
	Role    api.Role
}

// Projects keeps projects and their members. An annotation set is in one
// project (annotations.SetKey); the sets of a database from before
// projects are in api.DefaultProject, which every new user joins as an
// annotator (CreateUser, UseSetupToken).
type Projects interface {
	// Projects lists every project by name.
	Projects(ctx context.Context) ([]Project, error)
	// Project returns the project id, or ErrNotFound.
	Project(ctx context.Context, id string) (Project, error)
	// CreateProject stores the project p (its ID, Name, Guidelines,
	// Suggest and Created set) with the user managerID as its manager, in one
	// transaction; ErrProjectIDExists or ErrProjectExists (the name) when
	// another project has them.
	CreateProject(ctx context.Context, p Project, managerID string) error
	// UpdateProject changes what patch sets (checked already; Suggest
	// replaces the settings whole) and returns the project; ErrNotFound
	// when there is none, ErrProjectExists when another project has the
	// new name.
	UpdateProject(ctx context.Context, id string, patch api.ProjectPatch) (Project, error)
	// Members lists the project's members by login.
	Members(ctx context.Context, projectID string) ([]Member, error)
	// Memberships lists the user's projects by name.
	Memberships(ctx context.Context, userID string) ([]Membership, error)
	// Role returns the user's role in the project, "" when they are not a
	// member (or there is no such project).
	Role(ctx context.Context, projectID, userID string) (api.Role, error)
	// SetMember makes the user a member of the project with role, or
	// changes their role; ErrNotFound when there is no such project or
	// user.
	SetMember(ctx context.Context, projectID, userID string, role api.Role) error
	// RemoveMember removes the user from the project; ErrNotFound when
	// they are not a member.
	RemoveMember(ctx context.Context, projectID, userID string) error
}

// LoginFailures are the failed sign-ins of one login since it last signed
// in: how many, and when the last one was.
type LoginFailures struct {
	Count int
	Last  time.Time
}

// AddressFailures are the failed sign-ins from one client address in the
// window that began at Start.
type AddressFailures struct {
	Count int
	Start time.Time
}

// SignInFailures counts failed sign-ins for the sign-in rate limit, in the
// store, so that every replica of the server counts every failure and a
// restart forgets none. The rules (how long to wait) are the server's;
// the store only counts.
type SignInFailures interface {
	// SignInFailures returns the failures of login and those of addr (zero
	// when none is counted).
	SignInFailures(ctx context.Context, login, addr string) (LoginFailures, AddressFailures, error)
	// AddSignInFailure counts one failure of login (none when "") and of
	// addr at now, atomically: a login's count starts over when its last
	// failure is older than forget, an address's window when it began
	// window ago or more. Counts that are over so are deleted.
	AddSignInFailure(ctx context.Context, login, addr string, now time.Time, forget, window time.Duration) error
	// ClearSignInFailures forgets login's failures (a successful sign-in).
	ClearSignInFailures(ctx context.Context, login string) error
	// ClearAddressFailures forgets the failures of the client address
	// addr (an operator's gloss user unlock --address).
	ClearAddressFailures(ctx context.Context, addr string) error
}

// Results keeps what the server computes from the revisions and serves
// many times (a project's model), each value under a key with a tag that
// names what it was computed from, so that the replicas of a server, and
// the server after a restart, compute it once.
type Results interface {
	// Result returns the value kept under key and its tag; ErrNotFound
	// when there is none.
	Result(ctx context.Context, key string) (tag string, value []byte, err error)
	// PutResult keeps value under key with tag, replacing what was kept.
	PutResult(ctx context.Context, key, tag string, value []byte) error
	// Exclusively runs fn while no other call of Exclusively with the same
	// key runs, in any replica: the others wait (or their ctx ends). fn's
	// error is returned.
	Exclusively(ctx context.Context, key string, fn func(ctx context.Context) error) error
}
