// Package teamview writes the HTML of the app's team pages, /progress and
// /agreement, from the server's answers (api.Progress, agreement.Report).
// It is pure (no I/O) and runs in the export module (wasm/export), which
// the app loads on demand: compiled into app.wasm, which every page load
// needs, these tables cost about 30 kB Brotli (go-app's builders for them
// about 40 kB), and package agreement would link annotations/formats there
// (167 kB). The app inserts the HTML as it is (go-app's Raw); every text
// in it is escaped.
//
// A set's state is a colored cell with a mark, a figure's band a colored
// cell with its number, so that color never carries meaning alone; a
// cell's title, also its accessible name, says what it shows.
package teamview

import (
	"encoding/json"
	"errors"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/gloss-annotate/gloss/annotations"
	"github.com/gloss-annotate/gloss/annotations/agreement"
	"github.com/gloss-annotate/gloss/annotations/api"
	"github.com/gloss-annotate/gloss/app/wording"
)

// progressHTML is the progress of a project: the annotators' totals
// (counts of their sets by state, time spent as h:mm; a disabled
// account's row marked "Disabled", its column "(disabled)") and the grid of
// articles by annotator: a row per article, its title a link to it and
// its state named, a column per annotator of the totals and one for the
// gold set when there is one, each cell the state of the annotator's set
// (not started when assigned without one; empty, "not assigned", when
// neither), a skipped set's reason in its title.
func progressHTML(pr api.Progress) string {
	var t table
	t.WriteString(`<section id="progress-annotators"><h2>Annotators</h2>`)
	t.open("progress-totals", "Annotators", "Annotator", "Assigned", "Not started", "In progress", "Done", "Skipped", "Time spent (h:mm)")
	for _, a := range pr.Annotators {
		head := esc(a.Annotator)
		if a.Disabled {
			head += ` <span class="state account-disabled" title="An operator disabled this account: it signs in no more, and is assigned no more articles">Disabled</span>`
		}
		t.WriteString(`<tr><th scope="row">` + head + "</th>")
		for _, n := range []int{a.Assigned, a.NotStarted, a.InProgress, a.Done, a.Skipped} {
			t.cell("num", "", strconv.Itoa(n))
		}
		t.cell("num", "", HoursMinutes(a.Spent))
	}
	t.close()
	t.WriteString(`</section><section id="progress-articles"><h2>Articles</h2>`)
	if len(pr.Articles) == 0 {
		t.WriteString(`<p id="progress-empty" class="note">The project has no articles yet.</p>`)
	}
	t.WriteString(`<p class="legend">`)
	for _, w := range workStates {
		t.WriteString(`<span class="st st-` + string(w.state) + `">` + w.mark + " " + w.name + "</span>")
	}
	t.WriteString("</p>")
	names := make([]string, 0, len(pr.Annotators)+1)
	heads := []string{"Article", "State"}
	for _, a := range pr.Annotators {
		names = append(names, a.Annotator)
		if a.Disabled {
			heads = append(heads, a.Annotator+" (disabled)")
		} else {
			heads = append(heads, a.Annotator)
		}
	}
	for _, a := range pr.Articles {
		for _, s := range a.Sets {
			if s.Annotator == annotations.GoldAnnotator && !slices.Contains(names, s.Annotator) {
				names, heads = append(names, s.Annotator), append(heads, s.Annotator)
			}
		}
	}
	t.open("progress-grid", "Articles by annotator", heads...)
	for _, a := range pr.Articles {
		title := a.Title
		if title == "" {
			title = a.ArticleID
		}
		t.rowHead(title, "/articles/"+a.ArticleID)
		t.stateCell(a.State, "", true)
		for _, name := range names {
			i := slices.IndexFunc(a.Sets, func(s annotations.SetProgress) bool { return s.Annotator == name })
			switch {
			case i >= 0:
				t.stateCell(a.Sets[i].State, a.Sets[i].Reason, false)
			case slices.Contains(a.Assigned, name):
				t.stateCell(annotations.WorkNotStarted, "", false)
			default:
				t.cell("st st-none", "not assigned", "")
			}
		}
	}
	t.close()
	t.WriteString("</section>")
	return t.String()
}

// HoursMinutes is a duration of ms milliseconds as h:mm, to the nearest
// minute.
func HoursMinutes(ms int64) string {
	m := (max(ms, 0) + 30_000) / 60_000
	mm := strconv.FormatInt(m%60, 10)
	if len(mm) < 2 {
		mm = "0" + mm
	}
	return strconv.FormatInt(m/60, 10) + ":" + mm
}

