package server_test

import (
	"archive/zip"
	"bytes"
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/gloss-annotate/gloss/annotations"
	"github.com/gloss-annotate/gloss/annotations/api"
	"github.com/gloss-annotate/gloss/annotations/formats"
	"github.com/gloss-annotate/gloss/server"
	"github.com/google/go-cmp/cmp"
	"github.com/google/uuid"
)

// importAnswer is the body of an import's answer.
type importAnswer struct {
	Articles           int `json:"articles"`
	ArticlesCreated    int `json:"articles_created"`
	RevisionsApplied   int `json:"revisions_applied"`
	RevisionsDuplicate int `json:"revisions_duplicate"`
	Sets               []struct {
		ArticleID string `json:"article_id"`
		Annotator string `json:"annotator"`
	} `json:"sets"`
	NotRead         []notRead `json:"not_read"`
	LabelsAdded     []string  `json:"labels_added"`
	PolaritiesAdded []string  `json:"polarities_added"`
	NotMembers      []string  `json:"not_members"`
}

// notRead is an entry of an import answer's "not_read".
type notRead struct {
	What  string `json:"what"`
	Count int    `json:"count"`
	First string `json:"first"`
}

// importFile posts body to /api/v1/import?query as contentType, as c's
// user.
func (c *client) importFile(t *testing.T, query, contentType, body string, headers ...string) response {
	t.Helper()
	return c.do(t, "POST", "/api/v1/import?"+query, contentType, body, headers...)
}

// imported posts an import and decodes its answer, failing unless the
// status is want.
func (c *client) imported(t *testing.T, query, contentType, body string, want int) importAnswer {
	t.Helper()
	r := c.importFile(t, query, contentType, body)
	if r.status != want {
		t.Fatalf("import?%s: %d, want %d: %s", query, r.status, want, r.body)
	}
	var got importAnswer
	decode(t, r, &got)
	return got
}

// TestImportNativeRoundTrip exports the fixture as JSON Lines, imports it
// into an empty server, which then exports the same, and imports it again,
// which changes nothing.
func TestImportNativeRoundTrip(t *testing.T) {
	from := newEnv(t, server.Options{})
	exportFixture(t, from)
	export := from.admin(t).getExport(t, "format=jsonl").body

	e := newEnv(t, server.Options{})
	got := e.admin(t).imported(t, "format=jsonl", "application/x-ndjson", export, 201)
	if got.Articles != 2 || got.ArticlesCreated != 2 || got.RevisionsApplied != 9 || got.RevisionsDuplicate != 0 || len(got.Sets) != 3 {
		t.Errorf("first import: %+v; want 2 articles created, 9 revisions applied, 3 sets", got)
	}
	if again := e.admin(t).getExport(t, "format=jsonl").body; again != export {
		t.Errorf("the export after the import differs (-before +after):\n%s", cmp.Diff(export, again))
	}
	articles, err := e.store.Articles(t.Context())
	if err != nil || len(articles) != 2 || articles[0].Source != "import" {
		t.Errorf("articles %+v, %v; want two, from import", articles, err)
	}

	before := e.snapshot(t)
	for _, ct := range []string{"application/x-ndjson", "application/jsonl", "text/plain; charset=utf-8"} {
		got = e.admin(t).imported(t, "format=jsonl", ct, export, 200)
		if got.ArticlesCreated != 0 || got.RevisionsApplied != 0 || got.RevisionsDuplicate != 9 {
			t.Errorf("import again as %s: %+v; want nothing new, 9 duplicates", ct, got)
		}
	}
	e.unchanged(t, before)

	// Imported as one annotator, the sets of one article would be one:
	// refused unless merged, and then the sets are that annotator's.
	if r := e.admin(t).importFile(t, "format=jsonl&annotator=eve", "application/x-ndjson", export); r.status != 400 || !strings.Contains(errorOf(t, r).Message, "merge") {
		t.Errorf("import as eve without merge: %d %s, want 400 asking to merge", r.status, r.body)
	}
	got = e.admin(t).imported(t, "format=jsonl&annotator=eve&merge=true", "application/x-ndjson", export, 201)
	if got.ArticlesCreated != 0 || got.RevisionsApplied != 8 || len(got.Sets) != 2 {
		t.Errorf("import as eve: %+v; want 8 revisions applied in eve's 2 sets (ann's and bob's Rex Tillerson once)", got)
	}
	for _, s := range got.Sets {
		if s.Annotator != "eve" {
			t.Errorf("set %+v is not eve's", s)
		}
	}
}

