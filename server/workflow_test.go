package server_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/gloss-annotate/gloss/annotations"
	"github.com/gloss-annotate/gloss/annotations/api"
	"github.com/gloss-annotate/gloss/server"
	"github.com/google/go-cmp/cmp"
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

// TestGoldLoginReserved: no account may take the gold sets' annotator
// name, nor the majority votes'.
func TestGoldLoginReserved(t *testing.T) {
	e := newEnv(t, server.Options{})
	for _, login := range []string{"gold", "Gold", " GOLD "} {
		wantError(t, "a user named "+login, e.admin(t).postJSON(t, api.PathUsers, api.UserRequest{Login: login}), 400, api.CodeInvalid, `the login "gold" is reserved`)
	}
	wantError(t, "a user named Majority", e.admin(t).postJSON(t, api.PathUsers, api.UserRequest{Login: "Majority"}), 400, api.CodeInvalid, `the login "majority" is reserved: it names the majority votes`)
	if r := e.admin(t).postJSON(t, api.PathUsers, api.UserRequest{Login: "goldie"}); r.status != 201 {
		t.Errorf("a user named goldie: %d %s", r.status, r.body)
	}
}

// timed returns r made at ms (Revision.At).
func timed(r annotations.Revision, ms int64) annotations.Revision {
	r.At = ms
	return r
}

