package app

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"strings"

	"github.com/gloss-annotate/gloss/annotations"
	"github.com/gloss-annotate/gloss/annotations/api"
	"github.com/gloss-annotate/gloss/app/replica"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// meKey is the localStorage key of the user signed in on this device (an
// api.Me in JSON). It outlives the session's cookie, which the page cannot
// read: offline, the app goes on as that user, and the edits are theirs.
const meKey = "gloss.me"

// legacyAnnotatorKey is the localStorage key of the annotator name the
// release before accounts kept. Its pending revisions carry that name: they
// go when a user whose Annotator it is signs in (an account the server made
// from that name), and the key goes then.
const legacyAnnotatorKey = "gloss.annotator"

// actionUserChanged is sent when a user signs in or out on this device: the
// pages read the user's sets again.
const actionUserChanged = "user-changed"

// localStorageItem returns the string kept under key, "" when none.
func localStorageItem(key string) string {
	if app.IsServer {
		return "" // the server renders a page before any device is known
	}
	v := app.Window().Get("localStorage").Call("getItem", key)
	if v.Type() != app.TypeString {
		return ""
	}
	return v.String()
}

// signedInUser returns the user signed in on this device, ok false when
// nobody is.
func signedInUser() (u api.User, ok bool) {
	me, ok := storedMe()
	return me.User, ok
}

// storedMe returns the api.Me of the user signed in on this device, ok
// false when nobody is.
func storedMe() (me api.Me, ok bool) {
	if app.IsServer {
		me = serverMe() // the user of the page the server renders
		return me, me.User.Annotator != ""
	}
	if raw := localStorageItem(meKey); raw == "" || json.Unmarshal([]byte(raw), &me) != nil {
		return api.Me{}, false
	}
	return me, me.User.Annotator != ""
}

// currentAnnotator returns the annotator name of the user signed in on this
// device: the name their revisions and sets carry; "" when nobody is.
func currentAnnotator() string {
	u, _ := signedInUser()
	return u.Annotator
}

// keepSignedIn keeps me as the user of this device, who just signed in,
// and asks the sync loop to send what they have pending.
func keepSignedIn(me api.Me) {
	app.Window().Get("localStorage").Call("removeItem", signOutPendingKey) // a new session
	storeMe(me)
	background.signedIn()
}

// storeMe keeps me as the user of this device, noting the project they
// were taken out of (noteProjectLeft). The annotator name of the release
// before accounts goes when its account signs in.
func storeMe(me api.Me) {
	raw, err := json.Marshal(me)
	if err != nil {
		return
	}
	if old, ok := storedMe(); ok {
		noteProjectLeft(old, me)
	}
	app.Window().Get("localStorage").Call("setItem", meKey, string(raw))
	if localStorageItem(legacyAnnotatorKey) == me.User.Annotator {
		app.Window().Get("localStorage").Call("removeItem", legacyAnnotatorKey)
	}
}

// signOutPendingKey is the localStorage key that marks a sign-out the
// server has not heard of (the device was offline): the session's cookie,
// which the page cannot remove, would still open the account on this
// device, so the sync loop ends the session once the server answers
// (endPendingSignOut).
const signOutPendingKey = "gloss.signout"

// signOut ends the session on the server (later, when it cannot be
// reached) and forgets the user on this device. Their pending revisions
// stay, to go when they sign in again. It blocks: call it from ctx.Async.
func signOut() {
	app.Window().Get("localStorage").Call("setItem", signOutPendingKey, "1")
	endPendingSignOut()
	app.Window().Get("localStorage").Call("removeItem", meKey)
	background.Kick()
}

// endPendingSignOut ends the session a sign-out left on the server, if
// any, now that nobody is signed in on this device. It blocks.
func endPendingSignOut() {
	if localStorageItem(signOutPendingKey) == "" {
		return
	}
	if err := apiClient.SignOut(context.Background()); err == nil || errors.Is(err, replica.ErrUnauthenticated) {
		app.Window().Get("localStorage").Call("removeItem", signOutPendingKey)
	}
}

