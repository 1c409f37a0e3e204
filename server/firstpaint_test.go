package server_test

import (
	"encoding/json"
	"html"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/gloss-annotate/gloss/server"
)

// firstPaintData returns the JSON text a page embeds for its client (the
// hidden #first-paint element), "" when there is none.
func firstPaintData(t *testing.T, page string) string {
	t.Helper()
	m := regexp.MustCompile(`(?s)<div [^>]*id="first-paint"[^>]*>(.*?)</div>`).FindStringSubmatch(page)
	if m == nil {
		return ""
	}
	return html.UnescapeString(m[1])
}

// goAppOnly matches what go-app's server writes that HTML reads otherwise:
// a boolean attribute with a value (hidden="false" is hidden), a value
// with a Go escape (\" ends the value in HTML), a bare aria-* attribute
// (go-app's "true").
var goAppOnly = regexp.MustCompile(` (hidden|disabled|checked|selected|readonly|required|open|multiple|inert|defer|async)="|="[^"]*\\"|<[^>]* aria-[a-z]+[ >]`)

// notHTML returns what of page goAppOnly finds, "" when nothing.
func notHTML(page string) string { return goAppOnly.FindString(page) }

// TestArticlePageFirstPaint: a signed-in user's article page comes with
// the article's title and text rendered (the text as text only), the
// first paint's data for the client, correct HTML, and cache headers of a
// private page; anyone else, and the service worker's shell, get go-app's
// page with none of it.
func TestArticlePageFirstPaint(t *testing.T) {
	e := newEnv(t, server.Options{Version: "v1"})
	a := e.putArticle(t, `Tillerson "low point" <script>alert(1)</script>`,
		"Rex Tillerson said relations had hit \"a low point\" & <b>worse</b>.\n\nSecond paragraph.")
	e.addUser(t, "carol", carolPassword, false)
	carol := signedIn(t, e, "carol", carolPassword)
	path := "/articles/" + a.ID

	r := carol.do(t, "GET", path, "", "")
	if r.status != 200 {
		t.Fatalf("GET %s: %d %s", path, r.status, r.body)
	}
	for _, want := range []string{
		`<title>Gloss · Tillerson &#34;low point&#34; &lt;script&gt;alert(1)&lt;/script&gt;</title>`,
		`<h1 id="article-title">Tillerson &#34;low point&#34; &lt;script&gt;alert(1)&lt;/script&gt;</h1>`,
		`>Rex Tillerson said relations had hit &#34;a low point&#34; &amp; &lt;b&gt;worse&lt;/b&gt;.` + "\n</p>",
		`>Second paragraph.</p>`,
	} {
		if !strings.Contains(r.body, want) {
			t.Errorf("the page lacks %s", want)
		}
	}
	if strings.Contains(r.body, "<script>alert") || strings.Contains(r.body, "<b>worse") {
		t.Error("the article's markup came through as markup")
	}
	if bad := notHTML(r.body); bad != "" {
		t.Errorf("the page has %s, which is not HTML's", bad)
	}
	var fp struct {
		Me struct {
			User struct{ Annotator string } `json:"user"`
		} `json:"me"`
		Article struct{ ID, Title, Text string } `json:"article"`
	}
	data := firstPaintData(t, r.body)
	if err := json.Unmarshal([]byte(data), &fp); err != nil {
		t.Fatalf("the first paint's data %q: %v", data, err)
	}
	if fp.Me.User.Annotator != "carol" || fp.Article.ID != a.ID || fp.Article.Text != a.Text || fp.Article.Title != a.Title {
		t.Errorf("the first paint's data is %+v, want carol's and the article", fp)
	}
	if got := r.header.Get("Cache-Control"); got != "private, no-cache" {
		t.Errorf("Cache-Control: %q, want private, no-cache", got)
	}
	if etag := r.header.Get("ETag"); etag != "" {
		t.Errorf("ETag %s on a user's page", etag)
	}

	for name, other := range map[string]response{
		"no session":  e.anonymous().do(t, "GET", path, "", ""),
		"shell":       carol.do(t, "GET", path, "", "", "Gloss-Shell", "1"),
		"no article":  carol.do(t, "GET", "/articles/0123456789abcdef0123456789abcdef", "", ""),
		"api token":   e.do(t, "GET", path, "", ""), // an API token: no cookie, no page of theirs
		"conditional": e.anonymous().do(t, "GET", path, "", "", "If-None-Match", r.header.Get("ETag")),
	} {
		if other.status != 200 {
			t.Errorf("%s: %d", name, other.status)
			continue
		}
		if firstPaintData(t, other.body) != "" || strings.Contains(other.body, "Second paragraph") {
			t.Errorf("%s: the page has the article", name)
		}
		if bad := notHTML(other.body); bad != "" {
			t.Errorf("%s: the page has %s, which is not HTML's", name, bad)
		}
	}
}