// mustRev returns a function that returns r, failing t on err.
func mustRev(t *testing.T) func(r annotations.Revision, err error) annotations.Revision {
	return func(r annotations.Revision, err error) annotations.Revision {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
}

// assigner returns a function that makes the assignment revision of art
// to names after parent (the zero Revision for a first assignment),
// failing t on an error.
func assigner(t *testing.T) func(parent annotations.Revision, art annotations.Article, names ...string) annotations.Revision {
	must := mustRev(t)
	return func(parent annotations.Revision, art annotations.Article, names ...string) annotations.Revision {
		t.Helper()
		return must(annotations.NewAssignmentRevision(parent.ID, "", annotations.Assignment{ArticleID: art.ID, Annotators: names}))
	}
}

// TestProgress: the progress of a project, for its curators, lists its
// articles in the library's order with their assigned annotators, each
// set's state, counts and time spent (the same as annotations.SummarizeSet
// of the whole set), the article's state, and each annotator's totals.
func TestProgress(t *testing.T) {
	e, team := teamEnv(t)
	a := e.putArticle(t, "Merkel", merkelText)
	b := e.putArticle(t, "Bare", "Nobody annotated this.")
	c := e.putArticle(t, "Other", "Olaf Scholz spoke in Berlin.")
	gone := e.putArticle(t, "Gone", "An archived article.")
	archived := true
	if _, err := e.store.UpdateArticle(context.Background(), gone.ID, api.ArticlePatch{Archived: &archived}); err != nil {
		t.Fatal(err)
	}
	must := mustRev(t)
	key := func(art annotations.Article, who string) annotations.SetKey {
		return annotations.SetKey{ArticleID: art.ID, Annotator: who}
	}
	assign := func(art annotations.Article, names ...string) annotations.Revision {
		return must(annotations.NewAssignmentRevision("", "", annotations.Assignment{ArticleID: art.ID, Annotators: names}))
	}
	status := func(art annotations.Article, who string, s annotations.StatusItem) annotations.Revision {
		return must(annotations.NewStatusRevision("", key(art, who), s))
	}
	ann1 := timed(mention(t, a, annLogin, uuidN(1), "PER", 0, 13), 1_000)
	ann2 := timed(mention(t, a, annLogin, uuidN(2), "PER", 18, 33), 61_000)
	del := timed(must(annotations.NewDeletion(ann2)), 121_000+annotations.IdleGap) // a long pause counts IdleGap
	pushes := []struct {
		who  string
		revs []annotations.Revision
	}{
		{"mia", []annotations.Revision{assign(a, annLogin, "bob"), assign(b, annLogin)}},
		{annLogin, []annotations.Revision{ann1, ann2, del, timed(status(a, annLogin, annotations.StatusItem{State: annotations.WorkDone}), 130_000+annotations.IdleGap)}},
		{"bob", []annotations.Revision{timed(mention(t, a, "bob", uuidN(3), "LOC", 37, 42), 5_000),
			timed(status(a, "bob", annotations.StatusItem{State: annotations.WorkSkipped, Reason: "Not news."}), 9_000),
			mention(t, c, "bob", uuidN(4), "PER", 0, 11)}},
		{"cy", []annotations.Revision{timed(mention(t, a, annotations.GoldAnnotator, uuidN(5), "PER", 0, 13), 200_000),
			timed(status(a, annotations.GoldAnnotator, annotations.StatusItem{State: annotations.WorkDone}), 230_000)}},
	}
	for _, p := range pushes {
		if r, _ := team[p.who].push(t, p.revs...); r.status != 200 {
			t.Fatalf("push as %s: %d %s", p.who, r.status, r.body)
		}
	}

	var got api.Progress
	r := team["cy"].do(t, "GET", api.ProgressPath(api.DefaultProject), "", "")
	if r.status != 200 {
		t.Fatalf("the curator's progress: %d %s", r.status, r.body)
	}
	decode(t, r, &got)

	// Each set's progress is SummarizeSet's of the whole set.
	summary := func(art annotations.Article, who string) annotations.SetProgress {
		revs, err := e.store.SetRevisions(context.Background(), key(art, who))
		if err != nil {
			t.Fatal(err)
		}
		set, err := annotations.BuildSet(key(art, who), revs)
		if err != nil {
			t.Fatal(err)
		}
		return annotations.SummarizeSet(set, revs, time.Now().UnixMilli())
	}
	want := api.Progress{Project: api.DefaultProject, Articles: []api.ArticleProgress{
		{ArticleID: c.ID, Title: "Other", Assigned: []string{}, State: annotations.WorkInProgress, Sets: []annotations.SetProgress{summary(c, "bob")}},
		{ArticleID: b.ID, Title: "Bare", Assigned: []string{annLogin}, State: annotations.WorkNotStarted, Sets: []annotations.SetProgress{}},
		{ArticleID: a.ID, Title: "Merkel", Assigned: []string{annLogin, "bob"}, State: annotations.WorkCurated,
			Sets: []annotations.SetProgress{summary(a, annLogin), summary(a, "bob"), summary(a, annotations.GoldAnnotator)}},
	}}
	want.Annotators = []api.AnnotatorProgress{
		{Annotator: annLogin, Assigned: 2, NotStarted: 1, Done: 1, Spent: 60_000 + annotations.IdleGap + 9_000},
		{Annotator: "bob", Assigned: 1, InProgress: 1, Skipped: 1, Spent: 4_000},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("progress (-want +got):\n%s", diff)
	}
	// The summaries are what the revisions say.
	if s := got.Articles[2].Sets[0]; s.State != annotations.WorkDone || s.Entities != 1 || s.First != 1_000 || s.Last != 130_000+annotations.IdleGap {
		t.Errorf("ann's set of %s: %+v; want done, one mention, from 1,000 to %d", a.ID, s, 130_000+annotations.IdleGap)
	}
	if s := got.Articles[2].Sets[1]; s.State != annotations.WorkSkipped || s.Reason != "Not news." {
		t.Errorf("bob's set of %s: %+v; want skipped, with its reason", a.ID, s)
	}

	// Once the gold set is reopened, the article is done, not curated.
	goldStatus := pushes[3].revs[1]
	reopen := timed(must(annotations.NewStatusRevision(goldStatus.ID, key(a, annotations.GoldAnnotator), annotations.StatusItem{State: annotations.WorkInProgress})), 300_000)
	if r, _ := team["cy"].push(t, reopen); r.status != 200 {
		t.Fatalf("reopen the gold set: %d %s", r.status, r.body)
	}
	decode(t, team["mia"].do(t, "GET", api.ProgressPath(api.DefaultProject), "", ""), &got)
	if s := got.Articles[2].State; s != annotations.WorkDone {
		t.Errorf("the article's state once its gold set is reopened: %s; want done", s)
	}
}

// TestProgressOfAProject: a project's progress holds its own articles and
// assignments only: not another project's, nor the sets of an article
// taken out of it.
func TestProgressOfAProject(t *testing.T) {
	e, team := teamEnv(t)
	ctx := context.Background()
	a := e.putArticle(t, "Merkel", merkelText)
	b := e.putArticle(t, "Other", "Olaf Scholz spoke in Berlin.")
	if err := e.store.CreateProject(ctx, server.Project{ID: "climate", Name: "Climate"}, team["mia"].user.ID); err != nil {
		t.Fatal(err)
	}
	for _, who := range []string{"cy", annLogin} {
		role := api.RoleAnnotator
		if who == "cy" {
			role = api.RoleCurator
		}
		if err := e.store.SetMember(ctx, "climate", team[who].user.ID, role); err != nil {
			t.Fatal(err)
		}
	}
	for _, id := range []string{a.ID, b.ID} {
		if err := e.store.SetProjectArticle(ctx, "climate", id, true); err != nil {
			t.Fatal(err)
		}
	}
	must := mustRev(t)
	inClimate := func(r annotations.Revision) annotations.Revision {
		r.Project = "climate"
		r.ID = r.ComputeID()
		return r
	}
	pushes := []struct {
		who  string
		revs []annotations.Revision
	}{
		{"mia", []annotations.Revision{
			must(annotations.NewAssignmentRevision("", "climate", annotations.Assignment{ArticleID: b.ID, Annotators: []string{annLogin}})),
			must(annotations.NewAssignmentRevision("", "", annotations.Assignment{ArticleID: b.ID, Annotators: []string{"bob"}})),
		}},
		{annLogin, []annotations.Revision{inClimate(mention(t, a, annLogin, uuidN(1), "PER", 0, 13)), inClimate(mention(t, b, annLogin, uuidN(2), "PER", 0, 11)), mention(t, b, annLogin, uuidN(3), "PER", 0, 11)}},
	}
	for _, p := range pushes {
		if r, _ := team[p.who].push(t, p.revs...); r.status != 200 {
			t.Fatalf("push as %s: %d %s", p.who, r.status, r.body)
		}
	}
	if err := e.store.SetProjectArticle(ctx, "climate", a.ID, false); err != nil {
		t.Fatal(err)
	}
	for who, status := range map[string]int{annLogin: 403, "bob": 404, "oz": 404} {
		if r := team[who].do(t, "GET", api.ProgressPath("climate"), "", ""); r.status != status {
			t.Errorf("%s asks for climate's progress: %d %s; want %d", who, r.status, r.body, status)
		}
	}
	var got api.Progress
	decode(t, team["cy"].do(t, "GET", api.ProgressPath("climate"), "", ""), &got)
	if len(got.Articles) != 1 || got.Articles[0].ArticleID != b.ID || !slices.Equal(got.Articles[0].Assigned, []string{annLogin}) ||
		len(got.Articles[0].Sets) != 1 || got.Articles[0].Sets[0].Entities != 1 || got.Articles[0].State != annotations.WorkInProgress {
		t.Errorf("climate's progress: %+v; want article b alone, assigned to ann, her set in progress", got)
	}
	if want := []api.AnnotatorProgress{{Annotator: annLogin, Assigned: 1, InProgress: 1}}; !slices.Equal(want, got.Annotators) {
		t.Errorf("climate's annotators: %+v; want %+v", got.Annotators, want)
	}
}
