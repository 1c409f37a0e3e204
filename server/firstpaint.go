package server

import (
	"net/http"
	"regexp"
	"strconv"
	"strings"

	"github.com/gloss-annotate/gloss/annotations"
	"github.com/gloss-annotate/gloss/annotations/api"
	glossapp "github.com/gloss-annotate/gloss/app"
)

// articlePath matches the path of an article's page.
var articlePath = regexp.MustCompile(glossapp.ArticlePathPattern)

// pages wraps go-app's handler next. A page's HTML is made correct HTML
// (correctHTML), and a page that a signed-in user asks for is rendered
// with what the server knows of it (app.FirstPaint): an article's page
// with its text and title, the library with the server's list. Such a page
// is the user's: Cache-Control: private, no-cache, and no ETag (go-app's is
// the release's, which would answer a later request with a 304 for another
// user's or an older page). A request with no session, the service
// worker's shell (app.ShellHeader) or a path with nothing to show gets go-app's
// page as it is. go-app's app.js is rewritten so that a worker downloads
// and compiles the module and the client starts in shorter tasks
// (rewriteAppScript).
func (s *Server) pages(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			next.ServeHTTP(w, r)
			return
		}
		inner, paint := r, s.firstPaint(w, r)
		if paint != nil {
			inner = r.Clone(r.Context())
			inner.Header.Del("If-None-Match")
		}
		buf := &bufferedResponse{header: http.Header{}, status: http.StatusOK}
		glossapp.RenderPage(paint, func() { next.ServeHTTP(buf, inner) })
		h := w.Header()
		for k, v := range buf.header {
			h[k] = v
		}
		body := buf.body.Bytes()
		if kind, _, _ := strings.Cut(buf.header.Get("Content-Type"), ";"); kind == "text/html" && buf.status == http.StatusOK {
			if page, err := correctHTML(body); err != nil {
				s.log.Error("a page is not as go-app writes pages", "path", r.URL.Path, "err", err)
			} else {
				body = page
			}
			h.Add("Vary", "Cookie") // a session's page is theirs
			if paint != nil {
				h.Del("ETag")
				h.Set("Cache-Control", "private, no-cache")
			}
		} else if strings.HasSuffix(r.URL.Path, "/app.js") && buf.status == http.StatusOK {
			if script, err := rewriteAppScript(body); err != nil {
				s.log.Error("app.js is not as go-app writes it", "path", r.URL.Path, "err", err)
			} else {
				body = script
			}
		}
		h.Set("Content-Length", strconv.Itoa(len(body)))
		w.WriteHeader(buf.status)
		if r.Method != http.MethodHead {
			w.Write(body)
		}
	})
}

// firstPaint returns what the page r asks for shows before the client
// runs, for the user of r's session; nil when it shows nothing of theirs:
// no session, the shell, not a page with data, an article that is not
// there, or a store that fails (the client then loads as it always did).
func (s *Server) firstPaint(w http.ResponseWriter, r *http.Request) *glossapp.FirstPaint {
	path := r.URL.Path
	if r.Header.Get(glossapp.ShellHeader) != "" || (path != "/" && !articlePath.MatchString(path)) {
		return nil
	}
	if _, err := r.Cookie(api.SessionCookie); err != nil {
		return nil
	}
	c, err := s.authenticate(w, r)
	if err != nil {
		return nil
	}
	ctx := r.Context()
	projects, err := s.memberships(ctx, c.user)
	if err != nil {
		return nil
	}
	fp := &glossapp.FirstPaint{Me: api.Me{User: apiUser(c.user), Projects: projects}}
	if path == "/" {
		if fp.Library, err = s.store.Articles(ctx); err != nil || len(fp.Library) == 0 {
			return nil
		}
		return fp
	}
	a, err := s.store.Article(ctx, strings.TrimPrefix(path, "/articles/"))
	if err != nil {
		return nil
	}
	project := glossapp.StartingProject(projects)
	if fp.Schema, err = s.store.SetRevisions(ctx, annotations.ProjectKey(annotations.ProjectField(project))); err != nil {
		return nil
	}
	fp.Article = &a
	return fp
}
