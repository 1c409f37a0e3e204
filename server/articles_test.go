package server_test

import (
	"strings"
	"testing"
	"time"

	"github.com/gloss-annotate/gloss/annotations"
	"github.com/gloss-annotate/gloss/annotations/api"
	"github.com/gloss-annotate/gloss/server"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// newsPage is a news page with the chrome a readability extractor drops:
// navigation, a share bar, a donation appeal and a footer.
const newsPage = `<!doctype html>
<html><head><title>Leaders Meet in Paris | The Daily Example</title>
<style>body { font: 16px serif }</style><script>trackEverything()</script></head>
<body>
<nav class="site-nav"><a href="/">Home</a> <a href="/world">World</a> <a href="/politics">Politics</a></nav>
<div class="share-bar social"><a href="#">Share on Facebook</a> <a href="#">Share on X</a></div>
<article>
<h1>Leaders Meet in Paris</h1>
<p>Angela Merkel met Emmanuel Macron in Paris on Tuesday to discuss the future of the European Union,
its budget and the common defence policy that both leaders have championed for years.</p>
<p>The two leaders agreed that the eurozone needs a common budget, and said they would present a
joint proposal to the other member states before the summit in Brussels next month.</p>
<p>“We are determined to move forward together,” Macron told reporters at the Élysée Palace,
standing next to the German chancellor after more than three hours of talks.<br>Merkel nodded.</p>
<p>Officials from both governments will meet again in Berlin in two weeks to work out the details of
the plan, which critics in several northern capitals have already called too ambitious.</p>
</article>
<aside class="donate-appeal"><p>Support independent journalism: donate today!</p></aside>
<footer><p>© The Daily Example. All rights reserved.</p></footer>
</body></html>`

func TestCreateArticle(t *testing.T) {
	text := "Angela Merkel met 🙂 Emmanuel Macron in Paris.\n\nThey talked."
	tests := []struct {
		name       string
		body       any
		wantStatus int
		want       annotations.Article // ID and Text are checked; Created is set by the server
	}{
		{
			name:       "text with a title",
			body:       map[string]string{"title": "Leaders meet", "text": text},
			wantStatus: 201,
			want:       annotations.Article{Title: "Leaders meet", Text: text, Source: "paste"},
		},
		{
			name:       "text without a title takes its first line",
			body:       map[string]string{"text": "  Short line\nA headline of some words\n\nBody text.  "},
			wantStatus: 201,
			want:       annotations.Article{Title: "Short line", Text: "Short line\nA headline of some words\n\nBody text.", Source: "paste"},
		},
		{
			name:       "text from a file",
			body:       map[string]string{"title": "File", "text": "From a file.\r\nSecond line.", "source": "text-file"},
			wantStatus: 201,
			want:       annotations.Article{Title: "File", Text: "From a file.\nSecond line.", Source: "text-file"},
		},
		{
			// Furniture inside the article's markup, which readability
			// keeps, goes by annotations.DropBoilerplate.
			name: "html loses share buttons and appeals inside the article",
			body: map[string]string{"html": strings.Replace(newsPage, "<p>Officials from",
				"<p>Share This Article</p><p>Please select a donation method:</p><p>Officials from", 1)},
			wantStatus: 201,
			want: annotations.Article{
				Title: "Leaders Meet in Paris", // without the site's name: the rest is the <h1>
				Text: "Angela Merkel met Emmanuel Macron in Paris on Tuesday to discuss the future of the European Union, " +
					"its budget and the common defence policy that both leaders have championed for years.\n\n" +
					"The two leaders agreed that the eurozone needs a common budget, and said they would present a " +
					"joint proposal to the other member states before the summit in Brussels next month.\n\n" +
					"“We are determined to move forward together,” Macron told reporters at the Élysée Palace, " +
					"standing next to the German chancellor after more than three hours of talks.\n\n" +
					"Merkel nodded.\n\n" +
					"Officials from both governments will meet again in Berlin in two weeks to work out the details of " +
					"the plan, which critics in several northern capitals have already called too ambitious.",
				Source: "html-file",
			},
		},
		{
			name:       "html is reduced to its main text",
			body:       map[string]string{"html": newsPage},
			wantStatus: 201,
			want: annotations.Article{
				Title: "Leaders Meet in Paris", // without the site's name: the rest is the <h1>
				Text: "Angela Merkel met Emmanuel Macron in Paris on Tuesday to discuss the future of the European Union, " +
					"its budget and the common defence policy that both leaders have championed for years.\n\n" +
					"The two leaders agreed that the eurozone needs a common budget, and said they would present a " +
					"joint proposal to the other member states before the summit in Brussels next month.\n\n" +
					"“We are determined to move forward together,” Macron told reporters at the Élysée Palace, " +
					"standing next to the German chancellor after more than three hours of talks.\n\n" +
					"Merkel nodded.\n\n" +
					"Officials from both governments will meet again in Berlin in two weeks to work out the details of " +
					"the plan, which critics in several northern capitals have already called too ambitious.",
				Source: "html-file",
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t, server.Options{})
			before := time.Now().Add(-time.Second)
			r := e.postJSON(t, "/api/v1/articles", tt.body)
			if r.status != tt.wantStatus {
				t.Fatalf("status %d, want %d: %s", r.status, tt.wantStatus, r.body)
			}
			var got annotations.Article
			decode(t, r, &got)
			want := tt.want
			want.ID = annotations.ArticleID(want.Text)
			if diff := cmp.Diff(want, got, cmpopts.IgnoreFields(annotations.Article{}, "Created")); diff != "" {
				t.Errorf("article (-want +got):\n%s", diff)
			}
			if got.Created.Before(before) || got.Created.After(time.Now()) {
				t.Errorf("created %v is not now", got.Created)
			}
			stored := e.snapshot(t).Articles
			if diff := cmp.Diff([]annotations.Article{got}, stored); diff != "" {
				t.Errorf("stored (-want +got):\n%s", diff)
			}
			for _, junk := range []string{"<", "Share on", "donate", "Home", "rights reserved", "trackEverything", "font:"} {
				if strings.Contains(got.Text, junk) {
					t.Errorf("the text keeps %q:\n%s", junk, got.Text)
				}
			}
		})
	}
}

