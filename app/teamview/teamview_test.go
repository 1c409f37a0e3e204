package teamview

import (
	"html"
	"regexp"
	"strings"
	"testing"

	"github.com/gloss-annotate/gloss/annotations"
	"github.com/gloss-annotate/gloss/annotations/api"
	"github.com/google/go-cmp/cmp"
)

// TestHoursMinutes: time spent shows as h:mm, to the nearest minute.
func TestHoursMinutes(t *testing.T) {
	for _, c := range []struct {
		ms   int64
		want string
	}{
		{0, "0:00"},
		{29_999, "0:00"},
		{30_000, "0:01"},
		{9 * 60_000, "0:09"},
		{59*60_000 + 29_999, "0:59"},
		{59*60_000 + 30_000, "1:00"},
		{150 * 60_000, "2:30"},
		{125 * 3_600_000, "125:00"},
		{-5_000, "0:00"},
	} {
		if got := HoursMinutes(c.ms); got != c.want {
			t.Errorf("HoursMinutes(%d) = %q, want %q", c.ms, got, c.want)
		}
	}
}

// tableCells returns the cells of the table id in page (HTML the team
// pages write): each row's cells, as they show (tags dropped, entities
// read), with "|" and the class, then "|" and the title, when it has them.
func tableCells(t *testing.T, page, id string) [][]string {
	t.Helper()
	start := strings.Index(page, `<table id="`+id+`"`)
	if start < 0 {
		t.Fatalf("no table %s in %s", id, page)
	}
	table := page[start:]
	table = table[:strings.Index(table, "</table>")]
	var rows [][]string
	for _, tr := range strings.Split(table, "<tr>")[2:] {
		var row []string
		for _, m := range cellRE.FindAllStringSubmatch(tr, -1) {
			c := html.UnescapeString(tagRE.ReplaceAllString(m[3], ""))
			if m[1] != "" {
				c += "|" + m[1]
			}
			if m[2] != "" {
				c += "|" + html.UnescapeString(m[2])
			}
			row = append(row, c)
		}
		rows = append(rows, row)
	}
	return rows
}

var (
	cellRE = regexp.MustCompile(`<t[dh](?: scope="row")?(?: class="([^"]*)")?(?: title="([^"]*)" aria-label="[^"]*")?>(.*?)</t[dh]>`)
	tagRE  = regexp.MustCompile(`<[^>]*>`)
)

// TestProgressHTML: the annotators' totals count their sets by state and
// show the time spent; the grid has a row per article, its title a link
// (its ID when it has no title) and its state named, a column per
// annotator of the totals and one for the gold set when an article has
// one; an assigned annotator without a set is not started, one neither
// assigned nor with a set an empty cell; a skipped set's title gives the
// reason; every state has its own class and mark.
func TestProgressHTML(t *testing.T) {
	pr := api.Progress{
		Articles: []api.ArticleProgress{
			{ArticleID: "a1", Title: "One <b>", Assigned: []string{"ana", "bo"}, State: annotations.WorkInProgress, Sets: []annotations.SetProgress{
				{Annotator: "ana", State: annotations.WorkDone, Spent: 90 * 60_000},
			}},
			{ArticleID: "a2", Assigned: []string{"bo"}, State: annotations.WorkCurated, Sets: []annotations.SetProgress{
				{Annotator: "bo", State: annotations.WorkSkipped, Reason: `not "news"`},
				{Annotator: "cy", State: annotations.WorkInProgress},
				{Annotator: annotations.GoldAnnotator, State: annotations.WorkDone},
			}},
		},
	}
	pr.Annotators = api.Totals(pr.Articles)
	page := progressHTML(pr)
	wantTotals := [][]string{
		{"ana", "1|num", "0|num", "0|num", "1|num", "0|num", "1:30|num"},
		{"bo", "2|num", "1|num", "0|num", "0|num", "1|num", "0:00|num"},
		{"cy", "0|num", "0|num", "1|num", "0|num", "0|num", "0:00|num"},
	}
	if diff := cmp.Diff(wantTotals, tableCells(t, page, "progress-totals")); diff != "" {
		t.Errorf("totals (-want +got):\n%s", diff)
	}
	if !strings.Contains(page, `<th scope="col">Article</th><th scope="col">State</th><th scope="col">ana</th><th scope="col">bo</th><th scope="col">cy</th><th scope="col">gold</th></tr>`) {
		t.Errorf("the grid's columns are not the article, its state, ana, bo, cy and gold:\n%s", page)
	}
	wantGrid := [][]string{
		{"One <b>", "in progress|st st-in_progress|in progress", "●|st st-done|done", "○|st st-not_started|not started", "|st st-none|not assigned", "|st st-none|not assigned"},
		{"a2", "curated|st st-curated|curated", "|st st-none|not assigned", `⊘|st st-skipped|skipped: not "news"`, "◐|st st-in_progress|in progress", "●|st st-done|done"},
	}
	if diff := cmp.Diff(wantGrid, tableCells(t, page, "progress-grid")); diff != "" {
		t.Errorf("grid (-want +got):\n%s", diff)
	}
	if !strings.Contains(page, `<a href="/articles/a1">One &lt;b&gt;</a>`) {
		t.Errorf("the first article's title is not an escaped link to it:\n%s", page)
	}
	if strings.Contains(page, "progress-empty") {
		t.Errorf("a project with articles says it has none")
	}
	if empty := progressHTML(api.Progress{}); !strings.Contains(empty, "progress-empty") || len(tableCells(t, empty, "progress-grid")) != 0 {
		t.Errorf("an empty project: %s", empty)
	}
	var unknown table
	unknown.stateCell("reviewed", "", false)
	if got := unknown.String(); got != `<td class="st st-reviewed" title="reviewed" aria-label="reviewed">reviewed</td>` {
		t.Errorf("an unknown state shows as %s, want its name", got)
	}
	seen := map[string]bool{}
	for _, w := range workStates {
		if seen[w.mark] || seen[string(w.state)] {
			t.Errorf("state %s shares its mark or class", w.state)
		}
		seen[w.mark], seen[string(w.state)] = true, true
	}
}

