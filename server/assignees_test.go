package server_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/gloss-annotate/gloss/annotations"
	"github.com/gloss-annotate/gloss/annotations/api"
)

// TestAssignNonMember: a push that assigns an article to a name no member
// of the project has (an account outside it, no account at all, or a
// login where the annotator name belongs) is refused for that revision,
// 400 with the name; an assignment stored before its annotator left the
// project still pulls, may be changed while it keeps them, and blocks
// nothing else.
func TestAssignNonMember(t *testing.T) {
	eachStore(t, func(t *testing.T, e *env) {
		mia := withRole(t, e, "mia", api.RoleManager)
		e.as(t, "bob")
		withRole(t, e, "carol", "") // an account, in no project
		a := e.putArticle(t, "Merkel", merkelText)
		b := e.putArticle(t, "Bare", "Nobody annotated this.")
		assign := assigner(t)
		first := assign(annotations.Revision{}, a, annLogin, "bob")
		if r, _ := mia.push(t, first); r.status != 200 {
			t.Fatalf("assign ann and bob: %d %s", r.status, r.body)
		}
		withRole(t, e, "bob", "") // bob leaves the project

		for _, tt := range []struct {
			name string
			rev  annotations.Revision
			want string // the start of the problem
		}{
			{"an account outside the project", assign(first, a, annLogin, "bob", "carol"), "“carol” is no member of the project (its members: admin, ann, mia)"},
			{"no account", assign(annotations.Revision{}, b, "zed"), "“zed” is no member of the project"},
			{"bob, who left, on another article", assign(annotations.Revision{}, b, "bob"), "“bob” is no member of the project"},
			{"a login in another case", assign(annotations.Revision{}, b, "ANN"), "“ANN” is no member's annotator name: an assignment names “ann”"},
		} {
			other := assign(annotations.Revision{}, b, annLogin) // in the same push: stored
			r, got := mia.push(t, tt.rev, other)
			res := resultsOf(got)
			if r.status != 400 || got.Error == nil || !strings.HasPrefix(got.Error.Message, "revision 0 (item "+tt.rev.Item+"): "+tt.want) ||
				len(res) != 2 || res[0].status != "rejected" || res[0].code != api.CodeInvalid || res[1].status == "rejected" {
				t.Errorf("%s: %d %s; want 400 invalid naming it, the other revision stored", tt.name, r.status, r.body)
			}
		}

		// bob's assignment from before: kept in a change, pulled, and no
		// obstacle to ann's work on the article.
		keep := assign(first, a, "bob", annLogin, "mia")
		mine := mention(t, a, annLogin, uuidN(1), "PER", 0, 13)
		if r, _ := mia.push(t, keep); r.status != 200 {
			t.Errorf("an assignment keeping bob: %d %s", r.status, r.body)
		}
		if r, _ := e.as(t, annLogin).push(t, mine); r.status != 200 {
			t.Errorf("ann's mention on the article bob is assigned: %d %s", r.status, r.body)
		}
		var pulled []string
		for _, rev := range e.as(t, annLogin).pulled(t, annLogin, 2) {
			if err := rev.Validate(); err != nil {
				t.Errorf("pulled %s: %v", rev.ID, err)
			}
			pulled = append(pulled, rev.ID)
		}
		for _, rev := range []annotations.Revision{first, keep, mine} {
			if !slices.Contains(pulled, rev.ID) {
				t.Errorf("ann's pull %v lacks %s (%s)", pulled, rev.ID, rev.Kind)
			}
		}
		if r, _ := mia.push(t, assign(keep, a, annLogin)); r.status != 200 {
			t.Errorf("an assignment dropping bob: %d %s", r.status, r.body)
		}
	})
}
