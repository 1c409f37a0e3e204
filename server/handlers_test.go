package server_test

import (
	"bytes"
	"context"
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/gloss-annotate/gloss/annotations"
	"github.com/gloss-annotate/gloss/server"
	"github.com/gloss-annotate/gloss/server/sqlite"
	"github.com/google/go-cmp/cmp"
)

var update = flag.Bool("update", false, "rewrite golden files")

// fixedID returns a fixed UUID numbered n, any n.
func fixedID(n int) string {
	return fmt.Sprintf("00000000-0000-4000-8000-%012d", n)
}

// TestCreateArticleFromHTMLFile imports a news page from testdata: the
// article's paragraphs stay, as plain text; the navigation, the share bar,
// the donation appeal and the footer go.
func TestCreateArticleFromHTMLFile(t *testing.T) {
	page, err := os.ReadFile(filepath.Join("testdata", "news-page.html"))
	if err != nil {
		t.Fatal(err)
	}
	e := newEnv(t, server.Options{})
	r := e.postJSON(t, "/api/v1/articles", map[string]string{"html": string(page)})
	if r.status != http.StatusCreated {
		t.Fatalf("status %d, want 201: %s", r.status, r.body)
	}
	var a annotations.Article
	decode(t, r, &a)
	if a.ID != annotations.ArticleID(a.Text) {
		t.Errorf("id %s is not the id of the text (%s)", a.ID, annotations.ArticleID(a.Text))
	}
	if a.Source != "html-file" || a.Title != "Tillerson and Lavrov Meet in Moscow" {
		t.Errorf("source %q, title %q", a.Source, a.Title)
	}
	paragraphs := strings.Split(a.Text, "\n\n")
	wantStarts := []string{
		"MOSCOW — Secretary of State Rex Tillerson met Foreign Minister Sergey Lavrov in Moscow on Wednesday, in the first",
		"The two men spoke for nearly two hours",
		"Mr. Tillerson later met President Vladimir Putin at the Kremlin, a meeting that had not been announced in advance & was",
		"Both sides agreed to set up a working group to address what they called “small irritants”",
	}
	if len(paragraphs) != len(wantStarts) {
		t.Errorf("%d paragraphs, want %d:\n%s", len(paragraphs), len(wantStarts), a.Text)
	}
	for i, want := range wantStarts {
		if i < len(paragraphs) && !strings.HasPrefix(paragraphs[i], want) {
			t.Errorf("paragraph %d = %q, want it to start with %q", i, paragraphs[i], want)
		}
	}
	for _, junk := range []string{
		"<", "&amp;", "World news section", "Subscribe now", "Share this story", "Post this story", "Email this story",
		"donate", "Before you go", "All rights reserved", "analytics", "The Example Herald",
	} {
		if strings.Contains(a.Text, junk) {
			t.Errorf("the text keeps %q:\n%s", junk, a.Text)
		}
	}
	// The same page again is the same article.
	r = e.postJSON(t, "/api/v1/articles", map[string]string{"html": string(page)})
	var again annotations.Article
	decode(t, r, &again)
	if r.status != http.StatusOK || again.ID != a.ID {
		t.Errorf("second import: status %d, id %s; want 200, %s", r.status, again.ID, a.ID)
	}
}

// TestCreateArticleIDIsNormalizedText: the id is the hash of the text as
// stored (normalized), whatever form the request sends it in.
func TestCreateArticleIDIsNormalizedText(t *testing.T) {
	e := newEnv(t, server.Options{})
	tests := []struct {
		name, text, stored string
		wantStatus         int
	}{
		{"decomposed and CRLF", "\ufeff  Cafe\u0301 society\r\nsecond line\r\n", "Café society\nsecond line", 201},
		{"already normalized", "Café society\nsecond line", "Café society\nsecond line", 200},
		{"another text", "Another text 😀", "Another text 😀", 201},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := e.postJSON(t, "/api/v1/articles", map[string]string{"text": tt.text})
			if r.status != tt.wantStatus {
				t.Fatalf("status %d, want %d: %s", r.status, tt.wantStatus, r.body)
			}
			var got annotations.Article
			decode(t, r, &got)
			if got.Text != tt.stored || got.ID != annotations.ArticleID(tt.stored) {
				t.Errorf("got id %s text %q, want id %s text %q", got.ID, got.Text, annotations.ArticleID(tt.stored), tt.stored)
			}
		})
	}
	// The list shows what was stored, with its length in code points.
	var list struct {
		Articles []server.ArticleSummary `json:"articles"`
	}
	decode(t, e.do(t, "GET", "/api/v1/articles", "", ""), &list)
	chars := map[string]int{}
	for _, s := range list.Articles {
		chars[s.ID] = s.Chars
	}
	want := map[string]int{annotations.ArticleID("Café society\nsecond line"): 24, annotations.ArticleID("Another text 😀"): 14}
	if diff := cmp.Diff(want, chars); diff != "" {
		t.Errorf("listed chars (-want +got):\n%s", diff)
	}
}

