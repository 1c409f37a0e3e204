//go:build !(js && wasm)

// The test runs natively: it compares with the server's export, which runs
// on SQLite.

package main

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"testing"
	"time"

	"github.com/gloss-annotate/gloss/annotations"
	"github.com/gloss-annotate/gloss/server"
	"github.com/gloss-annotate/gloss/server/sqlite"
	"github.com/google/go-cmp/cmp"
	"github.com/google/uuid"
)

// labelsJSON returns the labels.json of an hf export, a zip.
func labelsJSON(t *testing.T, zipped []byte) []string {
	t.Helper()
	r, err := zip.NewReader(bytes.NewReader(zipped), int64(len(zipped)))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range r.File {
		if f.Name != "labels.json" {
			continue
		}
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		var labels []string
		if err == nil {
			err = json.Unmarshal(b, &labels)
		}
		if err != nil {
			t.Fatal(err)
		}
		return labels
	}
	t.Fatal("no labels.json in the export")
	return nil
}

// TestEncodeFileHFLabelsAsTheServer: the browser's hf export of an
// annotator's sets (encodeFile, given the records and the sets' schemas as
// the app sends them) has the labels.json of the server's export of the
// same sets: every label of the project's schema, CoNLL-2003's first, the
// others by name, not the labels in the order the mentions meet them.
func TestEncodeFileHFLabelsAsTheServer(t *testing.T) {
	ctx := context.Background()
	store, err := sqlite.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	text := "Rex said Moscow was behind the theft."
	a, err := annotations.NewArticle("", text, time.Unix(1_700_000_000, 0))
	if err == nil {
		_, _, err = store.PutArticle(ctx, a)
	}
	if err != nil {
		t.Fatal(err)
	}
	schema := annotations.DefaultSchema()
	schema.EntityLabels = append(schema.EntityLabels, annotations.Label{Name: "Quote"}, annotations.Label{Name: "CRIME"})
	rev, err := annotations.NewSchemaRevision("", annotations.ProjectKey(""), schema)
	if err != nil {
		t.Fatal(err)
	}
	revs := []annotations.Revision{rev}
	for _, m := range []struct {
		annotator, label string
		start, end       int
	}{{"ann", "Quote", 4, 8}, {"ann", "LOC", 9, 15}, {"bob", "PER", 0, 3}} {
		span, err := annotations.NewSpan([]rune(text), m.start, m.end)
		if err != nil {
			t.Fatal(err)
		}
		key := annotations.SetKey{ArticleID: a.ID, Annotator: m.annotator}
		rev, err := annotations.NewEntityRevision("", key, annotations.Entity{ID: uuid.NewString(), Span: span, Label: m.label})
		if err != nil {
			t.Fatal(err)
		}
		revs = append(revs, rev)
	}
	if _, err := store.PutRevisions(ctx, revs); err != nil {
		t.Fatal(err)
	}

	x, err := server.NewExport(ctx, store, server.ExportParams{Format: "hf", Annotators: []string{"ann"}})
	if err != nil {
		t.Fatal(err)
	}
	var served bytes.Buffer
	if _, err := x.Write(ctx, &served, nil); err != nil {
		t.Fatal(err)
	}
	want := []string{"O", "B-PER", "I-PER", "B-ORG", "I-ORG", "B-LOC", "I-LOC", "B-MISC", "I-MISC", "B-CRIME", "I-CRIME", "B-Quote", "I-Quote"}
	if diff := cmp.Diff(want, labelsJSON(t, served.Bytes())); diff != "" {
		t.Fatalf("the server's labels.json (-want +got):\n%s", diff)
	}

	// ann's set as the app builds it (with the project's revisions), its
	// record and schema.
	key := annotations.SetKey{ArticleID: a.ID, Annotator: "ann"}
	setRevs, err := store.SetRevisions(ctx, key)
	if err != nil {
		t.Fatal(err)
	}
	set, err := annotations.BuildSet(key, setRevs)
	if err != nil {
		t.Fatal(err)
	}
	recs, _ := json.Marshal([]annotations.ExportRecord{annotations.NewExportRecord(a, set)})
	schemas, _ := json.Marshal([]annotations.Schema{set.Schema})
	file, _, err := encodeFile(encodeRequest{format: "hf", base: "gloss-device", records: string(recs), schemas: string(schemas)}, func() {})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, labelsJSON(t, file.Bytes)); diff != "" {
		t.Errorf("the browser's labels.json (-want +got):\n%s", diff)
	}
}