// TestCreateArticleTwice: the same normalized text gives the same article,
// whose first title stays.
func TestCreateArticleTwice(t *testing.T) {
	e := newEnv(t, server.Options{})
	r1 := e.postJSON(t, "/api/v1/articles", map[string]string{"title": "First", "text": "Cafe\u0301 news.\n"})
	r2 := e.postJSON(t, "/api/v1/articles", map[string]string{"title": "Second", "text": "  Café news."})
	if r1.status != 201 || r2.status != 200 {
		t.Fatalf("statuses %d, %d; want 201, 200\n%s\n%s", r1.status, r2.status, r1.body, r2.body)
	}
	var a1, a2 annotations.Article
	decode(t, r1, &a1)
	decode(t, r2, &a2)
	if diff := cmp.Diff(a1, a2); diff != "" {
		t.Errorf("second answer differs from the first (-first +second):\n%s", diff)
	}
	if a2.Title != "First" {
		t.Errorf("title %q, want the first one", a2.Title)
	}
	if n := len(e.snapshot(t).Articles); n != 1 {
		t.Errorf("%d articles stored, want 1", n)
	}
}

func TestCreateArticleRejected(t *testing.T) {
	tests := []struct {
		name        string
		contentType string
		body        string
		maxBody     int64
		wantStatus  int
		wantCode    string
		wantMessage string
	}{
		{"invalid JSON", "application/json", `{"text": "abc"`, 0, 400, "invalid", "not valid JSON"},
		{"not an object", "application/json", `["abc"]`, 0, 400, "invalid", "not valid JSON"},
		{"unknown field", "application/json", `{"text": "abc", "author": "me"}`, 0, 400, "invalid", `unknown field "author"`},
		{"two JSON values", "application/json", `{"text": "abc"} {"text": "def"}`, 0, 400, "invalid", "more than one JSON value"},
		{"both text and html", "application/json", `{"text": "abc", "html": "<p>abc</p>"}`, 0, 400, "invalid", "exactly one"},
		{"neither text nor html", "application/json", `{"title": "abc"}`, 0, 400, "invalid", "exactly one"},
		{"empty text", "application/json", `{"text": " \n\t \u2028 "}`, 0, 400, "invalid", "There is no text to add: paste the article's text"},
		{"invalid UTF-8", "application/json", "{\"text\": \"caf\xe9\"}", 0, 400, "invalid", "not valid UTF-8"},
		{"invalid UTF-8 in the title", "application/json", "{\"title\": \"\xff\", \"text\": \"ok\"}", 0, 400, "invalid", "not valid UTF-8"},
		{"a lone surrogate escaped", "application/json", `{"text": "bad \ud800 surrogate"}`, 0, 400, "invalid", `half of a UTF-16 surrogate pair alone (\ud800 at byte 14)`},
		{"a title over the limit", "application/json", `{"title": "` + strings.Repeat("t", 301) + `", "text": "ok"}`, 0, 400, "invalid", "The title has 301 characters; shorten it to at most 300."},
		{"unknown source", "application/json", `{"text": "abc", "source": "url"}`, 0, 400, "invalid", `source "url" is not one of`},
		{"a PNG's bytes as text", "application/json", `{"text": "\u0089PNG\r\n\u001a\n\u0000\u0000\u0000\rIHDR\u0000\u0000\u0000\u0010"}`, 0, 400, "invalid", "This file is not text but an image"},
		{"a PNG's bytes as html", "application/json", `{"html": "\u0089PNG\r\n\u001a\n\u0000\u0000\u0000\rIHDR\u0000\u0000\u0000\u0010"}`, 0, 400, "invalid", "This file is not text but an image"},
		{"html without text", "application/json", `{"html": "<html><head><title>T</title><script>x()</script></head><body><img src=a.png></body></html>"}`, 0, 400, "invalid", "No article text found in this page"},
		{"body over the cap", "application/json", `{"text": "` + strings.Repeat("a", 2000) + `"}`, 1000, 413, "too_large", "limit of 1000 bytes"},
		{"text/plain", "text/plain", `{"text": "abc"}`, 0, 415, "unsupported_media_type", "application/json"},
		{"form", "application/x-www-form-urlencoded", `text=abc`, 0, 415, "unsupported_media_type", "application/json"},
		{"no content type", "", `{"text": "abc"}`, 0, 415, "unsupported_media_type", "application/json"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t, server.Options{MaxBodyBytes: tt.maxBody})
			e.putArticle(t, "Kept", "An article already stored.")
			before := e.snapshot(t)
			r := e.do(t, "POST", "/api/v1/articles", tt.contentType, tt.body)
			if r.status != tt.wantStatus {
				t.Errorf("status %d, want %d: %s", r.status, tt.wantStatus, r.body)
			}
			got := errorOf(t, r)
			if got.Code != tt.wantCode || !strings.Contains(got.Message, tt.wantMessage) {
				t.Errorf("error %+v, want code %q with a message containing %q", got, tt.wantCode, tt.wantMessage)
			}
			e.unchanged(t, before)
		})
	}
}

