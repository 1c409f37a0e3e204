package formats

import (
	"archive/zip"
	"bytes"
	"io"
	"os"
	"regexp"
	"strconv"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestImportTwiceSameItems imports each file twice: formats whose items
// have no lasting IDs (doccano's spans, brat's T1, Label Studio's and
// Prodigy's region IDs) get IDs derived from where the items are, so the
// second import is the same revisions, and the server stores nothing new.
func TestImportTwiceSameItems(t *testing.T) {
	recs := fixtureRecords(t)
	brat, _ := export(t, "brat", Options{}, recs)
	doccano, _ := export(t, "doccano", Options{}, recs)
	read := func(name string) []byte {
		data, err := os.ReadFile("testdata/" + name)
		if err != nil {
			t.Fatal(err)
		}
		return data
	}
	tests := []struct {
		name, format, annotator string
		data                    []byte
	}{
		{"brat", "brat", "ana", brat},
		{"doccano", "doccano", "ana", doccano},
		{"labelstudio", "labelstudio", "", read("labelstudio-export.json")},
		{"labelstudio JSON-MIN", "labelstudio", "", read("labelstudio-json-min.json")},
		{"prodigy", "prodigy", "", read("prodigy-db-out.jsonl")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			first, err := Import(tt.data, tt.format, tt.annotator, importTime)
			if err != nil {
				t.Fatal(err)
			}
			second, err := Import(tt.data, tt.format, tt.annotator, importTime)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(first, second); diff != "" {
				t.Errorf("the second import made other revisions (-first +second):\n%s", diff)
			}
			rebuild(t, first) // the references resolve
		})
	}
}

// TestBratIDsFromSpans: brat's IDs name items only within their file (a
// brat file saved again may number them otherwise), so Gloss derives its
// IDs from the spans: the same annotations numbered otherwise are the same
// items, and a mention whose label changed keeps its ID.
func TestBratIDsFromSpans(t *testing.T) {
	recs := fixtureRecords(t)
	zipped, _ := export(t, "brat", Options{}, recs)
	first, err := Import(zipped, "brat", "ana", importTime)
	if err != nil {
		t.Fatal(err)
	}
	tid := regexp.MustCompile(`\bT(\d+)\b`)
	renumbered := rewriteZip(t, zipped, func(ann string) string {
		return tid.ReplaceAllStringFunc(ann, func(id string) string {
			n, _ := strconv.Atoi(id[1:])
			return "T" + strconv.Itoa(n+100)
		})
	})
	if bytes.Equal(renumbered, zipped) {
		t.Fatal("nothing renumbered")
	}
	again, err := Import(renumbered, "brat", "ana", importTime)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(first, again); diff != "" {
		t.Errorf("renumbered brat IDs made other revisions (-first +renumbered):\n%s", diff)
	}

	relabelled := rewriteZip(t, zipped, func(ann string) string {
		return regexp.MustCompile(`(?m)^(T\d+)\tPER `).ReplaceAllString(ann, "${1}\tORG ")
	})
	changed, err := Import(relabelled, "brat", "ana", importTime)
	if err != nil {
		t.Fatal(err)
	}
	ids := func(ims []Imported) map[string]string { // entity ID → label
		out := map[string]string{}
		for _, im := range ims {
			for _, r := range im.Revisions {
				if e, err := r.Entity(); err == nil {
					out[e.ID] = e.Label
				}
			}
		}
		return out
	}
	before, after := ids(first), ids(changed)
	relabels := 0
	for id, label := range before {
		switch {
		case after[id] == "":
			t.Errorf("mention %s (%s) has another ID after its label changed", id, label)
		case label == "PER" && after[id] != "ORG", label != "PER" && after[id] != label:
			t.Errorf("mention %s: %s became %s", id, label, after[id])
		case label == "PER":
			relabels++
		}
	}
	if relabels == 0 || len(after) != len(before) {
		t.Errorf("%d PER mentions relabelled, %d mentions after, %d before: the fixture should have PER mentions", relabels, len(after), len(before))
	}
}

// rewriteZip returns zipped with each .ann member rewritten by edit.
func rewriteZip(t *testing.T, zipped []byte, edit func(string) string) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(zipped), int64(len(zipped)))
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		data, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		if bytes.HasSuffix([]byte(f.Name), []byte(".ann")) {
			data = []byte(edit(string(data)))
		}
		w, err := zw.Create(f.Name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write(data); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}