// pulled returns every revision of annotator, pulled in pages of limit.
func (c *client) pulled(t *testing.T, annotator string, limit int) []annotations.Revision {
	t.Helper()
	var all []annotations.Revision
	since := "0"
	for range 100 {
		q := url.Values{"annotator": {annotator}, "since": {since}, "limit": {strconv.Itoa(limit)}}
		r := c.do(t, "GET", "/api/v1/sync/pull?"+q.Encode(), "", "")
		if r.status != 200 {
			t.Fatalf("pull: %d %s", r.status, r.body)
		}
		var p pullAnswer
		decode(t, r, &p)
		all = append(all, p.Revisions...)
		since = p.Cursor
		if !p.More {
			return all
		}
	}
	t.Fatal("pull never ends")
	return nil
}

// exportedEntities returns the export's entities by annotator.
func exportedEntities(t *testing.T, e *env) map[string][]annotations.ExportEntity {
	t.Helper()
	r := e.admin(t).do(t, "GET", "/api/v1/export", "", "")
	if r.status != 200 {
		t.Fatalf("export: %d %s", r.status, r.body)
	}
	out := map[string][]annotations.ExportEntity{}
	for line := range strings.Lines(r.body) {
		var rec annotations.ExportRecord
		if err := json.Unmarshal([]byte(line), &rec); err != nil {
			t.Fatalf("export line %q: %v", line, err)
		}
		out[rec.Annotator] = append(out[rec.Annotator], rec.Entities...)
	}
	return out
}

