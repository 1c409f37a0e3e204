package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gloss-annotate/gloss/annotations"
	"github.com/gloss-annotate/gloss/annotations/api"
	"github.com/gloss-annotate/gloss/server"
	"github.com/google/go-cmp/cmp"
)

// statement is one SQL statement and its arguments.
type statement struct {
	sql  string
	args []any
}

// fileAtVersion makes, in a new folder, a database file as the program of
// schema version made it (migrations up to it), runs stmts in it, and
// returns the folder for Open.
func fileAtVersion(t *testing.T, version int, stmts ...statement) string {
	t.Helper()
	dir := t.TempDir()
	db, err := sql.Open("sqlite", "file:"+filepath.Join(dir, FileName))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	tx, err := db.Begin()
	if err != nil {
		t.Fatal(err)
	}
	for i := range version {
		if err := migrations[i](tx); err != nil {
			t.Fatal(err)
		}
	}
	for _, q := range append(stmts, statement{fmt.Sprintf(`PRAGMA user_version = %d`, version), nil}) {
		if _, err := tx.Exec(q.sql, q.args...); err != nil {
			t.Fatalf("%s: %v", q.sql, err)
		}
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	return dir
}

// TestMigrateFromVersion1 opens a file made by the first schema, with
// revisions that have no set_id and no history hash yet, and checks that
// Open fills both in.
func TestMigrateFromVersion1(t *testing.T) {
	ctx := context.Background()
	a, err := annotations.NewArticle("", "Angela Merkel met Emmanuel Macron.", time.Now())
	if err != nil {
		t.Fatal(err)
	}
	span, _ := annotations.NewSpan([]rune(a.Text), 0, 13)
	r, err := annotations.NewEntityRevision("", annotations.SetKey{ArticleID: a.ID, Annotator: "ann"}, annotations.Entity{ID: "00000000-0000-4000-8000-000000000001", Span: span, Label: "PER"})
	if err != nil {
		t.Fatal(err)
	}
	dir := fileAtVersion(t, 1,
		statement{`INSERT INTO articles (id, title, text, created, chars) VALUES (?, ?, ?, ?, ?)`, []any{a.ID, a.Title, a.Text, a.Created.Format(time.RFC3339Nano), 34}},
		statement{`INSERT INTO revisions (rev, parent, item, kind, article_id, annotator, body) VALUES (?, '', ?, 'entity', ?, 'ann', ?)`, []any{r.ID, r.Item, a.ID, string(r.Body)}},
	)

	s, err := Open(dir)
	if err != nil {
		t.Fatalf("Open a version 1 file: %v", err)
	}
	defer s.Close()
	var version int
	if err := s.read.QueryRow(`PRAGMA user_version`).Scan(&version); err != nil || version != schemaVersion {
		t.Errorf("user_version = %d, %v; want %d", version, err, schemaVersion)
	}
	// The migrated article is listed, not archived, and can be archived.
	if list, err := s.Articles(ctx); err != nil || len(list) != 1 || list[0].ID != a.ID || list[0].Archived {
		t.Errorf("Articles() of the migrated file = %+v, %v; want the article, not archived", list, err)
	}
	archived := true
	if got, err := s.UpdateArticle(ctx, a.ID, api.ArticlePatch{Archived: &archived}); err != nil || !got.Archived {
		t.Errorf("UpdateArticle(archived) on the migrated file = %+v, %v", got, err)
	}
	got, err := s.SetRevisions(ctx, server.SetRef{ArticleID: a.ID, Annotator: "ann"})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]annotations.Revision{r}, got); diff != "" {
		t.Errorf("revisions of the migrated set (-want +got):\n%s", diff)
	}
	// The items table holds the migrated item's kind: a revision that
	// would make it a group is refused.
	var kind string
	if err := s.read.QueryRow(`SELECT kind FROM items WHERE set_id = ? AND item = ?`, r.SetID(), r.Item).Scan(&kind); err != nil || kind != "entity" {
		t.Errorf("the migrated item's kind = %q, %v; want entity", kind, err)
	}
	asGroup, err := annotations.NewGroupRevision("", annotations.SetKey{ArticleID: a.ID, Annotator: "ann"}, annotations.EntityGroup{ID: r.Item, Name: "Merkel", Members: []string{r.Item}})
	if err != nil {
		t.Fatal(err)
	}
	if st, err := s.PutRevisions(ctx, []annotations.Revision{asGroup}); err != nil || st[0].Status != api.StatusRejected {
		t.Errorf("PutRevisions(the migrated item as a group) = %+v, %v; want rejected", st, err)
	}
	// The history's hash is filled in for the stored revision, and a
	// revision stored after the migration continues it.
	span2, _ := annotations.NewSpan([]rune(a.Text), 18, 33)
	r2, err := annotations.NewEntityRevision("", annotations.SetKey{ArticleID: a.ID, Annotator: "ann"}, annotations.Entity{ID: "00000000-0000-4000-8000-000000000002", Span: span2, Label: "PER"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.PutRevisions(ctx, []annotations.Revision{r2}); err != nil {
		t.Fatal(err)
	}
	chain1 := api.NextChain("", r)
	page, err := s.Changes(ctx, server.ChangeFilter{Annotator: "ann"}, server.Cursor{}, 1)
	if err != nil || page.Cursor != (server.Cursor{Seq: 1, Chain: chain1}) {
		t.Errorf("the first page's cursor = %+v, %v; want 1 and the migrated hash %s", page.Cursor, err, chain1)
	}
	page, err = s.Changes(ctx, server.ChangeFilter{Annotator: "ann"}, page.Cursor, 1)
	if want := (server.Cursor{Seq: 2, Chain: api.NextChain(chain1, r2)}); err != nil || page.Cursor != want || len(page.Revisions) != 1 || page.Revisions[0].ID != r2.ID {
		t.Errorf("the page after the migrated revision: cursor %+v, %d revisions, %v; want %+v and r2", page.Cursor, len(page.Revisions), err, want)
	}
}

func TestOpenRefusesNewerSchema(t *testing.T) {
	dir := t.TempDir()
	db, err := sql.Open("sqlite", "file:"+filepath.Join(dir, FileName))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`PRAGMA user_version = 99`); err != nil {
		t.Fatal(err)
	}
	db.Close()
	_, err = Open(dir)
	if err == nil || !strings.Contains(err.Error(), "newer") {
		t.Errorf("Open(version 99) error = %v, want one about a newer schema", err)
	}
}

