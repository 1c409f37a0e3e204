package annotations

import "github.com/google/uuid"

// Entity is a mention of an entity: a span of the article's text with a
// label from the set's schema. ID is a UUID, the same in every revision of
// the mention.
type Entity struct {
	ID string `json:"id"`
	Span
	Label string `json:"label"`
}

// Validate reports whether e is a well-formed mention of text whose label is
// in schema.
func (e Entity) Validate(text []rune, schema Schema) error {
	if _, err := uuid.Parse(e.ID); err != nil {
		return invalid("id", "%q is not a UUID", e.ID)
	}
	if _, ok := schema.Label(e.Label); !ok {
		names := make([]string, len(schema.EntityLabels))
		for i, l := range schema.EntityLabels {
			names[i] = l.Name
		}
		return invalid("label", "%q is not a label of this annotation set (labels: %v)", e.Label, names)
	}
	return e.Span.Validate(text)
}
