package e2e

import (
	"context"
	"fmt"
	"os/exec"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// setupLinkPattern finds the setup link gloss serve prints while the
// server has no admin.
var setupLinkPattern = regexp.MustCompile(`http://\S+/setup#\S+`)

// syncStatusIs is the expression that says the sync status is state with
// pending changes waiting.
func syncStatusIs(state string, pending int) string {
	return fmt.Sprintf(`document.getElementById("sync-status")?.dataset.syncState === %s && document.getElementById("sync-status")?.dataset.pending === "%d"`, jsString(state), pending)
}

// navigate opens url in the tab of ctx.
func navigate(t testing.TB, ctx context.Context, url string) {
	t.Helper()
	if err := chromedp.Do(ctx, chromedp.Navigate(url)); err != nil {
		t.Fatalf("open %s: %v", url, err)
	}
}

// tagMention selects [start, end) of the article's text (code points),
// checks that it reads want, and tags it with the first label (key 1).
func tagMention(t *testing.T, ctx context.Context, start, end int, want string) {
	t.Helper()
	if got := evalJS[string](t, ctx, fmt.Sprintf(selectCodePointsJS, start, end)); got != want {
		t.Fatalf("selected %q, want %q", got, want)
	}
	press(t, ctx, "1", 1)
}

// TestSetupLinkCreatesTheFirstAdmin: the link gloss serve prints while no
// admin exists opens a form that checks its fields beside each (the account
// rules: a password too short, two that differ), creates the admin and
// opens the library, signed in as them; the link works once.
func TestSetupLinkCreatesTheFirstAdmin(t *testing.T) {
	srv := startServer(t, t.TempDir(), "")
	var link string
	for deadline := time.Now().Add(5 * time.Second); link == ""; time.Sleep(50 * time.Millisecond) {
		link = setupLinkPattern.FindString(srv.out.String())
		if time.Now().After(deadline) {
			t.Fatalf("gloss serve printed no setup link:\n%s", srv.out.String())
		}
	}
	if !strings.HasPrefix(link, srv.URL+"/setup#") {
		t.Fatalf("the setup link %q is not on the server's address %s", link, srv.URL)
	}
	ctx := newBrowser(t, "")
	navigate(t, ctx, link)
	waitApp(t, ctx)
	waitFor(t, ctx, `!!document.getElementById("setup-form")`, 15*time.Second)

	// Problems are shown beside their fields, and nothing is sent.
	setValue(t, ctx, "#account-login", "Ada")
	setValue(t, ctx, "#account-display", "Ada Lovelace")
	setValue(t, ctx, "#account-password", "short")
	setValue(t, ctx, "#account-password-again", "shorter")
	click(t, ctx, "#setup-submit")
	waitFor(t, ctx, `document.getElementById("account-password-error").textContent.includes("shorter than 10") && document.getElementById("account-password-again-error").textContent.includes("differ")`, 5*time.Second)
	if got := evalJS[string](t, ctx, `document.getElementById("account-login-error").textContent`); got != "" {
		t.Errorf("the login Ada (lower-cased to ada) has a problem: %q", got)
	}

	setValue(t, ctx, "#account-password", "correct horse battery")
	setValue(t, ctx, "#account-password-again", "correct horse battery")
	click(t, ctx, "#setup-submit")
	waitFor(t, ctx, `location.pathname === "/" && document.getElementById("user-name")?.textContent === "Ada Lovelace" && !!document.querySelector("#library li")`, 15*time.Second)

	out, err := exec.Command(glossBin, "user", "list", "--data", srv.DataDir).CombinedOutput()
	if err != nil || !regexp.MustCompile(`(?m)^ada\s+Ada Lovelace\s+ada\s+admin\s+set`).Match(out) {
		t.Errorf("gloss user list (%v):\n%s\nwant ada, an admin with a password", err, out)
	}

	// The link works once.
	navigate(t, ctx, srv.URL+"/")
	signOut(t, ctx)
	// Signed out, the top bar has one Sign in: the status says why
	// nothing syncs without a second button.
	waitFor(t, ctx, `document.getElementById("sync-status")?.dataset.syncState === "signin"`, 10*time.Second)
	if got := evalJS[int](t, ctx, `document.querySelectorAll("#sign-in-link, #sync-signin").length`); got != 1 {
		t.Errorf("the signed-out top bar has %d Sign in buttons, want 1", got)
	}
	navigate(t, ctx, link)
	waitApp(t, ctx)
	waitFor(t, ctx, `!!document.getElementById("setup-form")`, 15*time.Second)
	setValue(t, ctx, "#account-login", "eve")
	setValue(t, ctx, "#account-password", "another long password")
	setValue(t, ctx, "#account-password-again", "another long password")
	click(t, ctx, "#setup-submit")
	waitFor(t, ctx, `document.getElementById("setup-error")?.textContent !== ""`, 10*time.Second)
	if evalJS[bool](t, ctx, `!!document.getElementById("user-name")`) {
		t.Errorf("the used setup link signed someone in: %s", evalJS[string](t, ctx, `document.getElementById("user-name").textContent`))
	}
}

// TestEndedSessionSignInSendsPending: a user annotates offline; meanwhile
// the session ends on the server (gloss user passwd ends every session of
// the user). Back online, the status says "Sign in to sync · N pending",
// the edits go on, and the link there signs in and returns to the article,
// and every pending edit reaches the server.
func TestEndedSessionSignInSendsPending(t *testing.T) {
	data := t.TempDir()
	srv := startServer(t, data, "")
	id := postArticle(t, srv, "Session", editorText)
	ctx := openArticleAs(t, srv, id, "sam")
	waitFor(t, ctx, syncStatusIs("synced", 0), 30*time.Second)

	srv.stop()
	tagMention(t, ctx, 0, 13, "Rex Tillerson")
	waitKept(t, ctx)
	passwd := exec.Command(glossBin, "user", "passwd", "--data", data, "sam")
	passwd.Stdin = strings.NewReader(passwordOf("sam") + "\n")
	if out, err := passwd.CombinedOutput(); err != nil || !strings.Contains(string(out), "sessions are ended") {
		t.Fatalf("gloss user passwd sam: %v\n%s", err, out)
	}

	srv = startServer(t, data, srv.Addr)
	click(t, ctx, "#sync-status")
	waitFor(t, ctx, syncStatusIs("signin", 1), 30*time.Second)
	// Signed out by the server, the device still works as sam.
	tagMention(t, ctx, 49, 62, "UN resolution")
	waitFor(t, ctx, syncStatusIs("signin", 2), 10*time.Second)
	if got := evalJS[string](t, ctx, `document.getElementById("sync-status").textContent`); got != "Sign in to sync · 2 pending" {
		t.Errorf("the status reads %q, want Sign in to sync · 2 pending", got)
	}
	if sets := exportJSONL(t, srv, id); len(sets) != 0 {
		t.Fatalf("the server has %d sets before sam signs in again", len(sets))
	}

	waitKept(t, ctx)
	click(t, ctx, "#sync-signin")
	waitFor(t, ctx, `location.pathname === "/signin" && !!document.getElementById("signin-form")`, 10*time.Second)
	fillSignIn(t, ctx, "sam")
	waitFor(t, ctx, fmt.Sprintf(`location.pathname === "/articles/%s" && `+articleReadyJS, id), 15*time.Second)
	waitFor(t, ctx, syncStatusIs("synced", 0), 30*time.Second)
	waitExport(t, srv, id, func(sets []exportedSet) bool {
		return len(sets) == 1 && sets[0].Annotator == "sam" && len(sets[0].Entities) == 2
	})
}

// TestSecondUserNeverSeesNorSendsTheFirsts: amy annotates offline and signs
// out, told that her change stays on the device; ben signs in on the same
// device, sees none of it, syncs without sending it; amy signs in again and
// it reaches the server.
func TestSecondUserNeverSeesNorSendsTheFirsts(t *testing.T) {
	data := t.TempDir()
	srv := startServer(t, data, "")
	id := postArticle(t, srv, "Two users", editorText)
	ctx := openArticleAs(t, srv, id, "amy")
	waitFor(t, ctx, syncStatusIs("synced", 0), 30*time.Second)
	waitWorker(t, ctx)

	srv.stop()
	tagMention(t, ctx, 0, 13, "Rex Tillerson")
	waitKept(t, ctx)
	click(t, ctx, "#sign-out")
	waitFor(t, ctx, `!!document.getElementById("signout-confirm")`, 10*time.Second)
	if got := evalJS[string](t, ctx, `document.getElementById("signout-pending").textContent`); got != "1 change made as amy is not on the server yet; they stay on this device and are sent when amy signs in again." {
		t.Errorf("the sign-out confirmation reads %q", got)
	}
	click(t, ctx, "#signout-yes")
	waitFor(t, ctx, `location.pathname === "/" && !!document.getElementById("signin-form") && !document.getElementById("user-name")`, 15*time.Second)
	// The sign-in page opens offline too; signing in needs the server.
	navigate(t, ctx, srv.URL+"/signin")
	waitApp(t, ctx)
	waitFor(t, ctx, `!!document.getElementById("signin-form")`, 15*time.Second)
	setValue(t, ctx, "#account-login", "ben")
	setValue(t, ctx, "#account-password", passwordOf("ben"))
	click(t, ctx, "#signin-submit")
	waitFor(t, ctx, `document.getElementById("signin-error").textContent.startsWith("The server cannot be reached")`, 15*time.Second)

	srv = startServer(t, data, srv.Addr)
	navigate(t, ctx, srv.URL+"/")
	signIn(t, ctx, srv, "ben")
	waitFor(t, ctx, syncStatusIs("synced", 0), 30*time.Second)
	navigate(t, ctx, srv.URL+"/articles/"+id)
	waitApp(t, ctx)
	waitFor(t, ctx, articleReadyJS, 15*time.Second)
	if n := evalJS[int](t, ctx, `document.querySelectorAll("#annotation-list li[data-annotation-id]").length + document.querySelectorAll("#article-text mark").length`); n != 0 {
		t.Errorf("ben sees %d of amy's annotations", n)
	}
	click(t, ctx, "#sync-status")
	waitFor(t, ctx, syncStatusIs("synced", 0), 30*time.Second)
	if sets := exportJSONL(t, srv, id); len(sets) != 0 {
		t.Fatalf("ben's sync sent %d sets: %+v", len(sets), sets)
	}

	signOut(t, ctx)
	signIn(t, ctx, srv, "amy")
	waitExport(t, srv, id, func(sets []exportedSet) bool {
		return len(sets) == 1 && sets[0].Annotator == "amy" && len(sets[0].Entities) == 1
	})
	waitFor(t, ctx, syncStatusIs("synced", 0), 30*time.Second)
}

// TestDeviceFromBeforeAccountsSendsItsPending: a device of the release
// before accounts holds a pending change under its annotator name
// (localStorage gloss.annotator, no user). The sign-in form says that such
// changes wait; signing in as the account of that name sends them, and the
// old name's key goes.
func TestDeviceFromBeforeAccountsSendsItsPending(t *testing.T) {
	data := t.TempDir()
	srv := startServer(t, data, "")
	id := postArticle(t, srv, "Old device", editorText)
	// The change is made as olga, then the device is made to look like the
	// older release's: no user, the name under gloss.annotator.
	ctx := openArticleAs(t, srv, id, "olga")
	waitFor(t, ctx, syncStatusIs("synced", 0), 30*time.Second)
	srv.stop()
	tagMention(t, ctx, 0, 13, "Rex Tillerson")
	waitKept(t, ctx)
	evalJS[bool](t, ctx, `(localStorage.removeItem("gloss.me"), localStorage.setItem("gloss.annotator", "olga"), true)`)
	passwd := exec.Command(glossBin, "user", "passwd", "--data", data, "olga") // no session left either
	passwd.Stdin = strings.NewReader(passwordOf("olga") + "\n")
	if out, err := passwd.CombinedOutput(); err != nil {
		t.Fatalf("gloss user passwd olga: %v\n%s", err, out)
	}

	srv = startServer(t, data, srv.Addr)
	navigate(t, ctx, srv.URL+"/")
	waitApp(t, ctx)
	waitFor(t, ctx, `document.getElementById("legacy-annotator")?.hidden === false && document.getElementById("legacy-annotator").textContent.includes("“olga”")`, 15*time.Second)
	if sets := exportJSONL(t, srv, id); len(sets) != 0 {
		t.Fatalf("the server has %d sets before olga signs in", len(sets))
	}
	signIn(t, ctx, srv, "olga")
	waitExport(t, srv, id, func(sets []exportedSet) bool {
		return len(sets) == 1 && sets[0].Annotator == "olga" && len(sets[0].Entities) == 1
	})
	if got := evalJS[string](t, ctx, `String(localStorage.getItem("gloss.annotator"))`); got != "null" {
		t.Errorf("gloss.annotator is %q after its account signed in, want it gone", got)
	}
}

// TestOtherTabsFollowTheSignedInUser: signing out in one tab signs out the
// article open in another, whose status then asks to sign in; another user
// signing in there shows in both.
func TestOtherTabsFollowTheSignedInUser(t *testing.T) {
	srv := startServer(t, t.TempDir(), "")
	id := postArticle(t, srv, "Tabs", editorText)
	article := openArticleAs(t, srv, id, "tom")
	library := openTab(t, article, srv.URL+"/")
	waitApp(t, library)
	waitFor(t, library, `document.getElementById("user-name")?.textContent === "tom"`, 15*time.Second)

	signOut(t, library)
	waitFor(t, article, `!!document.getElementById("sign-in-link") && !document.getElementById("user-name")`, 10*time.Second)
	waitFor(t, article, syncStatusIs("signin", 0), 30*time.Second)

	signIn(t, library, srv, "tim")
	waitFor(t, article, `document.getElementById("user-name")?.textContent === "tim"`, 10*time.Second)
	waitFor(t, article, syncStatusIs("synced", 0), 30*time.Second)
}

// TestSignInSaysWhatIsWrong: the status says to sign in from the start; the
// sign-in form names an empty field beside it without asking the server, shows the server's answer to a wrong
// password, and, after too many, when to try again, even for the right
// password.
func TestSignInSaysWhatIsWrong(t *testing.T) {
	srv := startServer(t, t.TempDir(), "")
	addUser(t, srv.DataDir, "sue", false)
	ctx := newBrowser(t, "")
	navigate(t, ctx, srv.URL+"/signin") // the server renders the page first
	waitApp(t, ctx)
	waitFor(t, ctx, `!!document.getElementById("signin-form")`, 15*time.Second)
	// Nothing syncs until someone signs in, so the status never says it
	// does, not even before the loop's first round.
	if got := evalJS[string](t, ctx, `document.getElementById("sync-status").textContent`); got != "Sign in to sync" {
		t.Errorf("the sign-in page's status reads %q, want Sign in to sync", got)
	}
	// Counts the answers to sign-ins and keeps the last one's message, so
	// that each attempt's can be awaited on the page.
	evalJS[bool](t, ctx, `(() => {
		window.signIns = 0;
		const fetch = window.fetch;
		window.fetch = async (url, init) => {
			const r = await fetch(url, init);
			if (String(url).includes("/auth/signin")) {
				window.signInMessage = (await r.clone().json()).error?.message ?? "";
				window.signIns++;
			}
			return r;
		};
		return true;
	})()`)

	click(t, ctx, "#signin-submit")
	waitFor(t, ctx, `document.getElementById("account-login-error").textContent === "Login is empty: choose a login name" && document.getElementById("account-password-error").textContent === "Password is empty"`, 5*time.Second)
	if n := evalJS[int](t, ctx, `window.signIns`); n != 0 {
		t.Errorf("an empty form asked the server %d times", n)
	}

	attempt := func(n int, password string) string {
		t.Helper()
		setValue(t, ctx, "#account-login", "Sue")
		setValue(t, ctx, "#account-password", password)
		click(t, ctx, "#signin-submit")
		waitFor(t, ctx, fmt.Sprintf(`window.signIns === %d && window.signInMessage !== "" && document.getElementById("signin-error").textContent === window.signInMessage`, n), 10*time.Second)
		return evalJS[string](t, ctx, `window.signInMessage`)
	}
	if got := attempt(1, "not the password"); got != "the login name or the password is wrong" {
		t.Errorf("a wrong password says %q", got)
	}
	got := ""
	for n := 2; n <= 8 && !strings.Contains(got, "try again in"); n++ {
		got = attempt(n, "not the password either")
	}
	if !strings.Contains(got, "try again in") {
		t.Fatalf("after 8 wrong passwords the form says %q, want when to try again", got)
	}
	if got := attempt(evalJS[int](t, ctx, `window.signIns`)+1, passwordOf("sue")); !strings.Contains(got, "try again in") {
		t.Errorf("the right password while the login waits says %q, want when to try again", got)
	}
	if evalJS[bool](t, ctx, `!!document.getElementById("user-name")`) {
		t.Error("signed in while the login must wait")
	}
}
