package server_test

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/gloss-annotate/gloss/annotations"
	"github.com/gloss-annotate/gloss/server"
	"github.com/google/go-cmp/cmp"
)

// TestExportHFLabelIDs: hf exports of one annotator's sets, of another's
// and of all of them list the same labels.json, every label of the
// project's schema (or, when it has none, of its sets' own schemas), used
// by the export or not, so that a tag has the same id in each.
func TestExportHFLabelIDs(t *testing.T) {
	extra := annotations.DefaultSchema()
	extra.EntityLabels = append(extra.EntityLabels, annotations.Label{Name: "Quote"}, annotations.Label{Name: "CRIME"})
	want := []string{"O", "B-PER", "I-PER", "B-ORG", "I-ORG", "B-LOC", "I-LOC", "B-MISC", "I-MISC", "B-CRIME", "I-CRIME", "B-Quote", "I-Quote"}
	tests := []struct {
		name string
		// schemaOf is the set key whose schema item holds extra: the
		// project's, or bob's set's own.
		schemaOf func(a annotations.Article) annotations.SetKey
	}{
		{"the project's schema", func(annotations.Article) annotations.SetKey { return annotations.ProjectKey("") }},
		{"a set's own schema", func(a annotations.Article) annotations.SetKey {
			return annotations.SetKey{ArticleID: a.ID, Annotator: "bob"}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t, server.Options{})
			a := e.putArticle(t, "", "Rex said Moscow was behind the theft.")
			schema, err := annotations.NewSchemaRevision("", tt.schemaOf(a), extra)
			if err != nil {
				t.Fatal(err)
			}
			revs := []annotations.Revision{schema,
				mention(t, a, "ann", uuidN(1), "PER", 0, 3),
				mention(t, a, "ann", uuidN(2), "LOC", 9, 15),
				mention(t, a, "bob", uuidN(3), "Quote", 4, 8),
			}
			if _, err := e.store.PutRevisions(context.Background(), revs); err != nil {
				t.Fatal(err)
			}
			for _, query := range []string{"format=hf&annotator=ann", "format=hf&annotator=bob", "format=hf"} {
				files := unzip(t, e.admin(t).getExport(t, query).body)
				var got []string
				if err := json.Unmarshal([]byte(files["labels.json"]), &got); err != nil {
					t.Fatalf("%s: labels.json: %v", query, err)
				}
				if diff := cmp.Diff(want, got); diff != "" {
					t.Errorf("%s: labels.json (-want +got):\n%s", query, diff)
				}
			}
		})
	}
}