// TestPragmas checks the settings every connection runs with.
func TestPragmas(t *testing.T) {
	s, err := Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	tests := []struct {
		pragma string
		want   string
	}{
		{"journal_mode", "wal"},
		{"foreign_keys", "1"},
		{"synchronous", "2"}, // FULL
		{"busy_timeout", "10000"},
	}
	for _, db := range []*sql.DB{s.read, s.write} {
		for _, tt := range tests {
			var got string
			if err := db.QueryRow("PRAGMA " + tt.pragma).Scan(&got); err != nil {
				t.Fatalf("PRAGMA %s: %v", tt.pragma, err)
			}
			if got != tt.want {
				t.Errorf("PRAGMA %s = %s, want %s", tt.pragma, got, tt.want)
			}
		}
	}
}

// TestMigrateAddsAt opens a version 11 file, whose revisions carry no edit
// time, and checks that they read back with At 0, that a revision pushed
// after the migration keeps its At through a pull and a set's read, and
// that a replay of it with another At changes nothing: the first one
// stored wins.
func TestMigrateAddsAt(t *testing.T) {
	ctx := context.Background()
	a, err := annotations.NewArticle("", "Angela Merkel met Emmanuel Macron.", time.Now())
	if err != nil {
		t.Fatal(err)
	}
	key := annotations.SetKey{ArticleID: a.ID, Annotator: "ann"}
	span, _ := annotations.NewSpan([]rune(a.Text), 0, 13)
	old, err := annotations.NewEntityRevision("", key, annotations.Entity{ID: "00000000-0000-4000-8000-000000000001", Span: span, Label: "PER"})
	if err != nil {
		t.Fatal(err)
	}
	dir := fileAtVersion(t, 11,
		statement{`INSERT INTO articles (id, title, text, created, chars) VALUES (?, ?, ?, ?, ?)`, []any{a.ID, a.Title, a.Text, a.Created.Format(time.RFC3339Nano), 34}},
		statement{`INSERT INTO revisions (rev, parent, item, kind, project, article_id, annotator, set_id, body, chain) VALUES (?, '', ?, 'entity', '', ?, 'ann', ?, ?, ?)`,
			[]any{old.ID, old.Item, a.ID, key.ID(), string(old.Body), api.NextChain("", old)}},
	)
	s, err := Open(dir)
	if err != nil {
		t.Fatalf("Open a version 11 file: %v", err)
	}
	defer s.Close()

	span2, _ := annotations.NewSpan([]rune(a.Text), 18, 33)
	timed, err := annotations.NewEntityRevision("", key, annotations.Entity{ID: "00000000-0000-4000-8000-000000000002", Span: span2, Label: "PER"})
	if err != nil {
		t.Fatal(err)
	}
	timed.At = 1764936000123
	if st, err := s.PutRevisions(ctx, []annotations.Revision{timed}); err != nil || st[0].Status != api.StatusApplied {
		t.Fatalf("PutRevisions(timed) = %+v, %v", st, err)
	}
	replay := timed
	replay.At = 1764936999999
	oldReplay := old
	oldReplay.At = 1764936000000
	if st, err := s.PutRevisions(ctx, []annotations.Revision{replay, oldReplay}); err != nil || st[0].Status != api.StatusDuplicate || st[1].Status != api.StatusDuplicate {
		t.Fatalf("PutRevisions(replays with other times) = %+v, %v; want duplicates", st, err)
	}
	want := []annotations.Revision{old, timed} // old.At is 0: unknown
	page, err := s.Changes(ctx, server.ChangeFilter{Annotator: "ann"}, server.Cursor{}, 10)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, page.Revisions); diff != "" {
		t.Errorf("pulled revisions (-want +got):\n%s", diff)
	}
	got, err := s.SetRevisions(ctx, key)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("the set's revisions (-want +got):\n%s", diff)
	}
}

// TestSchemaUpgrade: Open says when it upgraded an existing file, and from
// which version; not for a new file, nor for one up to date.
func TestSchemaUpgrade(t *testing.T) {
	for _, tt := range []struct {
		name     string
		dir      func() string
		from, to int
	}{
		{"a new file", func() string { return t.TempDir() }, 0, 0},
		{"a version 5 file", func() string { return fileAtVersion(t, 5) }, 5, schemaVersion},
		{"an up-to-date file", func() string { return fileAtVersion(t, schemaVersion) }, 0, 0},
	} {
		s, err := Open(tt.dir())
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		if from, to := s.SchemaUpgrade(); from != tt.from || to != tt.to {
			t.Errorf("%s: SchemaUpgrade() = %d, %d; want %d, %d", tt.name, from, to, tt.from, tt.to)
		}
		s.Close()
	}
}
