package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"github.com/gloss-annotate/gloss/annotations"
	"github.com/gloss-annotate/gloss/annotations/api"
)

// openLibrary opens the library in a new browser, signs the user "lib" in
// and waits for its list.
func openLibrary(t *testing.T, srv *server) context.Context {
	t.Helper()
	ctx := newBrowser(t, "")
	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/")); err != nil {
		t.Fatal(err)
	}
	waitApp(t, ctx)
	signIn(t, ctx, srv, "lib")
	waitFor(t, ctx, `!!document.querySelector("#library li")`, 15*time.Second)
	return ctx
}

// uploadFile chooses path in the article form's file input.
func uploadFile(t testing.TB, ctx context.Context, path string) {
	t.Helper()
	if err := chromedp.Do(ctx, chromedp.SetUploadFiles(chromedp.ID("article-file"), []string{path})); err != nil {
		t.Fatal(err)
	}
}

// writeFile writes b to a new file name in a temporary folder.
func writeFile(t testing.TB, name string, b []byte) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// setValue sets an input's value as typing would, firing its input event.
func setValue(t *testing.T, ctx context.Context, selector, value string) {
	t.Helper()
	fireValue(t, ctx, selector, value, "input")
}

// changeValue sets a field's value as typing it and leaving the field
// would, firing its change event.
func changeValue(t *testing.T, ctx context.Context, selector, value string) {
	t.Helper()
	fireValue(t, ctx, selector, value, "change")
}

// fireValue sets the value of the field selector finds and fires event
// at it.
func fireValue(t *testing.T, ctx context.Context, selector, value, event string) {
	t.Helper()
	evalJS[bool](t, ctx, fmt.Sprintf(`(() => { const i = document.querySelector(%s); i.value = %s; i.dispatchEvent(new Event(%s, {bubbles: true})); return true; })()`,
		jsString(selector), jsString(value), jsString(event)))
}

// click clicks the element selector finds, failing when there is none.
func click(t testing.TB, ctx context.Context, selector string) {
	t.Helper()
	waitFor(t, ctx, fmt.Sprintf(`!!document.querySelector(%s)`, jsString(selector)), 10*time.Second)
	evalJS[bool](t, ctx, fmt.Sprintf(`document.querySelector(%s).click() || true`, jsString(selector)))
}

// openedArticleText waits for an article page and returns its id and text.
func openedArticleText(t *testing.T, ctx context.Context) (id, text string) {
	t.Helper()
	waitFor(t, ctx, `location.pathname.startsWith("/articles/") && `+articleReadyJS, 15*time.Second)
	return strings.TrimPrefix(evalJS[string](t, ctx, `location.pathname`), "/articles/"),
		evalJS[string](t, ctx, `document.getElementById("article-text").textContent`)
}