// safeNext returns next when it is a path of this site, else "/": a sign-in
// link cannot send the user to another site.
func safeNext(next string) string {
	if !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.HasPrefix(next, "/\\") {
		return "/"
	}
	return next
}

// signInHref is the sign-in page's address, returning to path afterwards.
func signInHref(path string) string {
	if path == "" || path == "/" || path == "/signin" {
		return "/signin"
	}
	return "/signin?next=" + url.QueryEscape(path)
}

// signInButton opens the sign-in page, which comes back to this page
// afterwards. A button, not a link: go-app follows a link's href itself,
// which cannot name the page the user is on when the server renders it.
func signInButton(id string) app.UI {
	return app.Button().ID(id).Type("button").Class("link").Text("Sign in").
		OnClick(func(ctx app.Context, e app.Event) { ctx.Navigate(signInHref(ctx.Page().URL().Path)) })
}

// AccountMenu shows, in the top bar, who is signed in on this device (a
// link to their account page) and Sign out, or a button to sign in.
// Signing out with changes the server does not have yet asks first; they
// stay on the device either way.
type AccountMenu struct {
	app.Compo
	user     api.User
	signedIn bool
	// pending counts the user's changes not on the server, > 0 while the
	// sign-out confirmation is open.
	pending int
	// onStorage hears another tab sign in or out.
	onStorage app.Func
}

// OnInit reads who is signed in before the first render, on the server
// too (the user of the page it renders, FirstPaint): the first render of
// the client is then the server's.
func (m *AccountMenu) OnInit() { m.user, m.signedIn = signedInUser() }

// OnMount reads who is signed in again whenever that changes, in this tab
// (actionUserChanged) or another (the storage event, which it turns into
// actionUserChanged for every component of the page).
func (m *AccountMenu) OnMount(ctx app.Context) {
	if app.IsServer {
		return
	}
	ctx.Handle(actionUserChanged, func(ctx app.Context, a app.Action) {
		m.user, m.signedIn = signedInUser()
		m.pending = 0
	})
	m.onStorage = app.FuncOf(func(_ app.Value, args []app.Value) any {
		if key := args[0].Get("key"); key.Type() == app.TypeString && key.String() == meKey {
			ctx.Dispatch(func(ctx app.Context) { ctx.NewAction(actionUserChanged) })
			background.Kick()
		}
		return nil
	})
	app.Window().Call("addEventListener", "storage", m.onStorage)
}

// OnDismount stops listening to the other tabs.
func (m *AccountMenu) OnDismount() {
	if m.onStorage != nil {
		app.Window().Call("removeEventListener", "storage", m.onStorage)
		m.onStorage.Release()
		m.onStorage = nil
	}
}

// askSignOut counts the user's pending changes: none signs out at once,
// else the confirmation opens.
func (m *AccountMenu) askSignOut(ctx app.Context) {
	annotator := m.user.Annotator
	ctx.Async(func() {
		n, err := replica.CountPending(idbStore{}, annotator)
		if err != nil {
			n = 1 // unknown: ask rather than lose sight of them
		}
		ctx.Dispatch(func(ctx app.Context) {
			if n == 0 {
				m.signOut(ctx)
				return
			}
			m.pending = n
			ctx.Defer(func(app.Context) { focusByID("signout-no") })
		})
	})
}

// signOut signs out and opens the library, which then asks to sign in. The
// confirmation stays until it is done: go-app drops what is dispatched to
// an element no longer shown, as its button would be.
func (m *AccountMenu) signOut(ctx app.Context) {
	ctx.Async(func() {
		signOut()
		ctx.Dispatch(func(ctx app.Context) {
			m.pending = 0
			ctx.NewAction(actionUserChanged)
			if ctx.Page().URL().Path != "/" {
				ctx.Navigate("/")
			}
		})
	})
}

// focusByID gives the focus to the element with id, when it is shown.
func focusByID(id string) {
	if el := app.Window().GetElementByID(id); el.Truthy() {
		el.Call("focus")
	}
}

