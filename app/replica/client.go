package replica

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"time"

	"github.com/gloss-annotate/gloss/annotations"
	"github.com/gloss-annotate/gloss/annotations/api"
)

// Transport carries one HTTP request to the server and brings back the
// answer's status and body: the browser's fetch in the app, an in-process
// handler with injected faults in the simulation. An error means that no
// answer came; it wraps ErrOffline. A transport gives up when ctx is done.
type Transport interface {
	RoundTrip(ctx context.Context, method, path string, body []byte) (status int, reply []byte, err error)
}

// DefaultTimeout bounds one request of a Client whose Timeout is 0: a
// server that never answers cannot stall the sync loop.
const DefaultTimeout = 30 * time.Second

// DefaultPullPage is how many revisions one pull asks for when a Client's
// PullPage is 0.
const DefaultPullPage = 200

// Client is the one client of Gloss's HTTP API (package api), over a
// Transport. It is the Server a sync Round uses, and the app's way to list,
// fetch and upload articles.
type Client struct {
	Transport Transport
	// Timeout bounds each request (DefaultTimeout when 0).
	Timeout time.Duration
	// PullPage is how many revisions one pull asks for (DefaultPullPage
	// when 0).
	PullPage int
	// PushBatch caps the revisions of one push of a Round (the package's
	// PushBatch when 0 or more than it). The app leaves it 0; the sync
	// simulation lowers it so that what a revision refers to, or its
	// parent, goes in an earlier push than the revision itself.
	PushBatch int
}

// pushBatch returns the cap of one push of a Round over c.
func (c *Client) pushBatch() int {
	if c.PushBatch > 0 && c.PushBatch < PushBatch {
		return c.PushBatch
	}
	return PushBatch
}

var _ Server = (*Client)(nil)

// ServerError is an error answer of the API: its HTTP status, code and
// message (api.Error).
type ServerError struct {
	Status  int
	Code    string
	Message string
}

func (e *ServerError) Error() string {
	if e.Message == "" {
		return fmt.Sprintf("the server answered %d", e.Status)
	}
	return e.Message
}

// Is makes a 401 answer match ErrUnauthenticated.
func (e *ServerError) Is(target error) bool {
	return target == ErrUnauthenticated && e.Status == api.StatusOf(api.CodeUnauthenticated)
}

// call sends one request, with body encoded as JSON when not nil, and
// decodes the answer into out when not nil. An error answer (4xx, 5xx) is a
// *ServerError; out still receives its body, which may carry per-item
// results.
func (c *Client) call(ctx context.Context, method, path string, body, out any) error {
	var raw []byte
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return err
		}
		raw = b
	}
	timeout := c.Timeout
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	status, reply, err := c.Transport.RoundTrip(ctx, method, path, raw)
	if err != nil {
		if errors.Is(ctx.Err(), context.DeadlineExceeded) && !errors.Is(err, ErrOffline) {
			err = fmt.Errorf("%w: no answer within %v (%v)", ErrOffline, timeout, err)
		}
		return err
	}
	if status >= 400 {
		var envelope api.ErrorBody
		e := &ServerError{Status: status}
		if json.Unmarshal(reply, &envelope) == nil && envelope.Error != nil {
			e.Code, e.Message = envelope.Error.Code, envelope.Error.Message
		}
		if out != nil {
			json.Unmarshal(reply, out)
		}
		return e
	}
	if out != nil {
		if err := json.Unmarshal(reply, out); err != nil {
			return fmt.Errorf("the server's answer to %s %s is not valid JSON: %w", method, path, err)
		}
	}
	return nil
}

// ListArticles lists the server's articles, newest first: every one when
// project is "" or the Default project, else the project's.
func (c *Client) ListArticles(ctx context.Context, project string) ([]api.ArticleSummary, error) {
	path := api.PathArticles
	if project != "" && project != api.DefaultProject {
		path += "?" + url.Values{api.ParamProject: {project}}.Encode()
	}
	var out api.ArticleList
	err := c.call(ctx, "GET", path, nil, &out)
	return out.Articles, err
}

// SetProjectArticle adds the article to the project's list (in), or takes
// it out (api.ProjectArticlePath; managers).
func (c *Client) SetProjectArticle(ctx context.Context, project, article string, in bool) error {
	method := "DELETE"
	if in {
		method = "PUT"
	}
	return c.call(ctx, method, api.ProjectArticlePath(url.PathEscape(project), url.PathEscape(article)), nil, nil)
}

