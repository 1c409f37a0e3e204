package annotations

import (
	"regexp"
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

var (
	labelName  = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9_.-]{0,31}$`)
	labelColor = regexp.MustCompile(`^#[0-9a-fA-F]{6}$`)
)

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

// Validate reports whether s has at least one label, every label a valid
// name, a single-character key and a #rrggbb colour, with no name or key
// used twice; and whether every stance polarity is a valid name (as a
// label's) listed once.
func (s Schema) Validate() error {
	if len(s.EntityLabels) == 0 {
		return invalid("entity_labels", "is empty: a schema needs at least one label")
	}
	names, keys := map[string]bool{}, map[string]bool{}
	for _, l := range s.EntityLabels {
		if !isEntityLabelName(l.Name) {
			return invalid("entity_labels", "label name %q must start with a letter and hold at most 32 letters, digits, single spaces, '_', '.' or '-'", l.Name)
		}
		if names[l.Name] {
			return invalid("entity_labels", "label %q is listed twice", l.Name)
		}
		names[l.Name] = true
		if l.Key != "" {
			if len([]rune(l.Key)) != 1 {
				return invalid("entity_labels", "key %q of label %q must be a single character", l.Key, l.Name)
			}
			if keys[l.Key] {
				return invalid("entity_labels", "key %q is used by two labels", l.Key)
			}
			keys[l.Key] = true
		}
		if l.Color != "" && !labelColor.MatchString(l.Color) {
			return invalid("entity_labels", "colour %q of label %q must look like #a1b2c3", l.Color, l.Name)
		}
	}
	seen := map[string]bool{}
	for _, p := range s.StancePolarities {
		if !labelName.MatchString(p) {
			return invalid("stance_polarities", "polarity %q must start with a letter and hold at most 32 letters, digits, '_', '.' or '-'", p)
		}
		if seen[p] {
			return invalid("stance_polarities", "polarity %q is listed twice", p)
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
