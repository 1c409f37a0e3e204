package server_test

import (
	"context"
	"strings"
	"testing"

	"github.com/gloss-annotate/gloss/annotations"
	"github.com/gloss-annotate/gloss/annotations/api"
	"github.com/gloss-annotate/gloss/server"
)

// teamEnv is a Default project with a member of each role: mia manages,
// cy curates, ann and bob annotate, oz is not a member.
func teamEnv(t *testing.T) (*env, map[string]*client) {
	t.Helper()
	e := newEnv(t, server.Options{})
	team := map[string]*client{
		"mia":    withRole(t, e, "mia", api.RoleManager),
		"cy":     withRole(t, e, "cy", api.RoleCurator),
		annLogin: e.as(t, annLogin),
		"bob":    e.as(t, "bob"),
		"oz":     withRole(t, e, "oz", ""),
		"admin":  e.admin(t),
	}
	return e, team
}

// TestGoldPush: the gold set (annotations.GoldAnnotator) is pushed by the
// project's curators, managers and admins; an annotator's push of it is
// refused per revision, as is an outsider's; the project's assignments
// stay its managers'.
func TestGoldPush(t *testing.T) {
	tests := []struct {
		who     string
		gold    string // "" when applied, else a part of the refusal
		assign  string
		applied int
	}{
		{who: annLogin, gold: `only the curators and managers of the project "default" write its gold sets (annotator "gold"): you (ann) are neither`, assign: `only the managers of the project "default" change its schema and assignments: you (ann) are not one`},
		{who: "oz", gold: "not a member", assign: "not a member"},
		{who: "cy", assign: `change its schema and assignments: you (cy) are not one`},
		{who: "mia"},
		{who: "admin"},
	}
	for _, tt := range tests {
		t.Run(tt.who, func(t *testing.T) {
			e, team := teamEnv(t)
			a := e.putArticle(t, "", merkelText)
			gold := mention(t, a, annotations.GoldAnnotator, uuidN(1), "PER", 0, 13)
			assign, err := annotations.NewAssignmentRevision("", "", annotations.Assignment{ArticleID: a.ID, Annotators: []string{annLogin, "bob"}})
			if err != nil {
				t.Fatal(err)
			}
			before := e.snapshot(t)
			r, got := team[tt.who].push(t, gold, assign)
			want := []result{{status: "applied"}, {status: "applied"}}
			for i, refusal := range []string{tt.gold, tt.assign} {
				if refusal != "" {
					want[i] = result{status: "rejected", code: api.CodeForbidden, message: refusal}
				}
			}
			gotResults := resultsOf(got)
			for i := range want {
				if i >= len(gotResults) || gotResults[i].status != want[i].status || gotResults[i].code != want[i].code || !strings.Contains(gotResults[i].message, want[i].message) {
					t.Fatalf("push as %s: %d %s; want %+v", tt.who, r.status, r.body, want)
				}
			}
			if tt.gold != "" && tt.assign != "" {
				e.unchanged(t, before)
			}
		})
	}
}

// TestGoldPull: curators, managers and admins pull the gold set; an
// annotator only when the project lets annotators see each other; an
// outsider never.
func TestGoldPull(t *testing.T) {
	e, team := teamEnv(t)
	a := e.putArticle(t, "", merkelText)
	gold := mention(t, a, annotations.GoldAnnotator, uuidN(1), "PER", 0, 13)
	if _, got := team["cy"].push(t, gold); got.Results[0].Status != string(api.StatusApplied) {
		t.Fatalf("the curator's gold mention: %+v", got)
	}
	pull := func(who string) (int, []annotations.Revision) {
		t.Helper()
		r := team[who].do(t, "GET", api.PathPull+"?annotator=gold", "", "")
		var page api.PullResponse
		if r.status == 200 {
			decode(t, r, &page)
		}
		return r.status, page.Revisions
	}
	check := func(when string, want map[string]int) {
		t.Helper()
		for who, status := range want {
			got, revs := pull(who)
			if got != status || (status == 200 && (len(revs) != 1 || revs[0].ID != gold.ID)) {
				t.Errorf("%s: %s pulls the gold set: %d %+v; want %d", when, who, got, revs, status)
			}
		}
	}
	check("blind", map[string]int{"cy": 200, "mia": 200, "admin": 200, annLogin: 403, "oz": 403})
	see := true
	if _, err := e.store.UpdateProject(context.Background(), api.DefaultProject, api.ProjectPatch{AnnotatorsSeeEachOther: &see}); err != nil {
		t.Fatal(err)
	}
	check("annotators see each other", map[string]int{annLogin: 200, "oz": 403})
}

// TestGoldLoginReserved: no account may take the gold sets' annotator name.
func TestGoldLoginReserved(t *testing.T) {
	e := newEnv(t, server.Options{})
	for _, login := range []string{"gold", "Gold", " GOLD "} {
		wantError(t, "a user named "+login, e.admin(t).postJSON(t, api.PathUsers, api.UserRequest{Login: login}), 400, api.CodeInvalid, `the login "gold" is reserved`)
	}
	if r := e.admin(t).postJSON(t, api.PathUsers, api.UserRequest{Login: "goldie"}); r.status != 201 {
		t.Errorf("a user named goldie: %d %s", r.status, r.body)
	}
}
