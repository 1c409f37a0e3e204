package server

import (
	"context"

	"github.com/gloss-annotate/gloss/server/internal/secret"
)

// SetupPath is the app's page that the one-time setup link opens; the
// token follows in the fragment (#TOKEN), which browsers never send to a
// server, so it stays out of logs.
const SetupPath = "/setup"

// NewSetupToken makes a new one-time setup token when no user is an admin
// (a new database, or one upgraded from before accounts), replacing any
// earlier one, and returns it; "" when an admin exists. `gloss serve`
// prints the link it makes (SetupPath + "#" + token) at each start until
// the first admin is created with it.
func NewSetupToken(ctx context.Context, accounts Accounts) (string, error) {
	has, err := accounts.HasAdmin(ctx)
	if err != nil || has {
		return "", err
	}
	token, hash, err := secret.NewToken()
	if err != nil {
		return "", err
	}
	if err := accounts.PutSetupToken(ctx, hash); err != nil {
		return "", err
	}
	return token, nil
}