// TestImportDoccano imports doccano lines with an annotator: the articles
// and entities are there, a label beyond the default adds it to the set's
// schema, and an article already stored is kept as it was.
func TestImportDoccano(t *testing.T) {
	e := newEnv(t, server.Options{})
	stored := e.putArticle(t, "Stored title", "Paris is in France.")
	file := `{"text":"Angela Merkel met Emmanuel Macron in Paris.","label":[[0,13,"PER"],[37,42,"LOC"]],"title":"Summit"}` + "\n" +
		`{"text":"Paris is in France.","label":[[0,5,"LOC"],[12,18,"COUNTRY"]]}` + "\n"
	got := e.admin(t).imported(t, "format=doccano&annotator=ana", "application/x-ndjson", file, 201)
	if got.Articles != 2 || got.ArticlesCreated != 1 || got.RevisionsApplied != 5 {
		t.Errorf("import: %+v; want 2 articles (1 new), 5 revisions (4 entities, 1 schema)", got)
	}
	if diff := cmp.Diff([]string{"COUNTRY"}, got.LabelsAdded); diff != "" || got.PolaritiesAdded == nil || len(got.PolaritiesAdded) != 0 {
		t.Errorf("labels added (-want +got):\n%s; polarities added %#v, want []", diff, got.PolaritiesAdded)
	}
	if diff := cmp.Diff([]string{"ana"}, got.NotMembers); diff != "" {
		t.Errorf("not members (-want +got), ana has no account:\n%s", diff)
	}
	a, err := e.store.Article(t.Context(), stored.ID)
	if err != nil || a.Title != "Stored title" || a.Source != "paste" {
		t.Errorf("the stored article became %+v, %v", a, err)
	}
	recs := exportLines(t, e.admin(t).getExport(t, "annotator=ana").body)
	var entities []string
	for _, r := range recs {
		for _, en := range r.Entities {
			entities = append(entities, en.Label+" "+en.Text)
		}
	}
	want := []string{"PER Angela Merkel", "LOC Paris", "LOC Paris", "COUNTRY France"}
	if stored.ID < recs[0].ArticleID || recs[0].ArticleID == stored.ID {
		want = []string{"LOC Paris", "COUNTRY France", "PER Angela Merkel", "LOC Paris"}
	}
	if diff := cmp.Diff(want, entities); diff != "" {
		t.Errorf("imported entities (-want +got):\n%s", diff)
	}
	// doccano gives its spans no IDs: they are derived from the set and
	// the span, so importing the file again stores nothing new, and a
	// label changed since is a second version of the same mention.
	if again := e.admin(t).imported(t, "format=doccano&annotator=ana", "text/plain", file, 200); again.RevisionsApplied != 0 || again.RevisionsDuplicate != 5 {
		t.Errorf("doccano again: %+v; want nothing new, the 5 revisions duplicates", again)
	}
	relabelled := strings.Replace(file, `[12,18,"COUNTRY"]`, `[12,18,"LOC"]`, 1)
	if changed := e.admin(t).imported(t, "format=doccano&annotator=ana", "text/plain", relabelled, 201); changed.RevisionsApplied != 1 || changed.RevisionsDuplicate != 3 {
		t.Errorf("doccano with a label changed: %+v; want 1 revision stored (France as LOC), 3 duplicates", changed)
	}
	var france []string
	for _, r := range exportLines(t, e.admin(t).getExport(t, "annotator=ana").body) {
		for _, en := range r.Entities {
			if en.Text == "France" {
				france = append(france, en.Label)
			}
		}
	}
	if len(france) != 1 {
		t.Errorf("France is exported as %q, want one mention (its two versions a conflict)", france)
	}
}

