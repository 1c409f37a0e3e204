package app

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/gloss-annotate/gloss/annotations"
	"github.com/gloss-annotate/gloss/annotations/api"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// ArticleForm adds an article: pasted text, or a .txt or .html file, with a
// title. An HTML page is reduced to its main text by the export module in
// a worker (readPageText: annotations/htmltext, the extraction the server's
// API uses too), online or offline alike, and the text is what the user
// reviews and adds.
//
// A file's bytes are read, not its text: its encoding is found (a byte
// order mark, valid UTF-8, what a page declares, else a guess) and shown
// before anything is stored, with a choice of others, since the article's
// ID hashes its text and a wrong decoding would be kept for good. Lines of text that look
// like page furniture (annotations.Boilerplate) are shown too, left out
// unless the user keeps them.
type ArticleForm struct {
	app.Compo
	// Known are the articles the library lists, by ID: adding one of them
	// again says so instead of opening it without a word.
	Known map[string]libraryEntry
	// Project is the project the user works in when it is not Default
	// (its ID "" otherwise), which lists its own articles; Manages says
	// they manage it: an article they add joins its list (when the sync
	// uploads it, offline too). Anyone else is told before adding that it
	// will not.
	Project api.ProjectRole
	Manages bool

	title, text string
	// pageTitle is the title of the last HTML page added, which the
	// title field shows until the user types another.
	pageTitle string
	busy      bool
	err       string
	review    *articleReview
	// duplicate is the article that was added again, "" when none.
	duplicate, duplicateNote string
}

// articleReview is an article waiting for the user's word before it is
// added: the encoding of its file and the lines proposed for removal.
type articleReview struct {
	up    api.ArticleUpload // Text is set from text on confirm
	bytes app.Value         // the file's bytes, nil for pasted text
	enc   *fileEncoding     // nil for pasted text
	text  string            // the text, decoded (a page's main text)
	// replacements counts the characters that could not be decoded.
	replacements int
	junk         []annotations.BoilerplateLine
	keep         map[int]bool // lines of junk the user keeps
}

// actionArticleAdded is sent with the new article's ID.
const actionArticleAdded = "article-added"

// Render shows the form, or the review of an article before it is added.
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
			app.Button().Type("submit").ID("article-add").Disabled(f.busy || f.review != nil).Text("Add pasted text"),
			app.Label().Class("file-button").For("article-file").Text("…or upload a .txt or .html file"),
			app.Input().ID("article-file").Type("file").Accept(".txt,.html,.htm,text/plain,text/html").
				Disabled(f.busy || f.review != nil).OnChange(f.onFile),
		),
		app.P().ID("article-project").Class("note").Hidden(f.Project.ID == "").Text(f.projectNote()),
		f.renderReview(),
		app.P().ID("article-notice").Class("notice").Role("status").Hidden(f.duplicate == "").Body(
			app.Text(f.duplicateNote+" "),
			app.A().ID("article-duplicate").Href("/articles/"+f.duplicate).Text("Open it"),
		),
		app.P().ID("article-error").Class("error").Role("alert").Hidden(f.err == "").Text(f.err),
	).OnSubmit(func(ctx app.Context, e app.Event) {
		e.PreventDefault()
		if f.review != nil {
			return
		}
		text := f.text
		f.reviewOrAdd(ctx, &articleReview{up: api.ArticleUpload{Title: f.title, Source: "paste"}, text: text})
	})
}

