package main

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"maps"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/gloss-annotate/gloss/annotations"
	"github.com/gloss-annotate/gloss/annotations/api"
	"github.com/gloss-annotate/gloss/server"
	"github.com/gloss-annotate/gloss/server/sqlite"
)

// TestAssignAndProgressCommands: gloss assign shares a project's articles
// out among its annotators, or assigns one by hand, as revisions of the
// project that annotators pull; gloss progress shows them in each format.
func TestAssignAndProgressCommands(t *testing.T) {
	data := filepath.Join(t.TempDir(), "data")
	for _, login := range []string{"ana", "bob", "cy"} {
		if code, _, errOut := glossIn(t, "a long enough password\n", "user", "add", "--data", data, login); code != 0 {
			t.Fatal(errOut)
		}
	}
	if code, _, errOut := gloss(t, "member", "set", "--data", data, "ana", "manager"); code != 0 {
		t.Fatal(errOut)
	}
	if code, _, errOut := gloss(t, "import", "--data", data, "--format", "doccano", "--annotator", "bob", writeFile(t, t.TempDir(), "three.jsonl", doccanoFile)); code != 0 {
		t.Fatal(errOut)
	}
	progress := func() api.Progress {
		t.Helper()
		code, out, errOut := gloss(t, "progress", "--data", data, "--format", "json")
		var p api.Progress
		if code != 0 || json.Unmarshal([]byte(out), &p) != nil {
			t.Fatalf("progress: %d %q %q", code, out, errOut)
		}
		return p
	}
	before := progress()
	if len(before.Articles) != 3 || len(before.Articles[0].Assigned) != 0 || before.Articles[0].State != annotations.WorkInProgress {
		t.Fatalf("progress before assigning: %+v; want 3 articles unassigned, in progress (bob's imported sets)", before)
	}

	// --auto: the annotators are bob and cy (ana manages); the first
	// ceil(0.34 × 3) = 2 articles go to both, the last to the one with the
	// fewest, bob on a tie.
	code, out, errOut := gloss(t, "assign", "--data", data, "--auto", "--per-article", "1", "--shared", "0.34")
	if code != 0 || !strings.HasSuffix(out, "3 articles assigned anew in Default\n") {
		t.Fatalf("assign --auto: %d %q %q", code, out, errOut)
	}
	var assigned [][]string
	for _, a := range progress().Articles {
		assigned = append(assigned, a.Assigned)
	}
	if want := [][]string{{"bob", "cy"}, {"bob", "cy"}, {"bob"}}; !slices.EqualFunc(want, assigned, slices.Equal) {
		t.Errorf("after assign --auto: %v; want %v", assigned, want)
	}
	// Again: nothing changes.
	if code, out, errOut := gloss(t, "assign", "--data", data, "--auto", "--per-article", "1"); code != 0 || out != "0 articles assigned anew in Default\n" {
		t.Errorf("assign --auto again: %d %q %q", code, out, errOut)
	}

	// By hand, on top of the current assignment.
	last, lastTitle := before.Articles[2].ArticleID, before.Articles[2].Title
	if code, out, errOut := gloss(t, "assign", "--data", data, "--article", last, "--annotators", "CY"); code != 0 || !strings.Contains(out, last+"  "+lastTitle+": cy\n") {
		t.Fatalf("assign --article: %d %q %q", code, out, errOut)
	}
	p := progress()
	if got := p.Articles[2].Assigned; !slices.Equal(got, []string{"cy"}) {
		t.Errorf("after assign --article: %v; want [cy]", got)
	}
	wantTotals := []api.AnnotatorProgress{
		{Annotator: "bob", Assigned: 2, InProgress: 3},
		{Annotator: "cy", Assigned: 3, NotStarted: 3},
	}
	if !slices.Equal(wantTotals, p.Annotators) {
		t.Errorf("totals: %+v; want %+v", p.Annotators, wantTotals)
	}
	// The assignments are the project's revisions, without conflicts,
	// which cy pulls.
	store, err := sqlite.Open(data)
	if err != nil {
		t.Fatal(err)
	}
	revs, err := store.SetRevisions(context.Background(), annotations.ProjectKey(""))
	if err != nil {
		t.Fatal(err)
	}
	set, err := annotations.BuildSet(annotations.ProjectKey(""), revs)
	if err != nil || len(set.Assignments) != 3 || len(set.Conflicts) != 0 {
		t.Errorf("the project's assignments: %+v, conflicts %v, %v; want 3, no conflict", set.Assignments, set.Conflicts, err)
	}
	page, err := store.Changes(context.Background(), server.ChangeFilter{Annotator: "cy"}, server.Cursor{}, 100)
	if err != nil || len(page.Revisions) != 4 || page.Revisions[0].Kind != annotations.KindAssignment || page.Revisions[0].At == 0 {
		t.Errorf("cy's pull: %+v, %v; want the 4 assignment revisions, with their times", page.Revisions, err)
	}
	store.Close()

	// Text and CSV. The article is not started: cy, its one annotator,
	// has not started it (bob's set is no longer counted).
	code, out, _ = gloss(t, "progress", "--data", data)
	if code != 0 || !regexp.MustCompile(`(?m)^`+last+`\s+`+regexp.QuoteMeta(lastTitle)+`\s+not_started\s+cy\s+bob in_progress$`).MatchString(out) ||
		!regexp.MustCompile(`(?m)^cy\s+3\s+3\s+0\s+0\s+0\s+0s$`).MatchString(out) {
		t.Errorf("progress as text: %d\n%s", code, out)
	}
	// A disabled account is marked in the annotators' table.
	if code, _, errOut := gloss(t, "user", "disable", "--data", data, "bob"); code != 0 {
		t.Fatal(errOut)
	}
	code, out, _ = gloss(t, "progress", "--data", data)
	if code != 0 || !regexp.MustCompile(`(?m)^bob \(disabled\)\s+2\s+0\s+3\s+0\s+0\s+0s$`).MatchString(out) {
		t.Errorf("progress as text, bob disabled: %d\n%s", code, out)
	}
	if code, _, errOut := gloss(t, "user", "enable", "--data", data, "bob"); code != 0 {
		t.Fatal(errOut)
	}
	code, out, _ = gloss(t, "progress", "--data", data, "--format", "csv")
	rows, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if code != 0 || err != nil || len(rows) != 1+6 || rows[0][4] != "annotator" || !slices.Equal(rows[6][:6], []string{last, lastTitle, "not_started", "cy", "cy", "not_started"}) {
		t.Errorf("progress as csv: %d %v\n%s", code, err, out)
	}

	for _, tt := range []struct {
		name   string
		args   []string
		code   int
		stderr string
	}{
		{"progress: bad format", []string{"progress", "--data", data, "--format", "xml"}, 2, `--format "xml" is not a format`},
		{"progress: unknown project", []string{"progress", "--data", data, "--project", "nope"}, 1, `no project "nope"`},
		{"progress: no database", []string{"progress", "--data", t.TempDir()}, 1, "no database"},
		{"assign: nothing", []string{"assign", "--data", data}, 2, "give --article ID"},
		{"assign: both", []string{"assign", "--data", data, "--auto", "--article", last}, 2, "not both"},
		{"assign: no annotators", []string{"assign", "--data", data, "--article", last}, 2, "--annotators is missing"},
		{"assign: bad article", []string{"assign", "--data", data, "--article", "x", "--annotators", "cy"}, 2, "not an article ID"},
		{"assign: unknown article", []string{"assign", "--data", data, "--article", strings.Repeat("0", 32), "--annotators", "cy"}, 1, "no article"},
		{"assign: no member", []string{"assign", "--data", data, "--article", last, "--annotators", "zed"}, 1, `“zed” is no member of the project (its members: ana, bob, cy) in Default`},
		{"assign: gold", []string{"assign", "--data", data, "--article", last, "--annotators", "gold"}, 2, "the curators' gold set"},
		{"assign: twice", []string{"assign", "--data", data, "--article", last, "--annotators", "cy,cy"}, 2, "twice"},
		{"assign: too many per article", []string{"assign", "--data", data, "--auto", "--per-article", "3"}, 2, "--per-article: is 3"},
		{"assign: shared", []string{"assign", "--data", data, "--auto", "--shared", "2"}, 2, "--shared: is 2"},
		{"assign: per-article by hand", []string{"assign", "--data", data, "--article", last, "--annotators", "cy", "--shared", "0.5"}, 2, "go with --auto"},
		{"assign: no database", []string{"assign", "--data", t.TempDir(), "--auto"}, 1, "no database"},
		{"assign: unknown project", []string{"assign", "--data", data, "--project", "nope", "--auto"}, 1, `no project "nope"`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			code, _, errOut := gloss(t, tt.args...)
			if code != tt.code || !strings.Contains(errOut, tt.stderr) {
				t.Errorf("exit %d, stderr %q; want %d and %q", code, errOut, tt.code, tt.stderr)
			}
		})
	}

	// cy leaves the project with 3 articles assigned: the command lists
	// them, since nobody else annotates them for cy.
	code, out, errOut = gloss(t, "member", "remove", "--data", data, "cy")
	if code != 0 || !strings.Contains(out, "cy still has 3 articles assigned in Default, which they can no longer annotate") || !strings.Contains(out, "\n  "+last) {
		t.Errorf("member remove cy: %d %q %q; want the 3 articles assigned listed", code, out, errOut)
	}
}

