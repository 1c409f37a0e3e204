package app

import (
	"bytes"

	"github.com/gloss-annotate/gloss/annotations"
	"github.com/gloss-annotate/gloss/annotations/formats"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// DownloadMenu downloads this article's annotation set, as this device has
// it (offline too), in any export format: the same encoders as the
// server's export.
type DownloadMenu struct {
	app.Compo
	Ed      *editor
	Version int

	url, name, problem string
}

// download builds the export in format and offers it as a file.
func (d *DownloadMenu) download(format string) {
	var buf bytes.Buffer
	x, err := formats.NewExporter(&buf, format, formats.Options{})
	if err == nil {
		err = x.Write("", annotations.NewExportRecord(d.Ed.article, d.Ed.set))
	}
	if err == nil {
		err = x.Close()
	}
	if err != nil {
		d.problem = "Could not export: " + err.Error()
		return
	}
	d.problem = ""
	if problems := x.Problems(); len(problems) > 0 {
		d.problem = formatCount(len(problems), "note") + " on this export: " + problems[0].Message
	}
	f := x.Format()
	opts := formats.Options{}
	bin := app.Window().Get("Uint8Array").New(buf.Len())
	app.CopyBytesToJS(bin, buf.Bytes())
	blob := app.Window().Get("Blob").New([]any{bin}, map[string]any{"type": f.ContentTypeFor(opts)})
	if d.url != "" {
		app.Window().Get("URL").Call("revokeObjectURL", d.url)
	}
	d.url = app.Window().Get("URL").Call("createObjectURL", blob).String()
	d.name = f.FileName("gloss-"+d.Ed.article.ID[:8]+"-"+d.Ed.annotator, opts)
}

// Render shows a button per format and, once made, the file's link.
func (d *DownloadMenu) Render() app.UI {
	names := formats.Names()
	return app.Section().Class("downloads").Body(
		app.P().Class("field-name").Text("Download this set (works offline)"),
		app.Div().ID("download-formats").Class("choices").Body(
			app.Range(names).Slice(func(i int) app.UI {
				name := names[i]
				return app.Button().Class("choice download-format").DataSet("format", name).Text(name).
					OnClick(func(ctx app.Context, e app.Event) {
						d.download(name)
						ctx.Defer(func(app.Context) {
							if a := app.Window().GetElementByID("download-link"); a.Truthy() && d.url != "" {
								a.Call("click")
							}
						})
					}, app.EventScope(name))
			}),
		),
		app.A().ID("download-link").Hidden(d.url == "").Href(d.url).Attr("download", d.name).Text(d.name),
		app.P().Class("note").Hidden(d.problem == "").Text(d.problem),
	)
}