func TestGetArticle(t *testing.T) {
	e := newEnv(t, server.Options{})
	a := e.putArticle(t, "Title", "Angela Merkel met 🙂 Emmanuel Macron.")
	tests := []struct {
		name       string
		id         string
		wantStatus int
		wantCode   string
	}{
		{"stored", a.ID, 200, ""},
		{"unknown", annotations.ArticleID("other"), 404, "not_found"},
		{"upper case", strings.ToUpper(a.ID), 400, "invalid"},
		{"short", a.ID[:31], 400, "invalid"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := e.do(t, "GET", "/api/v1/articles/"+tt.id, "", "")
			if r.status != tt.wantStatus {
				t.Fatalf("status %d, want %d: %s", r.status, tt.wantStatus, r.body)
			}
			if tt.wantCode != "" {
				if got := errorOf(t, r); got.Code != tt.wantCode {
					t.Errorf("code %q, want %q", got.Code, tt.wantCode)
				}
				return
			}
			var got annotations.Article
			decode(t, r, &got)
			if diff := cmp.Diff(a, got); diff != "" {
				t.Errorf("article (-want +got):\n%s", diff)
			}
		})
	}
}

func TestListArticles(t *testing.T) {
	e := newEnv(t, server.Options{})
	r := e.do(t, "GET", "/api/v1/articles", "", "")
	if r.status != 200 || strings.TrimSpace(r.body) != `{"articles":[]}` {
		t.Errorf("empty list: %d %s", r.status, r.body)
	}
	for _, text := range []string{"First article, 🙂.", "Second article."} {
		if r := e.postJSON(t, "/api/v1/articles", map[string]string{"text": text}); r.status != 201 {
			t.Fatalf("post: %d %s", r.status, r.body)
		}
	}
	r = e.do(t, "GET", "/api/v1/articles", "", "")
	if r.status != 200 {
		t.Fatalf("status %d: %s", r.status, r.body)
	}
	var got struct {
		Articles []map[string]any `json:"articles"`
	}
	decode(t, r, &got)
	want := []map[string]any{
		{"id": annotations.ArticleID("Second article."), "title": "Second article.", "source": "paste", "chars": 15.0},
		{"id": annotations.ArticleID("First article, 🙂."), "title": "First article, 🙂.", "source": "paste", "chars": 17.0},
	}
	if diff := cmp.Diff(want, got.Articles, cmpopts.IgnoreMapEntries(func(k string, _ any) bool { return k == "created" })); diff != "" {
		t.Errorf("list (-want +got):\n%s", diff)
	}
	for _, a := range got.Articles {
		if _, ok := a["created"].(string); !ok {
			t.Errorf("article %v has no created time", a["id"])
		}
	}
}

