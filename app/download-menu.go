package app

import (
	"cmp"
	"encoding/json"
	"slices"
	"sort"
	"strings"

	"github.com/gloss-annotate/gloss/annotations"
	"github.com/gloss-annotate/gloss/app/browsertask"
	"github.com/gloss-annotate/gloss/app/wording"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// DownloadMenu downloads annotation sets as this device has them (offline
// too) in any export format, with the same encoders as the server's export
// (in the export module, loaded when the user first opens the formats):
// the open article's set when Ed is set, else every set of the signed-in
// user on the device in the project they work in.
type DownloadMenu struct {
	app.Compo
	Ed *editor

	url, name, problem string
	busy               bool
	// notes are what the last download could not write exactly.
	notes exportNotes
	// formats are the export module's, nil until it is loaded.
	formats []exportFormat
}

// records returns what to export: the open set, taken on the UI goroutine
// (the editor's sets are snapshots), or a function that reads every set on
// the device, to call off it; with the sets' schemas (schemasJSON).
func (d *DownloadMenu) records() func() ([]annotations.ExportRecord, string, string, error) {
	if d.Ed != nil {
		recs := []annotations.ExportRecord{annotations.NewExportRecord(d.Ed.article, d.Ed.set)}
		schemas := schemasJSON([]annotations.Schema{d.Ed.set.Schema})
		base := "gloss-" + d.Ed.article.ID[:8] + "-" + d.Ed.annotator
		if d.Ed.project != "" {
			base = "gloss-" + d.Ed.project + "-" + d.Ed.article.ID[:8] + "-" + d.Ed.annotator
		}
		return func() ([]annotations.ExportRecord, string, string, error) { return recs, schemas, base, nil }
	}
	return func() ([]annotations.ExportRecord, string, string, error) {
		recs, schemas, err := localExportRecords()
		return recs, schemas, "gloss-device", err
	}
}

// schemasJSON is the JSON array of schemas, each once: the export module
// numbers hf's labels from them as the server does
// (formats.SchemaLabels).
func schemasJSON(schemas []annotations.Schema) string {
	var out []string
	for _, sc := range schemas {
		if b, err := json.Marshal(sc); err == nil && !slices.Contains(out, string(b)) {
			out = append(out, string(b))
		}
	}
	return "[" + strings.Join(out, ",") + "]"
}

// localExportRecords resolves every annotation set on this device of the
// signed-in user in the project they work in (another user's sets on the
// device are theirs to download, and the export records do not say a set's
// project), in the order of their articles' IDs; with their schemas
// (schemasJSON), each built with the project's revisions.
func localExportRecords() ([]annotations.ExportRecord, string, error) {
	mine := currentSetKey("")
	articles, err := allArticles()
	if err != nil {
		return nil, "", err
	}
	byID := map[string]annotations.Article{}
	for _, a := range articles {
		byID[a.Article.ID] = a.Article
	}
	revs, err := allRevisions()
	if err != nil {
		return nil, "", err
	}
	plain := make([]annotations.Revision, len(revs))
	for i, r := range revs {
		plain[i] = r.Revision
	}
	keys, sets := setsOf(plain, mine, func(id string) bool { _, ok := byID[id]; return ok })
	out := make([]annotations.ExportRecord, 0, len(keys))
	schemas := make([]annotations.Schema, 0, len(keys))
	for _, k := range keys {
		set, err := annotations.BuildSet(k, sets[k])
		if err != nil {
			return nil, "", err
		}
		out = append(out, annotations.NewExportRecord(byID[k.ArticleID], set))
		schemas = append(schemas, set.Schema)
		browsertask.Yield()
	}
	return out, schemasJSON(schemas), nil
}

// setsOf groups revs by set (Revision.Key), keeping the sets of mine's
// annotator in mine's project (mine.ArticleID is ignored) on the articles
// has reports on the device, each with the project's own revisions (its
// schema, which the set uses); it returns their keys in the order of their
// articles' IDs.
func setsOf(revs []annotations.Revision, mine annotations.SetKey, has func(articleID string) bool) ([]annotations.SetKey, map[annotations.SetKey][]annotations.Revision) {
	sets := map[annotations.SetKey][]annotations.Revision{}
	var project []annotations.Revision
	for _, r := range revs {
		k := r.Key()
		if k == annotations.ProjectKey(mine.Project) {
			project = append(project, r)
		}
		if k.Annotator != mine.Annotator || k.Project != mine.Project || !has(k.ArticleID) {
			continue
		}
		sets[k] = append(sets[k], r)
	}
	for k, revs := range sets {
		sets[k] = append(revs, project...)
	}
	keys := make([]annotations.SetKey, 0, len(sets))
	for k := range sets {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool { return keys[i].ArticleID < keys[j].ArticleID })
	return keys, sets
}

// open loads the export module (once per page) and shows its formats.
func (d *DownloadMenu) open(ctx app.Context) {
	d.busy, d.problem = true, ""
	ctx.Async(func() {
		list, err := loadExportModule()
		ctx.Dispatch(func(ctx app.Context) {
			d.busy = false
			if err != nil {
				d.problem = "Could not open the export formats: " + err.Error()
				return
			}
			d.formats = list
		})
	})
}

// download builds the export in format (with doccano's offsets counting
// offsets) and offers it as a file.
func (d *DownloadMenu) download(ctx app.Context, format, offsets string) {
	d.busy, d.problem, d.notes = true, "", exportNotes{}
	read := d.records()
	ctx.Async(func() {
		recs, schemas, base, err := read()
		var file exportedFile
		if err == nil && len(recs) > 0 {
			file, err = encodeExport(format, base, offsets, schemas, recs)
		}
		ctx.Dispatch(func(ctx app.Context) {
			d.busy = false
			if err != nil {
				d.problem = "Could not export: " + err.Error()
				return
			}
			if len(recs) == 0 {
				d.problem = "You have no annotation sets on this device yet."
				return
			}
			d.notes = file.notes
			if d.url != "" {
				app.Window().Get("URL").Call("revokeObjectURL", d.url)
			}
			d.url, d.name = app.Window().Get("URL").Call("createObjectURL", file.blob).String(), file.name
			ctx.Defer(func(app.Context) {
				if a := app.Window().GetElementByID("download-link"); a.Truthy() {
					a.Call("click")
				}
			})
		})
	})
}

// OnInit shows the formats at once when another menu loaded the export
// module already.
//
// Not in Render: go-app drops a dispatch whose source element is gone, and
// the answer of open comes from its button. A render after the module
// loaded, but before that answer, would have swapped the button for the
// formats and the answer would never come: every format stayed disabled
// as busy.
func (d *DownloadMenu) OnInit() {
	d.formats = loadedExportFormats()
}

// Render shows a button that opens the export formats (the export module
// loads on first use), then a button per format and, once made, the file's
// link.
func (d *DownloadMenu) Render() app.UI {
	// In the library the menu is a section of its own, under a heading; in
	// the side panel, a line.
	heading := app.UI(app.P().Class("field-name").Text("Download this set (works offline)"))
	if d.Ed == nil {
		heading = app.Div().Body(
			app.H2().Text("Download"),
			app.P().Class("field-name").Text("Every annotation set of yours in this project on this device, in one file (works offline)"),
		)
	}
	return app.Section().Class("downloads").Body(
		heading,
		app.If(d.formats == nil, func() app.UI {
			return app.Button().ID("download-open").Class("choice").Text("Choose a format…").Disabled(d.busy).
				OnClick(func(ctx app.Context, e app.Event) { d.open(ctx) })
		}).Else(func() app.UI {
			return app.Div().ID("download-formats").Class("choices").Aria("busy", d.busy).Body(
				app.Range(d.formats).Slice(func(i int) app.UI {
					f := d.formats[i]
					return app.Button().Class("choice download-format").DataSet("format", f.Name).DataSet("offsets", f.Offsets).Title(f.Description).Text(cmp.Or(f.Label, f.Name)).Disabled(d.busy).
						OnClick(func(ctx app.Context, e app.Event) { d.download(ctx, f.Name, f.Offsets) }, app.EventScope(f.Name+f.Offsets))
				}),
			)
		}),
		app.A().ID("download-link").Hidden(d.url == "").Href(d.url).Attr("download", d.name).Text(d.name),
		app.P().Class("note").Hidden(d.problem == "").Text(d.problem),
		app.If(d.notes.Count > 0, func() app.UI { return d.renderNotes() }),
	)
}

// renderNotes lists what the download could not write exactly: every note
// up to maxShownNotes, a count of the rest, and the entities the file
// lacks, by their text.
func (d *DownloadMenu) renderNotes() app.UI {
	n := d.notes
	lines := n.Lines
	if more := n.Count - len(n.Lines); more > 0 {
		lines = append(lines[:len(lines):len(lines)], "… and "+formatCount(more, "more note"))
	}
	leftOut := ""
	if n.LeftOutCount > 0 {
		leftOut = "Not in the file: " + strings.Join(n.LeftOut, ", ")
		if more := n.LeftOutCount - len(n.LeftOut); more > 0 {
			leftOut += " and " + wording.GroupThousands(more) + " more"
		}
		leftOut += "."
	}
	return app.Div().ID("download-notes").Class("note").Body(
		app.P().Text(formatCount(n.Count, "note")+" on this export:"),
		app.Ul().Body(app.Range(lines).Slice(func(i int) app.UI { return app.Li().Text(lines[i]) })),
		app.P().ID("download-left-out").Hidden(leftOut == "").Text(leftOut),
	)
}