// Render shows the user's name and Sign out, or Sign in.
func (m *AccountMenu) Render() app.UI {
	if !m.signedIn {
		return app.Div().Class("account").Body(signInButton("sign-in-link"))
	}
	name := m.user.Name()
	return app.Div().Class("account").Body(
		app.A().ID("user-name").Href("/account").Title("Your account (signed in as "+m.user.Login+")").Text(name),
		app.Button().ID("sign-out").Type("button").Class("link").Text("Sign out").
			OnClick(func(ctx app.Context, e app.Event) { m.askSignOut(ctx) }),
		app.If(m.pending > 0, func() app.UI {
			return app.Div().ID("signout-confirm").Class("dialog-backdrop").Body(
				app.Div().Class("dialog").Role("alertdialog").Aria("modal", true).Aria("labelledby", "signout-title").
					OnKeyDown(func(ctx app.Context, e app.Event) {
						if e.Get("key").String() == "Escape" {
							m.pending = 0
							return
						}
						keepTabInDialog(ctx, e)
					}).Body(
					app.H2().ID("signout-title").Text("Sign out?"),
					app.P().ID("signout-pending").Text(fmt.Sprintf("%s made as %s %s not on the server yet; they stay on this device and are sent when %s signs in again.",
						formatCount(m.pending, "change"), name, isOrAre(m.pending), name)),
					app.Div().Class("actions").Body(
						app.Button().ID("signout-yes").Class("danger").Text("Sign out").
							OnClick(func(ctx app.Context, e app.Event) { m.signOut(ctx) }),
						app.Button().ID("signout-no").Text("Stay signed in (Esc)").
							OnClick(func(ctx app.Context, e app.Event) { m.pending = 0 }),
					),
				),
			)
		}),
	)
}

// isOrAre is the verb that agrees with a count of n.
func isOrAre(n int) string {
	if n == 1 {
		return "is"
	}
	return "are"
}

// fieldProblems are a form's problems by field ("" for the form's own).
type fieldProblems map[string]string

// setFrom notes err beside its field when it is an annotations rule's
// (label names the field for the reader), else as the form's own.
func (p fieldProblems) setFrom(field, label string, err error) {
	var v *annotations.ValidationError
	if errors.As(err, &v) {
		p[field] = label + " " + v.Message
		return
	}
	if err != nil {
		p[""] = err.Error()
	}
}

// accountError says why the server refused a sign-in or setup: its message
// (after too many failures, when to try again), or what to do when it
// cannot be reached.
func accountError(err error) string {
	if errors.Is(err, errOffline) {
		return "The server cannot be reached, and signing in needs it. A device where nobody has signed in cannot work offline; one where someone has, works offline as them."
	}
	return err.Error() // the server's message; a 429's says when to try again
}

// SignInForm signs a user in: login and password, the server's answer when
// it refuses. Next is where it goes afterwards; "" stays on the page, which
// reads the user's sets again (actionUserChanged).
type SignInForm struct {
	app.Compo
	Next string

	values   formValues
	problems fieldProblems
	busy     bool
	// legacy is the annotator name the release before accounts kept on
	// this device, "" when none.
	legacy string
}

// OnMount reads the older release's annotator name (in the browser only:
// the server renders the page too).
func (f *SignInForm) OnMount(ctx app.Context) {
	if !app.IsServer {
		f.legacy = localStorageItem(legacyAnnotatorKey)
	}
}

// Render shows the form.
func (f *SignInForm) Render() app.UI {
	legacy := f.legacy
	return accountForm("signin", "Sign in", f.busy, signInFields, &f.values, f.problems, f.submit,
		app.P().ID("legacy-annotator").Class("note").Hidden(legacy == "").
			Text("Changes made on this device as “"+legacy+"” before accounts stay here: they are sent when the account made from that name signs in."),
	)
}

// signInFields are the sign-in form's fields.
var signInFields = []formField{
	{"login", "Login", "text", "username"},
	{"password", "Password", "password", "current-password"},
}

