package server

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/gloss-annotate/gloss/annotations"
	"github.com/gloss-annotate/gloss/annotations/api"
	"github.com/gloss-annotate/gloss/server/internal/secret"
	"github.com/google/uuid"
)

// errWrongSignIn answers a sign-in whose login has no account, whose
// account has no password, or whose password is wrong: one answer for
// all three, so that it tells nobody which logins exist.
var errWrongSignIn = api.Errorf(api.CodeUnauthenticated, "the login name or the password is wrong")

// errSetupUsed answers a setup request whose token is not the setup
// link's.
var errSetupUsed = api.Errorf(api.CodeForbidden, "this setup link was used already or is not valid: an admin exists, or `gloss serve` printed a newer link; an admin can create your account")

// maxTokenNameRunes caps the name of an API token.
const maxTokenNameRunes = 100

// apiUser is u as the API shows it.
func apiUser(u User) api.User {
	return api.User{ID: u.ID, Login: u.Login, Annotator: u.Annotator, DisplayName: u.DisplayName, Admin: u.Admin,
		HasPassword: EnabledHash(u.PasswordHash) != "", Disabled: u.Disabled(), Created: u.Created}
}

// apiToken is t as the API shows it.
func apiToken(t APIToken) api.Token {
	out := api.Token{ID: t.ID, Name: t.Name, Created: t.Created}
	if !t.LastUsed.IsZero() {
		last := t.LastUsed
		out.LastUsed = &last
	}
	return out
}

// signIn answers POST /api/v1/auth/signin: a login name and its password
// start a session (200 Me with the session cookie). A wrong login or
// password is 401, after the same work for both (a password hash checked);
// a login or address that failed too often is 429 with Retry-After,
// without checking anything.
func (s *Server) signIn(w http.ResponseWriter, r *http.Request) {
	if err := noQuery(r); err != nil {
		s.fail(w, r, err)
		return
	}
	var req api.SignInRequest
	if err := s.decode(w, r, &req); err != nil {
		s.fail(w, r, err)
		return
	}
	login := annotations.NormalizeLogin(req.Login)
	u, err := s.checkPassword(r, login, req.Password)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if secret.NeedsRehash(u.PasswordHash) {
		// Hashed with older parameters: hash it again with today's. This
		// ends the user's other sessions (SetPassword does), once.
		if hash, err := secret.HashPassword(req.Password); err == nil {
			if err := s.store.SetPassword(r.Context(), u.ID, hash); err != nil {
				s.fail(w, r, err)
				return
			}
			u.PasswordHash = hash
		}
	}
	if err := s.startSession(w, r, u.ID); err != nil {
		s.fail(w, r, err)
		return
	}
	s.respondMe(w, r, http.StatusOK, u)
}

// checkPassword returns the user whose login is login when password is
// theirs, under the sign-in rate limit: a rate_limited *Error when login or
// the client's address failed too often (nothing checked), errWrongSignIn
// when the account does not exist, has no password, or has another one
// (counted as a failure). An unknown login costs a password check too.
func (s *Server) checkPassword(r *http.Request, login, password string) (User, error) {
	now, addr := s.opts.Now(), clientAddress(r, s.opts.TrustedProxies)
	if annotations.ValidateLogin(login) != nil {
		login = "" // no account has it: only the address counts
	}
	lf, af, err := s.store.SignInFailures(r.Context(), login, addr)
	if err != nil {
		return User{}, err
	}
	if wait := signInWait(login, lf, af, now); wait > 0 {
		// What an operator needs to lift the wait (gloss user unlock).
		s.log.Info("sign-in throttled", "login", login, "address", addr, "wait", wait.Round(time.Second))
		return User{}, rateLimited(wait)
	}
	u, err := s.store.UserByLogin(r.Context(), login)
	if err != nil && !errors.Is(err, ErrNotFound) {
		return User{}, err
	}
	ok := false
	switch {
	case len(password) > annotations.MaxPasswordBytes:
		// No password is this long: refused unhashed, whoever asks.
	case err != nil || EnabledHash(u.PasswordHash) == "":
		secret.BurnPasswordCheck(password)
	default:
		var checkErr error
		if ok, checkErr = secret.CheckPassword(EnabledHash(u.PasswordHash), password); checkErr != nil {
			s.log.Error("a stored password hash cannot be read", "user", u.ID, "err", checkErr)
		}
	}
	if ok && u.Disabled() { // told only to who knows the password
		return User{}, api.Errorf(api.CodeForbidden, "the account %q is disabled: an admin may enable it again (gloss user enable %s)", u.Login, u.Login)
	}
	if !ok {
		if err := s.store.AddSignInFailure(r.Context(), login, addr, now, loginForget, addressWindow); err != nil {
			return User{}, err
		}
		return User{}, errWrongSignIn
	}
	if lf.Count > 0 {
		if err := s.store.ClearSignInFailures(r.Context(), login); err != nil {
			return User{}, err
		}
	}
	return u, nil
}