// TestUploadLegacyEncodings: a Windows-1252 file and UTF-16 files, with a
// byte order mark and without, are read in their encodings, which the form names before
// anything is stored; picking a wrong encoding warns of the characters it
// cannot read; the article has the right text, with no U+FFFD.
func TestUploadLegacyEncodings(t *testing.T) {
	srv := startServer(t, t.TempDir(), "")
	ctx := openLibrary(t, srv)

	const western = "Café “Le Monde” naïve – résumé of the déjà vu.\n\nThe minister said the €100 fee would rise, and the café owners’ union objected."
	cp1252 := []byte("Caf\xe9 \x93Le Monde\x94 na\xefve \x96 r\xe9sum\xe9 of the d\xe9j\xe0 vu.\n\nThe minister said the \x80100 fee would rise, and the caf\xe9 owners\x92 union objected.")
	uploadFile(t, ctx, writeFile(t, "western.txt", cp1252))
	waitFor(t, ctx, `!!document.getElementById("article-encoding")`, 20*time.Second)
	if got := evalJS[string](t, ctx, `document.getElementById("article-encoding").dataset.encoding`); got != "windows-1252" {
		t.Fatalf("detected encoding %q, want windows-1252 (%s)", got, evalJS[string](t, ctx, `document.getElementById("article-encoding").textContent`))
	}
	if got := evalJS[string](t, ctx, `document.getElementById("article-encoding").textContent`); !strings.Contains(got, "Windows-1252") || !strings.Contains(got, "sure") {
		t.Errorf("the form says %q, want the encoding named and how sure the guess is", got)
	}
	waitFor(t, ctx, `document.getElementById("article-preview").textContent.includes("Café “Le Monde” naïve – résumé")`, 5*time.Second)

	// A wrong pick: the characters it cannot read are counted, in words.
	click(t, ctx, `#article-encoding-pick [data-encoding="shift_jis"]`)
	waitFor(t, ctx, `document.getElementById("article-replacements")?.textContent.includes("could not be read in Shift_JIS")`, 5*time.Second)
	click(t, ctx, `#article-encoding-pick [data-encoding="windows-1252"]`)
	waitFor(t, ctx, `!document.getElementById("article-replacements") && document.getElementById("article-encoding").textContent.includes("picked by you")`, 5*time.Second)

	click(t, ctx, "#article-confirm")
	id, text := openedArticleText(t, ctx)
	if text != western {
		t.Errorf("the Windows-1252 article reads %q, want %q", text, western)
	}
	if id != annotations.ArticleID(western) {
		t.Errorf("article id %s, want the hash of the decoded text %s", id, annotations.ArticleID(western))
	}

	// UTF-16, little-endian, with its byte order mark.
	const wide = "Ünïcødé 😀 in UTF-16\n\n東京で地震がありました。"
	units := utf16.Encode([]rune(wide))
	b := []byte{0xFF, 0xFE}
	for _, u := range units {
		b = append(b, byte(u), byte(u>>8))
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/")); err != nil {
		t.Fatal(err)
	}
	waitApp(t, ctx)
	uploadFile(t, ctx, writeFile(t, "wide.txt", b))
	waitFor(t, ctx, `!!document.getElementById("article-encoding")`, 20*time.Second)
	if got := evalJS[string](t, ctx, `document.getElementById("article-encoding").textContent`); !strings.Contains(got, "UTF-16 (little-endian)") || !strings.Contains(got, "byte order mark") {
		t.Errorf("the form says %q, want UTF-16 (little-endian) from its byte order mark", got)
	}
	click(t, ctx, "#article-confirm")
	if _, text := openedArticleText(t, ctx); text != wide {
		t.Errorf("the UTF-16 article reads %q, want %q", text, wide)
	}

	// UTF-16, big-endian, without a byte order mark: its NULs are the
	// encoding's, not a binary file's.
	const bare = "Zürich talks, in UTF-16 with no byte order mark.\n\nThe minister spoke first."
	b = nil
	for _, u := range utf16.Encode([]rune(bare)) {
		b = append(b, byte(u>>8), byte(u))
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/")); err != nil {
		t.Fatal(err)
	}
	waitApp(t, ctx)
	uploadFile(t, ctx, writeFile(t, "bare.txt", b))
	waitFor(t, ctx, `!!document.getElementById("article-encoding") || !!document.getElementById("article-error")?.textContent`, 20*time.Second)
	if got := evalJS[string](t, ctx, `document.getElementById("article-encoding")?.textContent ?? document.getElementById("article-error").textContent`); !strings.Contains(got, "UTF-16 (big-endian)") {
		t.Errorf("the form says %q, want UTF-16 (big-endian)", got)
	}
	click(t, ctx, "#article-confirm")
	if _, text := openedArticleText(t, ctx); text != bare {
		t.Errorf("the UTF-16 article without a byte order mark reads %q, want %q", text, bare)
	}
}

