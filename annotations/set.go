package annotations

import (
	"cmp"
	"fmt"
	"slices"
	"unicode/utf8"

	"github.com/google/uuid"
)

// MaxAnnotatorRunes caps an annotator's name in code points.
const MaxAnnotatorRunes = 100

// setNamespace is the UUID namespace of annotation set IDs.
var setNamespace = uuid.MustParse("b1044f47-8b83-4081-b7fc-e7b07ddecec8")

// SetID returns the ID of the annotation set of annotator on article. It is
// derived, not drawn at random, so that every device of one annotator
// contributes to the same set.
func SetID(articleID, annotator string) string {
	return uuid.NewSHA1(setNamespace, []byte(articleID+"\n"+annotator)).String()
}

// SchemaItemID returns the item ID of the schema of annotator's set on
// article. It is fixed per set, so that every device edits the same item and
// concurrent schema edits meet as revisions of one item.
func SchemaItemID(articleID, annotator string) string {
	return uuid.NewSHA1(setNamespace, []byte("schema\n"+SetID(articleID, annotator))).String()
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
	ID        string `json:"set_id"`
	ArticleID string `json:"article_id"`
	Annotator string `json:"annotator"`
	// Schema is the set's schema: its schema item's value, else
	// DefaultSchema; its StancePolarities are always filled in.
	Schema    Schema        `json:"schema"`
	Entities  []Entity      `json:"entities"`
	Quotes    []Quote       `json:"quotes"`
	Stances   []Stance      `json:"stances"`
	Groups    []EntityGroup `json:"groups"`
	Conflicts []Revision    `json:"conflicts,omitempty"`
	// Review lists what needs an annotator's eye: items that refer to an
	// item deleted (often on another device) or missing, and mentions
	// whose label, or stances whose polarity, the schema no longer has.
	// The items stay in the set.
	Review []ReviewFlag `json:"review,omitempty"`
	// Heads maps each item, deleted ones included, to its winning
	// revision: the parent of the item's next change.
	Heads map[string]Revision `json:"-"`
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
func BuildSet(articleID, annotator string, revs []Revision) (Set, error) {
	s := Set{ID: SetID(articleID, annotator), ArticleID: articleID, Annotator: annotator, Schema: DefaultSchema(),
		Entities: []Entity{}, Quotes: []Quote{}, Stances: []Stance{}, Groups: []EntityGroup{}, Heads: map[string]Revision{}}
	var mine []Revision
	for _, r := range revs {
		if r.ArticleID == articleID && r.Annotator == annotator {
			mine = append(mine, r)
		}
	}
	for _, st := range Resolve(mine) {
		s.Conflicts = append(s.Conflicts, st.Conflicts...)
		s.Heads[st.Item] = st.Winner
		if st.Winner.Deleted {
			continue
		}
		switch st.Winner.Kind {
		case KindEntity:
			e, err := st.Winner.Entity()
			if err != nil {
				return Set{}, err
			}
			s.Entities = append(s.Entities, e)
		case KindQuote:
			q, err := st.Winner.Quote()
			if err != nil {
				return Set{}, err
			}
			s.Quotes = append(s.Quotes, q)
		case KindStance:
			x, err := st.Winner.Stance()
			if err != nil {
				return Set{}, err
			}
			s.Stances = append(s.Stances, x)
		case KindGroup:
			g, err := st.Winner.Group()
			if err != nil {
				return Set{}, err
			}
			s.Groups = append(s.Groups, g)
		case KindSchema:
			sc, err := st.Winner.Schema()
			if err == nil && st.Item != SchemaItemID(articleID, annotator) {
				err = invalid("item", "%q is not the schema item of this annotation set", st.Item)
			}
			if err == nil {
				err = sc.Validate()
			}
			if err != nil {
				return Set{}, err
			}
			if len(sc.StancePolarities) == 0 {
				sc.StancePolarities = DefaultStancePolarities()
			}
			s.Schema = sc
		}
	}
	SortEntities(s.Entities)
	slices.SortFunc(s.Quotes, func(a, b Quote) int {
		return cmp.Or(cmp.Compare(a.Content.Start, b.Content.Start), cmp.Compare(b.Content.End, a.Content.End), cmp.Compare(a.ID, b.ID))
	})
	slices.SortFunc(s.Groups, func(a, b EntityGroup) int { return cmp.Or(cmp.Compare(a.Name, b.Name), cmp.Compare(a.ID, b.ID)) })
	slices.SortFunc(s.Stances, func(a, b Stance) int {
		return cmp.Or(cmp.Compare(a.Holder.Kind, b.Holder.Kind), cmp.Compare(a.Holder.ID, b.Holder.ID),
			cmp.Compare(a.Target.Kind, b.Target.Kind), cmp.Compare(a.Target.ID, b.Target.ID), cmp.Compare(a.Target.Topic, b.Target.Topic),
			cmp.Compare(a.ID, b.ID))
	})
	s.Review = s.review()
	return s, nil
}

// review lists the set's items that need review: entities, quotes, stances
// and groups, each in the set's order, and an item's problems in the order
// of its fields.
func (s Set) review() []ReviewFlag {
	var flags []ReviewFlag
	check := func(item string, kind Kind, refs []reference) {
		for _, r := range refs {
			if p := refProblem(r, s.Heads); p != "" {
				flags = append(flags, ReviewFlag{Item: item, Kind: kind, Reason: p})
			}
		}
	}
	for _, e := range s.Entities {
		if _, ok := s.Schema.Label(e.Label); !ok {
			flags = append(flags, ReviewFlag{Item: e.ID, Kind: KindEntity, Reason: fmt.Sprintf("label: %q is no longer a label of this annotation set", e.Label)})
		}
	}
	for _, q := range s.Quotes {
		check(q.ID, KindQuote, q.references())
	}
	for _, x := range s.Stances {
		check(x.ID, KindStance, x.references())
		if !s.Schema.HasPolarity(x.Polarity) {
			flags = append(flags, ReviewFlag{Item: x.ID, Kind: KindStance, Reason: fmt.Sprintf("polarity: %q is no longer a stance polarity of this annotation set", x.Polarity)})
		}
	}
	for _, g := range s.Groups {
		check(g.ID, KindGroup, g.references())
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
	slices.SortFunc(es, func(a, b Entity) int {
		return cmp.Or(cmp.Compare(a.Start, b.Start), cmp.Compare(b.End, a.End), cmp.Compare(a.Label, b.Label), cmp.Compare(a.ID, b.ID))
	})
}
