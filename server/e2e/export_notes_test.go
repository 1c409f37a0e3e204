package e2e

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/chromedp"
)

// notesText has an emoji first (2 UTF-16 units, 1 code point), so that
// doccano's units and code points differ.
const notesText = "👋 Rex Tillerson met Sergei Lavrov at the United Nations building in New York."

// notesFile is a doccano file (code point offsets) of notesText with three
// entities nested in longer ones, which CoNLL cannot tag, and one ending
// inside "York".
const notesFile = `{"text":"` + notesText + `","label":[[2,15,"PER"],[6,15,"PER"],[20,33,"PER"],[27,33,"PER"],[41,55,"ORG"],[41,64,"MISC"],[68,75,"LOC"]]}` + "\n"

// TestExportNotesListEveryNote: the browser's download lists every note of
// an export, not only the first, and names the entities the file lacks
// (defect 9 of issue 12); and doccano downloads in UTF-16 units unless the
// user picks code points.
func TestExportNotesListEveryNote(t *testing.T) {
	srv := startServer(t, t.TempDir(), "")
	resp, err := srv.as(t, "eve").Post(srv.URL+"/api/v1/import?format=doccano&annotator=eve&offsets=codepoint", "application/x-ndjson", strings.NewReader(notesFile))
	if err != nil {
		t.Fatal(err)
	}
	var sum struct {
		Sets []struct {
			ArticleID string `json:"article_id"`
		} `json:"sets"`
	}
	err = json.NewDecoder(resp.Body).Decode(&sum)
	resp.Body.Close()
	if err != nil || resp.StatusCode != 201 || len(sum.Sets) != 1 {
		t.Fatalf("import: %d %+v %v", resp.StatusCode, sum, err)
	}
	ctx := openArticleAs(t, srv, sum.Sets[0].ArticleID, "eve")
	waitFor(t, ctx, `document.getElementById("annotation-list")?.dataset.count === "7"`, 20*time.Second)

	download := func(selector, pattern string) []byte {
		t.Helper()
		dir := t.TempDir()
		if _, err := chromedp.CallBrowser(ctx, browser.SetDownloadBehavior, browser.SetDownloadBehaviorParams{Behavior: browser.SetDownloadBehaviorBehaviorAllow, DownloadPath: dir}); err != nil {
			t.Fatal(err)
		}
		evalJS[bool](t, ctx, `document.querySelector('#download-formats `+selector+`').click() || true`)
		return downloaded(t, ctx, dir, pattern)
	}
	openDownloads(t, ctx)
	download(`[data-format="conll"]`, "*.conll")
	waitFor(t, ctx, `!!document.getElementById("download-notes")`, 10*time.Second)
	notes := evalJS[[]string](t, ctx, `[...document.querySelectorAll("#download-notes li")].map(li => li.textContent)`)
	summary := evalJS[string](t, ctx, `document.querySelector("#download-notes p").textContent`)
	leftOut := evalJS[string](t, ctx, `document.getElementById("download-left-out").textContent`)
	if summary != "4 notes on this export:" || len(notes) != 4 {
		t.Fatalf("the notes say %q and list %d: %q; want all 4", summary, len(notes), notes)
	}
	for i, want := range []string{`"Tillerson" overlaps`, `"Lavrov" overlaps`, `"United Nations" overlaps`, `"New Yor" has a boundary inside the token "York"`} {
		if !strings.Contains(notes[i], want) {
			t.Errorf("note %d = %q, want it to say %q", i+1, notes[i], want)
		}
	}
	if want := "Not in the file: “Tillerson” (PER), “Lavrov” (PER), “United Nations” (ORG)."; leftOut != want {
		t.Errorf("left out: %q, want %q", leftOut, want)
	}

	// doccano: UTF-16 units by default (the emoji is 2), code points on
	// request; and a download with no notes shows none.
	for _, tt := range []struct{ selector, want string }{
		{`[data-format="doccano"][data-offsets="utf16"]`, `[[3,16,"PER"],`},
		{`[data-format="doccano"][data-offsets="codepoint"]`, `[[2,15,"PER"],`},
	} {
		if got := string(download(tt.selector, "*.jsonl")); !strings.Contains(got, `"label":`+tt.want) {
			t.Errorf("%s: %s, want the label to start %s", tt.selector, got, tt.want)
		}
		waitFor(t, ctx, `!document.getElementById("download-notes")`, 5*time.Second)
	}
}
