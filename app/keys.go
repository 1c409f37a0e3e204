package app

import (
	"strings"
	"unicode/utf8"

	"github.com/gloss-annotate/gloss/annotations"
)

// Commands of the article page. A key (keyTable), a button and a panel all
// run a command by its name, through actionCommand: one handler each, so a
// button does exactly what its key does.
const (
	cmdLabel      = "label" // tag the selection (Arg: the label's name)
	cmdQuote      = "quote"
	cmdCue        = "cue"
	cmdDirect     = "direct"
	cmdStance     = "stance"
	cmdGroup      = "group"
	cmdNext       = "next"
	cmdPrevious   = "previous"
	cmdLabels     = "labels"
	cmdFind       = "find"
	cmdFindText   = "find-text" // put the caret at the next Arg in the text
	cmdShortcuts  = "shortcuts"
	cmdMove       = "move"   // move the caret (Arg: the key)
	cmdExtend     = "extend" // extend the selection (Arg: the key)
	cmdDelete     = "delete" // delete the selected annotation (or Arg)
	cmdUndo       = "undo"
	cmdRedo       = "redo"
	cmdCancel     = "cancel"
	cmdClose      = "close"   // close the dialog Arg names
	cmdDeleteYes  = "confirm" // delete the item whose deletion waits
	cmdSaveStance = "save-stance"
	// The suggestions' commands (suggestions.go).
	cmdNextSuggestion = "next-suggestion"
	cmdAccept         = "accept" // accept the chosen suggestion, or the one at the caret
	cmdReject         = "reject"
	cmdAcceptAll      = "accept-all" // accept every suggestion of the chosen one's label (or Arg)
)

// keyBinding is a row of the key table: the chords that run a command
// (chord's spelling), how the shortcut sheet shows them and what it says
// the command does. A row without chords is handled elsewhere (a form's
// own key, a click) and only listed.
type keyBinding struct {
	Command string
	Chords  []string
	Shows   string
	Does    string
}

// commandRows are the page's keys that are not single characters: the
// keys that move and extend the selection, undo, delete, cancel. The
// single-character commands come from annotations.EditorKeys, where the
// schema's rule against labels taking them reads them too.
var commandRows = []keyBinding{
	{cmdMove, []string{"ArrowLeft", "ArrowRight", "ArrowUp", "ArrowDown", "Home", "End"}, "← → ↑ ↓, Home, End",
		"move the caret in the text: a character, a line, to the line's start or end"},
	{cmdExtend, []string{"Shift+ArrowLeft", "Shift+ArrowRight", "Shift+ArrowUp", "Shift+ArrowDown", "Shift+Home", "Shift+End"},
		"Shift + ← → ↑ ↓, Home, End", "extend the selection the same way"},
	{cmdMove, []string{"Ctrl+ArrowLeft", "Ctrl+ArrowRight", "Alt+ArrowLeft", "Alt+ArrowRight"}, "Ctrl + ← →",
		"move the caret by a word (Alt on macOS)"},
	{cmdExtend, []string{"Ctrl+Shift+ArrowLeft", "Ctrl+Shift+ArrowRight", "Alt+Shift+ArrowLeft", "Alt+Shift+ArrowRight"},
		"Ctrl + Shift + ← →", "extend the selection by a word (Alt on macOS)"},
	{cmdLabel, nil, "a label's key", "tag the selection, or relabel the selected mention"},
	{cmdSaveStance, nil, "Ctrl + Enter", "save the stance being edited"},
	{cmdAccept, []string{"Enter"}, "Enter", "accept the suggestion chosen (n) or at the caret"},
	{cmdDelete, []string{"Delete", "Backspace"}, "Delete, Backspace", "delete the selected annotation"},
	{cmdUndo, []string{"Ctrl+Z"}, "Ctrl + Z", "undo (kept on this device across reloads)"},
	{cmdRedo, []string{"Ctrl+Shift+Z", "Ctrl+Y", "Ctrl+Shift+Y"}, "Ctrl + Shift + Z, Ctrl + Y", "redo"},
	{"", nil, "click again", "select the annotation around the one selected"},
	{cmdCancel, []string{"Escape"}, "Esc", "cancel, close, deselect"},
}

// keyTable returns every row: commandRows, then the single-character
// commands of annotations.EditorKeys, one row per command.
func keyTable() []keyBinding {
	rows := append([]keyBinding(nil), commandRows...)
	at := map[string]int{}
	for _, k := range annotations.EditorKeys() {
		if i, ok := at[k.Action]; ok {
			rows[i].Chords = append(rows[i].Chords, k.Key)
			rows[i].Shows += " or " + k.Key
			continue
		}
		at[k.Action] = len(rows)
		rows = append(rows, keyBinding{Command: k.Action, Chords: []string{k.Key}, Shows: k.Key, Does: k.Does})
	}
	return rows
}

// chords maps each chord of keyTable to its command.
var chords = func() map[string]string {
	m := map[string]string{}
	for _, row := range keyTable() {
		for _, c := range row.Chords {
			m[c] = row.Command
		}
	}
	return m
}()

// chord spells a key press: modifiers in the order Ctrl, Alt, Shift, then
// the key. A printable character without Ctrl or Alt is itself (Shift
// made it what it is: "?", "Q"); with them, a letter is upper case.
func chord(key string, ctrl, alt, shift bool) string {
	printable := utf8.RuneCountInString(key) == 1
	if printable && !ctrl && !alt {
		return key
	}
	var b strings.Builder
	if ctrl {
		b.WriteString("Ctrl+")
	}
	if alt {
		b.WriteString("Alt+")
	}
	if shift {
		b.WriteString("Shift+")
	}
	if printable {
		key = strings.ToUpper(key)
	}
	b.WriteString(key)
	return b.String()
}

// command is a command to run, with its argument.
type command struct {
	Name string
	Arg  string
}

// keyCommand returns the command a key press runs on the article page, if
// any. In a field only Escape is the page's; a label's key (schema) comes
// before the table, which no label key can shadow in a schema saved since
// keys were reserved.
func keyCommand(key string, ctrl, alt, shift, inField bool, schema annotations.Schema) (command, bool) {
	if inField {
		if key == "Escape" {
			return command{Name: cmdCancel}, true
		}
		return command{}, false
	}
	if !ctrl && !alt {
		if l, ok := schema.LabelForKey(key); ok {
			return command{Name: cmdLabel, Arg: l.Name}, true
		}
	}
	name, ok := chords[chord(key, ctrl, alt, shift)]
	if !ok {
		return command{}, false
	}
	c := command{Name: name}
	if name == cmdMove || name == cmdExtend {
		c.Arg = key
		if ctrl || alt {
			c.Arg = "word" + key // by a word
		}
	}
	return c, true
}
