package annotations

import (
	"fmt"
	"slices"

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
			return invalid(field, "lists the same mention twice (%s): take one out", shortID(m))
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

// GroupProposal proposes gathering mentions that have the same text: into
// the existing group Group, or (Group empty) into a new group named Name.
// Members are the mentions to add, in the set's order.
type GroupProposal struct {
	Name    string   `json:"name"`
	Group   string   `json:"group,omitempty"`
	Members []string `json:"members"`
}

// ProposeGroups proposes groups for s's mentions that share a text (after
// NormalizeLine, case and accents kept): where one of them is already in a
// group, the others join that group (that of the first such mention in text
// order); where none is, two or more form a new group named after the text.
// Mentions already in a group are never moved. Proposals are ordered by name.
func ProposeGroups(s Set) []GroupProposal {
	groupOf := map[string]string{}
	for _, g := range s.Groups {
		for _, m := range g.Members {
			if _, ok := groupOf[m]; !ok {
				groupOf[m] = g.ID
			}
		}
	}
	type bucket struct {
		group string
		free  []string
	}
	buckets := map[string]*bucket{}
	var names []string
	for _, e := range s.Entities {
		name := NormalizeLine(e.Exact)
		if name == "" {
			continue
		}
		b := buckets[name]
		if b == nil {
			b = &bucket{}
			buckets[name] = b
			names = append(names, name)
		}
		if g, ok := groupOf[e.ID]; ok {
			if b.group == "" {
				b.group = g
			}
			continue
		}
		b.free = append(b.free, e.ID)
	}
	slices.Sort(names)
	var out []GroupProposal
	for _, name := range names {
		b := buckets[name]
		if len(b.free) == 0 || (b.group == "" && len(b.free) < 2) {
			continue
		}
		out = append(out, GroupProposal{Name: name, Group: b.group, Members: b.free})
	}
	return out
}

// CheckGroupMembers reports whether group g may stand beside groups (the
// other groups of its set; g's own earlier value, same ID, is skipped): a
// mention is in at most one group, since a group is one real-world entity
// and a mention names one. The message names the group that already holds
// the mention, so the annotator knows which one to take it out of.
func CheckGroupMembers(g EntityGroup, groups []EntityGroup) error {
	if len(groups) == 0 {
		return nil
	}
	members := make(map[string]int, len(g.Members))
	for i, m := range g.Members {
		members[m] = i
	}
	for _, other := range groups {
		if other.ID == g.ID {
			continue
		}
		for _, m := range other.Members {
			if i, ok := members[m]; ok {
				return invalid(fmt.Sprintf("members[%d]", i),
					"this mention is already in the group %q, and a mention can be in one group only: take it out of that group first", other.Name)
			}
		}
	}
	return nil
}

// sharedMembers returns, for group g of a set whose groups are groups, a
// review reason per member that another group also holds (data stored
// before the one-group rule, or two devices that grouped one mention
// differently at the same time), naming the mention by name(id).
func sharedMembers(g EntityGroup, groups []EntityGroup, name func(id string) string) []string {
	var out []string
	for _, other := range groups {
		if other.ID == g.ID {
			continue
		}
		for _, m := range g.Members {
			if slices.Contains(other.Members, m) {
				out = append(out, fmt.Sprintf("%s is also in the group %q: a mention can be in one group only; take it out of one of them", name(m), other.Name))
			}
		}
	}
	return out
}
