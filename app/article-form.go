package app

import (
	"context"
	"errors"
	"github.com/gloss-annotate/gloss/annotations/api"
	"strings"
	"time"

	"github.com/gloss-annotate/gloss/annotations"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// ArticleForm adds an article: pasted text, or a .txt or .html file, with a
// title. HTML goes to the server, which keeps only the article's main text;
// offline, the browser's DOMParser reduces it to text instead.
type ArticleForm struct {
	app.Compo
	title, text string
	busy        bool
	err         string
}

// actionArticleAdded is sent with the new article's ID.
const actionArticleAdded = "article-added"

// Render shows the form.
func (f *ArticleForm) Render() app.UI {
	return app.Form().ID("article-form").Class("article-form").Body(
		app.H2().Text("Add an article"),
		app.Label().For("article-title").Text("Title"),
		app.Input().ID("article-title").Type("text").MaxLength(annotations.MaxTitleRunes).
			Placeholder("Optional: the first line is used otherwise").Value(f.title).
			OnInput(func(ctx app.Context, e app.Event) { f.title = ctx.JSSrc().Get("value").String() }),
		app.Label().For("article-paste").Text("Paste the text"),
		app.Textarea().ID("article-paste").Rows(6).Text(f.text).
			OnInput(func(ctx app.Context, e app.Event) { f.text = ctx.JSSrc().Get("value").String() }),
		app.Div().Class("form-row").Body(
			app.Button().Type("submit").ID("article-add").Disabled(f.busy).Text("Add pasted text"),
			app.Label().Class("file-button").For("article-file").Text("…or upload a .txt or .html file"),
			app.Input().ID("article-file").Type("file").Accept(".txt,.html,.htm,text/plain,text/html").
				OnChange(f.onFile),
		),
		app.P().ID("article-error").Class("error").Role("alert").Hidden(f.err == "").Text(f.err),
	).OnSubmit(func(ctx app.Context, e app.Event) {
		e.PreventDefault()
		text := f.text
		f.add(ctx, api.ArticleUpload{Title: f.title, Text: &text, Source: "paste"})
	})
}

// onFile reads the chosen file and adds it.
func (f *ArticleForm) onFile(ctx app.Context, e app.Event) {
	input := ctx.JSSrc()
	files := input.Get("files")
	if files.Length() == 0 {
		return
	}
	file := files.Index(0)
	name := strings.ToLower(file.Get("name").String())
	isHTML := strings.HasSuffix(name, ".html") || strings.HasSuffix(name, ".htm") || file.Get("type").String() == "text/html"
	if !isHTML && !strings.HasSuffix(name, ".txt") && file.Get("type").String() != "text/plain" {
		f.err = "Only .txt and .html files can be added."
		return
	}
	f.busy, f.err = true, ""
	title := f.title
	ctx.Async(func() {
		content, err := awaitPromise(file.Call("text"))
		input.Set("value", "")
		if err != nil {
			ctx.Dispatch(func(app.Context) { f.busy, f.err = false, "The file could not be read: "+err.Error() })
			return
		}
		text := content.String()
		up := api.ArticleUpload{Title: title, Text: &text, Source: "text-file"}
		if isHTML {
			up = api.ArticleUpload{Title: title, HTML: &text, Source: "html-file"}
		}
		ctx.Dispatch(func(ctx app.Context) { f.add(ctx, up) })
	})
}

// add stores the article on this device and opens it; leaving the page
// before it is stored asks first. Text is made into an article here, with
// the same normalization and ID as the server's; HTML is sent to the
// server for extraction when it can be reached.
func (f *ArticleForm) add(ctx app.Context, up api.ArticleUpload) {
	f.busy, f.err = true, ""
	written := startLocalWrite()
	ctx.Async(func() {
		a, err := createArticle(up)
		written()
		ctx.Dispatch(func(ctx app.Context) {
			f.busy = false
			if err != nil {
				f.err = err.Error()
				return
			}
			f.title, f.text = "", ""
			ctx.NewActionWithValue(actionArticleAdded, a.ID)
			ctx.Navigate("/articles/" + a.ID)
		})
	})
}

// createArticle makes the article up describes and keeps it on this device.
func createArticle(up api.ArticleUpload) (annotations.Article, error) {
	if up.HTML != nil {
		a, err := apiClient.UploadArticle(context.Background(), up)
		switch {
		case err == nil:
			return a, putArticle(localArticle{Article: a, Uploaded: true})
		case !errors.Is(err, errOffline):
			return a, err
		}
		// Offline: reduce the HTML to text in the browser.
		text, title := htmlToText(*up.HTML)
		if up.Title == "" {
			up.Title = title
		}
		up.Text = &text
	}
	text := ""
	if up.Text != nil {
		text = *up.Text
	}
	a, err := annotations.NewArticle(up.Title, text, time.Now())
	if err != nil {
		return a, err
	}
	a.Source = up.Source
	if old, ok, err := getArticle(a.ID); err != nil {
		return a, err
	} else if ok {
		return old.Article, nil // the same text is here already
	}
	if err := putArticle(localArticle{Article: a}); err != nil {
		return a, err
	}
	requestPersistentStorage()
	background.localChange()
	return a, nil
}

// htmlToText reduces an HTML document to its readable text with the
// browser's DOMParser: no script, style, navigation, header, footer, aside,
// form or figure chrome, the <article> (or <main>) when there is one, and a
// blank line between blocks. The result is never rendered as HTML.
func htmlToText(html string) (text, title string) {
	doc := app.Window().Get("DOMParser").New().Call("parseFromString", html, "text/html")
	title = doc.Get("title").String()
	junk := doc.Call("querySelectorAll", "script,style,noscript,template,nav,header,footer,aside,form,button,iframe,svg,[role=navigation],[aria-hidden=true]")
	for i := 0; i < junk.Length(); i++ {
		junk.Index(i).Call("remove")
	}
	root := doc.Call("querySelector", "article")
	if !root.Truthy() {
		root = doc.Call("querySelector", "main")
	}
	if !root.Truthy() {
		root = doc.Get("body")
	}
	if !root.Truthy() {
		return "", title
	}
	blocks := root.Call("querySelectorAll", "h1,h2,h3,h4,h5,h6,p,li,blockquote,pre")
	var parts []string
	for i := 0; i < blocks.Length(); i++ {
		b := blocks.Index(i)
		if b.Call("querySelector", "p,li,blockquote").Truthy() {
			continue // a container: its inner blocks are taken instead
		}
		if t := strings.Join(strings.Fields(b.Get("textContent").String()), " "); t != "" {
			parts = append(parts, t)
		}
	}
	if len(parts) == 0 {
		return root.Get("textContent").String(), title
	}
	return strings.Join(parts, "\n\n"), title
}