// ProjectHasArticle reports whether the article is on the project's list
// (GET api.ProjectArticlePath: 204, else 404).
func (c *Client) ProjectHasArticle(ctx context.Context, project, article string) (bool, error) {
	err := c.call(ctx, "GET", api.ProjectArticlePath(url.PathEscape(project), url.PathEscape(article)), nil, nil)
	if se := (*ServerError)(nil); errors.As(err, &se) && se.Status == 404 {
		return false, nil
	}
	return err == nil, err
}

// GetArticle fetches an article.
func (c *Client) GetArticle(ctx context.Context, id string) (annotations.Article, error) {
	var a annotations.Article
	err := c.call(ctx, "GET", api.ArticlePath(url.PathEscape(id)), nil, &a)
	return a, err
}

// UploadArticle sends up; the server answers with the article it made (or
// had).
func (c *Client) UploadArticle(ctx context.Context, up api.ArticleUpload) (annotations.Article, error) {
	var a annotations.Article
	err := c.call(ctx, "POST", api.PathArticles, up, &a)
	return a, err
}

// UpdateArticle renames and/or archives the article id on the server
// (PATCH, api.ArticlePatch) and returns it as the library lists it.
func (c *Client) UpdateArticle(ctx context.Context, id string, patch api.ArticlePatch) (api.ArticleSummary, error) {
	var a api.ArticleSummary
	err := c.call(ctx, "PATCH", api.ArticlePath(url.PathEscape(id)), patch, &a)
	return a, err
}

// DeleteArticle deletes the article id from the server; one with
// annotations is refused (a *ServerError with code api.CodeConflict).
func (c *Client) DeleteArticle(ctx context.Context, id string) error {
	return c.call(ctx, "DELETE", api.ArticlePath(url.PathEscape(id)), nil, nil)
}

// PostArticle uploads a's text, title and source.
func (c *Client) PostArticle(ctx context.Context, a annotations.Article) (annotations.Article, error) {
	text := a.Text
	return c.UploadArticle(ctx, api.ArticleUpload{Title: a.Title, Text: &text, Source: a.Source})
}

// Push sends revisions with the device's pull cursor (cursor, "" for none).
// A 400 answer with a result per revision is those results, not an error.
func (c *Client) Push(ctx context.Context, revs []annotations.Revision, cursor string) (PushAnswer, error) {
	var out api.PushResponse
	err := c.call(ctx, "POST", api.PathPush, api.PushRequest{Revisions: revs, Cursor: cursor}, &out)
	answer := PushAnswer{Results: out.Results, CursorUnknown: out.CursorUnknown}
	var se *ServerError
	if errors.As(err, &se) && se.Status == api.StatusOf(api.CodeInvalid) && len(out.Results) == len(revs) {
		return answer, nil
	}
	if err == nil && len(out.Results) != len(revs) {
		return answer, fmt.Errorf("the server answered %d results for %d revisions", len(out.Results), len(revs))
	}
	return answer, err
}

// Pull returns the annotator's revisions after the cursor since. A cursor
// the server does not know is an error wrapping ErrCursorUnknown.
func (c *Client) Pull(ctx context.Context, annotator, since string) (PullPage, error) {
	limit := c.PullPage
	if limit <= 0 {
		limit = DefaultPullPage
	}
	q := url.Values{api.ParamAnnotator: {annotator}, api.ParamLimit: {strconv.Itoa(limit)}}
	if since != "" {
		q.Set(api.ParamSince, since)
	}
	var page api.PullResponse
	err := c.call(ctx, "GET", api.PathPull+"?"+q.Encode(), nil, &page)
	var se *ServerError
	if errors.As(err, &se) && se.Code == api.CodeCursorUnknown {
		return page, fmt.Errorf("%w: %s", ErrCursorUnknown, se.Message)
	}
	return page, err
}

// SignIn asks the server for a session as login (api.PathSignIn). The
// server sets the session cookie, which the browser keeps and sends; the
// answer says who signed in.
func (c *Client) SignIn(ctx context.Context, req api.SignInRequest) (api.Me, error) {
	var me api.Me
	err := c.call(ctx, "POST", api.PathSignIn, req, &me)
	return me, err
}

// Setup creates the first admin with the setup link's token
// (api.PathSetup) and signs them in.
func (c *Client) Setup(ctx context.Context, req api.SetupRequest) (api.Me, error) {
	var me api.Me
	err := c.call(ctx, "POST", api.PathSetup, req, &me)
	return me, err
}