// TestUploadBinaryFileIsRefused: an image renamed page.html, or .txt, is
// refused in words before anything is shown for review or stored, not
// read as a page of garbage in a guessed encoding.
func TestUploadBinaryFileIsRefused(t *testing.T) {
	srv := startServer(t, t.TempDir(), "")
	ctx := openLibrary(t, srv)
	before := evalJS[int](t, ctx, `document.querySelectorAll("#library li").length`)
	png := []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x06\x00\x00\x00\x1f\xf3\xffa" +
		"\x00\x00\x00\x19tEXtSoftware\x00Adobe ImageReadyq\xc9e<\x00\x00\x01\x0eIDATx\xda\xa4\x93\xbfJ\x00\x00\x00\x00IEND\xaeB`\x82")
	for i, name := range []string{"page.html", "notes.txt"} {
		if i > 0 {
			if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/")); err != nil {
				t.Fatal(err)
			}
			waitApp(t, ctx)
			waitFor(t, ctx, fmt.Sprintf(`document.querySelectorAll("#library li").length === %d`, before), 15*time.Second) // the library read
		}
		uploadFile(t, ctx, writeFile(t, name, png))
		waitFor(t, ctx, `document.getElementById("article-error")?.textContent.startsWith("This file is not text")`, 15*time.Second)
		if evalJS[bool](t, ctx, `!document.getElementById("article-review").hidden`) {
			t.Errorf("%s: the form shows a review of the file: %q", name, evalJS[string](t, ctx, `document.getElementById("article-review").textContent`))
		}
		if got := evalJS[string](t, ctx, `location.pathname`); got != "/" {
			t.Errorf("%s: the page went to %s", name, got)
		}
		if got := evalJS[int](t, ctx, `document.querySelectorAll("#library li").length`); got != before {
			t.Errorf("%s: the library lists %d articles, %d before", name, got, before)
		}
	}
	if got := len(serverList(t, srv)); got != before {
		t.Errorf("the server lists %d articles, %d before", got, before)
	}
}

// TestTitleFieldFollowsTheFile: the title field shows the title of the
// page chosen last; a text file chosen next, which has none, empties it
// (go-app's Value("") left the field as it was, and the article was added
// with its first line as its title, not the one the field showed:
// emptyField).
func TestTitleFieldFollowsTheFile(t *testing.T) {
	srv := startServer(t, t.TempDir(), "")
	ctx := openLibrary(t, srv)
	html, err := os.ReadFile("testdata/article.html")
	if err != nil {
		t.Fatal(err)
	}
	// A page in Windows-1252 is reviewed before it is added.
	page := strings.NewReplacer(`<meta charset="utf-8">`, `<meta charset="windows-1252">`,
		"in Moscow on Wednesday", "in Moscow on Wednesday, at the Caf\xe9 \xc9lys\xe9e,").Replace(string(html))
	if utf8.ValidString(page) {
		t.Fatal("the Windows-1252 page is valid UTF-8: it tests nothing")
	}
	uploadFile(t, ctx, writeFile(t, "page.html", []byte(page)))
	waitFor(t, ctx, `!!document.getElementById("article-encoding") && document.getElementById("article-title").value.startsWith("Lavrov and Tillerson Meet in Moscow")`, 20*time.Second)
	click(t, ctx, ".article-cancel")
	waitFor(t, ctx, `!document.getElementById("article-encoding")`, 5*time.Second)

	uploadFile(t, ctx, writeFile(t, "western.txt", []byte("Caf\xe9 owners met.\n\nThe caf\xe9 owners\x92 union objected.")))
	waitFor(t, ctx, `document.getElementById("article-encoding")?.dataset.encoding === "windows-1252"`, 20*time.Second)
	if got := evalJS[string](t, ctx, `document.getElementById("article-title").value`); got != "" {
		t.Errorf("the title field shows %q for a text file, want it empty (the last page's title)", got)
	}
}

// TestPastedBoilerplateIsShownBeforeSaving: pasted text with a share button
// and a donation appeal shows those lines before saving; the user keeps one
// of them, and the article has it but not the other.
func TestPastedBoilerplateIsShownBeforeSaving(t *testing.T) {
	srv := startServer(t, t.TempDir(), "")
	ctx := openLibrary(t, srv)
	text := "Leaders Meet in Paris\n\nAngela Merkel met Emmanuel Macron in Paris on Tuesday.\n\nPlease make a donation to help support our journalism today\n\nShare This Article"
	setValue(t, ctx, "#article-paste", text)
	click(t, ctx, "#article-add")
	waitFor(t, ctx, `document.querySelectorAll("#article-boilerplate li").length === 2`, 10*time.Second)
	if got := evalJS[string](t, ctx, `[...document.querySelectorAll("#article-boilerplate li")].map(li => li.textContent).join(" | ")`); !strings.Contains(got, "Share This Article") || !strings.Contains(got, "donation appeal") {
		t.Errorf("the lines proposed for removal read %q", got)
	}
	if evalJS[string](t, ctx, `location.pathname`) != "/" {
		t.Fatal("the article was added before the user saw the lines proposed for removal")
	}
	if evalJS[bool](t, ctx, `!!document.getElementById("article-replacements")`) {
		t.Error("the review warns of characters lost, and none were")
	}
	click(t, ctx, `#article-boilerplate li[data-line="4"] input`) // keep the appeal
	click(t, ctx, "#article-confirm")
	_, got := openedArticleText(t, ctx)
	want := "Leaders Meet in Paris\n\nAngela Merkel met Emmanuel Macron in Paris on Tuesday.\n\nPlease make a donation to help support our journalism today"
	if got != want {
		t.Errorf("the article reads %q, want %q", got, want)
	}
}