// TestAssignDisabledAccounts: gloss assign --auto leaves the disabled
// accounts out of the project's annotators and says which; naming one,
// with --auto or by hand, is refused, as the app's Assign… refuses it.
func TestAssignDisabledAccounts(t *testing.T) {
	data := filepath.Join(t.TempDir(), "data")
	for _, login := range []string{"bob", "cy", "dee"} {
		if code, _, errOut := glossIn(t, "a long enough password\n", "user", "add", "--data", data, login); code != 0 {
			t.Fatal(errOut)
		}
	}
	for _, args := range [][]string{
		{"import", "--data", data, "--format", "doccano", "--annotator", "bob", writeFile(t, t.TempDir(), "three.jsonl", doccanoFile)},
		{"user", "disable", "--data", data, "cy"},
	} {
		if code, _, errOut := gloss(t, args...); code != 0 {
			t.Fatal(errOut)
		}
	}
	code, out, errOut := gloss(t, "progress", "--data", data, "--format", "json")
	var p api.Progress
	if code != 0 || json.Unmarshal([]byte(out), &p) != nil || len(p.Articles) != 3 {
		t.Fatalf("progress: %d %q %q", code, out, errOut)
	}
	article := p.Articles[0].ArticleID

	for _, tt := range []struct {
		name     string
		args     []string
		code     int
		out, err string
	}{
		{"by hand", []string{"--article", article, "--annotators", "bob,CY"}, 1, "", api.DisabledAssignee("cy")},
		{"auto, named", []string{"--auto", "--annotators", "cy,dee"}, 1, "", api.DisabledAssignee("cy")},
		{"auto", []string{"--auto", "--per-article", "1"}, 0, "left out, their accounts disabled: cy (gloss user enable LOGIN)\n", ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errOut := gloss(t, append([]string{"assign", "--data", data}, tt.args...)...)
			if code != tt.code || !strings.Contains(out, tt.out) || !strings.Contains(errOut, tt.err) {
				t.Errorf("exit %d, stdout %q, stderr %q; want %d, %q and %q", code, out, errOut, tt.code, tt.out, tt.err)
			}
		})
	}
	code, out, errOut = gloss(t, "progress", "--data", data, "--format", "json")
	if code != 0 || json.Unmarshal([]byte(out), &p) != nil {
		t.Fatalf("progress: %d %q %q", code, out, errOut)
	}
	for _, a := range p.Articles {
		if len(a.Assigned) != 1 || slices.Contains(a.Assigned, "cy") {
			t.Errorf("%s is assigned to %v; want one annotator, not cy", a.ArticleID, a.Assigned)
		}
	}
}