// renderReview shows what waits for the user's word: the encoding found,
// what could not be decoded, and the lines proposed for removal.
func (f *ArticleForm) renderReview() app.UI {
	r := f.review
	if r == nil {
		return app.Div().ID("article-review").Hidden(true)
	}
	var encoding, replaced, junk app.UI = app.Text(""), app.Text(""), app.Text("")
	if r.enc != nil {
		options := []string{r.enc.Label}
		for _, l := range append(slices.Clone(r.enc.Guesses), annotations.CommonEncodings...) {
			if !slices.Contains(options, l) {
				options = append(options, l)
			}
		}
		encoding = app.Div().Class("form-row").Body(
			app.P().ID("article-encoding").DataSet("encoding", r.enc.Label).
				Text("Encoding of "+fileLabel(r.up.Source)+": "+annotations.EncodingName(r.enc.Label)+" ("+r.enc.How+")."),
			// Buttons rather than a <select>: each go-app element type
			// costs app.wasm kilobytes, and buttons are here already.
			app.Div().ID("article-encoding-pick").Class("choices").Role("group").Aria("label", "Read it as").Body(
				app.Range(options).Slice(func(i int) app.UI {
					label := options[i]
					return pressButton("encoding", label, annotations.EncodingName(label), label == r.enc.Label,
						func(ctx app.Context, e app.Event) { f.pickEncoding(ctx, label) })
				}),
			),
		)
	}
	if r.replacements > 0 {
		// Pasted text with U+FFFD lost those characters before it came here.
		msg := formatCount(r.replacements, "character") + " of the text are “\uFFFD”, characters lost before it was pasted: they would be stored as they are."
		if r.enc != nil {
			msg = fmt.Sprintf("%s could not be read in %s and would be stored as “\uFFFD”: pick another encoding, or add it as it is.",
				formatCount(r.replacements, "character"), annotations.EncodingName(r.enc.Label))
		}
		replaced = app.P().ID("article-replacements").Class("warning").Role("alert").Text(msg)
	}
	if len(r.junk) > 0 {
		junk = app.Div().Body(
			app.P().Text("These lines look like page furniture, not the article. They are left out unless you keep them:"),
			app.Ul().ID("article-boilerplate").Class("boilerplate").Body(
				app.Range(r.junk).Slice(func(i int) app.UI {
					line := r.junk[i]
					id := fmt.Sprintf("boilerplate-%d", line.Line)
					return app.Li().DataSet("line", line.Line).Body(
						app.Input().Type("checkbox").ID(id).Checked(r.keep[line.Line]).
							OnChange(func(ctx app.Context, e app.Event) {
								r.keep[line.Line] = ctx.JSSrc().Get("checked").Bool()
							}, app.EventScope(id)),
						app.Label().For(id).Body(
							app.Text("Keep “"+line.Text+"” "),
							app.Span().Class("meta").Text("("+line.Why+")"),
						),
					)
				}),
			),
		)
	}
	return app.Div().ID("article-review").Class("article-review").Body(
		app.P().Body(app.Strong().Text("Check before adding")),
		encoding,
		replaced,
		app.Div().ID("article-preview").Class("preview").Text(previewText(r.text, 8)),
		junk,
		app.Div().Class("form-row").Body(
			app.Button().Type("button").ID("article-confirm").Disabled(f.busy).Text("Add the article").
				OnClick(func(ctx app.Context, e app.Event) { f.confirm(ctx) }),
			smallButton("link article-cancel", "Cancel", func(ctx app.Context, e app.Event) { f.review, f.err = nil, "" }, ""),
		),
	)
}

// projectNote says what becomes of an article added in the project the
// user works in, when it is not Default: whether it joins its list.
func (f *ArticleForm) projectNote() string {
	name := projectLabel(f.Project)
	if f.Manages {
		return "An article you add here joins the list of " + name + "."
	}
	return "You do not manage " + name + ": an article you add here is not put on its list, and is annotated there once one of its managers adds it."
}

// fileLabel names what a review is of.
func fileLabel(source string) string {
	if source == "html-file" {
		return "the page"
	}
	return "the file"
}

// previewText returns the first n lines of text that are not blank.
func previewText(text string, n int) string {
	var lines []string
	for line := range strings.Lines(text) {
		if line = strings.TrimSpace(line); line != "" {
			lines = append(lines, line)
			if len(lines) == n {
				lines = append(lines, "…")
				break
			}
		}
	}
	return strings.Join(lines, "\n")
}

// onFile reads the chosen file's bytes, finds their encoding, and adds it
// or shows it for review.
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
		f.err = "Only .txt and .html files can be added: save the article as one of those, or paste its text."
		return
	}
	f.busy, f.err, f.duplicate = true, "", ""
	ctx.Async(func() {
		bytes, err := readFileBytes(file)
		input.Set("value", "")
		var enc fileEncoding
		if err == nil {
			enc, err = detectFileEncoding(bytes, isHTML)
		}
		var text, pageTitle string
		if err == nil {
			text, pageTitle, err = readFileText(bytes, enc.Label, isHTML)
		}
		ctx.Dispatch(func(ctx app.Context) {
			f.busy = false
			if err != nil {
				f.err = "The file could not be read: " + err.Error()
				if errors.Is(err, annotations.ErrNotText) {
					f.err = err.Error() // it says what the file is
				}
				return
			}
			f.readPageTitle(pageTitle)
			r := &articleReview{up: api.ArticleUpload{Title: f.title, Source: "text-file"}, bytes: bytes, enc: &enc, text: text}
			if isHTML {
				r.up.Source = "html-file"
			}
			f.reviewOrAdd(ctx, r)
		})
	})
}

// readPageTitle keeps title ("" for none) as the last page's, and shows
// it in the title field unless the user typed another there: a field that
// showed the last page's title shows this one, or nothing (emptyField).
func (f *ArticleForm) readPageTitle(title string) {
	if f.title == f.pageTitle {
		f.title = title
		if title == "" {
			emptyField("article-title")
		}
	}
	f.pageTitle = title
}