// workStates are the work states as the progress grid shows them: a mark
// (color is not the only carrier) and a name.
var workStates = []struct {
	state      annotations.WorkState
	mark, name string
}{
	{annotations.WorkNotStarted, "○", "not started"},
	{annotations.WorkInProgress, "◐", "in progress"},
	{annotations.WorkDone, "●", "done"},
	{annotations.WorkSkipped, "⊘", "skipped"},
	{annotations.WorkCurated, "★", "curated"},
}

// stateCell writes the cell of a set (or, named, an article) in state s:
// its mark, or its name when named, in the state's class, titled with the
// state and the reason (a skipped set's). A state the grid does not know
// shows as it is.
func (t *table) stateCell(s annotations.WorkState, reason string, named bool) {
	text, title := string(s), string(s)
	for _, w := range workStates {
		if w.state == s {
			text, title = w.mark, w.name
			if named {
				text = w.name
			}
		}
	}
	if reason != "" {
		title += ": " + reason
	}
	t.cell("st st-"+string(s), title, text)
}

// AgreementHTML is the agreement report of project: what it counts, links
// to download it as CSV and JSON (from path, the report's API path:
// api.AgreementPath), a summary table (each measure over the
// project with its units and, when undefined, "—" and why; Cohen's κ the
// mean of the pairs'), a table per entity label, a heat map of the pairs
// per measure, and each pair's confusion matrix in a disclosure, the
// first open.
func AgreementHTML(r agreement.Report, project, path string) string {
	var t table
	o := &r.Overall
	note := wording.Count(o.Articles, "article") + " marked done by at least two annotators (" + wording.Count(o.Tokens, "token") + "); annotators: " + strings.Join(o.Annotators, ", ") + "."
	if o.Articles == 0 {
		note = "No article is marked done by two annotators yet: there is nothing to compare."
	}
	if len(r.Skipped) > 0 {
		note += " " + wording.Count(len(r.Skipped), "article") + " left out: fewer than two annotators marked them done."
	}
	path = esc(path)
	t.WriteString(`<p id="agreement-note" class="note">` + esc(note) + `</p><p class="form-row">` +
		`<a id="agreement-csv" href="` + path + `?format=csv" download="agreement-` + esc(project) + `.csv">Download CSV</a>` +
		`<a id="agreement-json" href="` + path + `" download="agreement-` + esc(project) + `.json">Download JSON</a></p>` +
		`<section id="agreement-summary"><h2>Summary</h2>`)
	t.open("agreement-summary-table", "Summary", "Measure", "Value", "Counted on", "Note")
	for _, m := range []struct {
		name    string
		f       agreement.Figure
		dropped int
		unit    string // singular: wording.Count writes the plural
	}{
		{"Entities: span F1, exact match", o.SpanF1Exact.Figure, 0, "span"},
		{"Entities: span F1, overlapping match", o.SpanF1Overlap.Figure, 0, "span"},
		{"Entities: Cohen's κ, mean over pairs", MeanKappa(r.Pairs), 0, "token"},
		{"Entities: Fleiss' κ", o.FleissKappa.Figure, o.FleissKappa.Dropped, "token"},
		{"Entities: Krippendorff's α", o.Alpha, 0, "token"},
		{"Entities: unitizing α_u", o.AlphaU.Figure, o.AlphaU.Dropped, "article"},
		{"Quotes: F1 of contents", o.Quotes.Content.Figure, 0, "quote"},
		{"Quotes: α on direct/indirect", o.Quotes.Direct, 0, "matched pair"},
		{"Quotes: α on the speaker", o.Quotes.Speaker, 0, "matched pair"},
		{"Stances: F1 of holder and target", o.Stances.Matched.Figure, 0, "stance"},
		{"Stances: α on polarity", o.Stances.Polarity, 0, "matched pair"},
	} {
		note := m.f.Undefined
		if m.dropped > 0 {
			if note != "" {
				note += "; "
			}
			note += wording.Count(m.dropped, m.unit) + " left out: fewer annotators marked them done"
		}
		t.rowHead(m.name, "")
		t.cell("num", "", figureText(m.f))
		t.cell("", "", wording.Count(m.f.Units, m.unit))
		t.cell("", "", note)
	}
	t.close()
	t.WriteString(`</section><section id="agreement-labels"><h2>Entity labels</h2>`)
	t.open("agreement-label-table", "Entity labels", "Label", "Span F1, exact (spans)", "Span F1, overlap (spans)", "α_u (articles)")
	for _, l := range r.Labels {
		t.rowHead(l.Label, "")
		t.figureCell(l.SpanF1Exact.Figure)
		t.figureCell(l.SpanF1Overlap.Figure)
		t.figureCell(l.AlphaU.Figure)
	}
	t.close()
	t.WriteString(`</section><section id="agreement-pairs"><h2>Annotator pairs</h2><p class="legend">`)
	for i, band := range []string{"below 0.2", "0.2–0.4", "0.4–0.6", "0.6–0.8", "0.8 and above"} {
		t.WriteString(`<span class="heat-` + strconv.Itoa(i) + `">` + band + "</span>")
	}
	t.WriteString(`<span class="heat-na">undefined</span></p>`)
	for _, m := range heatMeasures {
		t.WriteString("<h3>" + m.name + "</h3>")
		t.heatMap(&r, m.key, m.name)
	}
	t.WriteString(`</section><section id="agreement-confusion"><h2>Confusion matrices</h2><p class="note">Tokens by label: rows the first annotator's, columns the second's.</p>`)
	for i := range r.Pairs {
		t.confusion(&r.Pairs[i], i)
	}
	t.WriteString("</section>")
	return t.String()
}

