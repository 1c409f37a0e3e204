package formats

import (
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/gloss-annotate/gloss/annotations"
)

func TestOffsetUnits(t *testing.T) {
	// Code points: a 👋 🏽 (space) R e x 🇺 🇸 !; the emoji with its
	// modifier and the flag are one grapheme cluster each.
	const text = "a👋🏽 Rex🇺🇸!"
	tests := []struct {
		unit OffsetUnit
		cps  []int // code point offsets
		want []int // in unit
	}{
		{UnitCodePoint, []int{0, 1, 3, 4, 7, 9, 10, 11}, []int{0, 1, 3, 4, 7, 9, 10, -1}},
		{UnitUTF16, []int{0, 1, 2, 3, 4, 7, 9, 10}, []int{0, 1, 3, 5, 6, 9, 13, 14}},
		{UnitGrapheme, []int{0, 1, 2, 3, 4, 7, 8, 9, 10}, []int{0, 1, -1, 2, 3, 6, -1, 7, 8}},
	}
	for _, tt := range tests {
		t.Run(string(tt.unit), func(t *testing.T) {
			got := toUnit(text, tt.unit, tt.cps)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("toUnit (-want +got):\n%s", diff)
			}
			var us, cps []int
			for i, u := range tt.want {
				if u >= 0 {
					us, cps = append(us, u), append(cps, tt.cps[i])
				}
			}
			if diff := cmp.Diff(cps, fromUnit(text, tt.unit, us)); diff != "" {
				t.Errorf("fromUnit (-want +got):\n%s", diff)
			}
		})
	}
	// Between the halves of a surrogate pair, and past the end.
	if got := fromUnit(text, UnitUTF16, []int{2, 15}); !slices.Equal(got, []int{-1, -1}) {
		t.Errorf("fromUnit(utf16, 2 and 15) = %v, want -1s", got)
	}
	if _, err := ParseOffsetUnit("bytes"); err == nil || !strings.Contains(err.Error(), "utf16, grapheme, codepoint") {
		t.Errorf("ParseOffsetUnit(bytes): %v, want an error listing the units", err)
	}
}

// TestDoccanoOffsets: the doccano export writes offsets in UTF-16 code
// units by default (what doccano's editor counts), or grapheme clusters or
// code points; the import reads each back to the same entities.
func TestDoccanoOffsets(t *testing.T) {
	f := newFixtureSet(t, "", "👋🏽 Rex met 🇺🇸 envoys in Zürich.", "ana")
	f.entity("rex", "Rex", 1, "PER")
	f.entity("zurich", "Zürich", 1, "LOC")
	f.entity("wave", "👋", 1, "MISC") // the hand without its skin tone: inside a cluster
	rec := f.record()
	tests := []struct {
		unit    OffsetUnit
		want    string // the "label" field
		leftOut int    // entities a problem leaves out
	}{
		{"", `[[0,2,"MISC"],[5,8,"PER"],[28,34,"LOC"]]`, 0},
		{UnitUTF16, `[[0,2,"MISC"],[5,8,"PER"],[28,34,"LOC"]]`, 0},
		{UnitCodePoint, `[[0,1,"MISC"],[3,6,"PER"],[24,30,"LOC"]]`, 0},
		{UnitGrapheme, `[[2,5,"PER"],[22,28,"LOC"]]`, 1},
	}
	for _, tt := range tests {
		t.Run(cmpOr(string(tt.unit), "default"), func(t *testing.T) {
			out, problems := export(t, "doccano", Options{Offsets: tt.unit}, []annotations.ExportRecord{rec})
			var line struct {
				Label json.RawMessage `json:"label"`
			}
			if err := json.Unmarshal(out, &line); err != nil {
				t.Fatal(err)
			}
			if string(line.Label) != tt.want {
				t.Errorf("label %s, want %s", line.Label, tt.want)
			}
			if len(problems) != tt.leftOut || tt.leftOut > 0 && (problems[0].Kind != ProblemLeftOut || !strings.Contains(problems[0].Message, "grapheme cluster")) {
				t.Errorf("problems %+v, want %d left out inside a grapheme cluster", problems, tt.leftOut)
			}
			ims, err := ImportWith(out, "doccano", importTime, ImportOptions{Annotator: "ana", Offsets: tt.unit})
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, e := range rebuild(t, ims)[0].Entities {
				got = append(got, spanOf(e)+" "+e.Text)
			}
			slices.Sort(got)
			want := []string{"LOC 24-30 Zürich", "MISC 0-1 👋", "PER 3-6 Rex"}
			if tt.leftOut > 0 {
				want = slices.Delete(want, 1, 2)
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("imported back (-want +got):\n%s", diff)
			}
		})
	}
}

