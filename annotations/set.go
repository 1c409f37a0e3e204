package annotations

import (
	"cmp"
	"fmt"
	"sort"
	"unicode/utf8"

	"github.com/google/uuid"
)

// MaxAnnotatorRunes caps an annotator's name in code points.
const MaxAnnotatorRunes = 100

// setNamespace is the UUID namespace of annotation set IDs.
var setNamespace = uuid.MustParse("b1044f47-8b83-4081-b7fc-e7b07ddecec8")

// SetKey names an annotation set: one annotator's work on one article in
// one project. The same article in two projects is two sets.
type SetKey struct {
	// Project is the project's ID, "" for the Default project (see
	// DefaultProject and ProjectField).
	Project   string
	ArticleID string
	Annotator string
}

// ID returns the ID of the set. It is derived, not drawn at random, so that
// every device of one annotator contributes to the same set. A set of the
// Default project keeps the ID it had before projects.
func (k SetKey) ID() string {
	if k.Project == "" {
		return uuid.NewSHA1(setNamespace, []byte(k.ArticleID+"\n"+k.Annotator)).String()
	}
	return uuid.NewSHA1(setNamespace, []byte("project\n"+k.Project+"\n"+k.ArticleID+"\n"+k.Annotator)).String()
}

// ProjectKey returns the key of a project's own revisions, those of no
// article and no annotator: its schema (see ProjectSchemaItemID).
func ProjectKey(project string) SetKey { return SetKey{Project: project} }

// IsProject reports whether k is a ProjectKey: of no article and no
// annotator.
func (k SetKey) IsProject() bool { return k.ArticleID == "" && k.Annotator == "" }

// ProjectSchemaItemID returns the item ID of the schema of the project
// (its Project field: "" for the Default project). Every set of the
// project uses it once it has a live revision, in place of the set's own
// schema item, and its managers edit it. It is fixed per project, so that
// concurrent edits meet as revisions of one item.
func ProjectSchemaItemID(project string) string {
	return uuid.NewSHA1(setNamespace, []byte("project schema\n"+project)).String()
}

// SchemaItemID returns the item ID of the schema of the set k. It is fixed
// per set, so that every device edits the same item and concurrent schema
// edits meet as revisions of one item.
func SchemaItemID(k SetKey) string {
	if k.IsProject() {
		return ProjectSchemaItemID(k.Project)
	}
	return uuid.NewSHA1(setNamespace, []byte("schema\n"+k.ID())).String()
}

// ValidateAnnotator reports whether name is usable as an annotator's name:
// not empty, at most MaxAnnotatorRunes, and already normalized by
// NormalizeLine.
func ValidateAnnotator(name string) error {
	switch {
	case name == "":
		return invalid("annotator", "is empty: set your annotator name first")
	case !utf8.ValidString(name) || NormalizeLine(name) != name:
		return invalid("annotator", "%q has control characters or extra spaces", name)
	case utf8.RuneCountInString(name) > MaxAnnotatorRunes:
		return invalid("annotator", "is longer than %d characters", MaxAnnotatorRunes)
	}
	return nil
}

// Set is one annotator's annotations of one article: the current state that
// its revisions resolve to.
type Set struct {
	ID string `json:"set_id"`
	// Project is the set's project, "" for the Default project.
	Project   string `json:"project,omitempty"`
	ArticleID string `json:"article_id"`
	Annotator string `json:"annotator"`
	// Schema is the set's schema: its project's schema item's value, else
	// its own schema item's, else DefaultSchema; its StancePolarities are
	// always filled in.
	Schema    Schema        `json:"schema"`
	Entities  []Entity      `json:"entities"`
	Quotes    []Quote       `json:"quotes"`
	Stances   []Stance      `json:"stances"`
	Groups    []EntityGroup `json:"groups"`
	Conflicts []Revision    `json:"conflicts,omitempty"`
	// Status is the work state its annotator stored, nil when none (see
	// State).
	Status *StatusItem `json:"status,omitempty"`
	// Assignments are a project's assignments, by article: only the
	// project's own set (ProjectKey) has them.
	Assignments []Assignment `json:"assignments,omitempty"`
	// Review lists what needs an annotator's eye: items that refer to an
	// item deleted (often on another device) or missing, and mentions
	// whose label, or stances whose polarity, the schema no longer has.
	// The items stay in the set.
	Review []ReviewFlag `json:"review,omitempty"`
	// Heads maps each item, deleted ones included, to its winning
	// revision: the parent of the item's next change.
	Heads map[string]Revision `json:"-"`
}

// Key returns the key of the set.
func (s Set) Key() SetKey {
	return SetKey{Project: s.Project, ArticleID: s.ArticleID, Annotator: s.Annotator}
}

// ReviewFlag says why item (of kind) needs review, in words for the
// annotator.
type ReviewFlag struct {
	Item   string `json:"item"`
	Kind   Kind   `json:"kind"`
	Reason string `json:"reason"`
}

