package server

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/gloss-annotate/gloss/annotations/api"
	"github.com/gloss-annotate/gloss/server/internal/secret"
)

// Sessions last sessionLifetime from their last renewal. A session used
// when less than sessionLifetime-sessionRenewEvery remains is renewed
// (sliding expiry): at most one write a day per session.
const (
	sessionLifetime   = 30 * 24 * time.Hour
	sessionRenewEvery = 24 * time.Hour
)

// The answers of a request that needs a user and has none. They say what
// to do, never which part of a credential was wrong.
var (
	errNoCredentials = api.Errorf(api.CodeUnauthenticated, "sign in first: this request needs a session or an API token")
	errSessionEnded  = api.Errorf(api.CodeUnauthenticated, "the session has expired or was ended: sign in again")
	errBadToken      = api.Errorf(api.CodeUnauthenticated, "this API token is not valid (revoked?)")
	errBadAuthHeader = api.Errorf(api.CodeUnauthenticated, `the Authorization header must be "Bearer " followed by an API token`)
)

// caller is who sent a request: its user, and the hash of its session
// token when it came with the session cookie ("" with an API token).
type caller struct {
	user    User
	session string
}

// callerKey is the request context's key of the caller.
type callerKey struct{}

// callerOf returns the caller that guard put in the request's context. A
// handler of a public route has none (the zero caller).
func callerOf(r *http.Request) caller {
	c, _ := r.Context().Value(callerKey{}).(caller)
	return c
}

// guard wraps a route's handler with the check of its access: a public
// route is called as it is; any other needs a user (authenticate), and an
// adminOnly route an admin, else 401 unauthenticated or 403 forbidden.
func (s *Server) guard(a access, next http.HandlerFunc) http.Handler {
	if a == public {
		return next
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c, err := s.authenticate(w, r)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		if a == adminOnly && !c.user.Admin {
			s.fail(w, r, api.Errorf(api.CodeForbidden, "only an admin may %s %s", r.Method, r.URL.Path))
			return
		}
		next(w, r.WithContext(context.WithValue(r.Context(), callerKey{}, c)))
	})
}

// authenticate finds the caller of r: the user of its API token
// (Authorization: Bearer), else of its session cookie. A session is renewed
// when it is used with less than sessionLifetime-sessionRenewEvery left,
// with a new Set-Cookie; a session cookie that names no live session is
// cleared.
func (s *Server) authenticate(w http.ResponseWriter, r *http.Request) (caller, error) {
	ctx, now := r.Context(), s.opts.Now()
	if values, ok := r.Header["Authorization"]; ok {
		token, ok := bearerToken(values)
		if !ok {
			return caller{}, errBadAuthHeader
		}
		u, err := s.store.TokenUser(ctx, secret.HashToken(token), now)
		if errors.Is(err, ErrNotFound) || err == nil && u.Disabled() {
			return caller{}, errBadToken
		}
		if err != nil {
			return caller{}, err
		}
		return caller{user: u}, nil
	}
	cookie, err := r.Cookie(api.SessionCookie)
	if err != nil {
		return caller{}, errNoCredentials
	}
	hash := secret.HashToken(cookie.Value)
	u, expires, err := s.store.SessionUser(ctx, hash, now)
	if errors.Is(err, ErrNotFound) || err == nil && u.Disabled() {
		s.clearSessionCookie(w, r)
		return caller{}, errSessionEnded
	}
	if err != nil {
		return caller{}, err
	}
	if expires.Sub(now) < sessionLifetime-sessionRenewEvery {
		// A renewal that cannot be written (a full disk) leaves the
		// session as it was, valid for weeks yet: the request goes on.
		renewed := now.Add(sessionLifetime)
		if err := s.store.ExtendSession(ctx, hash, renewed); err != nil {
			s.log.Warn("a session could not be renewed", "err", err)
		} else {
			s.setSessionCookie(w, r, cookie.Value, now, renewed)
		}
	}
	return caller{user: u, session: hash}, nil
}

// bearerToken reads the token of an Authorization header: one header,
// "Bearer " (any case) and a token of URL-safe base64 characters.
func bearerToken(values []string) (string, bool) {
	if len(values) != 1 {
		return "", false
	}
	scheme, token, ok := strings.Cut(values[0], " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") || token == "" {
		return "", false
	}
	for _, c := range token {
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-' || c == '_') {
			return "", false
		}
	}
	return token, true
}

// startSession makes a new session of the user and sets its cookie on w.
func (s *Server) startSession(w http.ResponseWriter, r *http.Request, userID string) error {
	token, hash, err := secret.NewToken()
	if err != nil {
		return err
	}
	now := s.opts.Now()
	expires := now.Add(sessionLifetime)
	if err := s.store.CreateSession(r.Context(), hash, userID, expires); err != nil {
		return err
	}
	s.setSessionCookie(w, r, token, now, expires)
	return nil
}

// setSessionCookie sets the session cookie to token until expires:
// HttpOnly (the page cannot read it), SameSite=Strict (other sites'
// requests do not carry it), Secure when the request came over TLS or the
// public URL is https.
func (s *Server) setSessionCookie(w http.ResponseWriter, r *http.Request, token string, now, expires time.Time) {
	http.SetCookie(w, &http.Cookie{
		Name:     api.SessionCookie,
		Value:    token,
		Path:     "/",
		Expires:  expires.UTC(),
		MaxAge:   int(expires.Sub(now) / time.Second),
		HttpOnly: true,
		Secure:   s.secureCookies(r),
		SameSite: http.SameSiteStrictMode,
	})
}

// clearSessionCookie tells the browser to drop the session cookie.
func (s *Server) clearSessionCookie(w http.ResponseWriter, r *http.Request) {
	http.SetCookie(w, &http.Cookie{
		Name:     api.SessionCookie,
		Value:    "",
		Path:     "/",
		MaxAge:   -1,
		HttpOnly: true,
		Secure:   s.secureCookies(r),
		SameSite: http.SameSiteStrictMode,
	})
}

// secureCookies reports whether the cookies of an answer to r are Secure.
func (s *Server) secureCookies(r *http.Request) bool {
	return r.TLS != nil || strings.HasPrefix(strings.ToLower(s.opts.PublicURL), "https://")
}
