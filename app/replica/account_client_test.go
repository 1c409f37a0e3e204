package replica

import (
	"context"
	"encoding/json"
	"errors"
	"reflect"
	"testing"
	"time"

	"github.com/gloss-annotate/gloss/annotations/api"
)

// TestAccountCalls: each account and project method sends its method, path and body,
// and decodes the server's answer; an error answer is a *ServerError with
// the server's message.
func TestAccountCalls(t *testing.T) {
	created := time.Date(2026, 12, 4, 10, 0, 0, 0, time.UTC)
	user := api.User{ID: "u1", Login: "ann", Annotator: "ann", HasPassword: true, Created: created}
	token := api.Token{ID: "t1", Name: "script", Created: created}
	guide := "Mark every person."
	project := api.Project{ID: "default", Name: "Default", Guidelines: guide, Created: created, Role: api.RoleManager}
	member := api.Member{User: user, Role: api.RoleCurator}
	tests := []struct {
		name       string
		call       func(*Client) (any, error)
		wantMethod string
		wantPath   string
		wantBody   any // nil: no body
		answer     any // the server's 2xx answer; nil: none
		want       any
	}{
		{"ChangePassword",
			func(c *Client) (any, error) {
				return c.ChangePassword(context.Background(), api.PasswordChange{Current: "old one here", New: "new one here"})
			},
			"POST", api.PathPassword, api.PasswordChange{Current: "old one here", New: "new one here"},
			api.Me{User: user}, api.Me{User: user}},
		{"Tokens",
			func(c *Client) (any, error) { return c.Tokens(context.Background()) },
			"GET", api.PathTokens, nil,
			api.TokenList{Tokens: []api.Token{token}}, []api.Token{token}},
		{"CreateToken",
			func(c *Client) (any, error) { return c.CreateToken(context.Background(), "script") },
			"POST", api.PathTokens, api.TokenRequest{Name: "script"},
			api.NewToken{Token: token, Secret: "s3cret"}, api.NewToken{Token: token, Secret: "s3cret"}},
		{"RevokeToken",
			func(c *Client) (any, error) { return nil, c.RevokeToken(context.Background(), "t1") },
			"DELETE", api.PathTokens + "/t1", nil,
			nil, nil},
		{"Users",
			func(c *Client) (any, error) { return c.Users(context.Background()) },
			"GET", api.PathUsers, nil,
			api.UserList{Users: []api.User{user}}, []api.User{user}},
		{"CreateUser",
			func(c *Client) (any, error) {
				return c.CreateUser(context.Background(), api.UserRequest{Login: "ann", Admin: true})
			},
			"POST", api.PathUsers, api.UserRequest{Login: "ann", Admin: true},
			api.NewUser{User: user, Password: "generated"}, api.NewUser{User: user, Password: "generated"}},
		{"Project",
			func(c *Client) (any, error) { return c.Project(context.Background(), "default") },
			"GET", "/api/v1/projects/default", nil,
			project, project},
		{"UpdateProject",
			func(c *Client) (any, error) {
				return c.UpdateProject(context.Background(), "default", api.ProjectPatch{Guidelines: &guide})
			},
			"PATCH", "/api/v1/projects/default", api.ProjectPatch{Guidelines: &guide},
			project, project},
		{"Members",
			func(c *Client) (any, error) { return c.Members(context.Background(), "default") },
			"GET", "/api/v1/projects/default/members", nil,
			api.MemberList{Members: []api.Member{member}}, []api.Member{member}},
		{"SetMember",
			func(c *Client) (any, error) {
				return c.SetMember(context.Background(), "default", "ann", api.RoleCurator)
			},
			"PUT", "/api/v1/projects/default/members/ann", api.MemberRequest{Role: api.RoleCurator},
			member, member},
		{"RemoveMember",
			func(c *Client) (any, error) { return nil, c.RemoveMember(context.Background(), "default", "ann") },
			"DELETE", "/api/v1/projects/default/members/ann", nil,
			nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var wantBody []byte
			if tt.wantBody != nil {
				wantBody, _ = json.Marshal(tt.wantBody)
			}
			status := 204
			var reply []byte
			if tt.answer != nil {
				status, reply = 200, mustJSON(t, tt.answer)
			}
			ok := &Client{Transport: transportFunc(func(_ context.Context, method, path string, body []byte) (int, []byte, error) {
				if method != tt.wantMethod || path != tt.wantPath || string(body) != string(wantBody) {
					t.Errorf("sent %s %s %s, want %s %s %s", method, path, body, tt.wantMethod, tt.wantPath, wantBody)
				}
				return status, reply, nil
			})}
			got, err := tt.call(ok)
			if err != nil || !reflect.DeepEqual(got, tt.want) {
				t.Errorf("answer = %#v, %v; want %#v", got, err, tt.want)
			}

			refused := &Client{Transport: transportFunc(func(context.Context, string, string, []byte) (int, []byte, error) {
				return 403, mustJSON(t, api.ErrorBody{Error: api.Errorf(api.CodeForbidden, "not yours")}), nil
			})}
			_, err = tt.call(refused)
			var se *ServerError
			if !errors.As(err, &se) || se.Status != 403 || se.Message != "not yours" {
				t.Errorf("a 403 answer gives %v, want a *ServerError with the server's message", err)
			}
		})
	}
}

// mustJSON encodes v.
func mustJSON(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
