package sqlite

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/gloss-annotate/gloss/annotations"
	"github.com/gloss-annotate/gloss/annotations/api"
	"github.com/gloss-annotate/gloss/server"
	"github.com/google/go-cmp/cmp"
)

// TestMigrateProjectSchemas opens a version 8 file whose sets have schemas
// of their own and checks that the Default project's schema is their union
// (with the default one: a set has none), stored after them, that no
// sequence number or revision changed, and that the foreign key's checks
// still hold as triggers.
func TestMigrateProjectSchemas(t *testing.T) {
	ctx := context.Background()
	a, err := annotations.NewArticle("", "Angela Merkel met Emmanuel Macron.", time.Now())
	if err != nil {
		t.Fatal(err)
	}
	annKey := annotations.SetKey{ArticleID: a.ID, Annotator: "ann"}
	bobKey := annotations.SetKey{ArticleID: a.ID, Annotator: "bob"}
	cyKey := annotations.SetKey{ArticleID: a.ID, Annotator: "cy"}
	crime := annotations.Schema{EntityLabels: []annotations.Label{{Name: "PER", Key: "1"}, {Name: "CRIME", Key: "2"}}}
	law := annotations.Schema{EntityLabels: []annotations.Label{{Name: "LAW", Key: "2"}}, StancePolarities: []string{"PRO", "CON"}}
	span, _ := annotations.NewSpan([]rune(a.Text), 0, 13)
	var revs []annotations.Revision
	for _, r := range []func() (annotations.Revision, error){
		func() (annotations.Revision, error) { return annotations.NewSchemaRevision("", annKey, crime) },
		func() (annotations.Revision, error) { return annotations.NewSchemaRevision("", bobKey, law) },
		func() (annotations.Revision, error) {
			return annotations.NewEntityRevision("", cyKey, annotations.Entity{ID: "00000000-0000-4000-8000-000000000001", Span: span, Label: "PER"})
		},
	} {
		rev, err := r()
		if err != nil {
			t.Fatal(err)
		}
		revs = append(revs, rev)
	}
	stmts := []statement{{`INSERT INTO articles (id, title, text, created, chars) VALUES (?, ?, ?, ?, ?)`, []any{a.ID, a.Title, a.Text, a.Created.Format(time.RFC3339Nano), 34}}}
	chain := ""
	for _, r := range revs {
		chain = api.NextChain(chain, r)
		stmts = append(stmts, statement{`INSERT INTO revisions (rev, parent, item, kind, article_id, annotator, set_id, body, chain) VALUES (?, '', ?, ?, ?, ?, ?, ?, ?)`,
			[]any{r.ID, r.Item, string(r.Kind), r.ArticleID, r.Annotator, r.SetID(), string(r.Body), chain}})
	}
	dir := fileAtVersion(t, 8, stmts...)
	s, err := Open(dir)
	if err != nil {
		t.Fatalf("Open a version 8 file: %v", err)
	}
	defer s.Close()

	page, err := s.Changes(ctx, server.ChangeFilter{Annotator: "cy"}, server.Cursor{}, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(page.Revisions) != 2 || page.Revisions[0].ID != revs[2].ID {
		t.Fatalf("cy's pull after the migration: %+v; want cy's mention, then the Default project's schema", page.Revisions)
	}
	project := page.Revisions[1]
	if project.Item != annotations.ProjectSchemaItemID("") || !project.Key().IsProject() || page.Cursor.Seq != 4 {
		t.Errorf("the Default project's schema revision = %+v at %d; want the project schema item at 4", project, page.Cursor.Seq)
	}
	sc, err := project.Schema()
	if err != nil {
		t.Fatal(err)
	}
	want := annotations.UnionSchemas(annotations.DefaultSchema(), crime, law)
	if diff := cmp.Diff(want, sc); diff != "" {
		t.Errorf("the Default project's schema (-want +got):\n%s", diff)
	}
	if names := labelNames(sc); !strings.Contains(names, "CRIME") || !strings.Contains(names, "LAW") || !strings.Contains(names, "MISC") {
		t.Errorf("the union lacks a label: %s", names)
	}
	// Every set now has the project's schema.
	got, err := s.SetRevisions(ctx, bobKey)
	if err != nil {
		t.Fatal(err)
	}
	set, err := annotations.BuildSet(bobKey, got)
	if err != nil || !cmp.Equal(set.Schema, sc) {
		t.Errorf("bob's set's schema after the migration = %+v, %v", set.Schema, err)
	}
	// The history continues after the new revision, whose hash is chained.
	if page.Cursor.Chain != api.NextChain(chain, project) {
		t.Errorf("the schema revision's hash = %s, want it chained after the others", page.Cursor.Chain)
	}
	// What the foreign key refused is still refused.
	if _, err := s.write.Exec(`INSERT INTO revisions (rev, item, kind, article_id, annotator) VALUES ('1-x', 'i', 'entity', 'nope', 'ann')`); err == nil {
		t.Error("a revision of no article was stored")
	}
	if err := s.DeleteArticle(ctx, a.ID); err == nil {
		t.Error("an annotated article was deleted")
	}
	if _, err := s.write.Exec(`DELETE FROM articles WHERE id = ?`, a.ID); err == nil {
		t.Error("the trigger let an annotated article be deleted")
	}
}

// labelNames lists sc's label names, for messages.
func labelNames(sc annotations.Schema) string {
	var names []string
	for _, l := range sc.EntityLabels {
		names = append(names, l.Name)
	}
	return strings.Join(names, " ")
}

// openWithArticle opens a new store, closed when the test ends, that
// holds one article.
func openWithArticle(t *testing.T) (*Store, annotations.Article) {
	t.Helper()
	s, err := Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	a, err := annotations.NewArticle("", "Angela Merkel met Emmanuel Macron.", time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.PutArticle(context.Background(), a); err != nil {
		t.Fatal(err)
	}
	return s, a
}