// TestImportBrat imports the brat zip that the export writes.
func TestImportBrat(t *testing.T) {
	from := newEnv(t, server.Options{})
	exportFixture(t, from)
	zipped := from.admin(t).getExport(t, "format=brat").body

	e := newEnv(t, server.Options{})
	// ann's and bob's sets of one article, as one annotator's: refused
	// unless merged (it used to store both in one set, unsaid).
	if r := e.admin(t).importFile(t, "format=brat&annotator=bo", "application/zip", zipped); r.status != 400 || !strings.Contains(errorOf(t, r).Message, "holds the same article as") {
		t.Errorf("brat import of two annotators as one: %d %s, want 400 naming the files", r.status, r.body)
	}
	got := e.admin(t).imported(t, "format=brat&annotator=bo&merge=true", "application/zip", zipped, 201)
	if got.Articles != 2 || len(got.Sets) != 2 || got.RevisionsApplied != 8 {
		t.Errorf("brat import: %+v; want 2 articles, 2 sets (ann's and bob's pairs are both bo's now), 8 entities (the Rex Tillerson they share once)", got)
	}
	if got.NotRead == nil || len(got.NotRead) != 0 {
		t.Errorf("brat import of Gloss's own export: not_read %#v, want [] (everything read)", got.NotRead)
	}
	// brat's T1 names a mention only within its file: Gloss derives the
	// items' IDs from their spans, so the same zip imported again (here
	// as Windows names its type) stores nothing new.
	again := e.admin(t).imported(t, "format=brat&annotator=bo&merge=true", "application/x-zip-compressed", zipped, 200)
	if again.RevisionsApplied != 0 || again.RevisionsDuplicate != 8 {
		t.Errorf("brat import again: %+v; want nothing new, the 8 revisions duplicates", again)
	}
	if r := e.admin(t).importFile(t, "format=brat&annotator=bo", "application/zip", "not a zip"); r.status != 400 {
		t.Errorf("a broken zip: %d %s", r.status, r.body)
	}
}

// TestImportMalformedLine: a bad line 3 refuses the whole file, says which
// line, and stores nothing of lines 1 and 2.
func TestImportMalformedLine(t *testing.T) {
	e := newEnv(t, server.Options{})
	e.putArticle(t, "", "Already here.")
	good := `{"text":"Angela Merkel met Emmanuel Macron in Paris.","label":[[0,13,"PER"]]}` + "\n" +
		`{"text":"Paris is in France.","label":[[0,5,"LOC"]]}` + "\n"
	before := e.snapshot(t)
	countBefore, err := e.store.CountArticles(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name, line, want string
	}{
		{"not JSON", `{"text": "oops"`, "line 3: "},
		{"span past the text", `{"text":"Short.","label":[[0,50,"PER"]]}`, "line 3: "},
		{"text that is not the text", `{"text":"Short.","label":[[0,5,"PER","Long"]]}`, "line 3: "},
		{"no text", `{"label":[]}`, `line 3: "text" is missing`},
		{"a PNG's bytes as text", `{"text":"\u0089PNG\r\n\u001a\n\u0000\u0000\u0000\rIHDR","label":[]}`, "line 3: This file is not text"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r := e.admin(t).importFile(t, "format=doccano&annotator=ana", "application/x-ndjson", good+tt.line+"\n")
			if r.status != 400 {
				t.Fatalf("status %d, want 400: %s", r.status, r.body)
			}
			if got := errorOf(t, r); got.Code != "invalid" || !strings.HasPrefix(got.Message, tt.want) {
				t.Errorf("error %+v, want invalid starting %q", got, tt.want)
			}
			var where struct {
				Error struct {
					Line int `json:"line"`
				} `json:"error"`
			}
			decode(t, r, &where)
			if where.Error.Line != 3 {
				t.Errorf(`"line": %d, want 3: %s`, where.Error.Line, r.body)
			}
		})
	}
	e.unchanged(t, before)
	if n, err := e.store.CountArticles(t.Context()); err != nil || n != countBefore {
		t.Errorf("%d articles after the refused imports (%v), want %d", n, err, countBefore)
	}
}