// TestUpdateArticle: PATCH renames and archives an article, and brings it
// back; its ID, text and annotations stay; the library lists it archived.
func TestUpdateArticle(t *testing.T) {
	e := newEnv(t, server.Options{})
	a := e.putArticle(t, "Old title", "Rex Tillerson met Sergey Lavrov in Moscow.")
	rev := mention(t, a, "ana", uuidN(1), "PER", 0, 13)
	if r := e.as(t, "ana").postJSON(t, "/api/v1/sync/push", map[string]any{"revisions": []annotations.Revision{rev}}); r.status != 200 {
		t.Fatalf("push: %d %s", r.status, r.body)
	}
	before := e.snapshot(t)
	tests := []struct {
		name, body   string
		wantTitle    string
		wantArchived bool
	}{
		{"rename, normalized", `{"title": "  New\ttitle 東京 "}`, "New title 東京", false},
		{"archive", `{"archived": true}`, "New title 東京", true},
		{"rename and bring back", `{"title": "Third", "archived": false}`, "Third", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := e.admin(t).do(t, "PATCH", "/api/v1/articles/"+a.ID, "application/json", tt.body)
			if r.status != 200 {
				t.Fatalf("PATCH %s: %d %s", tt.body, r.status, r.body)
			}
			var got api.ArticleSummary
			decode(t, r, &got)
			if got.ID != a.ID || got.Title != tt.wantTitle || got.Archived != tt.wantArchived {
				t.Errorf("PATCH %s = %+v; want id %s, title %q, archived %v", tt.body, got, a.ID, tt.wantTitle, tt.wantArchived)
			}
			var list api.ArticleList
			decode(t, e.do(t, "GET", "/api/v1/articles", "", ""), &list)
			if len(list.Articles) != 1 || list.Articles[0] != got {
				t.Errorf("GET /api/v1/articles = %+v; want [%+v]", list.Articles, got)
			}
		})
	}
	after := e.snapshot(t)
	after.Articles[0].Title = before.Articles[0].Title
	if diff := cmp.Diff(before, after); diff != "" {
		t.Errorf("PATCH changed more than the title (-before +after):\n%s", diff)
	}
}

// TestUpdateArticleRejected: a PATCH that says nothing, or gives an empty
// or too long title, is a 400 naming the problem; an unknown article is a
// 404; nothing changes.
func TestUpdateArticleRejected(t *testing.T) {
	e := newEnv(t, server.Options{})
	a := e.putArticle(t, "Title", "Some text.")
	before := e.snapshot(t)
	tests := []struct {
		name, id, body string
		status         int
		code, message  string
	}{
		{"nothing to change", a.ID, `{}`, 400, "invalid", `give a new "title"`},
		{"empty title", a.ID, `{"title": " \n "}`, 400, "invalid", "cannot be empty"},
		{"too long title", a.ID, `{"title": "` + strings.Repeat("é", annotations.MaxTitleRunes+1) + `"}`, 400, "invalid", "shorten it to at most 300"},
		{"archived not a boolean", a.ID, `{"archived": "yes"}`, 400, "invalid", "archived"},
		{"unknown article", annotations.ArticleID("other"), `{"title": "X"}`, 404, "not_found", "no article"},
		{"not an id", "nope", `{"title": "X"}`, 400, "invalid", "not an article id"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := e.admin(t).do(t, "PATCH", "/api/v1/articles/"+tt.id, "application/json", tt.body)
			got := errorOf(t, r)
			if r.status != tt.status || got.Code != tt.code || !strings.Contains(got.Message, tt.message) {
				t.Errorf("PATCH %s = %d %+v; want %d %q with %q", tt.body, r.status, got, tt.status, tt.code, tt.message)
			}
		})
	}
	e.unchanged(t, before)
}

