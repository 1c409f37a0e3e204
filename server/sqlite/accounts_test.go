package sqlite

import (
	"context"
	"testing"

	"github.com/gloss-annotate/gloss/server/storetest"
	"github.com/google/go-cmp/cmp"
)

// openAccountsStore opens a store in a temporary folder, closed when the
// test ends.
func openAccountsStore(t *testing.T) *Store {
	t.Helper()
	s, err := Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// TestAccountsContract runs the stores' account cases (server/storetest).
func TestAccountsContract(t *testing.T) {
	storetest.Accounts(t, func(t *testing.T) storetest.AccountStore { return openAccountsStore(t) })
}

// TestMigrateAccounts opens a version 5 file (before accounts) whose
// revisions carry annotator names that differ only in case and spacing,
// and checks that each name becomes a user without a password, with the
// exact name as its annotator and a unique login.
func TestMigrateAccounts(t *testing.T) {
	ctx := context.Background()
	dir := fileAtVersion(t, 5,
		statement{`INSERT INTO articles (id, title, text, created, chars) VALUES ('a1', 't', 'text', '2026-01-01T00:00:00.000000000Z', 4)`, nil},
		statement{`INSERT INTO revisions (rev, item, kind, article_id, annotator) VALUES ('1-a', 'i1', 'entity', 'a1', 'Ana')`, nil},
		statement{`INSERT INTO revisions (rev, item, kind, article_id, annotator) VALUES ('1-b', 'i2', 'entity', 'a1', 'ana')`, nil},
		statement{`INSERT INTO revisions (rev, item, kind, article_id, annotator) VALUES ('1-c', 'i3', 'entity', 'a1', 'ana')`, nil},
		statement{`INSERT INTO revisions (rev, item, kind, article_id, annotator) VALUES ('1-d', 'i4', 'entity', 'a1', 'Bob Ross')`, nil},
	)
	s, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	users, err := s.Users(ctx)
	if err != nil {
		t.Fatal(err)
	}
	type user struct{ Login, Annotator, DisplayName, Hash string }
	var got []user
	for _, u := range users {
		got = append(got, user{u.Login, u.Annotator, u.DisplayName, u.PasswordHash})
		if u.ID == "" || u.Admin || u.Created.IsZero() {
			t.Errorf("migrated user %+v: want an ID, a creation time, no admin", u)
		}
	}
	want := []user{{"ana", "Ana", "Ana", ""}, {"ana-2", "ana", "ana", ""}, {"bob ross", "Bob Ross", "Bob Ross", ""}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("users made of the annotators (-want +got):\n%s", diff)
	}
	if has, err := s.HasAdmin(ctx); err != nil || has {
		t.Errorf("HasAdmin() after the migration = %v, %v; want false (the setup link makes one)", has, err)
	}
}