// TestImportRejected: bad parameters, content types and sizes are refused
// before the file is read, and change nothing.
func TestImportRejected(t *testing.T) {
	e := newEnv(t, server.Options{MaxImportBytes: 1000, MaxBodyBytes: 100})
	line := `{"text":"Paris is in France.","label":[[0,5,"LOC"]]}` + "\n"
	before := e.snapshot(t)
	tests := []struct {
		name, query, contentType, body string
		wantStatus                     int
		wantCode, wantMessage          string
	}{
		{"unknown format", "format=conll&annotator=ana", "text/plain", line, 400, "invalid", `format "conll" is not an import format (formats: ` + strings.Join(formats.ImportNames(), ", ") + ")"},
		{"doccano without annotator", "format=doccano", "text/plain", line, 400, "invalid", "annotator is missing"},
		{"brat without annotator", "format=brat", "application/zip", "PK", 400, "invalid", "annotator is missing"},
		{"bad annotator", "format=doccano&annotator=%20ana", "text/plain", line, 400, "invalid", `annotator " ana": `},
		{"unknown parameter", "format=doccano&annotator=ana&label=PER", "text/plain", line, 400, "invalid", `"label" is not a parameter of /api/v1/import`},
		{"format twice", "format=doccano&format=jsonl&annotator=ana", "text/plain", line, 400, "invalid", "format is given 2 times"},
		{"JSON content type", "format=doccano&annotator=ana", "application/json", line, 415, "unsupported_media_type", "a doccano import comes as application/x-ndjson, application/jsonl, text/plain"},
		{"no content type", "format=doccano&annotator=ana", "", line, 415, "unsupported_media_type", "needs a Content-Type"},
		{"text for brat", "format=brat&annotator=ana", "text/plain", line, 415, "unsupported_media_type", "a brat import comes as application/zip"},
		{"zip for doccano", "format=doccano&annotator=ana", "application/zip", line, 415, "unsupported_media_type", ""},
		{"another charset", "format=doccano&annotator=ana", "text/plain; charset=latin1", line, 415, "unsupported_media_type", "must be UTF-8"},
		{"too large", "format=doccano&annotator=ana", "text/plain", strings.Repeat(line, 30), 413, "too_large", "larger than the import limit of 1000 bytes"},
		{"invalid UTF-8", "format=doccano&annotator=ana", "text/plain", line + "{\"text\":\"\xff\"}\n", 400, "invalid", "line 2: not valid UTF-8"},
		{"a lone surrogate escaped", "format=doccano&annotator=ana", "text/plain", line + `{"text":"bad \udc00"}` + "\n", 400, "invalid", `line 2: \udc00 is half of a UTF-16 surrogate pair alone`},
		{"one article twice", "format=doccano&annotator=ana", "text/plain", line + line, 400, "invalid", "line 2: holds the same article as line 1"},
		{"merge not a boolean", "format=doccano&annotator=ana&merge=yes", "text/plain", line, 400, "invalid", `merge "yes": give true or false`},
		{"unknown offsets", "format=doccano&annotator=ana&offsets=bytes", "text/plain", line, 400, "invalid", `offsets "bytes": the units are utf16, grapheme, codepoint`},
		{"offsets for brat", "format=brat&annotator=ana&offsets=utf16", "application/zip", "PK", 400, "invalid", `offsets "utf16": a brat file's offsets count code points`},
		{"grapheme offsets read as utf-16", "format=doccano&annotator=ana", "text/plain", `{"text":"👋🏽 Rex Tillerson spoke.","label":[[2,15,"PER"]]}`, 400, "invalid", "line 1: label[0]: the span 2-15 cuts a word (“🏽 Rex Tiller”) when the offsets count UTF-16 code units (offsets=utf16, the default), while every span of the file starts and ends between words when they count grapheme clusters: import it with offsets=grapheme"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := e.admin(t).importFile(t, tt.query, tt.contentType, tt.body)
			if r.status != tt.wantStatus {
				t.Errorf("status %d, want %d: %s", r.status, tt.wantStatus, r.body)
			}
			if got := errorOf(t, r); got.Code != tt.wantCode || !strings.Contains(got.Message, tt.wantMessage) {
				t.Errorf("error %+v, want %s with %q", got, tt.wantCode, tt.wantMessage)
			}
		})
	}
	e.unchanged(t, before)

	// The import cap is not the JSON body cap: 200 bytes pass.
	if r := e.admin(t).importFile(t, "format=doccano&annotator=ana&merge=true", "text/plain", line+line+line); r.status != 201 {
		t.Errorf("a file under the import cap and over --max-body: %d %s", r.status, r.body)
	}
}