// TestPushOneBadOneGood pushes, for each kind of bad revision, a batch of
// that revision and a good one: the answer is 400 with one result per
// revision in order, the bad one rejected with a reason that names its
// problem, the good one applied; pull and export show the good one only.
func TestPushOneBadOneGood(t *testing.T) {
	text := "Breaking 😀🇺🇸 news: Rex Tillerson met Sergey Lavrov in Moscow."
	a, err := annotations.NewArticle("", text, time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	runes := []rune(a.Text)
	span := func(start, end int) annotations.Span {
		s, err := annotations.NewSpan(runes, start, end)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	other, err := annotations.NewArticle("", "A text the server has never seen.", a.Created)
	if err != nil {
		t.Fatal(err)
	}
	wrongQuote := span(19, 32)
	wrongQuote.Exact = "Rex Tilerson!"
	tampered := mention(t, a, "ann", fixedID(2), "PER", 37, 50)
	tampered.Body = bytes.Replace(tampered.Body, []byte(`"PER"`), []byte(`"ORG"`), 1)

	tests := []struct {
		name        string
		bad         annotations.Revision
		wantCode    string
		wantMessage string
	}{
		{"unknown label", entityRevision(t, "", a.ID, "ann", annotations.Entity{ID: fixedID(2), Span: span(37, 50), Label: "PERSON"}), "invalid", `label: "PERSON" is not a label`},
		{"start below 0", entityRevision(t, "", a.ID, "ann", annotations.Entity{ID: fixedID(2), Span: annotations.Span{Start: -1, End: 3, Exact: "Bre"}, Label: "PER"}), "invalid", "start: is -1, below 0"},
		{"end past the text", entityRevision(t, "", a.ID, "ann", annotations.Entity{ID: fixedID(2), Span: annotations.Span{Start: 53, End: 70, Exact: "Moscow."}, Label: "LOC"}), "invalid", "end: is 70, past the end of the text (61 characters)"},
		{"empty span", entityRevision(t, "", a.ID, "ann", annotations.Entity{ID: fixedID(2), Span: annotations.Span{Start: 19, End: 19}, Label: "PER"}), "invalid", "end: is 19, not after start 19"},
		{"quote not matching", entityRevision(t, "", a.ID, "ann", annotations.Entity{ID: fixedID(2), Span: wrongQuote, Label: "PER"}), "invalid", `exact: "Rex Tilerson!" does not match the article's text "Rex Tillerson" at 19-32`},
		{"tampered body", tampered, "invalid", "rev: " + strconv.Quote(tampered.ID) + " does not match the revision's content"},
		{"unknown article", mention(t, other, "ann", fixedID(2), "MISC", 0, 6), "unknown_article", "article " + other.ID + " is not on the server"},
		{"body id not the item", withItem(entityRevision(t, "", a.ID, "ann", annotations.Entity{ID: fixedID(3), Span: span(37, 50), Label: "PER"}), fixedID(2)), "invalid", "differs from the revision's item"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t, server.Options{})
			if _, _, err := e.store.PutArticle(context.Background(), a); err != nil {
				t.Fatal(err)
			}
			good := mention(t, a, "ann", fixedID(1), "PER", 19, 32)
			r, got := e.push(t, tt.bad, good)
			if r.status != http.StatusBadRequest {
				t.Errorf("status %d, want 400", r.status)
			}
			if len(got.Results) != 2 {
				t.Fatalf("%d results, want 2: %s", len(got.Results), r.body)
			}
			bad, ok := got.Results[0], got.Results[1]
			if bad.Rev != tt.bad.ID || bad.Item != tt.bad.Item || bad.Status != "rejected" || bad.Error == nil ||
				bad.Error.Code != tt.wantCode || !strings.Contains(bad.Error.Message, tt.wantMessage) {
				t.Errorf("bad result = %+v (error %+v), want rejected %s with %q", bad, bad.Error, tt.wantCode, tt.wantMessage)
			}
			if ok.Rev != good.ID || ok.Status != "applied" || ok.Error != nil {
				t.Errorf("good result = %+v, want applied", ok)
			}
			if got.Error == nil || got.Error.Code != "invalid" || !strings.Contains(got.Error.Message, tt.wantMessage) {
				t.Errorf("top-level error %+v, want invalid naming %q", got.Error, tt.wantMessage)
			}
			if diff := cmp.Diff([]annotations.Revision{good}, e.pulled(t, "ann", 10)); diff != "" {
				t.Errorf("pulled (-want +got):\n%s", diff)
			}
			want := map[string][]annotations.ExportEntity{"ann": {{ID: fixedID(1), Start: 19, End: 32, Label: "PER", Text: "Rex Tillerson"}}}
			if diff := cmp.Diff(want, exportedEntities(t, e)); diff != "" {
				t.Errorf("exported (-want +got):\n%s", diff)
			}
		})
	}
}

// TestPushInvalidJSONStoresNothing: a body cut short is refused whole,
// even when it starts with good revisions.
func TestPushInvalidJSONStoresNothing(t *testing.T) {
	e := newEnv(t, server.Options{})
	a := e.putArticle(t, "", merkelText)
	good := mustJSON(t, mention(t, a, "ann", fixedID(1), "PER", 0, 13))
	for _, body := range []string{
		`{"revisions":[` + good + `,`,
		`{"revisions":[` + good + `]`,
		`{"revisions":[` + good + `]}]`,
		`{"revisions":` + good + `}`,
		`{"revisions":[` + good + `,"rev"]}`,
	} {
		before := e.snapshot(t)
		r := e.do(t, "POST", "/api/v1/sync/push", "application/json", body)
		if r.status != http.StatusBadRequest || errorOf(t, r).Code != "invalid" {
			t.Errorf("push %.60s…: %d %s, want 400 invalid", body, r.status, r.body)
		}
		e.unchanged(t, before)
	}
	if got := e.pulled(t, "ann", 10); len(got) != 0 {
		t.Errorf("pulled %d revisions, want none", len(got))
	}
}