// submit checks the fields, then asks the server.
func (f *SignInForm) submit(ctx app.Context) {
	f.problems = fieldProblems{}
	login, password := annotations.NormalizeLogin(f.values["login"]), f.values["password"]
	f.problems.setFrom("login", "Login", annotations.ValidateLogin(login))
	if password == "" {
		f.problems["password"] = "Password is empty"
	}
	if len(f.problems) > 0 {
		return
	}
	f.busy = true
	req := api.SignInRequest{Login: login, Password: password}
	ctx.Async(func() {
		me, err := apiClient.SignIn(context.Background(), req)
		ctx.Dispatch(func(ctx app.Context) {
			f.busy = false
			if err != nil {
				f.problems[""] = accountError(err)
				return
			}
			f.values.set("password", "")
			keepSignedIn(me)
			ctx.NewAction(actionUserChanged)
			if f.Next != "" {
				ctx.Navigate(f.Next)
			}
		})
	})
}

// SignInPage is /signin: the sign-in form, then back where the user was
// (?next=PATH, a path of this site).
type SignInPage struct {
	app.Compo
	next string
}

// OnNav reads where to go after signing in.
func (p *SignInPage) OnNav(ctx app.Context) {
	ctx.Page().SetTitle("Gloss · Sign in")
	p.next = safeNext(ctx.Page().URL().Query().Get("next"))
}

// Render shows the page.
func (p *SignInPage) Render() app.UI {
	return app.Div().Class("page").Body(
		&TopBar{},
		app.Main().Class("library").Body(
			app.H1().Text("Sign in"),
			&SignInForm{Next: p.next},
		),
	)
}

// SetupPage is /setup#TOKEN, the link gloss serve prints while the server
// has no admin: it creates the first admin's account, signs them in and
// opens the library.
type SetupPage struct {
	app.Compo
	token    string
	values   formValues
	problems fieldProblems
	busy     bool
}

// OnNav reads the setup token from the address's fragment, which the
// browser never sends to the server.
func (p *SetupPage) OnNav(ctx app.Context) {
	ctx.Page().SetTitle("Gloss · Set up")
	if app.IsServer {
		return
	}
	p.token = strings.TrimPrefix(app.Window().Get("location").Get("hash").String(), "#")
}

// Render shows the form.
func (p *SetupPage) Render() app.UI {
	return app.Div().Class("page").Body(
		&TopBar{},
		app.Main().Class("library").Body(
			app.H1().Text("Set up Gloss"),
			app.P().ID("setup-intro").Class("note").Text("Create the first account: an admin, who can add the others (gloss user add)."),
			accountForm("setup", "Create the account", p.busy, setupFields, &p.values, p.problems, p.submit),
		),
	)
}

// setupFields are the setup form's fields.
var setupFields = []formField{
	{"login", "Login", "text", "username"},
	{"display", "Display name (optional)", "text", "name"},
	{"password", "Password", "password", "new-password"},
	{"password-again", "Password again", "password", "new-password"},
}

// submit checks the fields with the account rules, then asks the server.
func (p *SetupPage) submit(ctx app.Context) {
	p.problems = fieldProblems{}
	login := annotations.NormalizeLogin(p.values["login"])
	display := annotations.NormalizeLine(p.values["display"])
	password := p.values["password"]
	p.problems.setFrom("login", "Login", annotations.ValidateLogin(login))
	p.problems.setFrom("display", "Display name", annotations.ValidateDisplayName(display))
	p.problems.setFrom("password", "Password", annotations.ValidatePassword(password))
	if p.values["password-again"] != password {
		p.problems["password-again"] = "The two passwords differ"
	}
	if p.token == "" {
		p.problems[""] = "This page needs the setup link gloss serve prints (…/setup#TOKEN): open that link."
	}
	if len(p.problems) > 0 {
		return
	}
	p.busy = true
	req := api.SetupRequest{Token: p.token, Login: login, DisplayName: display, Password: password}
	ctx.Async(func() {
		me, err := apiClient.Setup(context.Background(), req)
		ctx.Dispatch(func(ctx app.Context) {
			p.busy = false
			if err != nil {
				p.problems[""] = accountError(err)
				return
			}
			p.values = nil
			keepSignedIn(me)
			ctx.NewAction(actionUserChanged)
			ctx.Navigate("/")
		})
	})
}
