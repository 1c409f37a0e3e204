package server_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/gloss-annotate/gloss/server"
)

// TestImportLabelStudioProdigy exports the fixture as Label Studio JSON
// and Prodigy JSONL, imports each into an empty server with no annotator
// given (each set keeps its own), which then exports the same, and
// imports it again, which changes nothing.
func TestImportLabelStudioProdigy(t *testing.T) {
	from := newEnv(t, server.Options{})
	exportFixture(t, from)
	for _, tt := range []struct{ format, contentType string }{
		{"labelstudio", "application/json"},
		{"prodigy", "application/x-ndjson"},
	} {
		t.Run(tt.format, func(t *testing.T) {
			export := from.admin(t).getExport(t, "format="+tt.format).body
			e := newEnv(t, server.Options{})
			got := e.admin(t).imported(t, "format="+tt.format, tt.contentType, export, 201)
			if got.Articles != 2 || got.ArticlesCreated != 2 || len(got.Sets) != 3 || got.RevisionsApplied == 0 || len(got.NotRead) != 0 {
				t.Errorf("first import: %+v; want 2 articles, 3 sets, revisions applied and nothing not read", got)
			}
			if again := e.admin(t).getExport(t, "format="+tt.format).body; again != export {
				t.Errorf("the export after the import differs (-before +after):\n%s", cmp.Diff(export, again))
			}
			again := e.admin(t).imported(t, "format="+tt.format, tt.contentType, export, 200)
			if again.RevisionsApplied != 0 || again.RevisionsDuplicate != got.RevisionsApplied {
				t.Errorf("import again: %+v; want nothing new, %d duplicates", again, got.RevisionsApplied)
			}
		})
	}
	// Label Studio's export is one JSON document, not JSON Lines.
	e := newEnv(t, server.Options{})
	r := e.admin(t).importFile(t, "format=labelstudio", "application/x-ndjson", "[]")
	if got := errorOf(t, r); r.status != 415 || got.Message != `a labelstudio import comes as application/json, text/plain, not "application/x-ndjson"` {
		t.Errorf("labelstudio as x-ndjson: %d %+v", r.status, got)
	}
}
