package app

import (
	"slices"
	"testing"
	"time"

	"github.com/gloss-annotate/gloss/annotations/api"
)

// TestAccountRows: the account page's lines say a token's name, when it
// was made and last used ("never" before its first use), and a user's
// login, display name, admin role and a missing password.
func TestAccountRows(t *testing.T) {
	made := time.Date(2026, 12, 4, 10, 30, 0, 0, time.Local)
	used := made.Add(90 * time.Minute)
	tokens := []api.Token{{Name: "script", Created: made}, {Name: "backup", Created: made, LastUsed: &used}}
	wantTokens := []string{
		"script · created 4 Dec 2026 10:30 · last used never",
		"backup · created 4 Dec 2026 10:30 · last used 4 Dec 2026 12:00",
	}
	if got := tokenRows(tokens); !slices.Equal(got, wantTokens) {
		t.Errorf("tokenRows = %q, want %q", got, wantTokens)
	}
	users := []api.User{
		{Login: "ada", DisplayName: "Ada Lovelace", Admin: true, HasPassword: true},
		{Login: "bob", HasPassword: true},
		{Login: "old name"},
	}
	wantUsers := []string{"ada (Ada Lovelace) · admin", "bob", "old name · no password set"}
	if got := userRows(users); !slices.Equal(got, wantUsers) {
		t.Errorf("userRows = %q, want %q", got, wantUsers)
	}
}