// readFileText decodes a file's bytes in the encoding label and, for an
// HTML page, reduces it to its main text (readPageText). It blocks: call
// it inside ctx.Async.
func readFileText(bytes app.Value, label string, isHTML bool) (text, title string, err error) {
	if text, err = decodeBytes(bytes, label); err != nil || !isHTML {
		return text, "", err
	}
	return readPageText(text)
}

// reviewOrAdd adds the article r describes at once when there is nothing
// to ask (plain UTF-8 or pasted text, no page furniture), else shows it for
// review.
func (f *ArticleForm) reviewOrAdd(ctx app.Context, r *articleReview) {
	f.err, f.duplicate = "", ""
	r.replacements = annotations.CountReplacements(r.text)
	r.junk, r.keep = annotations.Boilerplate(r.text), map[int]bool{}
	if (r.enc == nil || r.enc.Plain()) && len(r.junk) == 0 && r.replacements == 0 {
		f.add(ctx, r.upload(), false)
		return
	}
	f.review = r
}

// pickEncoding reads the file again in the encoding the user chose.
func (f *ArticleForm) pickEncoding(ctx app.Context, label string) {
	r := f.review
	if r == nil || r.bytes == nil || f.busy {
		return
	}
	f.busy = true
	ctx.Async(func() {
		text, title, err := readFileText(r.bytes, label, r.up.Source == "html-file")
		ctx.Dispatch(func(ctx app.Context) {
			f.busy = false
			if err != nil {
				f.err = err.Error()
				return
			}
			f.readPageTitle(title) // the page's title, read again; confirm takes the field's
			f.err = ""
			r.enc = &fileEncoding{Label: label, How: "picked by you", Guesses: r.enc.Guesses}
			r.text = text
			r.replacements = annotations.CountReplacements(text)
			r.junk, r.keep = annotations.Boilerplate(text), map[int]bool{}
		})
	})
}

// confirm adds the reviewed article, without the lines the user let go.
func (f *ArticleForm) confirm(ctx app.Context) {
	if r := f.review; r != nil {
		r.up.Title = f.title // as it is now: the user may have typed one meanwhile
		f.add(ctx, r.upload(), true)
	}
}

// upload is the article as the user confirmed it: the text without the
// proposed lines the user did not keep.
func (r *articleReview) upload() api.ArticleUpload {
	var drop []int
	for _, j := range r.junk {
		if !r.keep[j.Line] {
			drop = append(drop, j.Line)
		}
	}
	text := annotations.RemoveLines(r.text, drop)
	up := r.up
	up.Text = &text
	return up
}

// add stores the article on this device and opens it; leaving the page
// before it is stored asks first. The text is made into an article here,
// with the same normalization and ID as the server's, and reaches the
// server with the next sync, which puts it on the list of the project the
// user works in when they manage it. An article the library has already
// is not opened: the form says so, with a link to it.
func (f *ArticleForm) add(ctx app.Context, up api.ArticleUpload, reviewed bool) {
	f.busy, f.err, f.duplicate = true, "", ""
	known, join := f.Known, ""
	if f.Manages {
		join = f.Project.ID
	}
	written := startLocalWrite()
	ctx.Async(func() {
		a, before, err := createArticle(up, join)
		written()
		ctx.Dispatch(func(ctx app.Context) {
			f.busy = false
			if err != nil {
				f.err = err.Error()
				return
			}
			f.review = nil // the text stays: a duplicate's, as the page shows it; a new one's page is left
			if e, ok := known[a.ID]; ok || before != nil {
				title, archived := a.Title, false
				if ok {
					title, archived = e.Title, e.Archived
				}
				if before != nil {
					title, archived = before.Article.Title, before.Archived
				}
				where := "in the library"
				if archived {
					where = "in the archived articles"
				}
				f.duplicate = a.ID
				f.duplicateNote = "This text is " + where + " already, as “" + title + "”: nothing new was added."
				ctx.NewActionWithValue(actionArticleAdded, a.ID)
				return
			}
			ctx.NewActionWithValue(actionArticleAdded, a.ID)
			ctx.Navigate("/articles/" + a.ID)
		})
	})
}

// createArticle makes the article up describes and keeps it on this
// device, to join the list of the project join ("" for none) when
// uploaded. before is the article as this device had it already, nil when
// it is new here.
func createArticle(up api.ArticleUpload, join string) (a annotations.Article, before *localArticle, err error) {
	text := ""
	if up.Text != nil {
		text = *up.Text
	}
	a, err = annotations.NewArticle(up.Title, text, time.Now())
	if err != nil {
		return a, nil, err
	}
	a.Source = up.Source
	if old, ok, err := getArticle(a.ID); err != nil {
		return a, nil, err
	} else if ok {
		return old.Article, &old, nil // the same text is here already
	}
	if err := putArticle(localArticle{Article: a, Project: join}); err != nil {
		return a, nil, err
	}
	requestPersistentStorage()
	background.localChange()
	return a, nil, nil
}