// TestImportCrossOrigin: an import from another origin's page is refused
// like any other write, and stores nothing.
func TestImportCrossOrigin(t *testing.T) {
	e := newEnv(t, server.Options{})
	line := `{"text":"Injected.","label":[]}` + "\n"
	before := e.snapshot(t)
	for _, headers := range [][]string{
		{"Sec-Fetch-Site", "cross-site", "Origin", "http://evil.example"},
		{"Origin", "http://evil.example"},
	} {
		r := e.admin(t).importFile(t, "format=doccano&annotator=ana", "text/plain", line, headers...)
		if r.status != 403 {
			t.Errorf("%v: status %d, want 403: %s", headers, r.status, r.body)
		}
		if got := errorOf(t, r); got.Code != "forbidden" {
			t.Errorf("%v: error %+v, want forbidden", headers, got)
		}
	}
	e.unchanged(t, before)
	if r := e.admin(t).importFile(t, "format=doccano&annotator=ana", "text/plain", line, "Sec-Fetch-Site", "same-origin", "Origin", "http://example.com"); r.status != 201 {
		t.Errorf("same origin: %d %s", r.status, r.body)
	}
	if r := e.do(t, "GET", "/api/v1/import", "", ""); r.status != 405 || r.header.Get("Allow") != "POST" {
		t.Errorf("GET /api/v1/import: %d, Allow %q", r.status, r.header.Get("Allow"))
	}
}

// TestImportAgainstStore: an imported item must keep the kind the store
// gives it, and everything or nothing is stored.
func TestImportAgainstStore(t *testing.T) {
	e := newEnv(t, server.Options{})
	a := e.putArticle(t, "", merkelText)
	merkel := mention(t, a, "ann", fixedID(1), "PER", 0, 13)
	group, err := annotations.NewGroupRevision("", annotations.SetKey{ArticleID: a.ID, Annotator: "ann"}, annotations.EntityGroup{ID: fixedID(2), Name: "Merkel", Members: []string{fixedID(1)}})
	if err != nil {
		t.Fatal(err)
	}
	if r, _ := e.push(t, merkel, group); r.status != 200 {
		t.Fatalf("push: %d %s", r.status, r.body)
	}
	// Line 1 is a new set; line 2 makes the stored group an entity of
	// ann's set.
	other := fmt.Sprintf(`{"article_id":%q,"set_id":%q,"annotator":"bob","text":"Paris is in France.","entities":[],"groups":[],"quotes":[],"stances":[]}`,
		annotations.ArticleID("Paris is in France."), annotations.SetKey{ArticleID: annotations.ArticleID("Paris is in France."), Annotator: "bob"}.ID())
	clash := fmt.Sprintf(`{"article_id":%q,"set_id":%q,"annotator":"ann","text":%q,"entities":[{"id":%q,"start":0,"end":13,"label":"PER","text":"Angela Merkel"}],"groups":[],"quotes":[],"stances":[]}`,
		a.ID, annotations.SetKey{ArticleID: a.ID, Annotator: "ann"}.ID(), merkelText, fixedID(2))
	before := e.snapshot(t)
	r := e.admin(t).importFile(t, "format=jsonl", "application/x-ndjson", other+"\n"+clash+"\n")
	if r.status != 400 {
		t.Fatalf("status %d, want 400: %s", r.status, r.body)
	}
	if got := errorOf(t, r); got.Code != "invalid" || !strings.Contains(got.Message, "item "+fixedID(2)) || !strings.Contains(got.Message, "is an entity group") {
		t.Errorf("error %+v, want invalid naming the item", got)
	}
	e.unchanged(t, before)
}

// TestImportEmpty: a file without records stores nothing and says so.
func TestImportEmpty(t *testing.T) {
	e := newEnv(t, server.Options{})
	got := e.admin(t).imported(t, "format=jsonl", "application/x-ndjson", "\n\n", 200)
	if got.Articles != 0 || got.Sets == nil || len(got.Sets) != 0 {
		t.Errorf("empty import: %+v", got)
	}
}

