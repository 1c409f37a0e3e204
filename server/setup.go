package server

import (
	"context"
	"time"

	"github.com/gloss-annotate/gloss/server/internal/secret"
)

// SetupPath is the app's page that the one-time setup link opens; the
// token follows in the fragment (#TOKEN), which browsers never send to a
// server, so it stays out of logs.
const SetupPath = "/setup"

// SetupTokenLife is how long a setup token stays valid, unless an admin
// is created first (with it or another).
const SetupTokenLife = 24 * time.Hour

// NewSetupToken makes a new one-time setup token when no user is an admin
// (a new database, or one upgraded from before accounts) and returns it;
// "" when an admin exists. `gloss serve` prints the link it makes
// (SetupPath + "#" + token) at each start until the first admin is
// created with one: each replica's link works (for SetupTokenLife), and
// creating the admin ends them all.
func NewSetupToken(ctx context.Context, accounts Accounts, now time.Time) (string, error) {
	has, err := accounts.HasAdmin(ctx)
	if err != nil || has {
		return "", err
	}
	token, hash, err := secret.NewToken()
	if err != nil {
		return "", err
	}
	if err := accounts.PutSetupToken(ctx, hash, now, now.Add(-SetupTokenLife)); err != nil {
		return "", err
	}
	return token, nil
}
