package annotations

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestDefaultSchema(t *testing.T) {
	s := DefaultSchema()
	if err := s.Validate(); err != nil {
		t.Fatalf("DefaultSchema().Validate() = %v", err)
	}
	var names, keys []string
	for _, l := range s.EntityLabels {
		names = append(names, l.Name)
		keys = append(keys, l.Key)
	}
	if diff := cmp.Diff([]string{"PER", "ORG", "LOC", "MISC"}, names); diff != "" {
		t.Errorf("label names (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"1", "2", "3", "4"}, keys); diff != "" {
		t.Errorf("label keys (-want +got):\n%s", diff)
	}
	// Each call returns a fresh schema: changing one does not change the next.
	s.EntityLabels[0].Name = "CHANGED"
	if DefaultSchema().EntityLabels[0].Name != "PER" {
		t.Error("DefaultSchema shares its labels between calls")
	}
}

func TestSchemaValidate(t *testing.T) {
	with := func(ls ...Label) Schema { return Schema{EntityLabels: ls} }
	valid := []struct {
		name   string
		schema Schema
	}{
		{"one label, no key or colour", with(Label{Name: "PER"})},
		{"labels without keys do not clash", with(Label{Name: "A"}, Label{Name: "B"})},
		{"multi-byte key", with(Label{Name: "A", Key: "é"}, Label{Name: "B", Key: "中"})},
		{"name of 32 characters", with(Label{Name: "A" + strings.Repeat("b", 31)})},
		{"name with _ . -", with(Label{Name: "Gov.org_unit-x1"})},
		{"name with a space, as doccano's", with(Label{Name: "A B"})},
		{"non-ASCII name", with(Label{Name: "Pérson"})},
		{"Arabic name of 32 letters", with(Label{Name: strings.Repeat("ش", 32)})},
		{"upper-case colour", with(Label{Name: "A", Color: "#ABCDEF"})},
	}
	for _, tt := range valid {
		if err := tt.schema.Validate(); err != nil {
			t.Errorf("%s: Validate() = %v", tt.name, err)
		}
	}

	tests := []struct {
		name    string
		schema  Schema
		mention string
	}{
		{"nil labels", Schema{}, "no labels"},
		{"empty labels", with(), "no labels"},
		{"empty name", with(Label{Name: ""}), "Label 1 has no name"},
		{"name starts with a digit", with(Label{Name: "1PER"}), "1PER"},
		{"name with two spaces", with(Label{Name: "A  B"}), "A  B"},
		{"name ending in a space", with(Label{Name: "AB "}), "AB "},
		{"name of 33 characters", with(Label{Name: "A" + strings.Repeat("b", 32)}), "Abbb"},
		{"name of 33 Arabic letters", with(Label{Name: strings.Repeat("ش", 33)}), "ش"},
		{"duplicate name", with(Label{Name: "PER", Key: "1"}, Label{Name: "PER", Key: "2"}), `Two labels are named "PER" (labels 1 and 2): rename one`},
		{"duplicate key", with(Label{Name: "PER", Key: "1"}, Label{Name: "ORG", Key: "1"}), `Labels PER and ORG both use the key "1": give each its own key.`},
		{"multi-character key", with(Label{Name: "PER", Key: "12"}), `The key of label PER must be one character, not "12".`},
		{"key of an emoji and a modifier", with(Label{Name: "PER", Key: "👍🏽"}), "one character"},
		{"colour name", with(Label{Name: "PER", Color: "red"}), "red"},
		{"short colour", with(Label{Name: "PER", Color: "#fff"}), "#fff"},
		{"colour not hex", with(Label{Name: "PER", Color: "#gggggg"}), "#gggggg"},
		{"colour without #", with(Label{Name: "PER", Color: "f4a261"}), "f4a261"},
		{"second label bad", with(Label{Name: "PER"}, Label{Name: "ORG", Color: "#12345"}), "ORG"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.schema.Validate()
			if err == nil {
				t.Fatalf("Validate(%+v) = nil, want an error", tt.schema)
			}
			wantInvalid(t, err, "entity_labels", tt.mention)
		})
	}
}

