package annotations

import (
	"cmp"
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
	ID        string     `json:"set_id"`
	ArticleID string     `json:"article_id"`
	Annotator string     `json:"annotator"`
	Schema    Schema     `json:"schema"`
	Entities  []Entity   `json:"entities"`
	Conflicts []Revision `json:"conflicts,omitempty"`
	// Heads maps each item, deleted ones included, to its winning
	// revision: the parent of the item's next change.
	Heads map[string]Revision `json:"-"`
}

// BuildSet resolves the revisions of one set into its current state: the
// winning revision of each item that is not deleted, in text order, and the
// losing revisions that are kept as conflicts. Revisions of other sets are
// ignored; a body that does not decode is an error.
func BuildSet(articleID, annotator string, revs []Revision) (Set, error) {
	s := Set{ID: SetID(articleID, annotator), ArticleID: articleID, Annotator: annotator, Schema: DefaultSchema(), Entities: []Entity{}, Heads: map[string]Revision{}}
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
		}
	}
	SortEntities(s.Entities)
	return s, nil
}

// SortEntities orders entities by start, then longest first, then label
// and ID, so that an outer span comes before the spans nested in it.
func SortEntities(es []Entity) {
	slices.SortFunc(es, func(a, b Entity) int {
		return cmp.Or(cmp.Compare(a.Start, b.Start), cmp.Compare(b.End, a.End), cmp.Compare(a.Label, b.Label), cmp.Compare(a.ID, b.ID))
	})
}
