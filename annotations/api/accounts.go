package api

import "time"

// The account endpoints' paths.
const (
	// PathSignIn: POST SignInRequest → 200 Me, with the session cookie.
	PathSignIn = "/api/v1/auth/signin"
	// PathSignOut: POST, no body → 204; ends the session and clears the
	// cookie.
	PathSignOut = "/api/v1/auth/signout"
	// PathSetup: POST SetupRequest → 201 Me, with the session cookie: the
	// one-time setup link's token creates the first admin.
	PathSetup = "/api/v1/auth/setup"
	// PathMe: GET → Me, who is signed in.
	PathMe = "/api/v1/me"
	// PathPassword: POST PasswordChange → 200 Me with a new session
	// cookie; every other session of the user ends.
	PathPassword = "/api/v1/me/password"
	// PathTokens: GET → TokenList (the user's API tokens); POST
	// TokenRequest → 201 NewToken.
	PathTokens = "/api/v1/tokens"
	// PathUsers: GET → UserList; POST UserRequest → 201 NewUser. Admins
	// only.
	PathUsers = "/api/v1/users"
)

// TokenPath is the path of one API token: DELETE → 204 revokes it.
func TokenPath(id string) string { return PathTokens + "/" + id }

// UserPath is the path of one account, by its login: PATCH UserPatch →
// 200 User. Admins only.
func UserPath(login string) string { return PathUsers + "/" + login }

// UserPatch is the body of PATCH /api/v1/users/{login}: what changes.
type UserPatch struct {
	// Disabled disables the account (no sign-in passes, its sessions end
	// and its API tokens are revoked; its sets and its password stay), or
	// enables it again. An admin cannot disable their own account.
	Disabled *bool `json:"disabled,omitempty"`
}

// SessionCookie is the name of the session cookie (HttpOnly,
// SameSite=Strict, Secure over TLS). Its value is the session's token; the
// server keeps only the token's hash.
const SessionCookie = "gloss_session"

// SignInRequest is the body of POST /api/v1/auth/signin.
type SignInRequest struct {
	Login    string `json:"login"`
	Password string `json:"password"`
}

// SetupRequest is the body of POST /api/v1/auth/setup: the setup link's
// token and the first admin's account.
type SetupRequest struct {
	Token       string `json:"token"`
	Login       string `json:"login"`
	DisplayName string `json:"display_name,omitempty"`
	Password    string `json:"password"`
}

// PasswordChange is the body of POST /api/v1/me/password.
type PasswordChange struct {
	Current string `json:"current"`
	New     string `json:"new"`
}

// User is an account as the API shows it (never its password). A
// project's member list shows anyone but an admin only what the
// project's pages need: Admin, HasPassword and Created are then left out.
type User struct {
	ID    string `json:"id"`
	Login string `json:"login"`
	// Annotator is the name the user's annotation sets and revisions
	// carry: the login for an account made by Gloss, the free-text name
	// for an account made from an older database's annotator.
	Annotator   string `json:"annotator"`
	DisplayName string `json:"display_name,omitempty"`
	Admin       bool   `json:"admin,omitempty"`
	// HasPassword is false for an account that cannot sign in until an
	// admin sets its password (one made from an older database).
	HasPassword bool `json:"has_password,omitempty"`
	// Disabled is whether an operator disabled the account (gloss user
	// disable): it signs in no more, and is assigned no more articles.
	Disabled bool      `json:"disabled,omitempty"`
	Created  time.Time `json:"created,omitzero"`
}

// Name is what the app shows for u: the display name, else the login.
func (u User) Name() string {
	if u.DisplayName != "" {
		return u.DisplayName
	}
	return u.Login
}

// Me is the answer of GET /api/v1/me and of signing in: the signed-in user.
type Me struct {
	User User `json:"user"`
	// Projects are the projects the user is a member of, with their role,
	// by name.
	Projects []ProjectRole `json:"projects"`
}

// UserList is the answer of GET /api/v1/users, by login.
type UserList struct {
	Users []User `json:"users"`
}

// UserRequest is the body of POST /api/v1/users: a new account. Without a
// password the server generates one and answers it once.
type UserRequest struct {
	Login       string `json:"login"`
	DisplayName string `json:"display_name,omitempty"`
	Password    string `json:"password,omitempty"`
	Admin       bool   `json:"admin,omitempty"`
}

// NewUser answers POST /api/v1/users: the account, and the password the
// server generated (only when the request gave none).
type NewUser struct {
	User     User   `json:"user"`
	Password string `json:"password,omitempty"`
}

// Token is an API token as its user lists it (never its secret).
type Token struct {
	ID       string     `json:"id"`
	Name     string     `json:"name"`
	Created  time.Time  `json:"created"`
	LastUsed *time.Time `json:"last_used,omitempty"`
}

// TokenList is the answer of GET /api/v1/tokens, newest first.
type TokenList struct {
	Tokens []Token `json:"tokens"`
}

// TokenRequest is the body of POST /api/v1/tokens.
type TokenRequest struct {
	Name string `json:"name"`
}

// NewToken answers POST /api/v1/tokens: the token, and its secret, shown
// once, to send as "Authorization: Bearer SECRET".
type NewToken struct {
	Token  Token  `json:"token"`
	Secret string `json:"secret"`
}