// figureText is a defined figure's value, to three decimals, or "—".
func figureText(f agreement.Figure) string {
	if !f.Defined() || math.IsNaN(float64(f.Value)) {
		return "—"
	}
	return strconv.FormatFloat(float64(f.Value), 'f', 3, 64)
}

// MeanKappa is the mean of the pairs' defined Cohen's κ, counted on their
// tokens together; undefined when no pair's is defined.
func MeanKappa(pairs []agreement.PairFigures) agreement.Figure {
	sum, n, units := 0.0, 0, 0
	for _, p := range pairs {
		if k := p.CohensKappa.Figure; figureText(k) != "—" {
			sum, n, units = sum+float64(k.Value), n+1, units+k.Units
		}
	}
	if n == 0 {
		return agreement.Figure{Value: agreement.Number(math.NaN()), Undefined: "no pair of annotators has a defined κ"}
	}
	return agreement.Figure{Value: agreement.Number(sum / float64(n)), Units: units}
}

// figureCell writes f's cell: its value and number of units, or "—" and
// why it is undefined.
func (t *table) figureCell(f agreement.Figure) {
	if text := figureText(f); text != "—" {
		t.cell("num", "", text+" ("+strconv.Itoa(f.Units)+")")
		return
	}
	t.cell("", "", "— ("+f.Undefined+")")
}

// heatMeasures are the measures of the heat maps of pairs: a key (which
// names the table, agreement-heat-{key}) and a name.
var heatMeasures = []struct{ key, name string }{
	{"kappa", "Cohen's κ"},
	{"exact", "Span F1, exact"},
	{"overlap", "Span F1, overlap"},
	{"alpha_u", "α_u"},
}

// heatBand is the class of the band of f in a heat map: heat-0 below 0.2,
// heat-1 to heat-4 for each fifth above, heat-na when undefined.
func heatBand(f agreement.Figure) string {
	if figureText(f) == "—" {
		return "heat-na"
	}
	return "heat-" + strconv.Itoa(min(max(int(f.Value*5), 0), 4))
}

// pairMeasure is the figure of pair p that measure (a key of
// heatMeasures) names.
func pairMeasure(p *agreement.PairFigures, measure string) agreement.Figure {
	switch measure {
	case "exact":
		return p.SpanF1Exact.Figure
	case "overlap":
		return p.SpanF1Overlap.Figure
	case "alpha_u":
		return p.AlphaU.Figure
	}
	return p.CohensKappa.Figure
}

// heatMap writes the heat map of pairs on measure, named name (its corner
// heading): a row and a column per
// annotator, each pair's cell its figure (the same either way round) in
// the class of its band (heatBand), titled with the pair, the figure, its
// units and why it is undefined; the diagonal, and a pair without an
// article both marked done, empty.
func (t *table) heatMap(r *agreement.Report, measure, name string) {
	names := r.Overall.Annotators
	t.open("agreement-heat-"+measure, name+" of pairs", append([]string{name}, names...)...)
	for _, a := range names {
		t.rowHead(a, "")
		for _, b := range names {
			class, title, text := "heat", "", ""
			for k := range r.Pairs {
				if p := &r.Pairs[k]; a != b && (p.A == a && p.B == b || p.A == b && p.B == a) {
					f := pairMeasure(p, measure)
					text = figureText(f)
					class += " " + heatBand(f)
					title = a + " and " + b + ": " + text + " on " + wording.Count(f.Units, "unit") + ", " + wording.Count(p.Articles, "article")
					if f.Undefined != "" {
						title += " (" + f.Undefined + ")"
					}
				}
			}
			t.cell(class, title, text)
		}
	}
	t.close()
}