// TestLibraryFirstPaint: a signed-in user's library comes with the
// server's articles listed, their titles as text; the anonymous get the
// page without them.
func TestLibraryFirstPaint(t *testing.T) {
	e := newEnv(t, server.Options{Version: "v1"})
	e.putArticle(t, `Budget <b>vote</b> "delayed"`, "The vote on the budget was delayed.")
	e.putArticle(t, "Flood warnings", "Rivers rose across the region.")
	e.addUser(t, "carol", carolPassword, false)
	carol := signedIn(t, e, "carol", carolPassword)

	r := carol.do(t, "GET", "/", "", "")
	if r.status != 200 {
		t.Fatalf("GET /: %d %s", r.status, r.body)
	}
	for _, want := range []string{`>Budget &lt;b&gt;vote&lt;/b&gt; &#34;delayed&#34;</a>`, `>Flood warnings</a>`} {
		if !strings.Contains(r.body, want) {
			t.Errorf("the library lacks %s", want)
		}
	}
	if bad := notHTML(r.body); bad != "" {
		t.Errorf("the page has %s, which is not HTML's", bad)
	}
	var fp struct {
		Library []struct{ ID, Title string } `json:"library"`
	}
	if err := json.Unmarshal([]byte(firstPaintData(t, r.body)), &fp); err != nil || len(fp.Library) != 2 {
		t.Errorf("the first paint's data: %+v (%v), want the 2 articles", fp, err)
	}
	if r.header.Get("ETag") != "" || r.header.Get("Cache-Control") != "private, no-cache" {
		t.Errorf("a user's library has ETag %q, Cache-Control %q", r.header.Get("ETag"), r.header.Get("Cache-Control"))
	}
	anon := e.anonymous().do(t, "GET", "/", "", "")
	if strings.Contains(anon.body, "Flood warnings") || firstPaintData(t, anon.body) != "" {
		t.Error("the anonymous library lists the articles")
	}
}

// TestFirstPaintsOfConcurrentUsers: pages rendered at the same time for
// two users each show their own user, in the top bar and in the data.
func TestFirstPaintsOfConcurrentUsers(t *testing.T) {
	e := newEnv(t, server.Options{Version: "v1"})
	a := e.putArticle(t, "Shared", "One text for everyone.")
	users := map[string]*client{}
	for _, login := range []string{"carol", "dan"} {
		e.addUser(t, login, carolPassword, false)
		users[login] = signedIn(t, e, login, carolPassword)
	}
	var wg sync.WaitGroup
	for i := range 40 {
		login := []string{"carol", "dan"}[i%2]
		path := []string{"/", "/articles/" + a.ID}[i/2%2]
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := users[login].do(t, "GET", path, "", "")
			if !strings.Contains(r.body, `(signed in as `+login+`)`) || !strings.Contains(firstPaintData(t, r.body), `"login":"`+login+`"`) {
				t.Errorf("%s's %s is not theirs: %.200s", login, path, firstPaintData(t, r.body))
			}
		}()
	}
	wg.Wait()
}