// TestPullThreePagesByteIdentical pushes five revisions, with text that
// JSON escapes, and pulls them two at a time: three pages, the cursor a
// string that grows, each revision's body the bytes that were pushed.
func TestPullThreePagesByteIdentical(t *testing.T) {
	e := newEnv(t, server.Options{})
	a := e.putArticle(t, "", "AT&T <b>bold</b> said 😀 \"hi\" to Rex Tillerson, O'Brien and Zoë\ttoday.")
	var revs []annotations.Revision
	for i, sp := range [][2]int{{0, 4}, {5, 16}, {22, 23}, {24, 28}, {32, 45}} {
		revs = append(revs, mention(t, a, "ann", fixedID(i+1), "ORG", sp[0], sp[1]))
	}
	// Another annotator's revision between: the cursor skips it.
	e.pushEach(t, revs[0], revs[1], mention(t, a, "bob", fixedID(9), "PER", 32, 45))
	if r, _ := e.push(t, revs[2:]...); r.status != 200 {
		t.Fatalf("push: %d %s", r.status, r.body)
	}

	type wireRevision struct {
		Rev  string          `json:"rev"`
		Body json.RawMessage `json:"body"`
	}
	var pages [][]string
	var mores []bool
	since, last := "", int64(-1)
	for range 10 {
		path := "/api/v1/sync/pull?annotator=ann&limit=2"
		if since != "" {
			path += "&since=" + since
		}
		r := e.do(t, "GET", path, "", "")
		if r.status != 200 {
			t.Fatalf("pull: %d %s", r.status, r.body)
		}
		var p struct {
			Revisions []wireRevision `json:"revisions"`
			Cursor    any            `json:"cursor"`
			More      bool           `json:"more"`
		}
		decode(t, r, &p)
		// The cursor is "SEQ.CHAIN": the page's last revision's sequence
		// number, growing, and the history's hash there, 32 hex digits.
		cursor, isString := p.Cursor.(string)
		seq, chain, _ := strings.Cut(cursor, ".")
		n, err := strconv.ParseInt(seq, 10, 64)
		if _, hexErr := hex.DecodeString(chain); !isString || err != nil || n <= last || len(p.Revisions) == 0 || len(chain) != 32 || hexErr != nil {
			t.Fatalf("cursor %#v after %d: want a string of a growing number, a dot and 32 hex digits", p.Cursor, last)
		}
		last, since = n, cursor
		var page []string
		for _, w := range p.Revisions {
			page = append(page, w.Rev)
			i := slices.IndexFunc(revs, func(r annotations.Revision) bool { return r.ID == w.Rev })
			if i < 0 {
				t.Errorf("pulled unknown revision %s", w.Rev)
				continue
			}
			if !bytes.Equal(w.Body, revs[i].Body) {
				t.Errorf("revision %s body\n got %s\nwant %s", w.Rev, w.Body, revs[i].Body)
			}
		}
		pages, mores = append(pages, page), append(mores, p.More)
		if !p.More {
			break
		}
	}
	want := [][]string{{revs[0].ID, revs[1].ID}, {revs[2].ID, revs[3].ID}, {revs[4].ID}}
	if diff := cmp.Diff(want, pages); diff != "" {
		t.Errorf("pages (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]bool{true, true, false}, mores); diff != "" {
		t.Errorf("more (-want +got):\n%s", diff)
	}
}

// withItem returns r claiming another item, its ID recomputed.
func withItem(r annotations.Revision, item string) annotations.Revision {
	r.Item = item
	r.ID = r.ComputeID()
	return r
}

// exportFixture stores a deterministic set of articles and revisions: two
// articles (one whose entities follow emoji), three annotators, an edit, a
// deletion and revisions pushed out of text order.
func exportFixture(t *testing.T, e *env) {
	t.Helper()
	a := e.putArticle(t, "", "Breaking 😀🇺🇸 news: Rex Tillerson met Sergey Lavrov in Moscow.\n\nLater, Tillerson met Vladimir Putin.")
	b := e.putArticle(t, "Zoë’s note", "Zoë wrote about Paris, France & the EU.")
	// Code points of a: "Breaking " 0-9, 😀 9, 🇺🇸 10-12, " news: " 12-19,
	// "Rex Tillerson" 19-32, "Sergey Lavrov" 37-50, "Moscow" 54-60,
	// "Tillerson" 70-79, "Vladimir Putin" 84-98.
	rex := mention(t, a, "ann", fixedID(1), "PER", 19, 32)
	lavrov := mention(t, a, "ann", fixedID(2), "PER", 37, 50)
	moscow := mention(t, a, "ann", fixedID(3), "ORG", 54, 60)
	moscowFixed := entityRevision(t, moscow.ID, a.ID, "ann", annotations.Entity{ID: fixedID(3), Span: r1Span(t, moscow), Label: "LOC"})
	putin := mention(t, a, "ann", fixedID(4), "PER", 84, 98)
	putinGone, err := annotations.NewDeletion(putin)
	if err != nil {
		t.Fatal(err)
	}
	tillerson := mention(t, a, "ann", fixedID(5), "PER", 70, 79)
	bobRex := mention(t, a, "bob", fixedID(6), "PER", 19, 32)
	bobUS := mention(t, a, "bob", fixedID(7), "LOC", 10, 12)
	zoe := mention(t, b, "zoë", fixedID(8), "PER", 0, 3)
	paris := mention(t, b, "zoë", fixedID(9), "LOC", 16, 21)
	eu := mention(t, b, "zoë", fixedID(10), "ORG", 36, 38)
	e.pushEach(t, tillerson, putinGone, moscowFixed, bobRex, eu, putin, lavrov, zoe, moscow, rex, bobUS, paris)
}

// TestExportGolden compares the whole export with
// testdata/export.golden.jsonl (go test -run TestExportGolden -update
// rewrites it).
func TestExportGolden(t *testing.T) {
	e := newEnv(t, server.Options{})
	exportFixture(t, e)
	r := e.admin(t).do(t, "GET", "/api/v1/export?format=jsonl", "", "")
	if r.status != 200 {
		t.Fatalf("export: %d %s", r.status, r.body)
	}
	golden := filepath.Join("testdata", "export.golden.jsonl")
	if *update {
		if err := os.WriteFile(golden, []byte(r.body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(string(want), r.body); diff != "" {
		t.Errorf("export differs from %s (-want +got):\n%s", golden, diff)
	}

	// What the golden file must say, checked apart from it so that an
	// -update cannot bless a wrong export.
	lines := strings.Split(strings.TrimSuffix(r.body, "\n"), "\n")
	if len(lines) != 3 {
		t.Fatalf("%d lines, want one per set (3)", len(lines))
	}
	type entity struct {
		Start, End   int
		Label, Quote string
	}
	got := map[string][]entity{}
	for _, line := range lines {
		var rec annotations.ExportRecord
		if err := json.Unmarshal([]byte(line), &rec); err != nil {
			t.Fatal(err)
		}
		if rec.SetID != (annotations.SetKey{Project: rec.Project, ArticleID: rec.ArticleID, Annotator: rec.Annotator}).ID() {
			t.Errorf("set %s of %s/%s: not its derived id", rec.SetID, rec.ArticleID, rec.Annotator)
		}
		text := []rune(rec.Text)
		for _, en := range rec.Entities {
			if string(text[en.Start:en.End]) != en.Text {
				t.Errorf("%s: text[%d:%d] = %q, exported %q", rec.Annotator, en.Start, en.End, string(text[en.Start:en.End]), en.Text)
			}
			got[rec.Annotator] = append(got[rec.Annotator], entity{en.Start, en.End, en.Label, en.Text})
		}
	}
	want2 := map[string][]entity{
		"ann": {{19, 32, "PER", "Rex Tillerson"}, {37, 50, "PER", "Sergey Lavrov"}, {54, 60, "LOC", "Moscow"}, {70, 79, "PER", "Tillerson"}},
		"bob": {{10, 12, "LOC", "🇺🇸"}, {19, 32, "PER", "Rex Tillerson"}},
		"zoë": {{0, 3, "PER", "Zoë"}, {16, 21, "LOC", "Paris"}, {36, 38, "ORG", "EU"}},
	}
	if diff := cmp.Diff(want2, got); diff != "" {
		t.Errorf("exported entities (-want +got):\n%s", diff)
	}
	// No escaped '&', and the deleted mention of Putin is gone.
	for _, absent := range []string{`\u0026`, fixedID(4)} {
		if strings.Contains(r.body, absent) {
			t.Errorf("the export contains %q", absent)
		}
	}
}

// TestExportFormatAndArticle covers format= and article= on the fixture.
func TestExportFormatAndArticle(t *testing.T) {
	e := newEnv(t, server.Options{})
	exportFixture(t, e)
	all := e.admin(t).do(t, "GET", "/api/v1/export", "", "").body
	tests := []struct {
		name, query string
		wantStatus  int
		wantLines   int
		wantMessage string
	}{
		{"default format", "", 200, 3, ""},
		{"jsonl", "format=jsonl", 200, 3, ""},
		{"unknown format", "format=csv", 400, 0, `format "csv" is not an export format (formats: `},
		{"format in capitals", "format=JSONL", 400, 0, ", jsonl, "},
		{"unknown article", "article=" + annotations.ArticleID("nothing"), 404, 0, "no article"},
		{"malformed article", "article=" + strings.Repeat("Z", 32), 400, 0, "not an article id"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := e.admin(t).do(t, "GET", "/api/v1/export?"+tt.query, "", "")
			if r.status != tt.wantStatus {
				t.Fatalf("status %d, want %d: %s", r.status, tt.wantStatus, r.body)
			}
			if tt.wantStatus != 200 {
				if got := errorOf(t, r); !strings.Contains(got.Message, tt.wantMessage) {
					t.Errorf("message %q lacks %q", got.Message, tt.wantMessage)
				}
				return
			}
			if n := strings.Count(r.body, "\n"); n != tt.wantLines || r.body != all {
				t.Errorf("%d lines, want %d, the same as the default", n, tt.wantLines)
			}
		})
	}
}

// TestCrossOriginForbidden: a state-changing request that a browser marks
// as cross-site is refused with 403 and the JSON error "forbidden"; a
// cross-site GET is answered.
func TestCrossOriginForbidden(t *testing.T) {
	e := newEnv(t, server.Options{})
	a := e.putArticle(t, "", merkelText)
	evil := []string{"Sec-Fetch-Site", "cross-site", "Origin", "http://evil.example"}
	tests := []struct {
		name, method, path, body string
		headers                  []string
		wantStatus               int
	}{
		{"create an article", "POST", "/api/v1/articles", `{"text":"Injected."}`, evil, 403},
		{"push", "POST", "/api/v1/sync/push", `{"revisions":[` + mustJSON(t, mention(t, a, "ann", fixedID(1), "PER", 0, 13)) + `]}`, evil, 403},
		{"same-site subdomain", "POST", "/api/v1/articles", `{"text":"Injected."}`, []string{"Sec-Fetch-Site", "same-site", "Origin", "http://sub.example.com"}, 403},
		{"origin only", "POST", "/api/v1/articles", `{"text":"Injected."}`, []string{"Origin", "http://evil.example"}, 403},
		{"list, cross-site", "GET", "/api/v1/articles", "", evil, 200},
		{"same origin", "POST", "/api/v1/articles", `{"text":"Welcome."}`, []string{"Sec-Fetch-Site", "same-origin", "Origin", "http://example.com"}, 201},
		{"not a browser", "POST", "/api/v1/articles", `{"text":"From curl."}`, nil, 201},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := e.snapshot(t)
			r := e.do(t, tt.method, tt.path, "application/json", tt.body, tt.headers...)
			if r.status != tt.wantStatus {
				t.Fatalf("status %d, want %d: %s", r.status, tt.wantStatus, r.body)
			}
			for _, h := range []string{"X-Content-Type-Options", "Content-Security-Policy"} {
				if r.header.Get(h) == "" {
					t.Errorf("no %s", h)
				}
			}
			if tt.wantStatus != http.StatusForbidden {
				return
			}
			if got := errorOf(t, r); got.Code != "forbidden" || !strings.Contains(got.Message, "cross-origin") {
				t.Errorf("error %+v, want forbidden, cross-origin", got)
			}
			e.unchanged(t, before)
		})
	}
}

// TestWorkerAndManifest: the service worker names its cache "gloss-" and
// precaches no API answer; every icon of the manifest is one of the app's
// own files under /web/VERSION/.
func TestWorkerAndManifest(t *testing.T) {
	e := newEnv(t, server.Options{Version: "v7"})
	r := e.do(t, "GET", "/app-worker.js", "", "")
	if r.status != 200 {
		t.Fatalf("worker: %d", r.status)
	}
	if !strings.Contains(r.body, `"gloss-v7"`) {
		t.Errorf("the worker has no gloss- cache name:\n%.300s", r.body)
	}
	m := regexp.MustCompile(`(?m)^const resourcesToCache = (.*);$`).FindStringSubmatch(r.body)
	if m == nil {
		t.Fatalf("no resourcesToCache in the worker:\n%s", r.body)
	}
	var cached []string
	if err := json.Unmarshal([]byte(m[1]), &cached); err != nil {
		t.Fatalf("resourcesToCache %s: %v", m[1], err)
	}
	v := assetVersion(testWeb())
	for _, want := range []string{"/", "/web/" + v + "/app.wasm", "/web/" + v + "/app.css"} {
		if !slices.Contains(cached, want) {
			t.Errorf("precache %q lacks %q", cached, want)
		}
	}
	for _, u := range cached {
		if strings.HasPrefix(u, "/api/") || !strings.HasPrefix(u, "/") || strings.HasPrefix(u, "//") {
			t.Errorf("the worker precaches %q", u)
		}
	}

	r = e.do(t, "GET", "/manifest.webmanifest", "", "")
	var manifest struct {
		StartURL string `json:"start_url"`
		Scope    string `json:"scope"`
		Icons    []struct {
			Src string `json:"src"`
		} `json:"icons"`
	}
	decode(t, r, &manifest)
	if len(manifest.Icons) == 0 {
		t.Errorf("the manifest has no icons: %s", r.body)
	}
	for _, icon := range manifest.Icons {
		if !strings.HasPrefix(icon.Src, "/web/") {
			t.Errorf("icon %q is not under /web/", icon.Src)
		}
		if path := strings.TrimPrefix(icon.Src, "/web/"+v+"/"); testWeb()[path] == nil {
			t.Errorf("icon %q is not one of the app's files", icon.Src)
		}
	}
	for _, u := range []string{manifest.StartURL, manifest.Scope} {
		if !strings.HasPrefix(u, "/") || strings.HasPrefix(u, "//") {
			t.Errorf("start_url/scope %q is not a path of the app", u)
		}
	}
}

// TestAPIOnly: without web assets the handler serves the API alone.
func TestAPIOnly(t *testing.T) {
	store, err := sqlite.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	h := server.NewHandler(store, server.Options{Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), Hosts: []string{testHost}})
	_, token := addUser(t, store, annLogin, "", false)
	tests := []struct {
		path       string
		wantStatus int
	}{
		{"/api/v1/articles", 200},
		{"/api/v1/export", 200},
		{"/", 404},
		{"/web/app.wasm", 404},
		{"/app-worker.js", 404},
	}
	for _, tt := range tests {
		rec := httptest.NewRecorder()
		req := httptest.NewRequest("GET", tt.path, nil)
		req.Header.Set("Authorization", "Bearer "+token)
		h.ServeHTTP(rec, req)
		if rec.Code != tt.wantStatus {
			t.Errorf("GET %s: %d, want %d", tt.path, rec.Code, tt.wantStatus)
		}
		if rec.Header().Get("X-Content-Type-Options") != "nosniff" || rec.Header().Get("Content-Security-Policy") == "" {
			t.Errorf("GET %s: headers %v", tt.path, rec.Header())
		}
	}
}