// TestDuplicatePasteSaysSo: pasting the text of an article the library has
// says so, names it and links to it, instead of opening it without a word.
func TestDuplicatePasteSaysSo(t *testing.T) {
	srv := startServer(t, t.TempDir(), "")
	id := postArticle(t, srv, "The first copy", editorText)
	ctx := openLibrary(t, srv)
	waitFor(t, ctx, fmt.Sprintf(`!!document.querySelector('#library li[data-article-id="%s"]')`, id), 15*time.Second)
	setValue(t, ctx, "#article-paste", editorText)
	click(t, ctx, "#article-add")
	waitFor(t, ctx, `!document.getElementById("article-notice").hidden`, 10*time.Second)
	if got := evalJS[string](t, ctx, `document.getElementById("article-notice").textContent`); !strings.Contains(got, "already") || !strings.Contains(got, "“The first copy”") {
		t.Errorf("the notice reads %q, want it to say the article is there already, by its title", got)
	}
	if got := evalJS[string](t, ctx, `document.getElementById("article-duplicate").getAttribute("href")`); got != "/articles/"+id {
		t.Errorf("the notice links to %q, want /articles/%s", got, id)
	}
	if got := evalJS[string](t, ctx, `location.pathname`); got != "/" {
		t.Errorf("the page went to %s without a word", got)
	}
	// The text stays in the box, and the form still has it: adding it
	// again says the same, not that there is no text.
	click(t, ctx, "#article-add")
	time.Sleep(500 * time.Millisecond) // a refusal of an empty form would show by now
	waitFor(t, ctx, `document.getElementById("article-error").hidden && !document.getElementById("article-add").disabled && !document.getElementById("article-notice").hidden`, 10*time.Second)
}

// serverList returns the server's library.
func serverList(t *testing.T, srv *server) map[string]api.ArticleSummary {
	t.Helper()
	resp, err := srv.admin(t).Get(srv.URL + "/api/v1/articles")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var list api.ArticleList
	if err := json.NewDecoder(resp.Body).Decode(&list); err != nil {
		t.Fatal(err)
	}
	out := map[string]api.ArticleSummary{}
	for _, a := range list.Articles {
		out[a.ID] = a
	}
	return out
}