func cmpOr(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

func TestBratTypes(t *testing.T) {
	tests := []struct{ label, typ string }{
		{"PER", "PER"},
		{"B_PER", "B_PER"},
		{"war-torn", "war-torn"},
		{"Org.Gov", "Org_2e_Gov"},
		{"Pérson", "P_e9_rson"},
		{"Named entity", "Named_20_entity"},
		{"Gloss_Quote", "Gloss_5f_Quote"},
		{"A_2e_B", "A_5f_2e_B"},
		{"x_1_", "x_1_"},
		{"نعم", "_646__639__645_"},
	}
	for _, tt := range tests {
		if got := bratType(tt.label); got != tt.typ {
			t.Errorf("bratType(%q) = %q, want %q", tt.label, got, tt.typ)
		}
		if got := bratLabel(tt.typ); got != tt.label {
			t.Errorf("bratLabel(%q) = %q, want %q", tt.typ, got, tt.label)
		}
	}
	// Types of other tools that look like an escape of nothing a label
	// holds read as they are.
	for _, typ := range []string{"Level_1_B", "T_2a_x", "A__B"} {
		if got := bratLabel(typ); got != typ {
			t.Errorf("bratLabel(%q) = %q, want it unchanged", typ, got)
		}
	}
}

// TestBratOwnLabels: entity labels named as Gloss's own brat types were,
// or with characters brat reserves, export and import back unchanged,
// with the quotes and stances beside them.
func TestBratOwnLabels(t *testing.T) {
	f := newFixtureSet(t, "", "Quote said “no” to Cue, Stance, Evidence, the Org.Gov and the Gloss_Quote team.", "ana")
	f.labels("Quote", "Cue", "Stance", "Evidence", "Org.Gov", "Gloss_Quote", "Named entity")
	speaker := f.entity("q", "Quote", 1, "Quote")
	f.entity("c", "Cue", 1, "Cue")
	f.entity("s", "Stance", 1, "Stance")
	f.entity("e", "Evidence", 1, "Evidence")
	f.entity("o", "Org.Gov", 1, "Org.Gov")
	f.entity("g", "Gloss_Quote", 1, "Gloss_Quote")
	f.entity("n", "team", 1, "Named entity")
	said := f.span("said", 1)
	f.add(annotations.NewQuoteRevision("", annotations.SetKey{ArticleID: f.a.ID, Annotator: "ana"}, annotations.Quote{ID: fixtureID("quote"),
		Content: f.span("no", 1), Speaker: annotations.Ref{Kind: annotations.RefEntity, ID: speaker}, Cue: &said, Direct: true}))
	rec := f.record()
	out, problems := export(t, "brat", Options{}, []annotations.ExportRecord{rec})
	if len(problems) > 0 {
		t.Fatalf("problems: %+v", problems)
	}
	_, files := unzip(t, out)
	conf := string(files["annotation.conf"])
	for _, typ := range []string{"\nOrg_2e_Gov\n", "\nGloss_5f_Quote\n", "\nNamed_20_entity\n", "\nQuote\n", "\nGloss_Quote\n"} {
		if !strings.Contains(conf, typ) {
			t.Errorf("annotation.conf lacks the type %q:\n%s", typ, conf)
		}
	}
	ims, err := Import(out, "brat", "ana", importTime)
	if err != nil {
		t.Fatal(err)
	}
	if nr := TallyNotRead(ims); len(nr) > 0 {
		t.Errorf("not read: %+v", nr)
	}
	got := rebuild(t, ims)
	if diff := cmp.Diff(shape(rec, nil), shape(got[0], nil)); diff != "" {
		t.Errorf("brat → Import (-want +got):\n%s", diff)
	}
	// CoNLL's columns are split at spaces: a label's space is '_'.
	conll, _ := export(t, "conll", Options{}, []annotations.ExportRecord{rec})
	if !strings.Contains(string(conll), "\nteam -X- _ B-Named_entity\n") {
		t.Errorf("conll: no line \"team -X- _ B-Named_entity\":\n%s", conll)
	}
}

// TestImportOneArticleTwice: a file with two records of one article (two
// annotators' sets) imported as one annotator is refused, unless asked to
// merge: then what they have in common is stored once.
func TestImportOneArticleTwice(t *testing.T) {
	data := `{"text":"Rex met Lavrov.","label":[[0,3,"PER"]],"annotator":"ana"}` + "\n" +
		`{"text":"Rex met Lavrov.","label":[[0,3,"PER"],[8,14,"PER"]],"annotator":"bo"}` + "\n"
	_, err := Import([]byte(data), "doccano", "ana", importTime)
	var ie *ImportError
	if !errors.As(err, &ie) || ie.Line != 2 || !strings.Contains(ie.Msg, "same article as line 1") || !strings.Contains(ie.Msg, "merge") {
		t.Errorf("Import: %v, want an *ImportError on line 2 naming line 1 and merging", err)
	}
	ims, err := ImportWith([]byte(data), "doccano", importTime, ImportOptions{Annotator: "ana", Merge: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(ims) != 1 {
		t.Fatalf("%d records, want 1", len(ims))
	}
	var got []string
	for _, e := range rebuild(t, ims)[0].Entities {
		got = append(got, spanOf(e))
	}
	if diff := cmp.Diff([]string{"PER 0-3", "PER 8-14"}, got); diff != "" {
		t.Errorf("merged entities (-want +got):\n%s", diff)
	}
	// Native jsonl records keep their own annotators: two sets, no question.
	if _, err := Import([]byte(data), "doccano", "", importTime); err == nil || !strings.Contains(err.Error(), "no annotator") {
		t.Errorf("doccano with no annotator: %v", err)
	}
}

func TestImportJSONLByteOrderMark(t *testing.T) {
	for _, format := range []string{"jsonl", "doccano"} {
		line := `{"text":"Rex spoke.","label":[[0,3,"PER"]]}`
		if format == "jsonl" {
			line = `{"article_id":"","set_id":"","annotator":"ana","text":"Rex spoke.","entities":[],"groups":[],"quotes":[],"stances":[]}`
		}
		if _, err := Import([]byte("\uFEFF"+line+"\n"), format, "ana", importTime); err != nil {
			t.Errorf("%s with a byte order mark: %v", format, err)
		}
	}
}

// TestBratOldNames: a file of an earlier Gloss (Quote, Speaker, Direct
// unprefixed) still imports its quote; a file of another tool with a
// relation named Target and no Quote or Stance keeps its entities and
// counts the relation as not read.
func TestBratOldNames(t *testing.T) {
	text := "Rex said no.\n"
	old := zipOf(t, "x.txt", text, "x.ann", "T1\tPER 0 3\tRex\nT2\tQuote 9 11\tno\nR1\tSpeaker Arg1:T2 Arg2:T1\nA1\tDirect T2\n")
	ims, err := Import(old, "brat", "ana", importTime)
	if err != nil {
		t.Fatal(err)
	}
	if got := shape(rebuild(t, ims)[0], nil); !slices.ContainsFunc(got, func(s string) bool { return strings.HasPrefix(s, "quote ") }) {
		t.Errorf("an earlier Gloss's brat file: %q, want its quote", got)
	}
	other := zipOf(t, "x.txt", text, "x.ann", "T1\tPER 0 3\tRex\nT2\tTopic 9 11\tno\nR1\tTarget Arg1:T1 Arg2:T2\n")
	ims, err = Import(other, "brat", "ana", importTime)
	if err != nil {
		t.Fatal(err)
	}
	if nr := TallyNotRead(ims); len(nr) != 1 || nr[0].What != `relation "Target"` || len(rebuild(t, ims)[0].Entities) != 2 {
		t.Errorf("another tool's Target relation: not read %+v, %d entities; want the relation not read, 2 entities", nr, len(rebuild(t, ims)[0].Entities))
	}
}