// BenchmarkExport exports 100 articles of 50 entities each through the
// handler.
func BenchmarkExport(b *testing.B) {
	ctx := context.Background()
	store, err := sqlite.Open(b.TempDir())
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { store.Close() })
	const articles, entities = 100, 50
	sentence := "Rex Tillerson 😀 met Sergey Lavrov in Moscow. "
	per := len([]rune(sentence))
	for i := range articles {
		a, err := annotations.NewArticle("", fmt.Sprintf("Article %03d.\n", i)+strings.Repeat(sentence, entities), time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
		if err != nil {
			b.Fatal(err)
		}
		if _, _, err := store.PutArticle(ctx, a); err != nil {
			b.Fatal(err)
		}
		text := []rune(a.Text)
		revs := make([]annotations.Revision, entities)
		for k := range revs {
			start := len([]rune(fmt.Sprintf("Article %03d.\n", i))) + k*per
			span, err := annotations.NewSpan(text, start, start+13)
			if err != nil {
				b.Fatal(err)
			}
			revs[k], err = annotations.NewEntityRevision("", annotations.SetKey{ArticleID: a.ID, Annotator: "ann"}, annotations.Entity{ID: fixedID(i*entities + k), Span: span, Label: "PER"})
			if err != nil {
				b.Fatal(err)
			}
		}
		if _, err := store.PutRevisions(ctx, revs); err != nil {
			b.Fatal(err)
		}
	}
	h := server.NewHandler(store, server.Options{Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), Hosts: []string{testHost}})
	_, token := addUser(b, store, adminLogin, "", true)
	var size int64
	for b.Loop() {
		rec := httptest.NewRecorder()
		req := httptest.NewRequest("GET", "/api/v1/export", nil)
		req.Header.Set("Authorization", "Bearer "+token)
		h.ServeHTTP(rec, req)
		if rec.Code != 200 {
			b.Fatalf("export: %d", rec.Code)
		}
		size = int64(rec.Body.Len())
		if n := strings.Count(rec.Body.String(), "\n"); n != articles {
			b.Fatalf("%d lines, want %d", n, articles)
		}
	}
	b.SetBytes(size)
}

