package formats

import (
	"bytes"
	"encoding/json"
	"errors"
	"slices"
	"testing"

	"github.com/gloss-annotate/gloss/annotations"
	"github.com/google/go-cmp/cmp"
)

// TestEncodeFileAfterJSON checks what the browser's export module does: the
// records reach it as JSON, and each format's file must be the one the
// records themselves give, with its name, type and problems.
func TestEncodeFileAfterJSON(t *testing.T) {
	recs := fixtureRecords(t)
	b, err := json.Marshal(recs)
	if err != nil {
		t.Fatal(err)
	}
	var decoded []annotations.ExportRecord
	if err := json.Unmarshal(b, &decoded); err != nil {
		t.Fatal(err)
	}
	for _, f := range Catalog() {
		t.Run(f.Name, func(t *testing.T) {
			file, err := EncodeFile(f.Name, "gloss-x", decoded)
			if err != nil {
				t.Fatal(err)
			}
			want, problems := export(t, f.Name, Options{}, recs)
			if !bytes.Equal(file.Bytes, want) {
				t.Errorf("EncodeFile after JSON differs from the export of the records themselves")
			}
			if diff := cmp.Diff(problems, file.Problems); diff != "" {
				t.Errorf("problems (-want +got):\n%s", diff)
			}
			if got, want := file.Name, f.FileName("gloss-x", Options{}); got != want {
				t.Errorf("name %q, want %q", got, want)
			}
			if got, want := file.ContentType, f.ContentTypeFor(Options{}); got != want {
				t.Errorf("content type %q, want %q", got, want)
			}
		})
	}
}

// TestEncodeFileEach checks that EncodeFileEach calls its function once
// after each record, and writes what EncodeFile does.
func TestEncodeFileEach(t *testing.T) {
	recs := fixtureRecords(t)
	for _, f := range Catalog() {
		t.Run(f.Name, func(t *testing.T) {
			want, err := EncodeFile(f.Name, "gloss-x", recs)
			if err != nil {
				t.Fatal(err)
			}
			calls := 0
			got, err := EncodeFileEach(f.Name, "gloss-x", recs, Options{}, func() { calls++ })
			if err != nil {
				t.Fatal(err)
			}
			if calls != len(recs) {
				t.Errorf("each was called %d times for %d records", calls, len(recs))
			}
			if !bytes.Equal(got.Bytes, want.Bytes) || got.Name != want.Name || got.ProblemCount != want.ProblemCount {
				t.Errorf("EncodeFileEach's file differs from EncodeFile's")
			}
		})
	}
}

// TestFileNameNamesTheOffsets: doccano's exports in each unit of offsets
// have names of their own; the default's is the format's.
func TestFileNameNamesTheOffsets(t *testing.T) {
	f, ok := Lookup("doccano")
	if !ok {
		t.Fatal("no doccano format")
	}
	for _, tt := range []struct {
		unit OffsetUnit
		want string
	}{
		{"", "gloss-x-doccano.jsonl"},
		{UnitUTF16, "gloss-x-doccano.jsonl"},
		{UnitGrapheme, "gloss-x-doccano-grapheme.jsonl"},
		{UnitCodePoint, "gloss-x-doccano-codepoint.jsonl"},
	} {
		if got := f.FileName("gloss-x", Options{Offsets: tt.unit}); got != tt.want {
			t.Errorf("FileName with offsets %q = %q, want %q", tt.unit, got, tt.want)
		}
	}
}

func TestEncodeFileUnknownFormat(t *testing.T) {
	_, err := EncodeFile("csv", "x", nil)
	var unknown *UnknownFormatError
	if !errors.As(err, &unknown) || unknown.Name != "csv" {
		t.Fatalf("err = %v, want an UnknownFormatError for csv", err)
	}
}

func TestCatalogSorted(t *testing.T) {
	var names []string
	for _, f := range Catalog() {
		if f.Description == "" {
			t.Errorf("format %q has no description", f.Name)
		}
		names = append(names, f.Name)
	}
	if !slices.Equal(names, Names()) {
		t.Errorf("catalog %v, names %v", names, Names())
	}
}