// SignOut ends the session (api.PathSignOut).
func (c *Client) SignOut(ctx context.Context) error {
	return c.call(ctx, "POST", api.PathSignOut, nil, nil)
}

// Me asks who is signed in (api.PathMe): a 401 answer (ErrUnauthenticated)
// when nobody is.
func (c *Client) Me(ctx context.Context) (api.Me, error) {
	var me api.Me
	err := c.call(ctx, "GET", api.PathMe, nil, &me)
	return me, err
}

// ChangePassword changes the signed-in user's password (api.PathPassword).
// The server sends a new session cookie, which the browser keeps, and ends
// the user's other sessions; a wrong current password is a 403.
func (c *Client) ChangePassword(ctx context.Context, req api.PasswordChange) (api.Me, error) {
	var me api.Me
	err := c.call(ctx, "POST", api.PathPassword, req, &me)
	return me, err
}

// Tokens lists the signed-in user's API tokens, newest first
// (api.PathTokens).
func (c *Client) Tokens(ctx context.Context) ([]api.Token, error) {
	var list api.TokenList
	err := c.call(ctx, "GET", api.PathTokens, nil, &list)
	return list.Tokens, err
}

// CreateToken makes an API token named name for the signed-in user; the
// answer carries its secret, which the server never shows again.
func (c *Client) CreateToken(ctx context.Context, name string) (api.NewToken, error) {
	var tok api.NewToken
	err := c.call(ctx, "POST", api.PathTokens, api.TokenRequest{Name: name}, &tok)
	return tok, err
}

// RevokeToken revokes the signed-in user's API token id (api.TokenPath).
func (c *Client) RevokeToken(ctx context.Context, id string) error {
	return c.call(ctx, "DELETE", api.TokenPath(id), nil, nil)
}

// Users lists every user, by login (api.PathUsers; admins only, a 403
// for the others).
func (c *Client) Users(ctx context.Context) ([]api.User, error) {
	var list api.UserList
	err := c.call(ctx, "GET", api.PathUsers, nil, &list)
	return list.Users, err
}

// CreateUser makes an account (api.PathUsers; admins only). Without a
// password in req, the answer carries the one the server generated, shown
// this once.
func (c *Client) CreateUser(ctx context.Context, req api.UserRequest) (api.NewUser, error) {
	var nu api.NewUser
	err := c.call(ctx, "POST", api.PathUsers, req, &nu)
	return nu, err
}

// Project asks for the project id (api.ProjectPath): a member's or an
// admin's; a 404 for the others.
func (c *Client) Project(ctx context.Context, id string) (api.Project, error) {
	var p api.Project
	err := c.call(ctx, "GET", api.ProjectPath(id), nil, &p)
	return p, err
}

// CreateProject makes a project (api.PathProjects; admins only), with the
// caller as its manager.
func (c *Client) CreateProject(ctx context.Context, req api.NewProject) (api.Project, error) {
	var p api.Project
	err := c.call(ctx, "POST", api.PathProjects, req, &p)
	return p, err
}

// UpdateProject changes what patch sets of the project id (managers and
// admins) and answers the project as it is then.
func (c *Client) UpdateProject(ctx context.Context, id string, patch api.ProjectPatch) (api.Project, error) {
	var p api.Project
	err := c.call(ctx, "PATCH", api.ProjectPath(id), patch, &p)
	return p, err
}

// Members lists the project id's members, by login (api.MembersPath;
// managers, curators and admins).
func (c *Client) Members(ctx context.Context, id string) ([]api.Member, error) {
	var list api.MemberList
	err := c.call(ctx, "GET", api.MembersPath(id), nil, &list)
	return list.Members, err
}

// SetMember makes login a member of the project id with role, or changes
// their role (api.MemberPath; managers and admins).
func (c *Client) SetMember(ctx context.Context, id, login string, role api.Role) (api.Member, error) {
	var m api.Member
	err := c.call(ctx, "PUT", api.MemberPath(id, login), api.MemberRequest{Role: role}, &m)
	return m, err
}

// RemoveMember takes login out of the project id (api.MemberPath; managers
// and admins).
func (c *Client) RemoveMember(ctx context.Context, id, login string) error {
	return c.call(ctx, "DELETE", api.MemberPath(id, login), nil, nil)
}