// TestDeleteArticle: an article without annotations is deleted (204, then
// 404); one with annotations is refused with a 409 naming the annotators,
// and kept with them.
func TestDeleteArticle(t *testing.T) {
	e := newEnv(t, server.Options{})
	bare := e.putArticle(t, "Bare", "Nobody annotated this.")
	done := e.putArticle(t, "Done", "Rex Tillerson met Sergey Lavrov in Moscow.")
	rev := mention(t, done, "ana", uuidN(1), "PER", 0, 13)
	if r := e.as(t, "ana").postJSON(t, "/api/v1/sync/push", map[string]any{"revisions": []annotations.Revision{rev}}); r.status != 200 {
		t.Fatalf("push: %d %s", r.status, r.body)
	}

	before := e.snapshot(t)
	r := e.admin(t).do(t, "DELETE", "/api/v1/articles/"+done.ID, "", "")
	got := errorOf(t, r)
	if r.status != 409 || got.Code != "conflict" || !strings.Contains(got.Message, "has annotations (by ana)") || !strings.Contains(got.Message, "archive it instead") {
		t.Errorf("DELETE of an annotated article = %d %+v; want 409 conflict naming ana", r.status, got)
	}
	e.unchanged(t, before)

	if r := e.admin(t).do(t, "DELETE", "/api/v1/articles/"+bare.ID, "", ""); r.status != 204 || r.body != "" {
		t.Fatalf("DELETE of an article without annotations = %d %q; want 204", r.status, r.body)
	}
	if r := e.do(t, "GET", "/api/v1/articles/"+bare.ID, "", ""); r.status != 404 {
		t.Errorf("GET after DELETE = %d; want 404", r.status)
	}
	if r := e.admin(t).do(t, "DELETE", "/api/v1/articles/"+bare.ID, "", ""); r.status != 404 || errorOf(t, r).Code != "not_found" {
		t.Errorf("second DELETE = %d %s; want 404", r.status, r.body)
	}
	if snap := e.snapshot(t); len(snap.Articles) != 1 || snap.Articles[0].ID != done.ID {
		t.Errorf("articles after DELETE = %+v; want only %s", snap.Articles, done.ID)
	}
}

