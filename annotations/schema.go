package annotations

import (
	"fmt"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Label is an entity label: its name as exported ("PER"), the key that
// applies it in the editor ("1") and its highlight colour ("#f6c177").
type Label struct {
	Name  string `json:"name"`
	Key   string `json:"key,omitempty"`
	Color string `json:"color,omitempty"`
}

// Schema is the set of labels an annotation set may use.
type Schema struct {
	EntityLabels []Label `json:"entity_labels"`
	// StancePolarities are the polarities a stance may have, the first
	// being the editor's default. Empty means DefaultStancePolarities, so
	// that a schema written before stances existed keeps working.
	StancePolarities []string `json:"stance_polarities,omitempty"`
	// SnapToWords makes the editor widen new spans to whole words (and
	// cut them at a paragraph break): see SnapToWords.
	SnapToWords bool `json:"snap_to_words,omitempty"`
}

// DefaultSchema returns the CoNLL-2003 entity labels, keyed 1 to 4, and
// the SemEval-2016 Task 6 stance polarities.
func DefaultSchema() Schema {
	return Schema{
		EntityLabels: []Label{
			{Name: "PER", Key: "1", Color: "#f4a261"},
			{Name: "ORG", Key: "2", Color: "#8ecae6"},
			{Name: "LOC", Key: "3", Color: "#a7c957"},
			{Name: "MISC", Key: "4", Color: "#cdb4db"},
		},
		StancePolarities: DefaultStancePolarities(),
	}
}

// DefaultStancePolarities returns SemEval-2016 Task 6's polarities: FAVOR,
// AGAINST and NONE.
func DefaultStancePolarities() []string { return []string{"FAVOR", "AGAINST", "NONE"} }

// Polarities returns the stance polarities s allows: its own, or
// DefaultStancePolarities when it lists none.
func (s Schema) Polarities() []string {
	if len(s.StancePolarities) == 0 {
		return DefaultStancePolarities()
	}
	return s.StancePolarities
}

// HasPolarity reports whether p is one of the polarities s allows.
func (s Schema) HasPolarity(p string) bool { return slices.Contains(s.Polarities(), p) }

// isPolarityName reports whether s is a stance polarity's name: an ASCII
// letter, then at most 31 ASCII letters, digits, '_', '.' or '-'. (Not a
// regexp: compiling one at package init, with the regexp package's code
// run for the first time, was 8 ms of the client's start.)
func isPolarityName(s string) bool {
	if s == "" || len(s) > 32 || !isASCIILetter(s[0]) {
		return false
	}
	for i := 1; i < len(s); i++ {
		if c := s[i]; !isASCIILetter(c) && !isASCIIDigit(c) && c != '_' && c != '.' && c != '-' {
			return false
		}
	}
	return true
}

// isLabelColor reports whether s is a label's colour: '#' and six
// hexadecimal digits.
func isLabelColor(s string) bool {
	if len(s) != 7 || s[0] != '#' {
		return false
	}
	for i := 1; i < len(s); i++ {
		if c := s[i]; !isASCIIDigit(c) && !('a' <= c && c <= 'f') && !('A' <= c && c <= 'F') {
			return false
		}
	}
	return true
}

func isASCIILetter(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }

func isASCIIDigit(c byte) bool { return '0' <= c && c <= '9' }

// isEntityLabelName reports whether s is an entity label's name, wider than
// a polarity's as doccano's labels are: a letter of any script, then
// letters, marks, digits, '_', '.', '-' and single inner spaces, 32 at most.
// (Not a regexp: \p{L} would link every Unicode table into app.wasm.)
func isEntityLabelName(s string) bool {
	if s == "" || utf8.RuneCountInString(s) > 32 || strings.HasSuffix(s, " ") || strings.Contains(s, "  ") {
		return false
	}
	for i, r := range s {
		switch {
		case unicode.IsLetter(r):
		case i == 0:
			return false
		case unicode.IsMark(r) || unicode.IsNumber(r) || r == '_' || r == '.' || r == '-' || r == ' ':
		default:
			return false
		}
	}
	return true
}

// EditorKey is a key the editor keeps for a command of its own: Action
// names the command (the app binds it), Does says what it does. No label
// may be given one.
type EditorKey struct {
	Key, Action, Does string
}

// editorKeys are the editor's single-character commands: the one list the
// editor's key table, its shortcut sheet and the schema rule against
// reserved label keys are made from.
var editorKeys = []EditorKey{
	{"q", "quote", "make the selection a quote, then pick its speaker"},
	{"c", "cue", "make the selection the cue of the selected quote"},
	{"d", "direct", "mark the selected quote direct or indirect"},
	{"s", "stance", "start a stance (from the selected quote, mention or text)"},
	{"g", "group", "put the selected mention in a new group"},
	{"]", "next", "select the next annotation"},
	{"[", "previous", "select the previous annotation"},
	{"p", "previous", "select the previous annotation"},
	{"n", "next-suggestion", "go to the next suggestion (Enter accepts it, a label's key accepts it with that label)"},
	{"x", "reject", "reject the suggestion (it does not come back)"},
	{"A", "accept-all", "accept every suggestion with the label of the one chosen"},
	{"l", "labels", "edit the labels"},
	{"/", "find", "find text in the article"},
	{"?", "shortcuts", "show the keyboard shortcuts"},
}

// EditorKeys returns the keys the editor keeps for its own commands, in
// the order its shortcut sheet lists them.
func EditorKeys() []EditorKey { return slices.Clone(editorKeys) }

// ReservedKey returns the command that key is kept for, if it is.
func ReservedKey(key string) (EditorKey, bool) {
	for _, k := range editorKeys {
		if k.Key == key {
			return k, true
		}
	}
	return EditorKey{}, false
}

// LabelProblem is what is wrong with one field of one entity label, in a
// sentence a user can act on: Label is its index in the schema's
// EntityLabels, Field is "name", "key" or "color".
type LabelProblem struct {
	Label   int
	Field   string
	Message string
}

// LabelProblems returns every problem of the schema's entity labels, in
// label order, for an editor to show beside each field: a name that is not
// a valid name or is used twice, a key that is not one character, is used
// twice or is one the editor reserves (ReservedKey), a colour not written
// #rrggbb.
func (s Schema) LabelProblems() []LabelProblem { return s.labelProblems(true) }

// labelProblems is LabelProblems; reserved says whether a reserved key is
// a problem (it is in a new schema, not in one stored before the rule).
func (s Schema) labelProblems(reserved bool) []LabelProblem {
	var out []LabelProblem
	add := func(i int, field, format string, args ...any) {
		out = append(out, LabelProblem{Label: i, Field: field, Message: fmt.Sprintf(format, args...)})
	}
	names, keys := map[string]int{}, map[string]int{}
	for i, l := range s.EntityLabels {
		switch first, seen := names[l.Name]; {
		case l.Name == "":
			add(i, "name", "Label %d has no name: give it one, such as PER.", i+1)
		case !isEntityLabelName(l.Name):
			add(i, "name", "The label name %q cannot be used: start it with a letter (of any script), and use at most 32 letters, digits, single spaces, '_', '.' or '-'.", l.Name)
		case seen:
			add(i, "name", "Two labels are named %q (labels %d and %d): rename one of them.", l.Name, first+1, i+1)
		default:
			names[l.Name] = i
		}
		if l.Key != "" {
			first, seen := keys[l.Key]
			k, isReserved := ReservedKey(l.Key)
			switch {
			case len([]rune(l.Key)) != 1:
				add(i, "key", "The key of label %s must be one character, not %q.", labelRef(l, i), l.Key)
			case reserved && isReserved:
				add(i, "key", "The key %q is kept for the editor's own command (%s): choose another key for label %s.", l.Key, k.Does, labelRef(l, i))
			case seen:
				add(i, "key", "Labels %s and %s both use the key %q: give each its own key.", labelRef(s.EntityLabels[first], first), labelRef(l, i), l.Key)
			default:
				keys[l.Key] = i
			}
		}
		if l.Color != "" && !isLabelColor(l.Color) {
			add(i, "color", "The colour %q of label %s is not a colour: write it like #a1b2c3.", l.Color, labelRef(l, i))
		}
	}
	return out
}

// labelRef names label l, the i-th, in a message: by its name, or by its
// place when it has no valid one.
func labelRef(l Label, i int) string {
	if isEntityLabelName(l.Name) {
		return l.Name
	}
	return fmt.Sprintf("%d", i+1)
}

// Validate reports whether s has at least one label, every label a valid
// name, a single-character key and a #rrggbb colour, with no name or key
// used twice; and whether every stance polarity is a valid name (as a
// label's) listed once. A label may have a key the editor reserves: a
// schema stored before keys were reserved stays valid (ValidateNew refuses
// it in a new one).
func (s Schema) Validate() error { return s.validate(false) }

// ValidateNew is Validate for a schema being made or changed: a label's
// key must also not be one the editor keeps for its own commands
// (ReservedKey).
func (s Schema) ValidateNew() error { return s.validate(true) }

func (s Schema) validate(reserved bool) error {
	if len(s.EntityLabels) == 0 {
		return invalid("entity_labels", "There are no labels: add at least one entity label.")
	}
	if p := s.labelProblems(reserved); len(p) > 0 {
		return invalid("entity_labels", "%s", p[0].Message)
	}
	seen := map[string]bool{}
	for _, p := range s.StancePolarities {
		if !isPolarityName(p) {
			return invalid("stance_polarities", "The polarity %q cannot be used: start it with a letter, and use at most 32 letters, digits, '_', '.' or '-' (no spaces).", p)
		}
		if seen[p] {
			return invalid("stance_polarities", "The polarity %q is listed twice: list it once.", p)
		}
		seen[p] = true
	}
	return nil
}

// Label returns the label named name.
func (s Schema) Label(name string) (Label, bool) {
	for _, l := range s.EntityLabels {
		if l.Name == name {
			return l, true
		}
	}
	return Label{}, false
}

// LabelForKey returns the label applied by key.
func (s Schema) LabelForKey(key string) (Label, bool) {
	for _, l := range s.EntityLabels {
		if l.Key != "" && l.Key == key {
			return l, true
		}
	}
	return Label{}, false
}

// SchemaItem is the body of a schema revision: the set's schema, with ID the
// set's SchemaItemID. Its JSON is {"id", "entity_labels",
// "stance_polarities"}.
type SchemaItem struct {
	ID string `json:"id"`
	Schema
}

// UnionSchemas returns one schema with every entity label and stance
// polarity of schemas, in the order they first come. A label keeps the key
// and colour of its first schema, without a key an earlier label has; the
// union snaps to words when any of schemas does. It is the schema of the
// Default project of a database from before projects, whose sets each had
// their own.
func UnionSchemas(schemas ...Schema) Schema {
	var out Schema
	keys := map[string]bool{}
	for _, sc := range schemas {
		for _, l := range sc.EntityLabels {
			if _, ok := out.Label(l.Name); ok {
				continue
			}
			if keys[l.Key] {
				l.Key = ""
			}
			if l.Key != "" {
				keys[l.Key] = true
			}
			out.EntityLabels = append(out.EntityLabels, l)
		}
		for _, p := range sc.Polarities() {
			if !slices.Contains(out.StancePolarities, p) {
				out.StancePolarities = append(out.StancePolarities, p)
			}
		}
		out.SnapToWords = out.SnapToWords || sc.SnapToWords
	}
	return out
}