// disabledMark starts the password hash of a disabled account.
const disabledMark = "!"

// Disabled reports whether u's account is disabled (gloss user disable):
// no sign-in passes, and disabling it ended its sessions and API tokens.
func (u User) Disabled() bool { return strings.HasPrefix(u.PasswordHash, disabledMark) }

// DisabledHash returns the password hash of an account disabled whose hash
// is hash: the same hash, marked, so that enabling it again restores the
// password. A disabled account's is returned as it is.
func DisabledHash(hash string) string {
	if strings.HasPrefix(hash, disabledMark) {
		return hash
	}
	return disabledMark + hash
}

// EnabledHash returns the password hash of an account enabled again whose
// hash is hash: the mark of DisabledHash taken off.
func EnabledHash(hash string) string { return strings.TrimPrefix(hash, disabledMark) }

// SetDisabled disables u's account or enables it again, as gloss user
// disable and enable and PATCH /api/v1/users/{login} do: disabling marks
// its password hash (DisabledHash), which ends its sessions, and revokes
// its API tokens; enabling takes the mark off, so that its password signs
// in again. It returns the account as stored and how many tokens it
// revoked. An account already so is left as it is.
func SetDisabled(ctx context.Context, store Store, u User, disabled bool) (User, int, error) {
	if u.Disabled() == disabled {
		return u, 0, nil
	}
	hash := EnabledHash(u.PasswordHash)
	if disabled {
		hash = DisabledHash(u.PasswordHash)
	}
	if err := store.SetPassword(ctx, u.ID, hash); err != nil {
		return u, 0, err
	}
	u.PasswordHash = hash
	if !disabled {
		return u, 0, nil
	}
	n, err := RevokeTokens(ctx, store, u.ID)
	return u, n, err
}

// RevokeTokens deletes every API token of the user userID and returns how
// many there were.
func RevokeTokens(ctx context.Context, store Store, userID string) (int, error) {
	tokens, err := store.Tokens(ctx, userID)
	if err != nil {
		return 0, err
	}
	for _, t := range tokens {
		if err := store.DeleteToken(ctx, userID, t.ID); err != nil && !errors.Is(err, ErrNotFound) {
			return 0, err
		}
	}
	return len(tokens), nil
}

