package server

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"io/fs"
	"log/slog"
	"mime"
	"net"
	"net/http"
	"net/netip"
	"runtime"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/gloss-annotate/gloss/annotations/api"
	"github.com/gloss-annotate/gloss/annotations/formats"
)

// DefaultMaxBodyBytes is the default cap of a request body.
const DefaultMaxBodyBytes = 5 << 20

// Options configures NewHandler.
type Options struct {
	// Version names the client's release; the same on every replica.
	Version string
	// MaxBodyBytes caps request bodies (DefaultMaxBodyBytes when 0).
	MaxBodyBytes int64
	// MaxImportBytes caps the file of an import, POST /api/v1/import
	// (DefaultMaxImportBytes when 0).
	MaxImportBytes int64
	// ZipLimits caps what an imported zip (brat) may inflate to, in all,
	// per member and in entries; a zip beyond them is a 413 too_large.
	// Caps left 0 take formats.DefaultZipLimits'.
	ZipLimits formats.ZipLimits
	// Web holds the client's assets (static.Web): served under /web/.
	Web fs.FS
	// Logger receives errors and requests (slog.Default when nil).
	Logger *slog.Logger
	// Hosts are the host names (a port, if any, is ignored) the server
	// answers for besides IP addresses and localhost: the name in its
	// public URL behind a proxy, or in its listening address. A request
	// for any other host is refused with 421 (DNS rebinding).
	Hosts []string
	// PublicURL is the URL users open (gloss serve --public-url), "" when
	// it is the listening address. When it is https, the session cookie is
	// Secure even on requests that reach the server over plain HTTP (from
	// a proxy that ends TLS); a request over TLS gets a Secure cookie
	// whatever PublicURL says.
	PublicURL string
	// TrustedProxies are the networks of the proxies in front of the
	// server (gloss serve --trusted-proxy: the load balancer of replicas),
	// whose X-Forwarded-For names the client a sign-in's failures count
	// against; none when nil, and the connection's address counts.
	TrustedProxies []netip.Prefix
	// Now is the clock of sessions, API tokens' last use, the sign-in
	// rate limit, a push's check of edit times (annotations.MaxAtAhead)
	// and the progress (time.Now when nil): tests move it.
	Now func() time.Time
}

// Server answers Gloss's HTTP requests.
type Server struct {
	store Store
	opts  Options
	log   *slog.Logger
	mux   *http.ServeMux
	// pushing holds a slot per push being decoded, checked and stored
	// (pushSlots): a crowd of devices waits its turn instead of decoding
	// all at once, which keeps memory bounded and leaves the store's
	// writer its share of the processors.
	pushing chan struct{}
	hosts   hostNames
	// agreements keeps each project's agreement tallies (agreement.go).
	agreements agreementCache
	// models keeps each project's model for suggestions (model.go).
	models modelCache
}

// pushSlots is how many pushes the server handles at once.
func pushSlots() int { return 2 * runtime.GOMAXPROCS(0) }

// NewHandler returns the handler of the whole site: the API under /api/v1/,
// the assets under /web/, and the app's pages for every other path.
func NewHandler(store Store, opts Options) http.Handler {
	if opts.MaxBodyBytes <= 0 {
		opts.MaxBodyBytes = DefaultMaxBodyBytes
	}
	if opts.MaxImportBytes <= 0 {
		opts.MaxImportBytes = DefaultMaxImportBytes
	}
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	s := &Server{store: store, opts: opts, log: opts.Logger, mux: http.NewServeMux(), pushing: make(chan struct{}, pushSlots()), hosts: newHostNames(opts.Hosts)}
	s.routeAPI(s.apiRoutes())
	if opts.Web != nil {
		var wasmSize int64
		if info, err := fs.Stat(opts.Web, "app.wasm"); err == nil {
			wasmSize = info.Size()
		}
		assetVersion := webVersion(opts.Web)
		s.mux.Handle("/web/", http.StripPrefix("/web/", webAssets(opts.Web, opts.Version, assetVersion)))
		pwa := compressedPWA(s.pages(pwaHandler(opts.Version, assetVersion, wasmSize)))
		s.mux.Handle("/", pwa)
		s.mux.Handle("/"+assetVersion+"/", versionedGoApp(assetVersion, pwa))
	}
	protect := http.NewCrossOriginProtection()
	protect.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.fail(w, r, api.Errorf(api.CodeForbidden, "cross-origin request refused: %s %s is only accepted from the app's own pages", r.Method, r.URL.Path))
	}))
	return securityHeaders(s.checkHost(s.apiAnswers(protect.Handler(s.mux))))
}

// route is one endpoint of the API: who may call it, and its handler.
type route struct {
	method, pattern string
	access          access
	handler         http.HandlerFunc
}

// healthTimeout bounds GET /api/v1/health's query of the store.
const healthTimeout = 2 * time.Second