// TestArticleManagers: renaming, archiving and deleting an article is for
// the managers of a project that has it (and admins): a manager of a
// project whose list holds it, not of one whose list does not; an
// annotator is told who may, and nothing changes.
func TestArticleManagers(t *testing.T) {
	e := newEnv(t, server.Options{})
	inClimate := e.putArticle(t, "In climate", "Glaciers retreat.")
	outside := e.putArticle(t, "Outside", "Markets fall.")
	admin := e.admin(t)
	if r := admin.do(t, "POST", api.PathProjects, "application/json", `{"id":"climate","name":"Climate"}`); r.status != 201 {
		t.Fatalf("create climate: %d %s", r.status, r.body)
	}
	kim := e.as(t, "kim")
	if r := admin.do(t, "PUT", api.MemberPath("climate", "kim"), "application/json", `{"role":"manager"}`); r.status != 200 {
		t.Fatalf("make kim climate's manager: %d %s", r.status, r.body)
	}
	if r := admin.do(t, "PUT", api.ProjectArticlePath("climate", inClimate.ID), "", ""); r.status != 204 {
		t.Fatalf("add the article to climate: %d %s", r.status, r.body)
	}
	// Markets, another project, lists an article that kim lists in
	// climate too (any manager may list any article), and Default holds
	// an annotator's set of a third that climate lists.
	marketsOnly := e.putArticle(t, "Markets only", "Shares rise.")
	annotated := e.putArticle(t, "Annotated", "Rivers flood.")
	for _, req := range []struct{ method, path, body string }{
		{"POST", api.PathProjects, `{"id":"markets","name":"Markets"}`},
		{"PUT", api.ProjectArticlePath("markets", marketsOnly.ID), ""},
		{"PUT", api.ProjectArticlePath("climate", annotated.ID), ""},
	} {
		if r := admin.do(t, req.method, req.path, "application/json", req.body); r.status/100 != 2 {
			t.Fatalf("%s %s: %d %s", req.method, req.path, r.status, r.body)
		}
	}
	if r := kim.do(t, "PUT", api.ProjectArticlePath("climate", marketsOnly.ID), "", ""); r.status != 204 {
		t.Fatalf("kim lists markets' article in climate: %d %s", r.status, r.body)
	}
	ann := e.as(t, annLogin)
	if r := ann.postJSON(t, api.PathPush, api.PushRequest{Revisions: []annotations.Revision{mention(t, annotated, annLogin, uuidN(1), "LOC", 0, 6)}}); r.status != 200 {
		t.Fatalf("push into Default: %d %s", r.status, r.body)
	}
	before := e.snapshot(t)
	const who = "only an admin, or a manager of every project that uses the article (lists it or holds a set of it), renames, archives or deletes it"
	wantError(t, "an annotator renames", ann.do(t, "PATCH", api.ArticlePath(inClimate.ID), "application/json", `{"title":"Mine"}`), 403, api.CodeForbidden, who)
	wantError(t, "an annotator archives", ann.do(t, "PATCH", api.ArticlePath(inClimate.ID), "application/json", `{"archived":true}`), 403, api.CodeForbidden, who)
	wantError(t, "an annotator deletes", ann.do(t, "DELETE", api.ArticlePath(outside.ID), "", ""), 403, api.CodeForbidden, who)
	wantError(t, "climate's manager archives an article outside climate", kim.do(t, "PATCH", api.ArticlePath(outside.ID), "application/json", `{"archived":true}`), 403, api.CodeForbidden, who)
	wantError(t, "climate's manager deletes an article outside climate", kim.do(t, "DELETE", api.ArticlePath(outside.ID), "", ""), 403, api.CodeForbidden, who)
	wantError(t, "climate's manager renames markets' article listed in climate too", kim.do(t, "PATCH", api.ArticlePath(marketsOnly.ID), "application/json", `{"title":"Mine"}`), 403, api.CodeForbidden, who)
	wantError(t, "climate's manager deletes markets' article listed in climate too", kim.do(t, "DELETE", api.ArticlePath(marketsOnly.ID), "", ""), 403, api.CodeForbidden, who)
	wantError(t, "climate's manager archives an article with a set in Default", kim.do(t, "PATCH", api.ArticlePath(annotated.ID), "application/json", `{"archived":true}`), 403, api.CodeForbidden, who)
	e.unchanged(t, before)
	if r := kim.do(t, "PATCH", api.ArticlePath(inClimate.ID), "application/json", `{"title":"Glaciers"}`); r.status != 200 {
		t.Errorf("climate's manager renames climate's article: %d %s", r.status, r.body)
	}

	// An assigned article stays until it is unassigned: the annotators'
	// devices would list an article that is gone.
	parent := ""
	assign := func(names ...string) {
		t.Helper()
		rev, err := annotations.NewAssignmentRevision(parent, "climate", annotations.Assignment{ArticleID: inClimate.ID, Annotators: names})
		if err != nil {
			t.Fatal(err)
		}
		if r := kim.postJSON(t, api.PathPush, api.PushRequest{Revisions: []annotations.Revision{rev}}); r.status != 200 {
			t.Fatalf("assign %v: %d %s", names, r.status, r.body)
		}
		parent = rev.ID
	}
	assign("kim")
	before = e.snapshot(t)
	wantError(t, "climate's manager deletes an assigned article", kim.do(t, "DELETE", api.ArticlePath(inClimate.ID), "", ""), 409, api.CodeConflict, `the article is assigned in the project "climate" to kim: unassign it first`)
	e.unchanged(t, before)
	assign()
	if r := kim.do(t, "DELETE", api.ArticlePath(inClimate.ID), "", ""); r.status != 204 {
		t.Errorf("climate's manager deletes climate's article, unassigned: %d %s", r.status, r.body)
	}
}