// TestAssignAutoPastDisabled: an article assigned to an account since
// disabled gets, from gloss assign --auto, as many others as an article
// nobody has (the disabled account does not count), and keeps the
// disabled one, marked so in the output as in the progress.
func TestAssignAutoPastDisabled(t *testing.T) {
	data := filepath.Join(t.TempDir(), "data")
	for _, login := range []string{"bob", "cy"} {
		if code, _, errOut := glossIn(t, "a long enough password\n", "user", "add", "--data", data, login); code != 0 {
			t.Fatal(errOut)
		}
	}
	if code, _, errOut := gloss(t, "import", "--data", data, "--format", "doccano", "--annotator", "bob", writeFile(t, t.TempDir(), "three.jsonl", doccanoFile)); code != 0 {
		t.Fatal(errOut)
	}
	assigned := func() map[string][]string {
		t.Helper()
		code, out, errOut := gloss(t, "progress", "--data", data, "--format", "json")
		var p api.Progress
		if code != 0 || json.Unmarshal([]byte(out), &p) != nil || len(p.Articles) != 3 {
			t.Fatalf("progress: %d %q %q", code, out, errOut)
		}
		m := map[string][]string{}
		for _, a := range p.Articles {
			m[a.ArticleID] = a.Assigned
		}
		return m
	}
	var articles []string
	for id := range assigned() {
		articles = append(articles, id)
	}
	slices.Sort(articles)
	cys := articles[0]
	for _, args := range [][]string{
		{"assign", "--data", data, "--article", cys, "--annotators", "cy"},
		{"user", "disable", "--data", data, "cy"},
	} {
		if code, _, errOut := gloss(t, args...); code != 0 {
			t.Fatal(errOut)
		}
	}

	for _, tt := range []struct {
		name string
		want []string // in the output
	}{
		{"first", []string{"left out, their accounts disabled: cy", cys + "  ", ": cy (disabled), bob\n", articles[1] + "  ", articles[2] + "  ", "3 articles assigned anew in Default\n"}},
		{"again", []string{"0 articles assigned anew in Default\n"}},
	} {
		code, out, errOut := gloss(t, "assign", "--data", data, "--auto", "--per-article", "1")
		for _, w := range tt.want {
			if code != 0 || !strings.Contains(out, w) {
				t.Errorf("%s assign --auto: exit %d, stdout %q, stderr %q; want %q in stdout", tt.name, code, out, errOut, w)
			}
		}
	}
	want := map[string][]string{cys: {"cy", "bob"}, articles[1]: {"bob"}, articles[2]: {"bob"}}
	if got := assigned(); !maps.EqualFunc(got, want, slices.Equal) {
		t.Errorf("assigned after assign --auto: %v; want %v", got, want)
	}
}
