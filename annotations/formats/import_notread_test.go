package formats

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestImportNotRead checks that what an import leaves out is counted, by
// kind, with where the first one is, and that everything Gloss reads is
// not counted.
func TestImportNotRead(t *testing.T) {
	text := "👋 Rex Tillerson said \"no\" to Moscow. Tillerson left.\n"
	// T1 and T5 PER, T2 Quote, T3 Cue, T4 LOC; the relations, the
	// attribute, the equivalence and the note are Gloss's own.
	own := "T1\tPER 2 15\tRex Tillerson\n" +
		"T2\tQuote 22 24\tno\n" +
		"T3\tCue 16 20\tsaid\n" +
		"T4\tLOC 29 35\tMoscow\n" +
		"T5\tPER 37 46\tTillerson\n" +
		"R1\tSpeaker Arg1:T2 Arg2:T1\n" +
		"R2\tCue Arg1:T2 Arg2:T3\n" +
		"A1\tDirect T2\n" +
		"*\tCoreference T1 T5\n" +
		"#1\tAnnotatorNotes T1\tgroup: Tillerson\n"
	tests := []struct {
		name         string
		format, data string
		zip          []string
		revisions    int
		want         []NotRead
	}{
		{
			name:      "brat written by Gloss",
			format:    "brat",
			zip:       []string{"a/x.txt", text, "a/x.ann", own},
			revisions: 5,
			want:      []NotRead{},
		},
		{
			name:   "brat from another tool",
			format: "brat",
			zip: []string{"a/x.txt", text, "a/x.ann", own +
				"R3\tLocatedIn Arg1:T1 Arg2:T4\n" +
				"E1\tTravel:T6 Destination:T4\n" +
				"R4\tCauses Arg1:E1 Arg2:E1\n" +
				"A2\tNegated T1\n" +
				"M1\tDirect T4\n" +
				"N1\tReference T1 Wikidata:Q206476\tRex Tillerson\n" +
				"#2\tAnnotatorNotes T4\tcheck the city\n" +
				"R5\tLocatedIn Arg1:T4 Arg2:T1\n" +
				"T6\tTravel 16 20\tsaid\n" + // E1's trigger: no entity
				"T7\tPER 2 5;10 15\tRex erson\n" + // discontinuous
				"*\tEquiv T1 T4\n", // not a coreference
				"b/y.txt", text + "Another article.\n", "b/y.ann", "T1\tPER 2 15\tRex Tillerson\nR1\tLocatedIn Arg1:T1 Arg2:T1\n"},
			revisions: 5,
			want: []NotRead{
				{What: `relation "LocatedIn"`, Count: 3, First: "a/x.ann:11"},
				{What: "event", Count: 1, First: "a/x.ann:12"},
				{What: `relation "Causes"`, Count: 1, First: "a/x.ann:13"},
				{What: `attribute "Negated"`, Count: 1, First: "a/x.ann:14"},
				{What: `attribute "Direct"`, Count: 1, First: "a/x.ann:15"},
				{What: "normalization", Count: 1, First: "a/x.ann:16"},
				{What: "note", Count: 1, First: "a/x.ann:17"},
				{What: "event trigger", Count: 1, First: "a/x.ann:19"},
				{What: "discontinuous span", Count: 1, First: "a/x.ann:20"},
				{What: `equivalence "Equiv"`, Count: 1, First: "a/x.ann:21"},
			},
		},
		{
			name:   "doccano with relations and categories",
			format: "doccano",
			data: `{"text":"Rex Tillerson spoke.","label":[[0,13,"PER"]]}` + "\n" +
				`{"text":"Moscow answered.","entities":[{"id":1,"label":"LOC","start_offset":0,"end_offset":6}],"relations":[{"id":1,"from_id":1,"to_id":1,"type":"self"}],"cats":{"politics":1.0,"sport":0.0}}` + "\n" +
				`{"text":"Nothing here.","cats":["neutral"]}` + "\n",
			revisions: 1,
			want: []NotRead{
				{What: "relation", Count: 1, First: "line 2"},
				{What: "category", Count: 3, First: "line 2"},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data := []byte(tt.data)
			if tt.zip != nil {
				data = zipOf(t, tt.zip...)
			}
			ims, err := Import(data, tt.format, "ana", importTime)
			if err != nil {
				t.Fatalf("Import: %v", err)
			}
			if got := len(ims[0].Revisions); got != tt.revisions {
				t.Errorf("the first record has %d revisions, want %d", got, tt.revisions)
			}
			if diff := cmp.Diff(tt.want, TallyNotRead(ims)); diff != "" {
				t.Errorf("not read (-want +got):\n%s", diff)
			}
		})
	}
}