// health answers GET /api/v1/health (anyone): 200 api.Health when the
// store answers a query within healthTimeout, else 503 unavailable. A load
// balancer in front of replicas asks it to tell which one to send
// requests to.
func (s *Server) health(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), healthTimeout)
	defer cancel()
	if err := s.store.Ping(ctx); err != nil {
		s.log.Warn("health: the database does not answer", "err", err)
		s.fail(w, r, api.Errorf(api.CodeUnavailable, "the database does not answer"))
		return
	}
	s.respond(w, http.StatusOK, api.Health{Status: "ok", Version: s.opts.Version})
}

// access says who may call a route. Finer rules (whose sets a user may
// pull, export or import) are the handlers'.
type access int

const (
	// public routes need no session or token: signing in, and the setup
	// link.
	public access = iota
	// signedIn routes need a user, by session cookie or API token.
	signedIn
	// adminOnly routes need a user who is an admin.
	adminOnly
)

// apiRoutes is the API's one route table: NewHandler mounts it, and the
// authorization matrix test walks it.
func (s *Server) apiRoutes() []route {
	return []route{
		{"GET", api.PathHealth, public, s.health},
		{"POST", api.PathSignIn, public, s.signIn},
		{"POST", api.PathSetup, public, s.setup},
		{"POST", api.PathSignOut, signedIn, s.signOut},
		{"GET", api.PathMe, signedIn, s.me},
		{"POST", api.PathPassword, signedIn, s.changePassword},
		{"GET", api.PathProjects, signedIn, s.listProjects},
		{"POST", api.PathProjects, adminOnly, s.createProject},
		{"GET", api.PathProjects + "/{id}", signedIn, s.getProject},
		{"PATCH", api.PathProjects + "/{id}", signedIn, s.updateProject},
		{"GET", api.PathProjects + "/{id}/members", signedIn, s.listMembers},
		{"PUT", api.PathProjects + "/{id}/members/{login}", signedIn, s.putMember},
		{"DELETE", api.PathProjects + "/{id}/members/{login}", signedIn, s.deleteMember},
		{"GET", api.ProjectArticlePath("{id}", "{article}"), signedIn, s.getProjectArticle},
		{"PUT", api.ProjectArticlePath("{id}", "{article}"), signedIn, s.setProjectArticle(true)},
		{"DELETE", api.ProjectArticlePath("{id}", "{article}"), signedIn, s.setProjectArticle(false)},
		{"GET", api.ProgressPath("{id}"), signedIn, s.progress},
		{"GET", api.PathTokens, signedIn, s.listTokens},
		{"POST", api.PathTokens, signedIn, s.createToken},
		{"DELETE", api.TokenPath("{id}"), signedIn, s.deleteToken},
		{"GET", api.PathUsers, adminOnly, s.listUsers},
		{"POST", api.PathUsers, adminOnly, s.createUser},
		{"PATCH", api.UserPath("{login}"), adminOnly, s.updateUser},
		{"POST", api.PathArticles, signedIn, s.createArticle},
		{"GET", api.PathArticles, signedIn, s.listArticles},
		{"GET", api.ArticlePath("{id}"), signedIn, s.getArticle},
		{"PATCH", api.ArticlePath("{id}"), signedIn, s.updateArticle},
		{"DELETE", api.ArticlePath("{id}"), signedIn, s.deleteArticle},
		{"POST", api.PathPush, signedIn, s.push},
		{"GET", api.PathPull, signedIn, s.pull},
		{"GET", api.PathExport, signedIn, s.export},
		{"POST", api.PathImport, signedIn, s.importFile},
		{"GET", api.AgreementPath("{id}"), signedIn, s.agreement},
		{"GET", api.ModelPath("{id}"), signedIn, s.model},
	}
}

// routeAPI mounts the API's routes, each behind the check of its access
// (guard). A known path asked with another method gets a JSON 405 with an
// Allow header, an unknown path under /api/ a JSON 404, rather than
// ServeMux's plain-text answers: neither needs a user, since the route
// table is no secret.
func (s *Server) routeAPI(routes []route) {
	allowed := map[string][]string{}
	var patterns []string
	for _, rt := range routes {
		s.mux.Handle(rt.method+" "+rt.pattern, s.guard(rt.access, rt.handler))
		if allowed[rt.pattern] == nil {
			patterns = append(patterns, rt.pattern)
		}
		allowed[rt.pattern] = append(allowed[rt.pattern], rt.method)
		if rt.method == http.MethodGet {
			allowed[rt.pattern] = append(allowed[rt.pattern], http.MethodHead)
		}
	}
	for _, p := range patterns {
		allow := strings.Join(allowed[p], ", ")
		s.mux.HandleFunc(p, func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Allow", allow)
			s.fail(w, r, api.Errorf(api.CodeMethodNotAllowed, "%s is not allowed on %s (allowed: %s)", r.Method, r.URL.Path, allow))
		})
	}
	s.mux.HandleFunc("/api/", func(w http.ResponseWriter, r *http.Request) {
		s.fail(w, r, api.Errorf(api.CodeNotFound, "no API endpoint %s %s", r.Method, r.URL.Path))
	})
}