// zipOf returns a zip of files.
func zipOf(t *testing.T, files map[string]string) string {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for name, body := range files {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write([]byte(body)); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

// TestImportBratHandMade imports a brat pair written by hand, in a folder,
// with relations and attributes Gloss does not read, which the answer
// counts.
func TestImportBratHandMade(t *testing.T) {
	e := newEnv(t, server.Options{})
	body := zipOf(t, map[string]string{
		"docs/one.txt": "Angela Merkel met Emmanuel Macron in Paris.",
		"docs/one.ann": "T1\tPER 0 13\tAngela Merkel\nT2\tLOC 37 42\tParis\n" +
			"R1\tVisits Arg1:T1 Arg2:T2\nA1\tConfidence T2 high\nR2\tVisits Arg1:T1 Arg2:T2\n",
	})
	got := e.admin(t).imported(t, "format=brat&annotator=bo", "application/zip", body, 201)
	if got.Articles != 1 || got.RevisionsApplied != 2 {
		t.Errorf("brat import: %+v; want 1 article, 2 entities", got)
	}
	want := []notRead{
		{What: `relation "Visits"`, Count: 2, First: "docs/one.ann:3"},
		{What: `attribute "Confidence"`, Count: 1, First: "docs/one.ann:4"},
	}
	if diff := cmp.Diff(want, got.NotRead); diff != "" {
		t.Errorf("not_read (-want +got):\n%s", diff)
	}
}

// TestImportRestoresAReferenceToADeletedItem: a quote whose speaker was
// deleted after it was made stays in the set, flagged for review, and the
// export writes the reference alone. That export imports into an empty
// server (the speaker restored as a deleted item) and exports the same.
func TestImportRestoresAReferenceToADeletedItem(t *testing.T) {
	from := newEnv(t, server.Options{})
	a := from.putArticle(t, "", merkelText)
	merkel := mention(t, a, "ann", fixedID(1), "PER", 0, 13)
	content, err := annotations.NewSpan([]rune(a.Text), 18, 33)
	if err != nil {
		t.Fatal(err)
	}
	quote, err := annotations.NewQuoteRevision("", annotations.SetKey{ArticleID: a.ID, Annotator: "ann"}, annotations.Quote{ID: fixedID(2),
		Content: content, Speaker: annotations.Ref{Kind: annotations.RefEntity, ID: fixedID(1)}})

	if err != nil {
		t.Fatal(err)
	}
	gone, err := annotations.NewDeletion(merkel)
	if err != nil {
		t.Fatal(err)
	}
	if r, _ := from.push(t, merkel, quote, gone); r.status != 200 {
		t.Fatalf("push: %d %s", r.status, r.body)
	}
	export := from.admin(t).getExport(t, "format=jsonl").body
	if !strings.Contains(export, `"speaker":{"kind":"entity","id":"`+fixedID(1)+`","text":""}`) {
		t.Fatalf("the export does not keep the reference to the deleted speaker alone:\n%s", export)
	}

	e := newEnv(t, server.Options{})
	got := e.admin(t).imported(t, "format=jsonl", "application/x-ndjson", export, 201)
	if got.RevisionsApplied != 2 {
		t.Errorf("import: %+v; want 2 revisions (the quote and its speaker's tombstone)", got)
	}
	if again := e.admin(t).getExport(t, "format=jsonl").body; again != export {
		t.Errorf("the export after the import differs (-before +after):\n%s", cmp.Diff(export, again))
	}
	if got := e.admin(t).imported(t, "format=jsonl", "application/x-ndjson", export, 200); got.RevisionsDuplicate != 2 {
		t.Errorf("import again: %+v; want the 2 revisions as duplicates", got)
	}
}

// TestImportOwnExportBackChangesNothing: a set whose items were edited
// (their revisions have parents) exports its current values; importing
// that export into the same server stores nothing new and makes no
// conflict, since every value is the one the server holds.
func TestImportOwnExportBackChangesNothing(t *testing.T) {
	e := newEnv(t, server.Options{})
	a := e.putArticle(t, "", merkelText)
	first := mention(t, a, "ann", fixedID(1), "PER", 0, 13)
	en, err := first.Entity()
	if err != nil {
		t.Fatal(err)
	}
	en.Label = "ORG"
	edited, err := annotations.NewEntityRevision(first.ID, annotations.SetKey{ArticleID: a.ID, Annotator: "ann"}, en)
	if err != nil {
		t.Fatal(err)
	}
	// A client of the API may send a span with less of its context than
	// the app does (prefix and suffix are optional, and any length that
	// matches the text): the export writes it with the context the text
	// gives, and it is the same value.
	bare := mention(t, a, "ann", fixedID(2), "PER", 18, 33)
	bareEntity, err := bare.Entity()
	if err != nil {
		t.Fatal(err)
	}
	bareEntity.Span.Prefix, bareEntity.Span.Suffix = "", ""
	bare = entityRevision(t, "", a.ID, "ann", bareEntity)
	short := mention(t, a, "ann", fixedID(3), "LOC", 37, 42)
	shortEntity, err := short.Entity()
	if err != nil {
		t.Fatal(err)
	}
	shortEntity.Span.Prefix, shortEntity.Span.Suffix = shortEntity.Span.Prefix[len(shortEntity.Span.Prefix)-1:], ""
	short = entityRevision(t, "", a.ID, "ann", shortEntity)
	if r, _ := e.push(t, first, edited, bare, short); r.status != 200 {
		t.Fatalf("push: %d %s", r.status, r.body)
	}
	export := e.admin(t).getExport(t, "format=jsonl").body
	before := e.snapshot(t)
	got := e.admin(t).imported(t, "format=jsonl", "application/x-ndjson", export, 200)
	if got.RevisionsApplied != 0 || got.RevisionsDuplicate != 3 {
		t.Errorf("import of the server's own export: %+v; want nothing applied, 3 duplicates", got)
	}
	e.unchanged(t, before)
}

// TestImportZipBomb: a brat zip that inflates beyond the server's caps
// (Options.ZipLimits) is a 413 too_large whose message names the cap, and
// stores nothing.
func TestImportZipBomb(t *testing.T) {
	e := newEnv(t, server.Options{ZipLimits: formats.ZipLimits{MaxInflated: 1 << 20, MaxMember: 1 << 20, MaxMembers: 3}})
	zeros := strings.Repeat("\x00", 600<<10)
	tests := []struct {
		name        string
		files       map[string]string
		wantMessage string
	}{
		{"inflates beyond the total", map[string]string{"a.txt": zeros, "b.txt": zeros}, "the zip inflates to more than 1048576 bytes, the limit of an imported zip"},
		{"a member beyond its cap", map[string]string{"a.txt": zeros + zeros}, "a.txt inflates to more than 1048576 bytes, the limit of one file"},
		{"too many entries", map[string]string{"a.txt": "A.", "b.txt": "B.", "c.txt": "C.", "d.txt": "D."}, "the zip has 4 entries, more than the limit of 3"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := e.snapshot(t)
			r := e.admin(t).do(t, "POST", "/api/v1/import?format=brat&annotator=bo", "application/zip", zipOf(t, tt.files))
			if r.status != 413 {
				t.Fatalf("status %d, want 413: %s", r.status, r.body)
			}
			if got := errorOf(t, r); got.Code != "too_large" || !strings.Contains(got.Message, tt.wantMessage) {
				t.Errorf("error %+v, want too_large with %q", got, tt.wantMessage)
			}
			e.unchanged(t, before)
		})
	}
}

// TestImportAnnotatorNames: an annotator named by an account's login in
// another case is that account's (its set is the account's set, not a
// second one); a name with a comma or a slash, which no account can take
// nor an export name, is refused.
func TestImportAnnotatorNames(t *testing.T) {
	e := newEnv(t, server.Options{})
	e.as(t, annLogin) // the account
	file := `{"text":"Paris is in France.","label":[[0,5,"LOC"]]}` + "\n"
	got := e.admin(t).imported(t, "format=doccano&annotator="+strings.ToUpper(annLogin), "text/plain", file, 201)
	if len(got.Sets) != 1 || got.Sets[0].Annotator != annLogin || len(got.NotMembers) != 0 {
		t.Errorf("import as %s: %+v; want %s's set", strings.ToUpper(annLogin), got, annLogin)
	}
	// ann, an annotator, imports as ANN: ann's own set, not another's.
	if got := e.as(t, annLogin).imported(t, "format=doccano&annotator="+strings.ToUpper(annLogin), "text/plain", `{"text":"Nice is in France.","label":[[0,4,"LOC"]]}`+"\n", 201); len(got.Sets) != 1 || got.Sets[0].Annotator != annLogin {
		t.Errorf("ann's import as %s: %+v; want ann's set", strings.ToUpper(annLogin), got)
	}
	native := `{"text":"Rome is in Italy.","annotator":"` + strings.ToUpper(annLogin) + `","entities":[]}` + "\n"
	if got := e.admin(t).imported(t, "format=jsonl", "application/x-ndjson", native, 201); len(got.Sets) != 1 || got.Sets[0].Annotator != annLogin {
		t.Errorf("a record of %s: %+v; want %s's set", strings.ToUpper(annLogin), got, annLogin)
	}
	before := e.snapshot(t)
	for _, name := range []string{"a,b", "x%2Fy"} {
		r := e.admin(t).importFile(t, "format=doccano&annotator="+name, "text/plain", file)
		if r.status != 400 || !strings.Contains(errorOf(t, r).Message, "comma or a slash") {
			t.Errorf("import as %s: %d %s, want 400 naming the comma or slash", name, r.status, r.body)
		}
	}
	e.unchanged(t, before)
}

// TestImportMigratedNames: a database from before accounts may hold the
// annotators "Ana" and "ana", which became the accounts ana (annotator
// Ana) and ana-2 (annotator ana). The name ana is then ana-2's set, and
// ana may not import into it, though it is ana's login in another case.
func TestImportMigratedNames(t *testing.T) {
	e := newEnv(t, server.Options{})
	account := func(login, annotator string) *client {
		t.Helper()
		u := server.User{ID: uuid.NewString(), Login: login, Annotator: annotator, Created: time.Now().UTC()}
		if err := e.store.CreateUser(context.Background(), u); err != nil {
			t.Fatal(err)
		}
		return &client{e: e, user: u, token: newToken(t, e.store, u.ID, "tests")}
	}
	ana := account("ana", "Ana")
	account("ana-2", "ana")
	file := `{"text":"Paris is in France.","label":[[0,5,"LOC"]]}` + "\n"
	before := e.snapshot(t)
	wantError(t, "ana imports into ana-2's set", ana.importFile(t, "format=doccano&annotator=ana", "text/plain", file), 403, api.CodeForbidden, "")
	e.unchanged(t, before)
	if got := ana.imported(t, "format=doccano&annotator=Ana", "text/plain", file, 201); len(got.Sets) != 1 || got.Sets[0].Annotator != "Ana" {
		t.Errorf("ana imports as Ana: %+v, want the set of Ana", got)
	}
}

// TestImportLabelsAreTheManagers: outside Default, an annotator's import
// may not bring labels the project lacks (a push of a set's own schema is
// refused them too); a manager's may, and once the project has the label
// the annotator's import goes through.
func TestImportLabelsAreTheManagers(t *testing.T) {
	e := newEnv(t, server.Options{})
	const text = "The summit opened in Paris."
	admin, ann := climateWithAnn(t, e, e.putArticle(t, "", text)) // on climate's list, for ann
	file := `{"text":"` + text + `","label":[[4,10,"EVENT"]]}` + "\n"
	before := e.snapshot(t)
	wantError(t, "ann imports a label climate lacks", ann.importFile(t, "format=doccano&project=climate&annotator="+annLogin, "text/plain", file), 403, api.CodeForbidden, `the file uses labels the project "climate" does not have (EVENT)`)
	e.unchanged(t, before)
	// In Default the sets' own schemas may still widen the labels.
	ann.imported(t, "format=doccano&annotator="+annLogin, "text/plain", file, 201)

	withEvent := annotations.DefaultSchema()
	withEvent.EntityLabels = append(withEvent.EntityLabels, annotations.Label{Name: "EVENT", Color: "#e9c46a"})
	schema, err := annotations.NewSchemaRevision("", annotations.ProjectKey("climate"), withEvent)
	if err != nil {
		t.Fatal(err)
	}
	if _, got := admin.push(t, schema); got.Results[0].Status != string(api.StatusApplied) {
		t.Fatalf("climate's schema with EVENT: %+v", got)
	}
	if got := ann.imported(t, "format=doccano&project=climate&annotator="+annLogin, "text/plain", file, 201); len(got.Sets) != 1 {
		t.Errorf("ann's import once climate has EVENT: %+v", got)
	}
}