// TestProgressHTMLDisabled: a disabled account's row of totals is marked
// "Disabled" (in a mark titled with what it means), its grid column
// "(disabled)"; the others' are as ever.
func TestProgressHTMLDisabled(t *testing.T) {
	pr := api.Progress{Articles: []api.ArticleProgress{
		{ArticleID: "a1", Title: "One", Assigned: []string{"ana", "bo"}, State: annotations.WorkNotStarted, Sets: []annotations.SetProgress{}},
	}}
	pr.Annotators = api.Totals(pr.Articles)
	pr.Annotators[1].Disabled = true
	page := progressHTML(pr)
	want := [][]string{
		{"ana", "1|num", "1|num", "0|num", "0|num", "0|num", "0:00|num"},
		{"bo Disabled", "1|num", "1|num", "0|num", "0|num", "0|num", "0:00|num"},
	}
	if diff := cmp.Diff(want, tableCells(t, page, "progress-totals")); diff != "" {
		t.Errorf("totals (-want +got):\n%s", diff)
	}
	if !strings.Contains(page, `<th scope="row">bo <span class="state account-disabled" title="An operator disabled this account: it signs in no more, and is assigned no more articles">Disabled</span></th>`) {
		t.Errorf("bo's row is not marked disabled, with a title saying what that means:\n%s", page)
	}
	if strings.Count(page, "account-disabled") != 1 {
		t.Errorf("another row than bo's is marked disabled:\n%s", page)
	}
	if !strings.Contains(page, `<th scope="col">ana</th><th scope="col">bo (disabled)</th></tr>`) {
		t.Errorf("the grid's columns are not ana and bo (disabled):\n%s", page)
	}
	if want := [][]string{{"One", "not started|st st-not_started|not started", "○|st st-not_started|not started", "○|st st-not_started|not started"}}; !cmp.Equal(want, tableCells(t, page, "progress-grid")) {
		t.Errorf("grid %q, want %q: bo's cells as ever", tableCells(t, page, "progress-grid"), want)
	}
}

// TestEsc: text and attribute values are escaped; a plain string is kept.
func TestEsc(t *testing.T) {
	for in, want := range map[string]string{
		"plain ● text":        "plain ● text",
		`<a href="x">'&'</a>`: "&lt;a href=&#34;x&#34;&gt;&#39;&amp;&#39;&lt;/a&gt;",
	} {
		if got := esc(in); got != want {
			t.Errorf("esc(%q) = %q, want %q", in, got, want)
		}
		if html.UnescapeString(esc(in)) != in {
			t.Errorf("esc(%q) does not read back", in)
		}
	}
}
