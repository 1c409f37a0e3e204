package annotations

import (
	"math"
	"slices"
)

// AssignOptions says how AutoAssign shares articles out.
type AssignOptions struct {
	// Annotators are those who receive articles, in a stable order (ties
	// go to the earlier one).
	Annotators []string
	// PerArticle is how many annotators each article gets (at most
	// len(Annotators)).
	PerArticle int
	// Shared is the share of the articles, from 0 to 1, that every
	// annotator gets, for measuring agreement over the whole team.
	Shared float64
	// Disabled are the annotator names of disabled accounts: an
	// article's current annotators among them stay on it but do not
	// count toward PerArticle, since nobody can sign in to work as them.
	Disabled []string
}

// Validate reports whether o can share articles out.
func (o AssignOptions) Validate() error {
	switch {
	case len(o.Annotators) == 0:
		return invalid("annotators", "is empty: name who annotates")
	case o.PerArticle < 1 || o.PerArticle > len(o.Annotators):
		return invalid("per_article", "is %d; it must be from 1 to the number of annotators (%d)", o.PerArticle, len(o.Annotators))
	case !(o.Shared >= 0 && o.Shared <= 1):
		return invalid("shared", "is %v; it must be from 0 to 1", o.Shared)
	}
	return validateAssignees(o.Annotators)
}

// AutoAssign shares the articles out among o.Annotators: the first
// ceil(Shared × n) articles not yet assigned go to every annotator; every
// other article gets PerArticle annotators, those with the fewest articles
// so far (counting current assignments), so that the load stays balanced.
// An article already assigned (current maps an article to its annotators)
// keeps its annotators, and gets more only when it has fewer than
// PerArticle who can work on it: a name of o.Disabled stays on the
// article (the manager sees it marked in the progress, and enabling the
// account again gives it back its work) but is not counted, so an
// article left to disabled accounts alone gets PerArticle others. The
// result maps each article whose annotators change to its new list; it is
// the same for the same input. o must be valid.
func AutoAssign(articles []string, current map[string][]string, o AssignOptions) map[string][]string {
	load := map[string]int{}
	for _, names := range current {
		for _, name := range names {
			load[name]++
		}
	}
	var fresh []string
	for _, id := range articles {
		if len(current[id]) == 0 {
			fresh = append(fresh, id)
		}
	}
	shared := int(math.Ceil(o.Shared * float64(len(fresh))))
	out := map[string][]string{}
	for _, id := range fresh[:shared] {
		out[id] = slices.Clone(o.Annotators)
		for _, name := range o.Annotators {
			load[name]++
		}
	}
	for _, id := range articles {
		if _, done := out[id]; done {
			continue
		}
		names := slices.Clone(current[id])
		able := 0 // of names, those who can work on the article
		for _, name := range names {
			if !slices.Contains(o.Disabled, name) {
				able++
			}
		}
		for able < o.PerArticle && len(names) < MaxAssignees {
			best := ""
			for _, name := range o.Annotators {
				if slices.Contains(names, name) || slices.Contains(o.Disabled, name) {
					continue
				}
				if best == "" || load[name] < load[best] {
					best = name
				}
			}
			if best == "" {
				break
			}
			names = append(names, best)
			able++
			load[best]++
		}
		if len(names) > len(current[id]) {
			out[id] = names
		}
	}
	return out
}