// TestAcceptEncoding: app.wasm comes as the variant the client accepts,
// Brotli first, a q of 0 refusing an encoding.
func TestAcceptEncoding(t *testing.T) {
	e := newEnv(t, server.Options{})
	web := testWeb()
	tests := []struct {
		accept, wantEncoding, wantFile string
	}{
		{"br", "br", "app.wasm.br"},
		{"gzip, deflate, br", "br", "app.wasm.br"},
		{"gzip", "gzip", "app.wasm.gz"},
		{"", "", "app.wasm"},
		{"deflate, zstd", "", "app.wasm"},
		{"br;q=0, gzip", "gzip", "app.wasm.gz"},
		{"br; q=0.000, gzip; q=1", "gzip", "app.wasm.gz"},
		{"br;Q=0, gzip", "gzip", "app.wasm.gz"},
		{"br;q=0., gzip", "gzip", "app.wasm.gz"},
		{"BR;q=0.5", "br", "app.wasm.br"},
		{"gzip;q=0, br;q=0", "", "app.wasm"},
		{"br;q=0.001", "br", "app.wasm.br"},
		{"xbr, gzipx", "", "app.wasm"},
	}
	for _, tt := range tests {
		t.Run(tt.accept, func(t *testing.T) {
			r := e.do(t, "GET", "/web/app.wasm", "", "", "Accept-Encoding", tt.accept)
			if r.status != 200 {
				t.Fatalf("status %d", r.status)
			}
			got := [4]string{r.header.Get("Content-Encoding"), r.body, r.header.Get("Content-Type"), r.header.Get("Vary")}
			want := [4]string{tt.wantEncoding, string(web[tt.wantFile].Data), "application/wasm", "Accept-Encoding"}
			if got != want {
				t.Errorf("encoding, body, type, vary = %q, want %q", got, want)
			}
		})
	}
	for _, path := range []string{"/web/app.wasm.br", "/web/app.wasm.gz", "/web/export.wasm.br"} {
		if r := e.do(t, "GET", path, "", "", "Accept-Encoding", "br, gzip"); r.status != 404 {
			t.Errorf("GET %s: %d, want 404", path, r.status)
		}
	}
}
