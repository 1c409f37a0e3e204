package e2e

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestLibraryShowsTheAnnotatorsProgress: after tagging a mention and making
// a quote, the library says so on the article's line, for the user signed
// in on the device; another user sees nothing of it, and an article
// only on the server says nothing.
func TestLibraryShowsTheAnnotatorsProgress(t *testing.T) {
	srv := startServer(t, t.TempDir(), "")
	id := postArticle(t, srv, "Progress test", editorText)
	ctx := openArticleAs(t, srv, id, "eve")

	evalJS[string](t, ctx, fmt.Sprintf(selectCodePointsJS, 0, 13))
	evalJS[bool](t, ctx, `document.getElementById("article-text").focus() || true`)
	selectionIs(t, ctx, "Rex Tillerson")
	press(t, ctx, "1", 1)
	waitFor(t, ctx, `document.getElementById("annotation-list").dataset.count === "1"`, 10*time.Second)
	waitKept(t, ctx)

	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/")); err != nil {
		t.Fatal(err)
	}
	waitApp(t, ctx)
	line := fmt.Sprintf(`document.querySelector('#library li[data-article-id="%s"] .meta')?.textContent`, id)
	waitFor(t, ctx, line+`?.includes("· eve: 1 mention")`, 15*time.Second)
	// The sample article is on the server only: no progress of anyone.
	if got := evalJS[string](t, ctx, `[...document.querySelectorAll('#library li')].filter(li => li.dataset.offline !== "true").map(li => li.textContent).join(" | ")`); got == "" || containsAny(got, "mention", "eve:") {
		t.Errorf("the articles only on the server say %q, want no progress", got)
	}

	// Another user signs in on this device: the line says nothing of eve's.
	signOut(t, ctx)
	signIn(t, ctx, srv, "zoe")
	waitFor(t, ctx, line+` !== undefined && !`+line+`.includes("eve:") && !`+line+`.includes("mention")`, 15*time.Second)
}

// containsAny reports whether s contains any of subs.
func containsAny(s string, subs ...string) bool {
	for _, sub := range subs {
		if strings.Contains(s, sub) {
			return true
		}
	}
	return false
}
