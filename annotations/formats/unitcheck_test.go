package formats

import (
	"errors"
	"slices"
	"strings"
	"testing"
)

// TestImportDoubtsDefaultUnit: a doccano file imported without a unit is
// read in UTF-16 units, unless its offsets fit another unit instead (some
// span cuts a word in UTF-16 units, none in the other): then it is refused
// with a message naming the unit, rather than stored with its spans
// shifted. A unit given is taken as given.
func TestImportDoubtsDefaultUnit(t *testing.T) {
	// "👋🏽 Rex Tillerson met Sergei Lavrov." counts 👋🏽 as 4 UTF-16 units,
	// 2 code points, 1 grapheme cluster: "Rex Tillerson" is 5-18 in UTF-16
	// units, 3-16 in code points, 2-15 in grapheme clusters; "Sergei
	// Lavrov" 23-36, 21-34, 20-33.
	const text = `"👋🏽 Rex Tillerson met Sergei Lavrov."`
	tests := []struct {
		name, line string
		unit       OffsetUnit // given; "" for none
		want       string     // "LABEL start-end text" of each entity, or ""
		err        []string   // parts of the error, or nil
	}{
		{"utf-16 offsets, no unit given", `{"text":` + text + `,"label":[[5,18,"PER"],[23,36,"PER"]]}`, "",
			"PER 3-16 Rex Tillerson|PER 21-34 Sergei Lavrov", nil},
		{"grapheme offsets, no unit given", `{"text":` + text + `,"label":[[2,15,"PER"],[20,33,"PER"]]}`, "",
			"", []string{`label[0]: the span 2-15 cuts a word (“🏽 Rex Tiller”)`, "count UTF-16 code units (offsets=utf16, the default)", "when they count grapheme clusters: import it with offsets=grapheme, or with offsets=utf16"}},
		{"grapheme offsets, grapheme given", `{"text":` + text + `,"label":[[2,15,"PER"],[20,33,"PER"]]}`, UnitGrapheme,
			"PER 3-16 Rex Tillerson|PER 21-34 Sergei Lavrov", nil},
		{"grapheme offsets, utf-16 given: read as told", `{"text":` + text + `,"label":[[2,15,"PER"]]}`, UnitUTF16,
			"PER 1-13 🏽 Rex Tiller", nil},
		{"code point offsets, no unit given", `{"text":` + text + `,"label":[[3,16,"PER"]]}`, "",
			"", []string{"the span 3-16 falls inside a character when the offsets count UTF-16 code units", "when they count characters (code points): import it with offsets=codepoint"}},
		{"code point offsets, an emoji that is one cluster: either unit fits", `{"text":"👋 Rex Tillerson spoke.","label":[[2,15,"PER"]]}`, "",
			"", []string{"when they count grapheme clusters or characters (code points): import it with offsets=grapheme or offsets=codepoint"}},
		{"code point offsets landing between surrogate halves", `{"text":"👋👋 Rex.","label":[[1,2,"MISC"],[3,6,"PER"]]}`, "",
			"", []string{"the span 1-2 falls inside a character when the offsets count UTF-16 code units", "import it with offsets=grapheme or offsets=codepoint"}},
		{"a part of a word in a text every unit counts alike", `{"text":"Trumpism rises.","label":[[0,5,"PER"]]}`, "",
			"PER 0-5 Trump", nil},
		{"a part of a word after an emoji: no unit fits better", `{"text":"👋 Trumpism rises.","label":[[3,8,"PER"]]}`, "",
			"PER 2-7 Trump", nil},
		{"Chinese: words are not judged", `{"text":"👋🏽东京的会议开始了。","label":[[4,6,"LOC"]]}`, "",
			"LOC 2-4 东京", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ims, err := ImportWith([]byte(tt.line), "doccano", importTime, ImportOptions{Annotator: "ana", Offsets: tt.unit})
			if tt.err != nil {
				var ie *ImportError
				if !errors.As(err, &ie) || ie.Line != 1 || ims != nil {
					t.Fatalf("Import: %v (%d records), want an *ImportError on line 1", err, len(ims))
				}
				for _, part := range tt.err {
					if !strings.Contains(ie.Msg, part) {
						t.Errorf("error %q\nlacks %q", ie.Msg, part)
					}
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
}

// TestFromUnit: fromUnit's one walk agrees with the unit index's tables
// (which toUnit uses), offsets out of order, repeated, outside the text
// and inside characters included.
func TestFromUnit(t *testing.T) {
	texts := []string{"", "Rex", "👋🏽 Rex\r\nTillerson", "🇺🇸 👨\u200d👩\u200d👧 Rex", "Cafe\u0301 東京"}
	for _, text := range texts {
		var offs []int
		for u := 12; u >= -2; u-- {
			offs = append(offs, u, u)
		}
		for _, unit := range OffsetUnits {
			idx := newUnitIndex(text, unit)
			want := make([]int, len(offs))
			for i, u := range offs {
				want[i], _ = idx.from(u)
			}
			if got := fromUnit(text, unit, offs); !slices.Equal(got, want) {
				t.Errorf("%q in %s: %v, want %v", text, unit, got, want)
			}
		}
	}
}