// confusion writes the confusion matrix of pair p, the i-th, in a
// disclosure (the first open): a row per label of the first annotator, a
// column per label of the second, the counts of tokens, agreement (the
// diagonal) marked.
func (t *table) confusion(p *agreement.PairFigures, i int) {
	open := ""
	if i == 0 {
		open = " open"
	}
	labels := p.Confusion.Labels
	t.WriteString("<details" + open + "><summary>" + esc(p.A+" × "+p.B) + "</summary>")
	t.open("agreement-confusion-"+strconv.Itoa(i), "Confusion matrix of "+p.A+" and "+p.B, append([]string{p.A + " ↓ · " + p.B + " →"}, labels...)...)
	for row, counts := range p.Confusion.Counts {
		if row >= len(labels) {
			break
		}
		t.rowHead(labels[row], "")
		for col, n := range counts {
			class := "num"
			if row == col {
				class = "num diag"
			}
			t.cell(class, "", strconv.Itoa(n))
		}
	}
	t.close()
	t.WriteString("</details>")
}

// table writes the HTML of a table.
type table struct{ strings.Builder }

// open starts the table id, with head's column headings, in a block that
// scrolls sideways when the table is wider than the page: a region named
// label, which the keyboard can focus to scroll.
func (t *table) open(id, label string, head ...string) {
	t.WriteString(`<div class="table-scroll" tabindex="0" role="region" aria-label="` + esc(label) + `"><table id="` + esc(id) + `" class="data-table team-table"><thead><tr>`)
	for _, h := range head {
		t.WriteString(`<th scope="col">` + esc(h) + "</th>")
	}
	t.WriteString("</tr></thead><tbody>")
}

// rowHead starts a row with its heading, text, a link to href when href
// is not "".
func (t *table) rowHead(text, href string) {
	text = esc(text)
	if href != "" {
		text = `<a href="` + esc(href) + `">` + text + "</a>"
	}
	t.WriteString(`<tr><th scope="row">` + text + "</th>")
}

// cell writes a cell of the row: text, of class and titled title when
// they are not "". The title is also the cell's accessible name, since a
// mark alone says little: it must name what the text shows.
func (t *table) cell(class, title, text string) {
	t.WriteString(`<td class="` + esc(class) + `"`)
	if title != "" {
		title = esc(title)
		t.WriteString(` title="` + title + `" aria-label="` + title + `"`)
	}
	t.WriteString(">" + esc(text) + "</td>")
}

// close ends the table.
func (t *table) close() { t.WriteString("</tbody></table></div>") }

// esc escapes s for HTML text and quoted attribute values.
func esc(s string) string {
	if !strings.ContainsAny(s, `<>&"'`) {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		switch r {
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		case '&':
			b.WriteString("&amp;")
		case '"':
			b.WriteString("&#34;")
		case '\'':
			b.WriteString("&#39;")
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// Page is the HTML of the team page kind ("progress" or "agreement") of
// project from the server's answer to it (JSON: api.Progress or
// agreement.Report), or, for kind "computing", the progress bar of the
// agreement's computation from its 202 answer (api.AgreementPending);
// path is the answer's API path.
func Page(kind string, answer []byte, project, path string) (string, error) {
	switch kind {
	case "computing":
		var pending api.AgreementPending
		if err := json.Unmarshal(answer, &pending); err != nil {
			return "", errors.New("the server's progress of the agreement is not readable: " + err.Error())
		}
		c := pending.Progress
		done, total := strconv.Itoa(c.Done), strconv.Itoa(c.Total)
		return `<p id="agreement-computing"><label for="agreement-progress">Computing the agreement: ` + done + " of " + total + ` done</label>` +
			`<progress id="agreement-progress" max="` + strconv.Itoa(max(c.Total, 1)) + `" value="` + done + `"></progress></p>`, nil
	case "progress":
		var pr api.Progress
		if err := json.Unmarshal(answer, &pr); err != nil {
			return "", errors.New("the server's progress is not readable: " + err.Error())
		}
		return progressHTML(pr), nil
	case "agreement":
		var r agreement.Report
		if err := json.Unmarshal(answer, &r); err != nil {
			return "", errors.New("the server's agreement report is not readable: " + err.Error())
		}
		return AgreementHTML(r, project, path), nil
	}
	return "", errors.New("no team page " + strconv.Quote(kind))
}
