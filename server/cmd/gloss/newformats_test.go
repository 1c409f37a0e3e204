package main

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestLabelStudioCommands: a Label Studio export of two annotators' sets
// imports with gloss import and no --annotator, each annotation as its
// own set, and is refused with one --annotator, which would merge them.
func TestLabelStudioCommands(t *testing.T) {
	dir := t.TempDir()
	data := filepath.Join(dir, "data")
	in := writeFile(t, dir, "in.jsonl", doccanoFile)
	for _, who := range []string{"ana", "bo"} {
		if code, stdout, stderr := gloss(t, "import", "--data", data, "--format", "doccano", "--annotator", who, in); code != 0 {
			t.Fatalf("import as %s: %d\n%s%s", who, code, stdout, stderr)
		}
	}
	ls := filepath.Join(dir, "tasks.json")
	if code, _, stderr := gloss(t, "export", "--data", data, "--format", "labelstudio", "--out", ls); code != 0 {
		t.Fatalf("export: %d %s", code, stderr)
	}
	code, stdout, stderr := gloss(t, "import", "--data", filepath.Join(dir, "other"), "--format", "labelstudio", ls)
	if code != 0 || !strings.Contains(stdout, "3 articles (3 new), 6 sets, ") {
		t.Fatalf("import without --annotator: %d\n%s%s", code, stdout, stderr)
	}
	code, _, stderr = gloss(t, "import", "--data", filepath.Join(dir, "third"), "--format", "labelstudio", "--annotator", "cy", ls)
	if code != 1 || !strings.Contains(stderr, `2 annotations (by ana, bo): importing them all as "cy" would merge them into one set`) || !strings.Contains(stderr, "nothing was stored") {
		t.Errorf("import as cy: %d %s", code, stderr)
	}
}

// TestImportDoubtedOffsets: a doccano file whose offsets count grapheme
// clusters, imported without --offsets, is refused with the flag to give
// (in the command line's words), and imports with it.
func TestImportDoubtedOffsets(t *testing.T) {
	dir := t.TempDir()
	data := filepath.Join(dir, "data")
	in := writeFile(t, dir, "in.jsonl", `{"text":"👋🏽 Rex Tillerson spoke.","label":[[2,15,"PER"]]}`+"\n")
	code, stdout, stderr := gloss(t, "import", "--data", data, "--format", "doccano", "--annotator", "ana", in)
	if code != 1 || !strings.Contains(stderr, "line 1: label[0]: the span 2-15 cuts a word") ||
		!strings.Contains(stderr, "import it with --offsets grapheme, or with --offsets utf16 to read") || !strings.Contains(stderr, "nothing was stored") {
		t.Fatalf("import without --offsets: %d\n%s%s", code, stdout, stderr)
	}
	code, stdout, stderr = gloss(t, "import", "--data", data, "--format", "doccano", "--annotator", "ana", "--offsets", "grapheme", in)
	if code != 0 || !strings.Contains(stdout, "1 article (1 new), 1 set, 1 revision stored") {
		t.Errorf("import with --offsets grapheme: %d\n%s%s", code, stdout, stderr)
	}
}