// TestSchemaReservedKeys: a new schema may not give a label a key the
// editor keeps for a command, and the refusal names the command; a stored
// schema that has one stays valid, so that its set still loads.
func TestSchemaReservedKeys(t *testing.T) {
	for _, k := range EditorKeys() {
		s := Schema{EntityLabels: []Label{{Name: "PER", Key: "1"}, {Name: "ROLE", Key: k.Key}}}
		if err := s.Validate(); err != nil {
			t.Errorf("key %q: Validate() = %v, want a stored schema with it valid", k.Key, err)
		}
		err := s.ValidateNew()
		if err == nil {
			t.Errorf("key %q: ValidateNew() = nil, want it refused", k.Key)
			continue
		}
		wantInvalid(t, err, "entity_labels", fmt.Sprintf("The key %q is kept for the editor's own command (%s): choose another key for label ROLE.", k.Key, k.Does))
	}
	for _, key := range []string{"1", "9", "o", "Q", "é"} {
		if err := (Schema{EntityLabels: []Label{{Name: "PER", Key: key}}}).ValidateNew(); err != nil {
			t.Errorf("key %q: ValidateNew() = %v, want it free", key, err)
		}
	}
	if _, ok := ReservedKey(""); ok {
		t.Error(`ReservedKey("") is reserved: a label without a key would be refused`)
	}
}

// TestLabelProblems: every problem of every label, each on its field, so
// that an editor can show each beside the field that has it.
func TestLabelProblems(t *testing.T) {
	s := Schema{EntityLabels: []Label{
		{Name: "PER", Key: "1", Color: "#f4a261"},
		{Name: "ORG", Key: "1", Color: "blue"},
		{Name: "PER", Key: "q"},
		{Name: "a  b", Key: "xy"},
		{Name: "OK", Key: "2"},
	}}
	want := []LabelProblem{
		{1, "key", `Labels PER and ORG both use the key "1": give each its own key.`},
		{1, "color", `The colour "blue" of label ORG is not a colour: write it like #a1b2c3.`},
		{2, "name", `Two labels are named "PER" (labels 1 and 3): rename one of them.`},
		{2, "key", `The key "q" is kept for the editor's own command (make the selection a quote, then pick its speaker): choose another key for label PER.`},
		{3, "name", `The label name "a  b" cannot be used: start it with a letter (of any script), and use at most 32 letters, digits, single spaces, '_', '.' or '-'.`},
		{3, "key", `The key of label 4 must be one character, not "xy".`},
	}
	if diff := cmp.Diff(want, s.LabelProblems()); diff != "" {
		t.Errorf("LabelProblems (-want +got):\n%s", diff)
	}
	if got := DefaultSchema().LabelProblems(); len(got) != 0 {
		t.Errorf("DefaultSchema().LabelProblems() = %v, want none", got)
	}
}

func TestSchemaLabel(t *testing.T) {
	s := Schema{EntityLabels: []Label{
		{Name: "PER", Key: "1", Color: "#f4a261"},
		{Name: "ORG", Key: "o"},
		{Name: "NOKEY"},
	}}
	byName := []struct {
		name string
		want Label
		ok   bool
	}{
		{"PER", Label{Name: "PER", Key: "1", Color: "#f4a261"}, true},
		{"NOKEY", Label{Name: "NOKEY"}, true},
		{"per", Label{}, false},
		{"", Label{}, false},
		{"LOC", Label{}, false},
	}
	for _, tt := range byName {
		got, ok := s.Label(tt.name)
		if ok != tt.ok || got != tt.want {
			t.Errorf("Label(%q) = %+v, %v; want %+v, %v", tt.name, got, ok, tt.want, tt.ok)
		}
	}
	byKey := []struct {
		key  string
		want Label
		ok   bool
	}{
		{"1", Label{Name: "PER", Key: "1", Color: "#f4a261"}, true},
		{"o", Label{Name: "ORG", Key: "o"}, true},
		{"O", Label{}, false},
		{"2", Label{}, false},
		{"", Label{}, false}, // NOKEY has no key: "" must not select it
	}
	for _, tt := range byKey {
		got, ok := s.LabelForKey(tt.key)
		if ok != tt.ok || got != tt.want {
			t.Errorf("LabelForKey(%q) = %+v, %v; want %+v, %v", tt.key, got, ok, tt.want, tt.ok)
		}
	}
	d := DefaultSchema()
	for key, name := range map[string]string{"1": "PER", "2": "ORG", "3": "LOC", "4": "MISC"} {
		if l, ok := d.LabelForKey(key); !ok || l.Name != name {
			t.Errorf("DefaultSchema().LabelForKey(%q) = %+v, %v; want %s", key, l, ok, name)
		}
	}
}