// BuildSet resolves the revisions of one set into its current state: the
// winning revision of each item that is not deleted, in order (entities and
// quotes in text order, groups by name, stances by holder and target), the
// schema, the losing revisions that are kept as conflicts, and the items to
// review. Revisions of other sets are ignored; a body that does not decode
// (of any kind), or a schema that is not valid, is an error: push-time
// validation keeps both out. A reference to a deleted or missing item never
// drops the referring item: it is listed in Review.
//
// BuildSet is NewSetState and one Apply: a caller that adds revisions one
// edit at a time keeps a SetState instead.
func BuildSet(k SetKey, revs []Revision) (Set, error) {
	st := NewSetState(k)
	if err := st.Apply(revs...); err != nil {
		return Set{}, err
	}
	return st.Set(), nil
}

// CompareEntities is the order of Set.Entities: by start, then longest
// first, then label and ID (a total order).
func CompareEntities(a, b Entity) int {
	return cmp.Or(cmp.Compare(a.Start, b.Start), cmp.Compare(b.End, a.End), cmp.Compare(a.Label, b.Label), cmp.Compare(a.ID, b.ID))
}

// CompareQuotes is the order of Set.Quotes: by the start of their content,
// then longest first, then ID (a total order).
func CompareQuotes(a, b Quote) int {
	return cmp.Or(cmp.Compare(a.Content.Start, b.Content.Start), cmp.Compare(b.Content.End, a.Content.End), cmp.Compare(a.ID, b.ID))
}

// compareAssignments orders assignments by article.
func compareAssignments(a, b Assignment) int {
	return cmp.Or(cmp.Compare(a.ArticleID, b.ArticleID), cmp.Compare(a.ID, b.ID))
}

// compareGroups orders groups by name, then ID.
func compareGroups(a, b EntityGroup) int {
	return cmp.Or(cmp.Compare(a.Name, b.Name), cmp.Compare(a.ID, b.ID))
}

// compareStances orders stances by holder, then target, then ID.
func compareStances(a, b Stance) int {
	return cmp.Or(cmp.Compare(a.Holder.Kind, b.Holder.Kind), cmp.Compare(a.Holder.ID, b.Holder.ID),
		cmp.Compare(a.Target.Kind, b.Target.Kind), cmp.Compare(a.Target.ID, b.Target.ID), cmp.Compare(a.Target.Topic, b.Target.Topic),
		cmp.Compare(a.ID, b.ID))
}

// reviewFlags lists what is wrong with one live item's value (an Entity,
// Quote, Stance or EntityGroup) in a set whose schema is schema, whose
// items' winning revisions are heads and whose groups are groups, in the
// order of its fields: a label or polarity the schema lacks, references to
// deleted, missing or wrong-kind items, members another group also holds.
// name names an item for the annotator (SetState.itemName).
func reviewFlags(value any, schema Schema, heads map[string]Revision, groups []EntityGroup, name func(id string, k Kind) string) []ReviewFlag {
	var flags []ReviewFlag
	check := func(item string, kind Kind, refs []reference) {
		for _, r := range refs {
			if p := refProblem(r, heads, name); p != "" {
				flags = append(flags, ReviewFlag{Item: item, Kind: kind, Reason: p})
			}
		}
	}
	switch v := value.(type) {
	case Entity:
		if _, ok := schema.Label(v.Label); !ok {
			flags = append(flags, ReviewFlag{Item: v.ID, Kind: KindEntity, Reason: fmt.Sprintf("Its label %q is no longer one of this set's labels: give it another label, or add %q back to the labels", v.Label, v.Label)})
		}
	case Quote:
		check(v.ID, KindQuote, v.references())
	case Stance:
		check(v.ID, KindStance, v.references())
		if !schema.HasPolarity(v.Polarity) {
			flags = append(flags, ReviewFlag{Item: v.ID, Kind: KindStance, Reason: fmt.Sprintf("Its polarity %q is no longer one of this set's stance polarities: choose another", v.Polarity)})
		}
	case EntityGroup:
		check(v.ID, KindGroup, v.references())
		for _, reason := range sharedMembers(v, groups, func(id string) string { return name(id, KindEntity) }) {
			flags = append(flags, ReviewFlag{Item: v.ID, Kind: KindGroup, Reason: reason})
		}
	}
	return flags
}

// Reference is a pointer from one item of a set to another: item From (of
// kind Kind) refers to item To in its field Field ("speaker", "holder",
// "target", "evidence[0]", "members[1]").
type Reference struct {
	From  string `json:"from"`
	Kind  Kind   `json:"kind"`
	Field string `json:"field"`
	To    string `json:"to"`
}

// ReferencesTo returns the references of s's live quotes, stances and groups
// to item: what deleting item would leave dangling, for the editor to show
// before it asks to confirm.
func (s Set) ReferencesTo(item string) []Reference {
	var out []Reference
	add := func(from string, kind Kind, refs []reference) {
		for _, r := range refs {
			if r.id == item {
				out = append(out, Reference{From: from, Kind: kind, Field: r.field, To: item})
			}
		}
	}
	for _, q := range s.Quotes {
		add(q.ID, KindQuote, q.references())
	}
	for _, x := range s.Stances {
		add(x.ID, KindStance, x.references())
	}
	for _, g := range s.Groups {
		add(g.ID, KindGroup, g.references())
	}
	return out
}

// SortEntities orders entities by start, then longest first, then label
// and ID, so that an outer span comes before the spans nested in it.
func SortEntities(es []Entity) {
	sort.Slice(es, func(i, j int) bool { return CompareEntities(es[i], es[j]) < 0 })
}
