package app

import (
	"slices"
	"testing"
	"time"

	"github.com/gloss-annotate/gloss/annotations/api"
)

// TestAccountRows: the account page's lines say a token's name, when it
// was made and last used ("never" before its first use), and a user's
// login, display name, admin role, a missing password and a disabled
// account; a member's login, name, role and a disabled account.
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
		{Login: "cy", HasPassword: true, Disabled: true},
	}
	wantUsers := []string{"ada (Ada Lovelace) · admin", "bob", "old name · no password set", "cy · disabled"}
	if got := userRows(users); !slices.Equal(got, wantUsers) {
		t.Errorf("userRows = %q, want %q", got, wantUsers)
	}
	members := []api.Member{{User: users[0], Role: api.RoleManager}, {User: users[3], Role: api.RoleAnnotator}}
	wantMembers := []string{"ada (Ada Lovelace) · manager", "cy · annotator · disabled"}
	if got := memberRows(members); !slices.Equal(got, wantMembers) {
		t.Errorf("memberRows = %q, want %q", got, wantMembers)
	}
}