// apiAnswers wraps the whole site so that every answer under /api/ carries
// Cache-Control: no-store, errors too (404, 405, the cross-origin denial,
// a body that cannot be decoded): they are set before any handler runs.
// A handler that panics (other than with http.ErrAbortHandler, which cuts
// a download on purpose) is logged and, when it had sent nothing yet,
// answered with the API's JSON internal error instead of a dropped
// connection.
func (s *Server) apiAnswers(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !strings.HasPrefix(r.URL.Path, "/api/") {
			next.ServeHTTP(w, r)
			return
		}
		w.Header().Set("Cache-Control", "no-store")
		sw := &sentWriter{ResponseWriter: w}
		defer func() {
			v := recover()
			if v == nil {
				return
			}
			if v == http.ErrAbortHandler || sw.sent {
				panic(v)
			}
			s.log.Error("request panicked", "method", r.Method, "path", r.URL.Path, "panic", v)
			for k := range w.Header() {
				if k != "Cache-Control" && k != "X-Content-Type-Options" && k != "Referrer-Policy" && k != "Content-Security-Policy" {
					w.Header().Del(k)
				}
			}
			s.respond(w, http.StatusInternalServerError, api.ErrorBody{Error: api.Errorf(api.CodeInternal, "internal error")})
		}()
		next.ServeHTTP(sw, r)
	})
}

// sentWriter notes whether the answer's status was sent. Unwrap lets
// http.ResponseController reach the connection (write deadlines,
// flushes).
type sentWriter struct {
	http.ResponseWriter
	sent bool
}

// WriteHeader sends the status.
func (w *sentWriter) WriteHeader(code int) {
	w.sent = true
	w.ResponseWriter.WriteHeader(code)
}

// Write sends body bytes (and the status, when not sent yet).
func (w *sentWriter) Write(p []byte) (int, error) {
	w.sent = true
	return w.ResponseWriter.Write(p)
}

// Flush sends what is buffered, when the connection can.
func (w *sentWriter) Flush() {
	w.sent = true
	http.NewResponseController(w.ResponseWriter).Flush()
}

// Unwrap returns the wrapped ResponseWriter.
func (w *sentWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// securityHeaders adds the headers every answer carries.
func securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "same-origin")
		h.Set("Content-Security-Policy", contentSecurityPolicy)
		next.ServeHTTP(w, r)
	})
}

// respond writes v as JSON with status.
func (s *Server) respond(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		s.log.Warn("write response", "err", err)
	}
}

// fail writes err as the API's JSON error. Internal errors are logged and
// answered without their details; a database that cannot be reached (a
// network error) is 503 unavailable, with Retry-After.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, err error) {
	e, known := asError(err)
	if errors.Is(err, context.Canceled) {
		return // the client went away: nobody reads the answer
	}
	var unreachable *net.OpError
	switch {
	case !known && errors.As(err, &unreachable):
		// The database's server cannot be reached (PostgreSQL down, or
		// the network to it): a while to wait, not a bug.
		s.log.Error("the database does not answer (503)", "method", r.Method, "path", r.URL.Path, "err", err)
		e = api.Errorf(api.CodeUnavailable, "the database does not answer: try again in a moment")
		w.Header().Set("Retry-After", "5")
	case !known:
		s.log.Error("request failed", "method", r.Method, "path", r.URL.Path, "err", err)
	case errors.Is(err, ErrStorageFull): // the operator's to mend, not the client's
		s.log.Error("the disk is full: a write was refused (507)", "method", r.Method, "path", r.URL.Path, "err", err)
	}
	retryAfter(w, err)
	s.respond(w, api.StatusOf(e.Code), api.ErrorBody{Error: e})
}

// decode reads a JSON request body into v: a JSON content type, a body no
// larger than the cap, valid UTF-8 (encoding/json would silently replace
// invalid bytes), no unknown field, one value.
func (s *Server) decode(w http.ResponseWriter, r *http.Request, v any) error {
	if ct := r.Header.Get("Content-Type"); ct != "" {
		mt, _, err := mime.ParseMediaType(ct)
		if err != nil || mt != "application/json" {
			return api.Errorf(api.CodeUnsupportedMedia, "the request body must be JSON (Content-Type: application/json), not %q", ct)
		}
	} else {
		return api.Errorf(api.CodeUnsupportedMedia, "the request body must be JSON (Content-Type: application/json)")
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, s.opts.MaxBodyBytes))
	if err != nil {
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			return api.Errorf(api.CodeTooLarge, "the request body is larger than the limit of %d bytes", tooLarge.Limit)
		}
		return api.Errorf(api.CodeInvalid, "the request body could not be read: %v", err)
	}
	if !utf8.Valid(body) {
		return api.Errorf(api.CodeInvalid, "the request body is not valid UTF-8")
	}
	if at := loneSurrogate(body); at >= 0 {
		return api.Errorf(api.CodeInvalid, "the request body escapes half of a UTF-16 surrogate pair alone (%s at byte %d), which is no character: send the character itself, or both halves", body[at:at+6], at)
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return api.Errorf(api.CodeInvalid, "the request body is not valid JSON for this endpoint: %v", err)
	}
	// More would miss a stray ']' or '}' after the value: read to the end.
	if _, err := dec.Token(); err != io.EOF {
		return api.Errorf(api.CodeInvalid, "the request body has more than one JSON value, or data after its value")
	}
	return nil
}