// waitServerArticle waits until the server lists article id as ok wants.
func waitServerArticle(t *testing.T, srv *server, id string, ok func(api.ArticleSummary) bool) {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for {
		got := serverList(t, srv)[id]
		if ok(got) {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("the server lists %+v, which is not what the test waits for", got)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// libraryTitlesJS lists the titles the library shows, in order.
const libraryTitlesJS = `[...document.querySelectorAll("#library li > a")].map(a => a.textContent).join("|")`

// TestLibrarySortFilterRenameArchiveDelete sorts the library by date and
// by title and filters it; renames an article (its ID stays), archives it
// and brings it back; deletes one nobody annotated, and is refused, in
// words, for one with annotations.
func TestLibrarySortFilterRenameArchiveDelete(t *testing.T) {
	srv := startServer(t, t.TempDir(), "")
	bare := postArticle(t, srv, "Banana bread", "Nobody annotated this text.")
	done := postArticle(t, srv, "apple pie", editorText)
	a, ok := articleOnServer(t, srv, done)
	if !ok {
		t.Fatal("the posted article is not on the server")
	}
	span, err := annotations.NewSpan([]rune(a.Text), 0, 13)
	if err != nil {
		t.Fatal(err)
	}
	rev, err := annotations.NewEntityRevision("", annotations.SetKey{ArticleID: done, Annotator: "ana"}, annotations.Entity{ID: "00000000-0000-4000-8000-000000000001", Span: span, Label: "PER"})
	if err != nil {
		t.Fatal(err)
	}
	body, _ := json.Marshal(api.PushRequest{Revisions: []annotations.Revision{rev}})
	resp, err := srv.as(t, "ana").Post(srv.URL+"/api/v1/sync/push", "application/json", strings.NewReader(string(body)))
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("push: %v %v", resp, err)
	}
	resp.Body.Close()

	// The orders by date, as the server dated the articles (ties by id).
	var byDate []api.ArticleSummary
	for _, a := range serverList(t, srv) {
		byDate = append(byDate, a)
	}
	slices.SortFunc(byDate, func(a, b api.ArticleSummary) int {
		if c := b.Created.Compare(a.Created); c != 0 {
			return c
		}
		return strings.Compare(a.ID, b.ID)
	})
	var titles []string
	for _, a := range byDate {
		titles = append(titles, a.Title)
	}
	newest := strings.Join(titles, "|")
	slices.Reverse(titles)
	oldest := strings.Join(titles, "|")
	sample := titles[0] // loaded at the server's start

	// An annotator's library offers no Rename, Archive or Delete: the
	// team's articles are its managers' (the server refuses the others).
	ann := newBrowser(t, "")
	if err := chromedp.Do(ann, chromedp.Navigate(srv.URL+"/")); err != nil {
		t.Fatal(err)
	}
	waitApp(t, ann)
	signIn(t, ann, srv, "ann")
	waitFor(t, ann, `document.querySelectorAll("#library li").length === 3`, 15*time.Second)
	if !evalJS[bool](t, ann, `document.querySelectorAll("#library .rename-article, #library .archive-article, #library .delete-article").length === 0`) {
		t.Error("an annotator's library offers to rename, archive or delete the team's articles")
	}

	makeManager(t, srv.DataDir, "lib")
	ctx := openLibrary(t, srv)
	waitFor(t, ctx, `document.querySelectorAll("#library li").length === 3`, 15*time.Second)
	if got := evalJS[string](t, ctx, libraryTitlesJS); got != newest {
		t.Errorf("newest first: %q, want %q", got, newest)
	}
	if got := evalJS[string](t, ctx, `document.querySelector("#library li .meta").textContent`); !strings.Contains(got, "added "+time.Now().Format("2 Jan 2006")) {
		t.Errorf("the article's line says %q, want the date it was added", got)
	}
	click(t, ctx, `#library-sort [data-sort="title"]`)
	waitFor(t, ctx, libraryTitlesJS+` === `+jsString("apple pie|Banana bread|"+sample), 5*time.Second)
	click(t, ctx, `#library-sort [data-sort="oldest"]`)
	waitFor(t, ctx, libraryTitlesJS+` === `+jsString(oldest), 5*time.Second)
	setValue(t, ctx, "#library-filter", "BREAD")
	waitFor(t, ctx, libraryTitlesJS+` === "Banana bread"`, 5*time.Second)
	setValue(t, ctx, "#library-filter", "")
	waitFor(t, ctx, `document.querySelectorAll("#library li").length === 3`, 5*time.Second)

	line := func(id string) string { return fmt.Sprintf(`#library li[data-article-id="%s"]`, id) }

	// Esc, then Cancel, close the rename form and give the focus back to
	// the entry's Rename button.
	for _, close := range []func(){
		func() { press(t, ctx, kb.Escape, 1) },
		func() { click(t, ctx, "#rename-input ~ .link") },
	} {
		click(t, ctx, line(done)+" .rename-article")
		waitFor(t, ctx, `document.activeElement?.id === "rename-input"`, 5*time.Second)
		close()
		waitFor(t, ctx, `!document.getElementById("rename-input") && document.activeElement === document.querySelector('`+line(done)+` .rename-article')`, 5*time.Second)
	}

	// Rename: the title changes here and on the server; the ID does not.
	click(t, ctx, line(done)+" .rename-article")
	waitFor(t, ctx, `!!document.getElementById("rename-input")`, 5*time.Second)
	waitFor(t, ctx, `document.activeElement?.id === "rename-input"`, 5*time.Second) // ready to type
	setValue(t, ctx, "#rename-input", "  ")
	click(t, ctx, "#rename-save")
	waitFor(t, ctx, `document.getElementById("rename-error").textContent.includes("cannot be empty")`, 5*time.Second)
	setValue(t, ctx, "#rename-input", "Apple pie, renamed 😀")
	click(t, ctx, "#rename-save")
	waitFor(t, ctx, fmt.Sprintf(`document.querySelector('%s > a')?.textContent === "Apple pie, renamed 😀"`, line(done)), 10*time.Second)
	waitFor(t, ctx, `document.activeElement?.id === "library-filter"`, 5*time.Second) // not the page, where the form was
	if got := serverList(t, srv)[done]; got.Title != "Apple pie, renamed 😀" {
		t.Errorf("the server's title is %q, want the new one", got.Title)
	}

	// Archive: gone from the library, listed in the archived view, then
	// brought back; the server keeps the annotations all along.
	click(t, ctx, line(done)+" .archive-article")
	waitFor(t, ctx, fmt.Sprintf(`!document.querySelector('%s') && document.querySelectorAll("#library li").length === 2`, line(done)), 10*time.Second)
	// The focus is on the filter, not on the Archive button of the entry
	// that took the archived one's place, which a second Enter would
	// press.
	waitFor(t, ctx, `document.activeElement?.id === "library-filter"`, 5*time.Second)
	if !serverList(t, srv)[done].Archived {
		t.Error("the server does not have the article archived")
	}
	if sets := exportJSONL(t, srv, done); len(sets) != 1 || len(sets[0].Entities) != 1 {
		t.Errorf("the archived article exports %+v, want its one mention", sets)
	}
	click(t, ctx, "#library-archived-toggle")
	waitFor(t, ctx, fmt.Sprintf(`document.getElementById("library").dataset.view === "archived" && !!document.querySelector('%s')`, line(done)), 5*time.Second)
	click(t, ctx, line(done)+" .archive-article") // "Bring back"
	waitFor(t, ctx, fmt.Sprintf(`!document.querySelector('%s')`, line(done)), 10*time.Second)
	click(t, ctx, "#library-archived-toggle")
	waitFor(t, ctx, fmt.Sprintf(`!!document.querySelector('%s')`, line(done)), 5*time.Second)
	if serverList(t, srv)[done].Archived {
		t.Error("the server still has the article archived")
	}

	// Delete: refused, in words, for the annotated one; done for the other.
	click(t, ctx, line(done)+" .delete-article")
	click(t, ctx, line(done)+" .delete-yes")
	waitFor(t, ctx, `document.getElementById("library-message").textContent.includes("has annotations (by ana)")`, 10*time.Second)
	if got := evalJS[string](t, ctx, `document.getElementById("library-message").textContent`); !strings.Contains(got, "archive it instead") {
		t.Errorf("the refusal reads %q, want it to propose archiving", got)
	}
	if _, ok := serverList(t, srv)[done]; !ok {
		t.Fatal("the annotated article is gone from the server")
	}
	click(t, ctx, line(bare)+" .delete-article")
	// The question has the focus, and then the filter: not the page,
	// where the keyboard's place in the list would be lost.
	waitFor(t, ctx, `document.activeElement?.classList.contains("delete-yes")`, 5*time.Second)
	click(t, ctx, line(bare)+" .delete-yes")
	waitFor(t, ctx, fmt.Sprintf(`!document.querySelector('%s') && document.querySelectorAll("#library li").length === 2`, line(bare)), 10*time.Second)
	waitFor(t, ctx, `document.activeElement?.id === "library-filter"`, 5*time.Second)
	if _, ok := articleOnServer(t, srv, bare); ok {
		t.Error("the deleted article is still on the server")
	}
}

// TestRenameAndArchiveOffline: with the server stopped, an article kept on
// this device is renamed and archived there (the page says the server will
// be told), and a page without article text is refused, in words; when the
// server is back, opening the library sends the rename and the archiving.
func TestRenameAndArchiveOffline(t *testing.T) {
	data := t.TempDir()
	srv := startServer(t, data, "")
	id := postArticle(t, srv, "Before the trip", editorText)
	makeManager(t, srv.DataDir, "lib")
	ctx := openLibrary(t, srv)
	line := fmt.Sprintf(`#library li[data-article-id="%s"]`, id)
	click(t, ctx, line+" .keep-offline")
	waitFor(t, ctx, fmt.Sprintf(`document.querySelector('%s')?.dataset.offline === "true"`, line), 15*time.Second)
	waitWorker(t, ctx)
	waitExportModuleCached(t, ctx) // it reads HTML pages

	srv.stop()
	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/")); err != nil {
		t.Fatalf("open the library offline: %v", err)
	}
	waitApp(t, ctx)
	waitFor(t, ctx, fmt.Sprintf(`!!document.querySelector('%s')`, line), 15*time.Second)
	click(t, ctx, line+" .rename-article")
	waitFor(t, ctx, `!!document.getElementById("rename-input")`, 5*time.Second)
	setValue(t, ctx, "#rename-input", "Renamed on the train")
	click(t, ctx, "#rename-save")
	waitFor(t, ctx, fmt.Sprintf(`document.querySelector('%s > a')?.textContent === "Renamed on the train"`, line), 10*time.Second)
	if got := evalJS[string](t, ctx, `document.getElementById("library-message").textContent`); !strings.Contains(got, "the server will be told") {
		t.Errorf("offline rename: the page says %q, want that the server will be told", got)
	}
	click(t, ctx, line+" .archive-article")
	waitFor(t, ctx, fmt.Sprintf(`!document.querySelector('%s')`, line), 10*time.Second)

	uploadFile(t, ctx, writeFile(t, "empty.html", []byte(`<html><head><title>Menu</title></head><body><nav><a href="/">Home</a></nav><img src="a.png"></body></html>`)))
	waitFor(t, ctx, `document.getElementById("article-error")?.textContent.includes("No article text found in this page")`, 15*time.Second)

	srv = startServer(t, data, srv.Addr)
	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/")); err != nil {
		t.Fatal(err)
	}
	waitApp(t, ctx)
	waitServerArticle(t, srv, id, func(a api.ArticleSummary) bool { return a.Title == "Renamed on the train" && a.Archived })
	if a, _ := articleOnServer(t, srv, id); a.Text != editorText {
		t.Errorf("the server's text changed: %q", a.Text)
	}
}

