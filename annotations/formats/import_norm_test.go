package formats

import (
	"archive/zip"
	"bytes"
	"cmp"
	"compress/flate"
	"errors"
	"hash/crc32"
	"slices"
	"strings"
	"testing"
)

// TestImportNormalization: offsets count code points (or, in doccano,
// UTF-16 units by default, or grapheme clusters) of the text as the file
// gives it; when normalization moves them they are mapped, and a span
// whose text normalization changes is refused, never shifted.
func TestImportNormalization(t *testing.T) {
	tests := []struct {
		name, line string
		want       string     // "LABEL start-end text" of the one entity, or ""
		err        string     // part of the error, or ""
		unit       OffsetUnit // the file's unit; code points when ""
	}{
		{"utf-16 by default: emoji before the span", `{"text":"👋🏽 Rex Tillerson spoke.","label":[[5,18,"PER"]]}`, "PER 3-16 Rex Tillerson", "", UnitUTF16},
		{"utf-16: the same file read as code points is off by two", `{"text":"👋🏽 Rex Tillerson spoke.","label":[[5,18,"PER"]]}`, "PER 5-18 x Tillerson s", "", UnitCodePoint},
		{"utf-16: an emoji in the span", `{"text":"Hi 👋 Rex.","label":[[3,5,"MISC"],[6,9,"PER"]]}`, "MISC 3-4 👋|PER 5-8 Rex", "", UnitUTF16},
		{"utf-16: offset between surrogate halves", `{"text":"Hi 👋 Rex.","label":[[4,9,"PER"]]}`, "", "inside a character", UnitUTF16},
		{"utf-16: past the end", `{"text":"👋 Rex","label":[[3,7,"PER"]]}`, "", "the text has 6 UTF-16 code units", UnitUTF16},
		{"utf-16 and normalization: crlf before the span", "{\"text\":\"  👋 Hi\\r\\nRex Tillerson.\",\"label\":[[9,22,\"PER\"]]}", "PER 5-18 Rex Tillerson", "", UnitUTF16},
		{"grapheme clusters: a skin-toned emoji is one", `{"text":"👋🏽 Rex Tillerson spoke.","label":[[2,15,"PER"]]}`, "PER 3-16 Rex Tillerson", "", UnitGrapheme},
		{"grapheme clusters: a flag and a family are one each", "{\"text\":\"🇺🇸 👨\u200d👩\u200d👧 Rex\",\"label\":[[0,1,\"LOC\"],[4,7,\"PER\"]]}", "LOC 0-2 🇺🇸|PER 9-12 Rex", "", UnitGrapheme},
		{"grapheme clusters: past the end", `{"text":"👋🏽 Rex","label":[[2,6,"PER"]]}`, "", "the text has 5 grapheme clusters", UnitGrapheme},
		{"text starting with spaces, then a byte order mark", `{"text":"  \ufeffRex spoke","label":[[3,6,"PER"]]}`, "PER 0-3 Rex", "", ""},
		{"text starting with two byte order marks", `{"text":"\ufeff\ufeffRex spoke","label":[[2,5,"PER"]]}`, "PER 0-3 Rex", "", ""},
		{"label with a space and non-ASCII letters", `{"text":"Rex met NATO.","label":[[8,12,"Organisation née"]]}`, "Organisation née 8-12 NATO", "", ""},
		{"emoji before the span", `{"text":"👋🏽 Rex Tillerson spoke.","label":[[3,16,"PER"]]}`, "PER 3-16 Rex Tillerson", "", ""},
		{"crlf and leading space before the span", "{\"text\":\"  👋 Hi\\r\\nRex Tillerson.\",\"label\":[[8,21,\"PER\"]]}", "PER 5-18 Rex Tillerson", "", ""},
		{"span over a crlf", "{\"text\":\"Rex\\r\\nTillerson\",\"label\":[[0,14,\"PER\"]]}", "PER 0-13 Rex\nTillerson", "", ""},
		{"span starting inside a crlf", "{\"text\":\"Hi\\r\\nRex\",\"label\":[[3,6,\"PER\"]]}", "", "cannot be kept", ""},
		{"span in trimmed space", `{"text":"  Rex spoke","label":[[0,5,"PER"]]}`, "", "cannot be kept", ""},
		{"span of white space only", `{"text":"Rex  spoke","label":[[3,5,"LOC"]]}`, "", `label[0]: offsets 3-5 cover only white space ("  "): a span needs some text`, ""},
		{"span of a no-break space only", "{\"text\":\"Rex\u00a0spoke\",\"label\":[[3,4,\"LOC\"]]}", "", "cover only white space", ""},
		{"decomposed accent composed by NFC", "{\"text\":\"Cafe\\u0301 Rex\",\"label\":[[0,5,\"ORG\"],[6,9,\"PER\"]]}", "ORG 0-4 Café|PER 5-8 Rex", "", ""},
		{"span ending inside a composed character", "{\"text\":\"Cafe\\u0301 Rex\",\"label\":[[0,4,\"ORG\"]]}", "", "cannot be kept", ""},
		{"code points past the end", `{"text":"👋 Rex","label":[[3,6,"PER"]]}`, "", "out of range", ""},
		{"new label extends the schema", `{"text":"Rex met NATO.","label":[[8,12,"NORP"]]}`, "NORP 8-12 NATO", "", ""},
		{"label that is not a name", `{"text":"Rex met NATO.","label":[[8,12,"not  a label"]]}`, "", "label name", ""},
		{"entities form", `{"text":"Rex met NATO.","entities":[{"id":7,"label":"ORG","start_offset":8,"end_offset":12}]}`, "ORG 8-12 NATO", "", ""},
		{"fractional offset", `{"text":"Rex met NATO.","label":[[8.5,12,"ORG"]]}`, "", "whole-number", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ims, err := ImportWith([]byte(tt.line), "doccano", importTime, ImportOptions{Annotator: "ana", Offsets: cmp.Or(tt.unit, UnitCodePoint)})
			if tt.err != "" {
				var ie *ImportError
				if !errors.As(err, &ie) || ie.Line != 1 || !strings.Contains(ie.Msg, tt.err) || ims != nil {
					t.Fatalf("Import: %v (%d records), want an *ImportError on line 1 with %q", err, len(ims), tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got := entitiesOf(t, ims); got != tt.want {
				t.Errorf("entities %q, want %q", got, tt.want)
			}
		})
	}
	if _, err := Import([]byte(`{"text":"Rex"}`), "doccano", "", importTime); err == nil || !strings.Contains(err.Error(), "no annotator") {
		t.Errorf("doccano without an annotator: %v, want an error asking for one", err)
	}
}

// zipOf makes a zip of name/content pairs.
func zipOf(t *testing.T, files ...string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for i := 0; i < len(files); i += 2 {
		w, err := zw.Create(files[i])
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(files[i+1]))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestImportBratBadInput(t *testing.T) {
	text := "👋 Rex Tillerson said \"no\".\n"
	tests := []struct {
		name string
		data []byte
		file string
		line int
		msg  string
	}{
		{"byte offsets", zipOf(t, "a/x.txt", text, "a/x.ann", "T1\tPER 2 15\tRex Tillerson\nT2\tPER 5 18\tRex Tillerson\n"), "a/x.ann", 2, "offsets count code points"},
		{"out of range", zipOf(t, "x.txt", text, "x.ann", "T1\tPER 2 99\tRex\n"), "x.ann", 1, "out of range"},
		{"quote without speaker", zipOf(t, "x.txt", text, "x.ann", "T1\tPER 2 15\tRex Tillerson\nT2\tGloss_Quote 22 24\tno\n"), "x.ann", 2, "needs a Gloss_Speaker"},
		{"two annotators' sets of one text", zipOf(t, "ana/x.txt", text, "ana/x.ann", "T1\tPER 2 15\tRex Tillerson\n", "bo/x.txt", text, "bo/x.ann", "T1\tPER 2 15\tRex Tillerson\n"), "bo/x.ann", 0, "holds the same article as ana/x.ann"},
		{"ann without txt", zipOf(t, "x.ann", "T1\tPER 0 3\tRex\n"), "x.ann", 0, "has no x.txt"},
		{"not a zip", []byte("T1\tPER 0 3\tRex"), "", 0, "not a .zip"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ims, err := Import(tt.data, "brat", "ana", importTime)
			var ie *ImportError
			if !errors.As(err, &ie) || ie.File != tt.file || ie.Line != tt.line || !strings.Contains(ie.Msg, tt.msg) || ims != nil {
				t.Errorf("Import: %v (%+v); want file %q line %d with %q and no records", err, ie, tt.file, tt.line, tt.msg)
			}
		})
	}
	ims, err := Import(zipOf(t, "x.txt", text, "x.ann", "T1\tPER 2 15\tRex Tillerson\n"), "brat", "ana", importTime)
	if err != nil || len(ims) != 1 || len(ims[0].Revisions) != 1 {
		t.Fatalf("a good pair: %v, %+v", err, ims)
	}
	if ims[0].Article.Title == "" {
		t.Error("no default title")
	}
	if _, err := Import(zipOf(t, "x.txt", text), "brat", "", importTime); err == nil {
		t.Error("brat without an annotator imports")
	}
}

// TestImportBratZipLimits: a zip beyond one of its caps is a
// *TooLargeError naming the cap, whether the zip declares its sizes
// honestly or not; one within them imports.
func TestImportBratZipLimits(t *testing.T) {
	text := "Rex Tillerson met Sergey Lavrov.\n"
	ann := "T1\tPER 0 13\tRex Tillerson\n"
	limits := ZipLimits{MaxInflated: 1000, MaxMember: 600, MaxMembers: 4}
	tests := []struct {
		name    string
		data    []byte
		wantMsg string // "" when the import succeeds
	}{
		{"within the caps", zipOf(t, "a.txt", text, "a.ann", ann), ""},
		{"inflates beyond the total", zipOf(t, "a.txt", strings.Repeat(text, 16), "b.txt", strings.Repeat(text, 16)), "the zip inflates to more than 1000 bytes, the limit of an imported zip"},
		{"a member beyond its cap", zipOf(t, "a.txt", strings.Repeat(text, 20)), "a.txt inflates to more than 600 bytes, the limit of one file in an imported zip"},
		{"too many entries", zipOf(t, "a.txt", text, "b.txt", text, "c.txt", text, "d.txt", text, "e.txt", text), "the zip has 5 entries, more than the limit of 4"},
		{"declares less than it inflates to", lyingZip(t, "a.txt", strings.Repeat(text, 20), 10), "a.txt"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ImportLimited(tt.data, "brat", "ana", importTime, limits)
			if tt.wantMsg == "" {
				if err != nil {
					t.Fatalf("import: %v", err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.wantMsg) {
				t.Errorf("error %v, want one with %q", err, tt.wantMsg)
			}
			var tooLarge *TooLargeError
			if want := tt.name != "declares less than it inflates to"; errors.As(err, &tooLarge) != want {
				t.Errorf("error %T %v: a *TooLargeError is %v, want %v", err, err, !want, want)
			}
		})
	}
}

// lyingZip returns a zip of one member whose headers declare size bytes
// while it inflates to all of body.
func lyingZip(t *testing.T, name, body string, size uint64) []byte {
	t.Helper()
	var deflated bytes.Buffer
	fw, err := flate.NewWriter(&deflated, flate.BestCompression)
	if err != nil {
		t.Fatal(err)
	}
	fw.Write([]byte(body))
	fw.Close()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, err := zw.CreateRaw(&zip.FileHeader{Name: name, Method: zip.Deflate, CRC32: crc32.ChecksumIEEE([]byte(body)),
		CompressedSize64: uint64(deflated.Len()), UncompressedSize64: size})
	if err != nil {
		t.Fatal(err)
	}
	w.Write(deflated.Bytes())
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestTallyAdded: the labels a file uses beyond the default schema are
// named, each once, in order of first use, however many sets use them.
func TestTallyAdded(t *testing.T) {
	data := `{"text":"Rex met NATO.","label":[[8,12,"NORP"],[0,3,"PERSON"]]}
{"text":"Rex met NATO again.","label":[[0,3,"PERSON"],[8,12,"ORG"]]}
{"text":"Nothing new here.","label":[[0,7,"MISC"]]}
`
	ims, err := ImportWith([]byte(data), "doccano", importTime, ImportOptions{Annotator: "ana"})
	if err != nil {
		t.Fatal(err)
	}
	if got := ims[2].LabelsAdded; len(got) != 0 {
		t.Errorf("a record of default labels added %q", got)
	}
	labels, polarities := TallyAdded(ims)
	if want := []string{"NORP", "PERSON"}; !slices.Equal(labels, want) {
		t.Errorf("labels added %q, want %q", labels, want)
	}
	if polarities == nil || len(polarities) != 0 {
		t.Errorf("polarities added %#v, want an empty list", polarities)
	}
}

// entitiesOf says the entities of the first imported record: "LABEL
// start-end text" each, joined by "|".
func entitiesOf(t *testing.T, ims []Imported) string {
	t.Helper()
	var got []string
	for _, e := range rebuild(t, ims)[0].Entities {
		got = append(got, spanOf(e)+" "+e.Text)
	}
	return strings.Join(got, "|")
}