func TestSchemaStancePolarities(t *testing.T) {
	if diff := cmp.Diff([]string{"FAVOR", "AGAINST", "NONE"}, DefaultSchema().StancePolarities); diff != "" {
		t.Errorf("DefaultSchema polarities (-want +got):\n%s", diff)
	}
	labels := []Label{{Name: "PER"}}
	with := func(ps ...string) Schema { return Schema{EntityLabels: labels, StancePolarities: ps} }

	polarities := []struct {
		name   string
		schema Schema
		want   []string
	}{
		{"none listed: the defaults", with(), []string{"FAVOR", "AGAINST", "NONE"}},
		{"own list", with("PRO", "CON"), []string{"PRO", "CON"}},
	}
	for _, tt := range polarities {
		if err := tt.schema.Validate(); err != nil {
			t.Errorf("%s: Validate() = %v", tt.name, err)
		}
		if diff := cmp.Diff(tt.want, tt.schema.Polarities()); diff != "" {
			t.Errorf("%s: Polarities() (-want +got):\n%s", tt.name, diff)
		}
		for _, p := range tt.want {
			if !tt.schema.HasPolarity(p) {
				t.Errorf("%s: HasPolarity(%q) = false", tt.name, p)
			}
		}
		if tt.schema.HasPolarity("") || tt.schema.HasPolarity("favor") {
			t.Errorf("%s: HasPolarity accepts \"\" or a lower-case name", tt.name)
		}
	}

	tests := []struct {
		name    string
		schema  Schema
		mention string
	}{
		{"empty name", with("FAVOR", ""), `""`},
		{"name with a space", with("IN FAVOR"), "IN FAVOR"},
		{"name starts with a digit", with("1"), `"1"`},
		{"duplicate", with("FAVOR", "AGAINST", "FAVOR"), "twice"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.schema.Validate()
			if err == nil {
				t.Fatalf("Validate(%+v) = nil, want an error", tt.schema)
			}
			wantInvalid(t, err, "stance_polarities", tt.mention)
		})
	}

	// Existing schemas without polarities encode as before.
	data, err := json.Marshal(Schema{EntityLabels: labels})
	if err != nil {
		t.Fatal(err)
	}
	if want := `{"entity_labels":[{"name":"PER"}]}`; string(data) != want {
		t.Errorf("schema without polarities encodes as %s, want %s", data, want)
	}
}

// TestPolarityName checks isPolarityName and isLabelColor against the
// regular expressions they replace, on every string of a set of characters
// up to a length, and on lengths around the limits.
func TestPolarityName(t *testing.T) {
	name := regexp.MustCompile(`^[A-Za-z][A-Za-z0-9_.-]{0,31}$`)
	color := regexp.MustCompile(`^#[0-9a-fA-F]{6}$`)
	chars := []string{"a", "Z", "0", "9", "_", ".", "-", " ", "#", "f", "G", "é", "\x00"}
	var all func(prefix string, n int)
	all = func(prefix string, n int) {
		if got, want := isPolarityName(prefix), name.MatchString(prefix); got != want {
			t.Errorf("isPolarityName(%q) = %v, the regexp says %v", prefix, got, want)
		}
		if got, want := isLabelColor(prefix), color.MatchString(prefix); got != want {
			t.Errorf("isLabelColor(%q) = %v, the regexp says %v", prefix, got, want)
		}
		if n == 0 {
			return
		}
		for _, c := range chars {
			all(prefix+c, n-1)
		}
	}
	all("", 3)
	for _, s := range []string{
		"A" + strings.Repeat("b", 30), "A" + strings.Repeat("b", 31), "A" + strings.Repeat("b", 32),
		"A\n", "Ab\nc",
	} {
		if got, want := isPolarityName(s), name.MatchString(s); got != want {
			t.Errorf("isPolarityName(%q) = %v, the regexp says %v", s, got, want)
		}
	}
	for _, s := range []string{"#000000", "#aBcDeF", "#09afAF", "#0000000", "#00000", "000000", "#00000g", "#00000G", "#0000 0", "# 00000", "#abcdef\n", "#ABCDEF"} {
		if got, want := isLabelColor(s), color.MatchString(s); got != want {
			t.Errorf("isLabelColor(%q) = %v, the regexp says %v", s, got, want)
		}
	}
}