// TestPastedReplacementCharactersAreShown: pasted text holding U+FFFD (what
// a wrong decoding left before it was copied) is not stored without a word:
// the review says how many characters were lost.
func TestPastedReplacementCharactersAreShown(t *testing.T) {
	srv := startServer(t, t.TempDir(), "")
	ctx := openLibrary(t, srv)
	setValue(t, ctx, "#article-paste", "Caf\uFFFD au lait, na\uFFFDve reader.")
	click(t, ctx, "#article-add")
	waitFor(t, ctx, `document.getElementById("article-replacements")?.textContent.startsWith("2 characters of the text are")`, 10*time.Second)
	click(t, ctx, "#article-confirm")
	if _, text := openedArticleText(t, ctx); text != "Caf\uFFFD au lait, na\uFFFDve reader." {
		t.Errorf("the article reads %q, want the text as pasted", text)
	}
}

// TestLibraryShowsAHundredAtATime: a library of 231 articles shows the first
// hundred of its order, and "Show more" a hundred more each time, until
// none is left; the filter searches them all, shown or not.
func TestLibraryShowsAHundredAtATime(t *testing.T) {
	srv := startServer(t, t.TempDir(), "") // with the sample article
	for i := range 230 {
		postArticle(t, srv, fmt.Sprintf("Article %03d", i), fmt.Sprintf("The text of article number %d.", i))
	}
	ctx := openLibrary(t, srv)
	rows := `document.querySelectorAll("#library li").length`
	more := `document.getElementById("library-more")`
	waitFor(t, ctx, rows+` === 100 && `+more+`.textContent === "Show 100 more (131 not shown)" && !`+more+`.hidden`, 15*time.Second)
	click(t, ctx, "#library-more")
	waitFor(t, ctx, rows+` === 200 && `+more+`.textContent === "Show 31 more (31 not shown)"`, 10*time.Second)
	click(t, ctx, "#library-more")
	waitFor(t, ctx, rows+` === 231 && `+more+`.hidden`, 10*time.Second)
	if err := chromedp.Do(ctx, chromedp.Reload()); err != nil {
		t.Fatal(err)
	}
	waitApp(t, ctx)
	waitFor(t, ctx, rows+` === 100`, 15*time.Second)
	// Newest first: the first article posted is the last but the sample,
	// not shown, and the filter finds it.
	if got := evalJS[bool](t, ctx, libraryTitlesJS+`.includes("Article 000")`); got {
		t.Fatal("Article 000 is among the first hundred, newest first")
	}
	setValue(t, ctx, "#library-filter", "article 000")
	waitFor(t, ctx, libraryTitlesJS+` === "Article 000" && `+more+`.hidden`, 5*time.Second)
}
