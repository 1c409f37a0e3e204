package sqlite

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/gloss-annotate/gloss/annotations"
	"github.com/gloss-annotate/gloss/server"
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

// TestMigrateAccounts opens version 5 files (before accounts) whose
// revisions carry annotator names that differ only in case and spacing,
// or that today's rules refuse as logins, and checks that each name but
// gold becomes a user without a password, with the exact name as its
// annotator and a unique login that a new account could have, the exact
// login going to the name that is it.
func TestMigrateAccounts(t *testing.T) {
	ctx := context.Background()
	long := strings.Repeat("a", annotations.MaxAnnotatorRunes)
	type user struct{ Login, DisplayName string }
	for _, tt := range []struct {
		name       string
		annotators []string
		want       map[string]user // by annotator
	}{
		{
			name:       "case and spacing",
			annotators: []string{"Ana", "ana", "Bob Ross"},
			want:       map[string]user{"ana": {"ana", ""}, "Ana": {"ana-2", "Ana"}, "Bob Ross": {"bob ross", "Bob Ross"}},
		},
		{
			// The operator's file: ANN and Ann sort before ann.
			name:       "the exact login to its own name",
			annotators: []string{"ann", "Ann", "ANN"},
			want:       map[string]user{"ann": {"ann", ""}, "ANN": {"ann-2", "ANN"}, "Ann": {"ann-3", "Ann"}},
		},
		{
			name:       "a numbered name keeps its number",
			annotators: []string{"Ann", "ann-2", "ANN"},
			want:       map[string]user{"ann-2": {"ann-2", ""}, "ANN": {"ann", "ANN"}, "Ann": {"ann-3", "Ann"}},
		},
		{
			name:       "gold is no account, Gold no gold login",
			annotators: []string{"gold", "Gold", "GOLD", "ana"},
			want:       map[string]user{"GOLD": {"gold-2", "GOLD"}, "Gold": {"gold-3", "Gold"}, "ana": {"ana", ""}},
		},
		{
			name:       "majority is a reserved login: the votes of exports",
			annotators: []string{"majority", "bo"},
			want:       map[string]user{"majority": {"majority-2", "majority"}, "bo": {"bo", ""}},
		},
		{
			name:       "a comma or a slash",
			annotators: []string{"Smith, J", "a/b", "a b", "x,y/z"},
			want:       map[string]user{"Smith, J": {"smith j", "Smith, J"}, "a/b": {"a b-2", "a/b"}, "a b": {"a b", ""}, "x,y/z": {"x y z", "x,y/z"}},
		},
		{
			name:       "fullwidth letters and ligatures",
			annotators: []string{"ａｎｎ", "ann", "ＢＯＢ", "ﬁona", "ｘ，ｙ"},
			want:       map[string]user{"ann": {"ann", ""}, "ａｎｎ": {"ann-2", "ａｎｎ"}, "ＢＯＢ": {"bob", "ＢＯＢ"}, "ﬁona": {"fiona", "ﬁona"}, "ｘ，ｙ": {"x y", "ｘ，ｙ"}},
		},
		{
			name:       "lookalikes",
			annotators: []string{"b\u200bob", "bıll", "gоld", "annotator", "\u200b"},
			want: map[string]user{"b\u200bob": {"bob", "b\u200bob"}, "bıll": {"bill", "bıll"}, "annotator": {"annotator", ""},
				"gоld": {"annotator-2", "gоld"}, "\u200b": {"annotator-3", "\u200b"}},
		},
		{
			name:       "long names",
			annotators: []string{long, strings.ToUpper(long), strings.ToUpper(long) + "B"},
			want: map[string]user{long: {long, ""}, strings.ToUpper(long): {long[:98] + "-2", strings.ToUpper(long)},
				strings.ToUpper(long) + "B": {long[:98] + "-3", ""}}, // too long a display name
		},
	} {
		t.Run(tt.name, func(t *testing.T) {
			stmts := []statement{{`INSERT INTO articles (id, title, text, created, chars) VALUES ('a1', 't', 'text', '2026-01-01T00:00:00.000000000Z', 4)`, nil}}
			for i, a := range tt.annotators {
				stmts = append(stmts, statement{`INSERT INTO revisions (rev, item, kind, article_id, annotator) VALUES (?, ?, 'entity', 'a1', ?)`, []any{fmt.Sprintf("1-%d", i), fmt.Sprintf("i%d", i), a}})
			}
			s, err := Open(fileAtVersion(t, 5, stmts...))
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			users, err := s.Users(ctx)
			if err != nil {
				t.Fatal(err)
			}
			got := map[string]user{}
			for _, u := range users {
				got[u.Annotator] = user{u.Login, u.DisplayName}
				if u.ID == "" || u.Admin || u.Created.IsZero() || u.PasswordHash != "" {
					t.Errorf("migrated user %+v: want an ID, a creation time, no admin, no password", u)
				}
				if err := server.CheckNewLogin(u.Login); err != nil {
					t.Errorf("migrated user %q has a login a new account could not have: %v", u.Annotator, err)
				}
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("users made of the annotators (-want +got):\n%s", diff)
			}
			// Every revision keeps its annotator name.
			var kept int
			if err := s.read.QueryRow(`SELECT count(*) FROM revisions WHERE annotator IN (SELECT value FROM json_each(?))`, mustJSON(t, tt.annotators)).Scan(&kept); err != nil || kept != len(tt.annotators) {
				t.Errorf("revisions with their annotator names = %d, %v; want %d", kept, err, len(tt.annotators))
			}
			if has, err := s.HasAdmin(ctx); err != nil || has {
				t.Errorf("HasAdmin() after the migration = %v, %v; want false (the setup link makes one)", has, err)
			}
		})
	}
}

// mustJSON returns v in JSON.
func mustJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestMigratedLogins checks that the logins of migration 6 do not depend
// on the order of the annotator names but for the numbers of the names
// that are not logins already.
func TestMigratedLogins(t *testing.T) {
	for _, tt := range []struct {
		names []string
		want  map[string]string
	}{
		{[]string{"ANN", "Ann", "ann"}, map[string]string{"ann": "ann", "ANN": "ann-2", "Ann": "ann-3"}},
		{[]string{"ann", "Ann", "ANN"}, map[string]string{"ann": "ann", "Ann": "ann-2", "ANN": "ann-3"}},
		{[]string{"gold"}, map[string]string{}},
		{[]string{"", "  ", "/"}, map[string]string{"": "annotator", "  ": "annotator-2", "/": "annotator-3"}},
	} {
		if diff := cmp.Diff(tt.want, migratedLogins(tt.names)); diff != "" {
			t.Errorf("migratedLogins(%q) (-want +got):\n%s", tt.names, diff)
		}
	}
}
