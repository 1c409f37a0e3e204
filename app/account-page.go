package app

import (
	"context"
	"errors"

	"github.com/gloss-annotate/gloss/annotations"
	"github.com/gloss-annotate/gloss/annotations/api"
	"github.com/gloss-annotate/gloss/app/replica"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// AccountPage is /account, the signed-in user's account: their password,
// their API tokens and, for an admin, the users. Each needs the server:
// offline, the page says so and keeps what was typed; a 401 offers to
// sign in again, as the sync status does.
type AccountPage struct {
	app.Compo
	user     api.User
	signedIn bool
	// values hold the fields of every form of the page (their names
	// differ); problems are each form's, by form ("" for the lists').
	values   formValues
	problems map[string]fieldProblems
	// busy is the form whose request waits for the server, "" when none.
	busy string
	// signIn is true when the server asked for a sign-in (401).
	signIn       bool
	passwordDone bool
	tokens       []api.Token
	users        []api.User
	// revoking is the token whose revocation waits for a yes.
	revoking string
	// secret is the new token's secret, and newUser the account just
	// added with its generated password: shown once.
	secret  string
	newUser api.NewUser
}

// The account page's forms' fields.
var (
	passwordFields = []formField{
		{"current", "Current password", "password", "current-password"},
		{"new", "New password", "password", "new-password"},
		{"new-again", "New password again", "password", "new-password"},
	}
	tokenFields = []formField{{"token-name", "Name (what will use it)", "text", "off"}}
	userFields  = []formField{
		{"user-login", "Login", "text", "off"},
		{"user-display", "Display name (optional)", "text", "off"},
		{"user-admin", "Admin (may add users and read everyone's sets)", "checkbox", ""},
	}
)

// OnMount reads the lists again when another user signs in on the device.
func (p *AccountPage) OnMount(ctx app.Context) {
	ctx.Handle(actionUserChanged, func(ctx app.Context, a app.Action) { p.OnNav(ctx) })
}

// OnNav reads who is signed in on the device and asks the server for their
// tokens and, for an admin, the users.
func (p *AccountPage) OnNav(ctx app.Context) {
	ctx.Page().SetTitle("Gloss · Account")
	if app.IsServer {
		return
	}
	p.user, p.signedIn = signedInUser()
	p.problems = map[string]fieldProblems{}
	if p.signedIn {
		p.load(ctx)
	}
}

// load asks the server for the lists.
func (p *AccountPage) load(ctx app.Context) {
	admin := p.user.Admin
	p.send(ctx, "", func() (func(app.Context), error) {
		tokens, err := apiClient.Tokens(context.Background())
		var users []api.User
		if err == nil && admin {
			users, err = apiClient.Users(context.Background())
		}
		return func(app.Context) { p.tokens, p.users = tokens, users }, err
	})
}

// send runs call, the request of form, in the background; then, on the
// page's goroutine, what it returned, or the failure beside the form: the
// server cannot be reached (nothing is lost: the fields keep what was
// typed), wants a sign-in, or refused (its message).
func (p *AccountPage) send(ctx app.Context, form string, call func() (func(app.Context), error)) {
	sendForm(ctx, &p.busy, p.problems, &p.signIn, form, call)
}

// sendForm is a page's send: busy is the form waiting, problems the
// page's by form, signIn whether the server asked for a sign-in.
func sendForm(ctx app.Context, busy *string, problemsOf map[string]fieldProblems, signIn *bool, form string, call func() (func(app.Context), error)) {
	*busy = form
	ctx.Async(func() {
		done, err := call()
		ctx.Dispatch(func(ctx app.Context) {
			*busy = ""
			problems := problemsOf[form]
			if problems == nil {
				problems = fieldProblems{}
				problemsOf[form] = problems
			}
			switch {
			case errors.Is(err, errOffline):
				problems[""] = "The server cannot be reached, and this needs it: nothing was changed, and what you typed stays. Try again when it answers."
			case errors.Is(err, replica.ErrUnauthenticated):
				*signIn = true
				problems[""] = "The server asks you to sign in again: nothing was changed."
			case err != nil:
				problems[""] = err.Error()
			default:
				delete(problems, "")
				*signIn = false
				done(ctx)
			}
		})
	})
}

// check starts form's problems: rule's findings, by field. It reports
// whether there are none.
func (p *AccountPage) check(form string, rule func(fieldProblems)) bool {
	problems := fieldProblems{}
	rule(problems)
	p.problems[form] = problems
	return len(problems) == 0
}

// changePassword checks the fields with the account rules, then asks the
// server, and keeps the answer as the device's user: the session goes on
// with the new cookie the server sent.
func (p *AccountPage) changePassword(ctx app.Context) {
	p.passwordDone = false
	req := api.PasswordChange{Current: p.values["current"], New: p.values["new"]}
	if !p.check("password", func(pr fieldProblems) {
		if req.Current == "" {
			pr["current"] = "Current password is empty"
		}
		pr.setFrom("new", "New password", annotations.ValidatePassword(req.New))
		if p.values["new-again"] != req.New {
			pr["new-again"] = "The two passwords differ"
		}
	}) {
		return
	}
	p.send(ctx, "password", func() (func(app.Context), error) {
		me, err := apiClient.ChangePassword(context.Background(), req)
		return func(app.Context) {
			storeMe(me)
			p.values.set("current", "")
			p.values.set("new", "")
			p.values.set("new-again", "")
			p.passwordDone = true
		}, err
	})
}

// createToken makes a token and shows its secret, once.
func (p *AccountPage) createToken(ctx app.Context) {
	p.secret = ""
	name := annotations.NormalizeLine(p.values["token-name"])
	if !p.check("token", func(pr fieldProblems) {
		if name == "" {
			pr["token-name"] = "Name is empty: name the token after what uses it"
		}
	}) {
		return
	}
	p.send(ctx, "token", func() (func(app.Context), error) {
		tok, err := apiClient.CreateToken(context.Background(), name)
		return func(ctx app.Context) {
			p.secret = tok.Secret
			p.values.set("token-name", "")
			p.load(ctx)
		}, err
	})
}

// revoke revokes the token id, which the user confirmed.
func (p *AccountPage) revoke(ctx app.Context, id string) {
	p.send(ctx, "token", func() (func(app.Context), error) {
		err := apiClient.RevokeToken(context.Background(), id)
		return func(ctx app.Context) {
			p.revoking = ""
			p.load(ctx)
		}, err
	})
}

// createUser adds an account, whose password the server generates; the
// page shows it once, to hand over.
func (p *AccountPage) createUser(ctx app.Context) {
	p.newUser = api.NewUser{}
	req := api.UserRequest{
		Login:       annotations.NormalizeLogin(p.values["user-login"]),
		DisplayName: annotations.NormalizeLine(p.values["user-display"]),
		Admin:       p.values["user-admin"] != "",
	}
	if !p.check("user", func(pr fieldProblems) {
		pr.setFrom("user-login", "Login", annotations.ValidateLogin(req.Login))
		pr.setFrom("user-display", "Display name", annotations.ValidateDisplayName(req.DisplayName))
	}) {
		return
	}
	p.send(ctx, "user", func() (func(app.Context), error) {
		nu, err := apiClient.CreateUser(context.Background(), req)
		return func(ctx app.Context) {
			p.newUser = nu
			for _, f := range userFields {
				p.values.set(f.name, "")
			}
			p.load(ctx)
		}, err
	})
}

// Render shows the page.
func (p *AccountPage) Render() app.UI {
	return signedInPage("account", "Account", p.signedIn, p.sections)
}

// signedInPage is a page of the account kind (id "account" or "project"):
// the top bar, the title, and what sections shows, or a way to sign in
// when nobody is signed in.
func signedInPage(id, title string, signedIn bool, sections func() app.UI) app.UI {
	var body app.UI
	if signedIn {
		body = sections()
	} else {
		body = app.Div().ID(id+"-signed-out").Body(textLine("", "note", "Nobody is signed in on this device."), signInButton(id+"-signin"))
	}
	return app.Div().Class("page").Body(
		&TopBar{},
		app.Main().Class("library account-page").Body(app.H1().Text(title), body),
	)
}

// sections shows the account's sections; Users only to an admin.
func (p *AccountPage) sections() app.UI {
	var users, signIn app.UI
	if p.user.Admin {
		users = section("user-section", "Users",
			itemList("user-list", userRows(p.users), nil),
			accountForm("user", "Add the user", p.busy == "user", userFields, &p.values, p.problems["user"], p.createUser,
				shownOnce("user-password", p.newUser.Password, "The password of "+p.newUser.User.Login+": hand it over now; it is not shown again. They can change it on their account page.")),
		)
	}
	if p.signIn {
		signIn = signInButton("account-signin")
	}
	done := ""
	if p.passwordDone {
		done = "The password is changed. You stay signed in here; your other sessions have ended. API tokens still work."
	}
	return app.Div().Body(
		textLine("account-who", "note", "Signed in as "+p.user.Name()+" (login "+p.user.Login+"). What this page changes needs the server."),
		app.P().Body(app.A().ID("project-link").Href("/project").Text("The project: its guidelines and members")),
		textLine("account-problem", "error", p.problems[""][""]),
		signIn,
		section("password-section", "Password",
			accountForm("password", "Change the password", p.busy == "password", passwordFields, &p.values, p.problems["password"], p.changePassword,
				textLine("password-done", "note", done)),
		),
		section("token-section", "API tokens",
			textLine("token-intro", "note", "A token lets a program use the API as you: it sends the header “Authorization: Bearer SECRET”."),
			itemList("token-list", tokenRows(p.tokens), p.revokeButton),
			p.revokeConfirm(),
			accountForm("token", "Create a token", p.busy == "token", tokenFields, &p.values, p.problems["token"], p.createToken,
				shownOnce("token-secret", p.secret, "The token's secret: copy it now; it is not shown again. Send it as “Authorization: Bearer "+p.secret+"”.")),
		),
		users,
	)
}

// revokeButton is Revoke, at the end of token i's line: it asks first.
func (p *AccountPage) revokeButton(i int) app.UI {
	id := p.tokens[i].ID
	return button("", "revoke", "Revoke", id, func(app.Context) { p.revoking = id })
}

// revokeConfirm asks whether to revoke the token the user picked, hidden
// while none waits. It stays in the page: go-app drops what is dispatched
// to an element no longer shown, as its button would be.
func (p *AccountPage) revokeConfirm() app.UI {
	return app.P().ID("revoke-confirm").Role("alert").Hidden(p.revoking == "").Body(
		app.Text("Revoke this token? Programs that use it will be refused. "),
		button("revoke-yes", "danger", "Revoke it", "", func(ctx app.Context) { p.revoke(ctx, p.revoking) }),
		button("revoke-no", "", "Keep it", "", func(app.Context) { p.revoking = "" }),
	)
}

// shownOnce shows secret, with note, when there is one: a token's secret
// or a generated password, which the server never shows again.
func shownOnce(id, secret, note string) app.UI {
	return app.Div().Class("shown-once").Role("status").Hidden(secret == "").Body(
		app.Strong().ID(id).Text(secret),
		textLine(id+"-note", "note", note),
	)
}

// itemList is the list id: a line of text per item, with more's element
// for item i after it when more is not nil.
func itemList(id string, items []string, more func(i int) app.UI) app.UI {
	return app.Ul().ID(id).Class("item-list").Body(app.Range(items).Slice(func(i int) app.UI {
		var extra app.UI
		if more != nil {
			extra = more(i)
		}
		return app.Li().Body(app.Span().Text(items[i]), extra)
	}))
}
