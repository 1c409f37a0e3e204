package app

import (
	"testing"

	"github.com/gloss-annotate/gloss/annotations"
	"github.com/google/go-cmp/cmp"
)

// TestKeyCommand: a key press runs the command the table says, a label's
// key tags, in a field only Escape is the page's, and the browser's own
// shortcuts (Ctrl with a key the table lacks) stay the browser's.
func TestKeyCommand(t *testing.T) {
	schema := annotations.DefaultSchema()
	tests := []struct {
		key                   string
		ctrl, alt, shift, fld bool
		want                  command
		ok                    bool
	}{
		{key: "1", want: command{Name: cmdLabel, Arg: "PER"}, ok: true},
		{key: "4", want: command{Name: cmdLabel, Arg: "MISC"}, ok: true},
		{key: "q", want: command{Name: cmdQuote}, ok: true},
		{key: "c", want: command{Name: cmdCue}, ok: true},
		{key: "?", shift: true, want: command{Name: cmdShortcuts}, ok: true},
		{key: "/", want: command{Name: cmdFind}, ok: true},
		{key: "]", want: command{Name: cmdNext}, ok: true},
		{key: "n", want: command{Name: cmdNextSuggestion}, ok: true},
		{key: "p", want: command{Name: cmdPrevious}, ok: true},
		{key: "x", want: command{Name: cmdReject}, ok: true},
		{key: "A", shift: true, want: command{Name: cmdAcceptAll}, ok: true},
		{key: "Enter", want: command{Name: cmdAccept}, ok: true},
		{key: "Q", shift: true}, // not a command: Shift+q is another key
		{key: "w"},
		{key: "z", ctrl: true, want: command{Name: cmdUndo}, ok: true},
		{key: "Z", ctrl: true, shift: true, want: command{Name: cmdRedo}, ok: true},
		{key: "y", ctrl: true, want: command{Name: cmdRedo}, ok: true},
		{key: "c", ctrl: true}, // copy stays the browser's
		{key: "1", ctrl: true}, // so does switching tabs
		{key: "ArrowDown", want: command{Name: cmdMove, Arg: "ArrowDown"}, ok: true},
		{key: "End", shift: true, want: command{Name: cmdExtend, Arg: "End"}, ok: true},
		{key: "ArrowLeft", ctrl: true, shift: true, want: command{Name: cmdExtend, Arg: "wordArrowLeft"}, ok: true},
		{key: "ArrowRight", alt: true, want: command{Name: cmdMove, Arg: "wordArrowRight"}, ok: true},
		{key: "Delete", want: command{Name: cmdDelete}, ok: true},
		{key: "Escape", want: command{Name: cmdCancel}, ok: true},
		{key: "Escape", fld: true, want: command{Name: cmdCancel}, ok: true},
		{key: "q", fld: true},
		{key: "1", fld: true},
		{key: "ArrowDown", fld: true},
	}
	for _, tt := range tests {
		got, ok := keyCommand(tt.key, tt.ctrl, tt.alt, tt.shift, tt.fld, schema)
		if ok != tt.ok || got != tt.want {
			t.Errorf("keyCommand(%q ctrl=%v alt=%v shift=%v field=%v) = %+v, %v; want %+v, %v", tt.key, tt.ctrl, tt.alt, tt.shift, tt.fld, got, ok, tt.want, tt.ok)
		}
	}
}

// TestKeyTable: every command the table binds runs (a session command or
// one of the page's own), no chord is bound twice, every key the schema
// reserves is in the table and every single-character command key is
// reserved; the shortcut sheet lists each row.
func TestKeyTable(t *testing.T) {
	pageOwn := map[string]bool{cmdMove: true, cmdExtend: true, cmdSaveStance: true}
	seen := map[string]string{}
	var single []string
	for _, row := range keyTable() {
		if row.Shows == "" || row.Does == "" {
			t.Errorf("row %+v: the sheet would show an empty key or description", row)
		}
		if len(row.Chords) > 0 && sessionCommands[row.Command] == nil && !pageOwn[row.Command] {
			t.Errorf("command %q is bound to %v but nothing runs it", row.Command, row.Chords)
		}
		for _, c := range row.Chords {
			if other, dup := seen[c]; dup {
				t.Errorf("chord %q is bound to %q and %q", c, other, row.Command)
			}
			seen[c] = row.Command
			if len([]rune(c)) == 1 {
				single = append(single, c)
			}
		}
	}
	var reserved []string
	for _, k := range annotations.EditorKeys() {
		reserved = append(reserved, k.Key)
		if seen[k.Key] != k.Action {
			t.Errorf("reserved key %q runs %q in the table, want %q", k.Key, seen[k.Key], k.Action)
		}
	}
	if diff := cmp.Diff(reserved, single); diff != "" {
		t.Errorf("single-character keys of the table vs reserved keys (-reserved +table):\n%s", diff)
	}
	if len(sheetRows) != len(keyTable()) {
		t.Errorf("the sheet has %d rows, the table %d", len(sheetRows), len(keyTable()))
	}
}

// TestSelectionStep: the arrows, Home and End move as the sheet says.
func TestSelectionStep(t *testing.T) {
	for key, want := range map[string][2]string{
		"ArrowLeft": {"backward", "character"}, "ArrowRight": {"forward", "character"},
		"ArrowUp": {"backward", "line"}, "ArrowDown": {"forward", "line"},
		"Home": {"backward", "lineboundary"}, "End": {"forward", "lineboundary"},
		"wordArrowLeft": {"backward", "word"}, "wordArrowRight": {"forward", "word"},
	} {
		if d, g := selectionStep(key); d != want[0] || g != want[1] {
			t.Errorf("selectionStep(%q) = %s %s, want %s %s", key, d, g, want[0], want[1])
		}
	}
}

// TestFindIn: case is ignored, code points are counted, the search starts
// at from and goes on from the start.
func TestFindIn(t *testing.T) {
	text := []rune("Ünited 😀 UN, the un resolution; ÜNITED")
	tests := []struct {
		query string
		from  int
		want  int
		ok    bool
	}{
		{"un", 0, 9, true}, // "Ün" is not "un"
		{"un", 10, 17, true},
		{"UN RES", 0, 17, true},
		{"ünited", 1, 32, true},
		{"ünited", 33, 0, true}, // past the last: from the start
		{"😀", 0, 7, true},
		{"absent", 0, 0, false},
		{"", 0, 0, false},
	}
	for _, tt := range tests {
		got, ok := findIn(text, []rune(tt.query), tt.from)
		if got != tt.want || ok != tt.ok {
			t.Errorf("findIn(%q, from %d) = %d, %v; want %d, %v", tt.query, tt.from, got, ok, tt.want, tt.ok)
		}
	}
}

// TestLabelKeys: the sheet lists the set's label keys.
func TestLabelKeys(t *testing.T) {
	if got := labelKeys(annotations.DefaultSchema().EntityLabels, "x"); got != "1 PER, 2 ORG, 3 LOC, 4 MISC" {
		t.Errorf("labelKeys(default) = %q", got)
	}
	if got := labelKeys([]annotations.Label{{Name: "A"}}, "a label's key"); got != "a label's key" {
		t.Errorf("labelKeys(no keys) = %q", got)
	}
}
