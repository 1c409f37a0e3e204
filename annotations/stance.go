package annotations

import (
	"fmt"

	"github.com/google/uuid"
)

// Stance is an attitude toward a target, after SemEval-2016 Task 6: who holds
// it, toward what, with which polarity (one of the schema's, FAVOR, AGAINST
// or NONE by default), and optionally the quotes or spans that show it.
type Stance struct {
	ID       string     `json:"id"`
	Holder   Holder     `json:"holder"`
	Target   Target     `json:"target"`
	Polarity string     `json:"polarity"`
	Evidence []Evidence `json:"evidence,omitempty"`
}

// Validate reports whether s is a well-formed stance on text: a UUID, a valid
// holder and target, a polarity of schema, and evidence that is valid, its
// spans matching text and no quote listed twice. Whether the items it refers
// to exist is CheckReferences's question.
func (s Stance) Validate(text []rune, schema Schema) error {
	if _, err := uuid.Parse(s.ID); err != nil {
		return invalid("id", "%q is not a UUID", s.ID)
	}
	if err := s.Holder.Validate(); err != nil {
		return inField("holder", err)
	}
	if err := s.Target.Validate(); err != nil {
		return inField("target", err)
	}
	if !schema.HasPolarity(s.Polarity) {
		return invalid("polarity", "%q is not a stance polarity of this annotation set (polarities: %v)", s.Polarity, schema.Polarities())
	}
	quotes := map[string]bool{}
	for i, e := range s.Evidence {
		field := fmt.Sprintf("evidence[%d]", i)
		if err := e.Validate(text); err != nil {
			return inField(field, err)
		}
		if e.Kind == RefQuote {
			if quotes[e.ID] {
				return invalid(field, "lists the same quote twice as evidence (%s): take one out", shortID(e.ID))
			}
			quotes[e.ID] = true
		}
	}
	return nil
}

func (s Stance) references() []reference {
	refs := []reference{
		{field: "holder", kind: s.Holder.Kind, id: s.Holder.ID},
		{field: "target", kind: s.Target.Kind, id: s.Target.ID},
	}
	for i, e := range s.Evidence {
		refs = append(refs, reference{field: fmt.Sprintf("evidence[%d]", i), kind: e.Kind, id: e.ID})
	}
	return itemRefs(refs...)
}