// updateUser answers PATCH /api/v1/users/{login} (admins only): the
// account disabled or enabled again (SetDisabled), 200 User. An admin's
// own account is not disabled this way: nobody would be signed in to
// enable it again.
func (s *Server) updateUser(w http.ResponseWriter, r *http.Request) {
	if err := noQuery(r); err != nil {
		s.fail(w, r, err)
		return
	}
	var patch api.UserPatch
	if err := s.decode(w, r, &patch); err != nil {
		s.fail(w, r, err)
		return
	}
	if patch.Disabled == nil {
		s.fail(w, r, api.Errorf(api.CodeInvalid, `nothing to change: give "disabled", true or false`))
		return
	}
	caller := callerOf(r).user
	u, err := s.store.UserByLogin(r.Context(), annotations.NormalizeLogin(r.PathValue("login")))
	if errors.Is(err, ErrNotFound) {
		err = api.Errorf(api.CodeNotFound, "no user has the login %q", r.PathValue("login"))
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if *patch.Disabled && u.ID == caller.ID {
		s.fail(w, r, api.Errorf(api.CodeInvalid, "you cannot disable your own account: another admin can, or gloss user disable"))
		return
	}
	was := u.Disabled()
	u, revoked, err := SetDisabled(r.Context(), s.store, u, *patch.Disabled)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if was != u.Disabled() {
		s.log.Info("user disabled or enabled", "login", u.Login, "disabled", u.Disabled(), "tokens_revoked", revoked, "by", caller.Login)
	}
	s.respond(w, http.StatusOK, apiUser(u))
}

// rateLimitedError is a rate_limited *Error and how long to wait; fail
// sends the wait as Retry-After.
type rateLimitedError struct {
	err  *api.Error
	wait time.Duration
}

// Error returns the message.
func (e *rateLimitedError) Error() string { return e.err.Message }

// rateLimited is the error of a sign-in that must wait d.
func rateLimited(d time.Duration) error {
	secs := int((d + time.Second - 1) / time.Second)
	return &rateLimitedError{
		err:  api.Errorf(api.CodeRateLimited, "too many failed sign-ins: try again in %s", (time.Duration(secs) * time.Second).String()),
		wait: time.Duration(secs) * time.Second,
	}
}

// Unwrap returns the *api.Error.
func (e *rateLimitedError) Unwrap() error { return e.err }

// retryAfter sets Retry-After on w when err is a rateLimitedError.
func retryAfter(w http.ResponseWriter, err error) {
	var rl *rateLimitedError
	if errors.As(err, &rl) {
		w.Header().Set("Retry-After", strconv.Itoa(int(rl.wait/time.Second)))
	}
}

// signOut answers POST /api/v1/auth/signout: the session ends and its
// cookie is cleared (204). With an API token there is no session: the
// token stays valid (DELETE /api/v1/tokens/{id} revokes it).
func (s *Server) signOut(w http.ResponseWriter, r *http.Request) {
	if err := noQuery(r); err != nil {
		s.fail(w, r, err)
		return
	}
	if c := callerOf(r); c.session != "" {
		if err := s.store.DeleteSession(r.Context(), c.session); err != nil {
			s.fail(w, r, err)
			return
		}
		s.clearSessionCookie(w, r)
	}
	w.WriteHeader(http.StatusNoContent)
}

// setup answers POST /api/v1/auth/setup: the one-time setup link's token
// creates the first admin, with the account given, and signs them in (201
// Me with the session cookie). A token that is not the setup link's is
// 403; an account the rules refuse is 400, and uses nothing up.
func (s *Server) setup(w http.ResponseWriter, r *http.Request) {
	if err := noQuery(r); err != nil {
		s.fail(w, r, err)
		return
	}
	var req api.SetupRequest
	if err := s.decode(w, r, &req); err != nil {
		s.fail(w, r, err)
		return
	}
	u, err := NewAccount(req.Login, req.DisplayName, req.Password, true, s.opts.Now())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if req.Token == "" {
		s.fail(w, r, errSetupUsed)
		return
	}
	err = s.store.UseSetupToken(r.Context(), secret.HashToken(req.Token), s.opts.Now().Add(-SetupTokenLife), u)
	if errors.Is(err, ErrNotFound) {
		err = errSetupUsed
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.log.Info("the first admin was created with the setup link", "login", u.Login)
	if err := s.startSession(w, r, u.ID); err != nil {
		s.fail(w, r, err)
		return
	}
	s.respondMe(w, r, http.StatusCreated, u)
}

// NewAccount checks a new account's login (normalized first, then
// CheckNewLogin), display name and password with annotations' rules and
// returns the user to store:
// a new ID, the login as its annotator name, the password hashed, created
// now. The login annotations.GoldAnnotator is reserved (the gold sets'
// annotator). The API's setup and users endpoints and `gloss user add` make
// accounts with it.
func NewAccount(login, displayName, password string, admin bool, now time.Time) (User, error) {
	login = annotations.NormalizeLogin(login)
	if err := CheckNewLogin(login); err != nil {
		return User{}, err
	}
	if err := annotations.ValidateDisplayName(displayName); err != nil {
		return User{}, err
	}
	if err := annotations.ValidatePassword(password); err != nil {
		return User{}, err
	}
	hash, err := secret.HashPassword(password)
	if err != nil {
		return User{}, err
	}
	return User{ID: uuid.NewString(), Login: login, Annotator: login, DisplayName: displayName, Admin: admin,
		PasswordHash: hash, Created: now.UTC()}, nil
}

// me answers GET /api/v1/me: the signed-in user, with their projects.
func (s *Server) me(w http.ResponseWriter, r *http.Request) {
	if err := noQuery(r); err != nil {
		s.fail(w, r, err)
		return
	}
	s.respondMe(w, r, http.StatusOK, callerOf(r).user)
}

// changePassword answers POST /api/v1/me/password: the current password
// (checked under the sign-in rate limit: 403 when wrong) and a new one
// that the rules accept (400 otherwise). Every session of the user ends;
// a request that came with a session gets a new one (200 Me with its
// cookie). API tokens stay valid.
func (s *Server) changePassword(w http.ResponseWriter, r *http.Request) {
	if err := noQuery(r); err != nil {
		s.fail(w, r, err)
		return
	}
	var req api.PasswordChange
	if err := s.decode(w, r, &req); err != nil {
		s.fail(w, r, err)
		return
	}
	c := callerOf(r)
	if err := annotations.ValidatePassword(req.New); err != nil {
		s.fail(w, r, err)
		return
	}
	u, err := s.checkPassword(r, c.user.Login, req.Current)
	if errors.Is(err, errWrongSignIn) {
		err = api.Errorf(api.CodeForbidden, "the current password is wrong: nothing was changed")
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	hash, err := secret.HashPassword(req.New)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if err := s.store.SetPassword(r.Context(), u.ID, hash); err != nil {
		s.fail(w, r, err)
		return
	}
	u.PasswordHash = hash
	if c.session != "" {
		if err := s.startSession(w, r, u.ID); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	s.respondMe(w, r, http.StatusOK, u)
}

// listTokens answers GET /api/v1/tokens: the caller's API tokens, newest
// first, without their secrets.
func (s *Server) listTokens(w http.ResponseWriter, r *http.Request) {
	if err := noQuery(r); err != nil {
		s.fail(w, r, err)
		return
	}
	tokens, err := s.store.Tokens(r.Context(), callerOf(r).user.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	list := api.TokenList{Tokens: make([]api.Token, len(tokens))}
	for i, t := range tokens {
		list.Tokens[i] = apiToken(t)
	}
	s.respond(w, http.StatusOK, list)
}

// createToken answers POST /api/v1/tokens: a new API token of the caller,
// named (one line of at most maxTokenNameRunes), with its secret, which is
// shown this once (201 NewToken).
func (s *Server) createToken(w http.ResponseWriter, r *http.Request) {
	if err := noQuery(r); err != nil {
		s.fail(w, r, err)
		return
	}
	if callerOf(r).session == "" {
		// A token that leaked could otherwise make others, which its
		// revocation would leave working.
		s.fail(w, r, api.Errorf(api.CodeForbidden, "a new API token is made in a signed-in session (the app's Account page), not with another API token"))
		return
	}
	var req api.TokenRequest
	if err := s.decode(w, r, &req); err != nil {
		s.fail(w, r, err)
		return
	}
	switch {
	case req.Name == "":
		s.fail(w, r, api.Errorf(api.CodeInvalid, "name is empty: name the token after what uses it"))
		return
	case !utf8.ValidString(req.Name) || annotations.NormalizeLine(req.Name) != req.Name:
		s.fail(w, r, api.Errorf(api.CodeInvalid, "name %q has control characters or extra spaces", req.Name))
		return
	case utf8.RuneCountInString(req.Name) > maxTokenNameRunes:
		s.fail(w, r, api.Errorf(api.CodeInvalid, "name is longer than %d characters", maxTokenNameRunes))
		return
	}
	t, token, err := NewAPIToken(r.Context(), s.store, callerOf(r).user.ID, req.Name, s.opts.Now())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.respond(w, http.StatusCreated, api.NewToken{Token: apiToken(t), Secret: token})
}

// NewAPIToken makes an API token of the user userID, named name, made at
// now, and stores it in accounts (its secret's hash only). It returns the
// token and its secret, which nothing else keeps: the user sends it as
// "Authorization: Bearer SECRET".
func NewAPIToken(ctx context.Context, accounts Accounts, userID, name string, now time.Time) (APIToken, string, error) {
	token, hash, err := secret.NewToken()
	if err != nil {
		return APIToken{}, "", err
	}
	t := APIToken{ID: uuid.NewString(), UserID: userID, Name: name, Created: now.UTC()}
	if err := accounts.CreateToken(ctx, t, hash); err != nil {
		return APIToken{}, "", err
	}
	return t, token, nil
}

// deleteToken answers DELETE /api/v1/tokens/{id}: the caller's token id is
// revoked (204); another user's token, or none, is 404.
func (s *Server) deleteToken(w http.ResponseWriter, r *http.Request) {
	if err := noQuery(r); err != nil {
		s.fail(w, r, err)
		return
	}
	id := r.PathValue("id")
	err := s.store.DeleteToken(r.Context(), callerOf(r).user.ID, id)
	if errors.Is(err, ErrNotFound) {
		err = api.Errorf(api.CodeNotFound, "you have no API token %s", id)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// listUsers answers GET /api/v1/users (admins only): every user, by login.
func (s *Server) listUsers(w http.ResponseWriter, r *http.Request) {
	if err := noQuery(r); err != nil {
		s.fail(w, r, err)
		return
	}
	users, err := s.store.Users(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	list := api.UserList{Users: make([]api.User, len(users))}
	for i, u := range users {
		list.Users[i] = apiUser(u)
	}
	s.respond(w, http.StatusOK, list)
}

// createUser answers POST /api/v1/users (admins only): a new account,
// whose annotator name is its login (201 NewUser). Without a password one
// is generated and answered this once. A login or annotator name taken is
// 409.
func (s *Server) createUser(w http.ResponseWriter, r *http.Request) {
	if err := noQuery(r); err != nil {
		s.fail(w, r, err)
		return
	}
	var req api.UserRequest
	if err := s.decode(w, r, &req); err != nil {
		s.fail(w, r, err)
		return
	}
	password, generated := req.Password, ""
	if password == "" {
		var err error
		if password, err = secret.NewPassword(); err != nil {
			s.fail(w, r, err)
			return
		}
		generated = password
	}
	u, err := NewAccount(req.Login, req.DisplayName, password, req.Admin, s.opts.Now())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if err := s.store.CreateUser(r.Context(), u); err != nil {
		if errors.Is(err, ErrExists) {
			err = api.Errorf(api.CodeConflict, "the login %q, or the annotator name %q, is taken by another user", u.Login, u.Annotator)
		}
		s.fail(w, r, err)
		return
	}
	s.log.Info("user created", "login", u.Login, "admin", u.Admin, "by", callerOf(r).user.Login)
	s.respond(w, http.StatusCreated, api.NewUser{User: apiUser(u), Password: generated})
}

// respondMe answers Me for u, with their projects and roles.
func (s *Server) respondMe(w http.ResponseWriter, r *http.Request, status int, u User) {
	projects, err := s.memberships(r.Context(), u)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.respond(w, status, api.Me{User: apiUser(u), Projects: projects})
}
