package server_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/gloss-annotate/gloss/annotations"
	"github.com/gloss-annotate/gloss/annotations/formats"
	"github.com/gloss-annotate/gloss/server"
	"github.com/google/go-cmp/cmp"
)

func TestExport(t *testing.T) {
	e := newEnv(t, server.Options{})
	// Code points: "Hi " 0-3, 🙂 3, "Angela Merkel" 5-18, 👍🏽 23-25,
	// "Emmanuel Macron" 26-41, "Paris" 45-50.
	a := e.putArticle(t, "", "Hi 🙂 Angela Merkel met 👍🏽 Emmanuel Macron in Paris.")
	b := e.putArticle(t, "", "Paris is in France.")
	m1 := mention(t, a, "ann", uuidN(1), "PER", 5, 18)
	m2 := mention(t, a, "ann", uuidN(2), "PER", 26, 41)
	m2edit := entityRevision(t, m2.ID, a.ID, "ann", annotations.Entity{ID: uuidN(2), Span: r1Span(t, m2), Label: "MISC"})
	m3 := mention(t, a, "ann", uuidN(3), "LOC", 45, 50)
	m3del, err := annotations.NewDeletion(m3)
	if err != nil {
		t.Fatal(err)
	}
	bob := mention(t, a, "bob", uuidN(4), "LOC", 45, 50)
	onB := mention(t, b, "ann", uuidN(5), "LOC", 0, 5)
	// Pushed out of order: the export resolves each set whatever the order.
	if r, _ := push(t, e, m2edit, onB, bob, m3del, m1, m3, m2); r.status != 200 {
		t.Fatalf("push: %d %s", r.status, r.body)
	}

	lineA := func(annotator, entities string) string {
		return fmt.Sprintf(`{"article_id":%q,"set_id":%q,"annotator":%q,"text":"Hi 🙂 Angela Merkel met 👍🏽 Emmanuel Macron in Paris.","entities":[%s],"groups":[],"quotes":[],"stances":[]}`,
			a.ID, annotations.SetID(a.ID, annotator), annotator, entities)
	}
	annA := lineA("ann", fmt.Sprintf(`{"id":%q,"start":5,"end":18,"label":"PER","text":"Angela Merkel"},{"id":%q,"start":26,"end":41,"label":"MISC","text":"Emmanuel Macron"}`, uuidN(1), uuidN(2)))
	bobA := lineA("bob", fmt.Sprintf(`{"id":%q,"start":45,"end":50,"label":"LOC","text":"Paris"}`, uuidN(4)))
	annB := fmt.Sprintf(`{"article_id":%q,"set_id":%q,"annotator":"ann","text":"Paris is in France.","entities":[{"id":%q,"start":0,"end":5,"label":"LOC","text":"Paris"}],"groups":[],"quotes":[],"stances":[]}`,
		b.ID, annotations.SetID(b.ID, "ann"), uuidN(5))
	all := []string{annA, bobA, annB}
	if b.ID < a.ID {
		all = []string{annB, annA, bobA}
	}
	empty := e.putArticle(t, "", "Nobody annotated this.")

	tests := []struct {
		name, query string
		want        []string
	}{
		{"every article", "format=jsonl", all},
		{"format by default", "", all},
		{"one article", "format=jsonl&article=" + a.ID, []string{annA, bobA}},
		{"an article without sets", "format=jsonl&article=" + empty.ID, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := e.do(t, "GET", "/api/v1/export?"+tt.query, "", "")
			if r.status != 200 {
				t.Fatalf("status %d: %s", r.status, r.body)
			}
			want := ""
			if tt.want != nil {
				want = strings.Join(tt.want, "\n") + "\n"
			}
			if diff := cmp.Diff(want, r.body); diff != "" {
				t.Errorf("export (-want +got):\n%s", diff)
			}
			for k, v := range map[string]string{
				"Content-Type":        "application/x-ndjson; charset=utf-8",
				"Content-Disposition": `attachment; filename="gloss-export-jsonl.jsonl"`,
			} {
				if got := r.header.Get(k); got != v {
					t.Errorf("%s: %q, want %q", k, got, v)
				}
			}
		})
	}
}

func TestExportRejected(t *testing.T) {
	e := newEnv(t, server.Options{})
	tests := []struct {
		name, query string
		wantStatus  int
		wantCode    string
		wantMessage string
	}{
		{"unknown format", "format=csv", 400, "invalid", `format "csv" is not an export format (formats: ` + strings.Join(formats.Names(), ", ") + ")"},
		{"unknown article", "format=jsonl&article=" + annotations.ArticleID("none"), 404, "not_found", "no article " + annotations.ArticleID("none")},
		{"not an article id", "format=jsonl&article=xyz", 400, "invalid", `article "xyz": is not an article id`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := e.do(t, "GET", "/api/v1/export?"+tt.query, "", "")
			if r.status != tt.wantStatus {
				t.Errorf("status %d, want %d", r.status, tt.wantStatus)
			}
			if got := errorOf(t, r); got.Code != tt.wantCode || !strings.Contains(got.Message, tt.wantMessage) {
				t.Errorf("error %+v, want %s with %q", got, tt.wantCode, tt.wantMessage)
			}
			if got := r.header.Get("Content-Disposition"); got != "" {
				t.Errorf("an error carries Content-Disposition %q", got)
			}
		})
	}
}
