package app

import (
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
		if got := hoursMinutes(c.ms); got != c.want {
			t.Errorf("hoursMinutes(%d) = %q, want %q", c.ms, got, c.want)
		}
	}
}

// texts returns the text of each cell of rows.
func texts(rows [][]cell) [][]string {
	out := make([][]string, len(rows))
	for i, row := range rows {
		for _, c := range row {
			out[i] = append(out[i], c.text)
		}
	}
	return out
}

// TestTotalsRows: an annotator's row counts their sets by state and shows
// the time spent.
func TestTotalsRows(t *testing.T) {
	rows := totalsRows([]api.AnnotatorProgress{
		{Annotator: "ana", Assigned: 3, NotStarted: 1, InProgress: 1, Done: 1, Spent: 90 * 60_000},
		{Annotator: "bo", Assigned: 2, Skipped: 2},
	})
	want := [][]string{{"ana", "3", "1", "1", "1", "0", "1:30"}, {"bo", "2", "0", "0", "0", "2", "0:00"}}
	if diff := cmp.Diff(want, texts(rows)); diff != "" {
		t.Errorf("totalsRows (-want +got):\n%s", diff)
	}
	if len(totalsHead) != len(want[0]) {
		t.Errorf("%d columns, %d headings", len(want[0]), len(totalsHead))
	}
}

// TestProgressGrid: a row per article, its title a link (its ID when it
// has no title), its state named; a column per annotator of the totals
// and one for the gold set when an article has one; an assigned
// annotator without a set is not started, one neither assigned nor with a
// set an empty cell; a skipped set's title gives the reason; every state
// has its own class and mark.
func TestProgressGrid(t *testing.T) {
	pr := api.Progress{
		Articles: []api.ArticleProgress{
			{ArticleID: "a1", Title: "One", Assigned: []string{"ana", "bo"}, State: annotations.WorkInProgress, Sets: []annotations.SetProgress{
				{Annotator: "ana", State: annotations.WorkDone},
			}},
			{ArticleID: "a2", Assigned: []string{"bo"}, State: annotations.WorkCurated, Sets: []annotations.SetProgress{
				{Annotator: "bo", State: annotations.WorkSkipped, Reason: "not news"},
				{Annotator: "cy", State: annotations.WorkInProgress},
				{Annotator: annotations.GoldAnnotator, State: annotations.WorkDone},
			}},
		},
	}
	pr.Annotators = api.Totals(pr.Articles)
	head, rows := progressGrid(pr)
	if diff := cmp.Diff([]string{"Article", "State", "ana", "bo", "cy", "gold"}, head); diff != "" {
		t.Errorf("columns (-want +got):\n%s", diff)
	}
	want := [][]cell{
		{
			{text: "One", href: "/articles/a1"},
			{text: "in progress", class: "st st-in_progress", title: "in progress"},
			{text: "●", class: "st st-done", title: "done"},
			{text: "○", class: "st st-not_started", title: "not started"},
			{class: "st st-none", title: "not assigned"},
			{class: "st st-none", title: "not assigned"},
		},
		{
			{text: "a2", href: "/articles/a2"},
			{text: "curated", class: "st st-curated", title: "curated"},
			{class: "st st-none", title: "not assigned"},
			{text: "⊘", class: "st st-skipped", title: "skipped: not news"},
			{text: "◐", class: "st st-in_progress", title: "in progress"},
			{text: "●", class: "st st-done", title: "done"},
		},
	}
	if diff := cmp.Diff(want, rows, cmp.AllowUnexported(cell{})); diff != "" {
		t.Errorf("rows (-want +got):\n%s", diff)
	}
	if head, rows := progressGrid(api.Progress{}); len(head) != 2 || len(rows) != 0 {
		t.Errorf("an empty project: %d columns, %d rows; want 2 and none", len(head), len(rows))
	}
	if got := stateCell("reviewed", "", false); got.text != "reviewed" || got.title != "reviewed" {
		t.Errorf("an unknown state shows as %+v, want its name", got)
	}
	seen := map[string]bool{}
	for _, c := range stateLegend() {
		if seen[c.class] || seen[c.text] {
			t.Errorf("legend item %+v shares its class or text", c)
		}
		seen[c.class], seen[c.text] = true, true
	}
}

// TestTableHTML: a table's headings, cells, classes, titles (also the
// accessible name) and links are escaped: an article title or an
// annotator's name is text, never markup.
func TestTableHTML(t *testing.T) {
	got := tableHTML("t", []string{"Article", "<b>"}, [][]cell{
		{{text: `<script>x</script>`, href: `/articles/a"1`}, {text: "●", class: "st st-done", title: `done: "why" & <how>`}},
		{{text: "plain"}, {}},
	})
	want := `<div class="table-scroll"><table id="t" class="data-table team-table"><thead><tr>` +
		`<th scope="col">Article</th><th scope="col">&lt;b&gt;</th></tr></thead><tbody>` +
		`<tr><th scope="row"><a href="/articles/a&#34;1">&lt;script&gt;x&lt;/script&gt;</a></th>` +
		`<td class="st st-done" title="done: &#34;why&#34; &amp; &lt;how&gt;" aria-label="done: &#34;why&#34; &amp; &lt;how&gt;">●</td></tr>` +
		`<tr><th scope="row">plain</th><td></td></tr></tbody></table></div>`
	if got != want {
		t.Errorf("tableHTML =\n%s\nwant\n%s", got, want)
	}
}
