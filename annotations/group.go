package annotations

import (
	"fmt"

	"github.com/google/uuid"
)

// EntityGroup gathers the mentions of one real-world entity ("Rex
// Tillerson", "Tillerson", "Secretary of State") under a canonical name.
// Members are the IDs of entity mentions of the same set.
type EntityGroup struct {
	ID      string   `json:"id"`
	Name    string   `json:"name"`
	Members []string `json:"members"`
}

// Validate reports whether g has a UUID, a name (one line normalized by
// NormalizeLine, not empty, at most MaxNameRunes) and at least one member,
// every member a UUID listed once. Whether the members are mentions of the
// set is CheckReferences's question.
func (g EntityGroup) Validate() error {
	if _, err := uuid.Parse(g.ID); err != nil {
		return invalid("id", "%q is not a UUID", g.ID)
	}
	if err := validateName("name", g.Name); err != nil {
		return err
	}
	if len(g.Members) == 0 {
		return invalid("members", "is empty: a group needs at least one entity mention")
	}
	seen := map[string]bool{}
	for i, m := range g.Members {
		field := fmt.Sprintf("members[%d]", i)
		if _, err := uuid.Parse(m); err != nil {
			return invalid(field, "%q is not a UUID", m)
		}
		if seen[m] {
			return invalid(field, "entity mention %s is listed twice", shortID(m))
		}
		seen[m] = true
	}
	return nil
}

func (g EntityGroup) references() []reference {
	refs := make([]reference, len(g.Members))
	for i, m := range g.Members {
		refs[i] = reference{field: fmt.Sprintf("members[%d]", i), kind: RefEntity, id: m}
	}
	return refs
}
