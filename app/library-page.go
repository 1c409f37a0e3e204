package app

import (
	"context"
	"errors"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/gloss-annotate/gloss/annotations"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// LibraryPage lists the articles on this device and on the server, and lets
// the user add one and set the annotator name.
type LibraryPage struct {
	app.Compo
	entries []libraryEntry
	note    string
	storage string
	unsub   func()
}

// libraryEntry is one article of the library.
type libraryEntry struct {
	ID, Title string
	Chars     int
	OnDevice  bool
	OnServer  bool
	// Progress says what the annotator's set on this device holds, ""
	// when nothing (setProgress).
	Progress string
}

// OnMount reloads the library when an article is added or the annotator
// changes (the progress shown is the annotator's), and follows what a pull
// or another tab stores.
func (p *LibraryPage) OnMount(ctx app.Context) {
	ctx.Handle(actionArticleAdded, func(ctx app.Context, a app.Action) { p.load(ctx) })
	ctx.Handle(actionAnnotatorChanged, func(ctx app.Context, a app.Action) { p.load(ctx) })
	if app.IsServer {
		return
	}
	p.unsub = background.subscribe(nil, func(ids []string, revs []annotations.Revision) {
		ctx.Dispatch(func(ctx app.Context) { p.articlesChanged(ctx, ids, len(revs) > 0) })
	})
}

// OnDismount stops following the stored changes.
func (p *LibraryPage) OnDismount() {
	if p.unsub != nil {
		p.unsub()
	}
}

// articlesChanged shows what was stored for the articles ids: when only
// revisions (hasRevisions), the annotator's progress on those articles is
// read again; an article stored itself, or one the list does not show on
// this device, reloads the whole list.
func (p *LibraryPage) articlesChanged(ctx app.Context, ids []string, hasRevisions bool) {
	var changed []libraryEntry
	for _, id := range ids {
		i := slices.IndexFunc(p.entries, func(e libraryEntry) bool { return e.ID == id })
		if !hasRevisions || i < 0 || !p.entries[i].OnDevice {
			p.load(ctx)
			return
		}
		changed = append(changed, p.entries[i])
	}
	ctx.PreventUpdate() // nothing changes before the progress is read
	annotator := currentAnnotator()
	if annotator == "" {
		return
	}
	ctx.Async(func() {
		progress, err := annotatorProgress(changed, annotator)
		ctx.Dispatch(func(app.Context) {
			if err != nil {
				p.note = "Your progress could not be read: " + err.Error()
				return
			}
			for i, e := range p.entries {
				if slices.ContainsFunc(changed, func(c libraryEntry) bool { return c.ID == e.ID }) {
					p.entries[i].Progress = ""
					if s, ok := progress[e.ID]; ok {
						p.entries[i].Progress = annotator + ": " + s
					}
				}
			}
		})
	})
}

// setProgress says what a set holds, for the library: "12 mentions,
// 3 quotes, 1 stance", leaving out the kinds it has none of, then its
// conflicts and items to review if any; "" when it holds nothing.
func setProgress(s annotations.Set) string {
	var parts []string
	for _, k := range []struct {
		n    int
		noun string
	}{{len(s.Entities), "mention"}, {len(s.Quotes), "quote"}, {len(s.Stances), "stance"}, {len(s.Groups), "group"}} {
		if k.n > 0 {
			parts = append(parts, formatCount(k.n, k.noun))
		}
	}
	var sections []string
	if len(parts) > 0 {
		sections = append(sections, strings.Join(parts, ", "))
	}
	if n := len(s.Conflicts); n > 0 {
		sections = append(sections, formatCount(n, "conflict"))
	}
	if n := len(s.Review); n > 0 {
		sections = append(sections, strconv.Itoa(n)+" to review")
	}
	return strings.Join(sections, " · ")
}

// annotatorProgress reads the progress of annotator on each article of
// entries that is on this device (setProgress), by article ID.
func annotatorProgress(entries []libraryEntry, annotator string) (map[string]string, error) {
	out := map[string]string{}
	for _, e := range entries {
		if !e.OnDevice {
			continue
		}
		local, err := revisionsOfSet(annotations.SetID(e.ID, annotator))
		if err != nil {
			return nil, err
		}
		if len(local) == 0 {
			continue
		}
		revs := make([]annotations.Revision, len(local))
		for i, r := range local {
			revs[i] = r.Revision
		}
		set, err := annotations.BuildSet(e.ID, annotator, revs)
		if err != nil {
			return nil, err
		}
		out[e.ID] = setProgress(set)
		yieldToBrowser()
	}
	return out, nil
}

// OnNav loads the library.
func (p *LibraryPage) OnNav(ctx app.Context) {
	ctx.Page().SetTitle("Gloss · Library")
	if app.IsServer {
		return // the server pre-renders the page; the data is the browser's
	}
	p.load(ctx)
}

func (p *LibraryPage) load(ctx app.Context) {
	ctx.Async(func() {
		local, localErr := allArticles()
		remote, remoteErr := apiClient.ListArticles(context.Background())
		byID := map[string]*libraryEntry{}
		var entries []libraryEntry
		add := func(e libraryEntry) {
			if cur, ok := byID[e.ID]; ok {
				cur.OnDevice = cur.OnDevice || e.OnDevice
				cur.OnServer = cur.OnServer || e.OnServer
				return
			}
			entries = append(entries, e)
			byID[e.ID] = &entries[len(entries)-1]
		}
		entries = make([]libraryEntry, 0, len(local)+len(remote))
		for _, a := range remote {
			add(libraryEntry{ID: a.ID, Title: a.Title, Chars: a.Chars, OnServer: true})
		}
		for _, a := range local {
			add(libraryEntry{ID: a.Article.ID, Title: a.Article.Title, Chars: len([]rune(a.Article.Text)), OnDevice: true, OnServer: a.Uploaded})
		}
		sort.SliceStable(entries, func(i, j int) bool { return entries[i].Title < entries[j].Title })
		note := ""
		switch {
		case localErr != nil:
			note = localErr.Error()
		case errors.Is(remoteErr, errOffline):
			note = "Offline: showing the articles on this device."
		case remoteErr != nil:
			note = "The server's library could not be read: " + remoteErr.Error()
		}
		storage := storageSummary()
		ctx.Dispatch(func(app.Context) { p.entries, p.note, p.storage = entries, note, storage })
		// Then what the annotator did on each: the list need not wait.
		annotator := currentAnnotator()
		if annotator == "" || localErr != nil {
			return
		}
		progress, err := annotatorProgress(entries, annotator)
		ctx.Dispatch(func(app.Context) {
			if err != nil {
				p.note = "Your progress could not be read: " + err.Error()
				return
			}
			for i := range p.entries {
				if s, ok := progress[p.entries[i].ID]; ok {
					p.entries[i].Progress = annotator + ": " + s
				}
			}
		})
	})
}

// keepOffline fetches an article from the server and keeps it on this
// device, so it opens without the server.
func (p *LibraryPage) keepOffline(ctx app.Context, id string) {
	ctx.Async(func() {
		requestPersistentStorage()
		a, err := fetchArticle(id)
		if err == nil {
			err = putArticle(localArticle{Article: a, Uploaded: true})
		}
		ctx.Dispatch(func(ctx app.Context) {
			if err != nil {
				p.note = "The article could not be kept on this device: " + err.Error()
				return
			}
			p.load(ctx)
		})
	})
}

// Render shows the library.
func (p *LibraryPage) Render() app.UI {
	return app.Div().Class("page").Body(
		&TopBar{},
		app.Main().Class("library").Body(
			app.H1().Text("Library"),
			// Every child is always rendered (hidden when empty) so that the
			// form keeps its place, and what the user typed, when the list
			// loads: go-app matches children by position.
			app.P().Class("note").Hidden(p.note == "").Text(p.note),
			app.Ul().ID("library").Class("library-list").Body(
				app.Range(p.entries).Slice(func(i int) app.UI {
					e := p.entries[i]
					return app.Li().DataSet("article-id", e.ID).DataSet("offline", e.OnDevice).Body(
						app.A().Href("/articles/"+e.ID).Text(e.Title),
						app.Span().Class("meta").Body(
							app.Text(libraryMeta(e)),
							app.Button().Class("keep-offline").Hidden(e.OnDevice).
								Title("Download this article so that it opens without the server").
								Text("Keep on this device").
								OnClick(func(ctx app.Context, ev app.Event) { p.keepOffline(ctx, e.ID) }, app.EventScope(e.ID)),
						),
					)
				}),
			),
			app.P().Class("note").Hidden(len(p.entries) > 0 || p.note != "").Text("No articles yet: add one below."),
			app.P().ID("storage").Class("storage").Text(p.storage),
			&ArticleForm{},
			&DownloadMenu{},
		),
	)
}

func libraryMeta(e libraryEntry) string {
	where := "on the server"
	switch {
	case e.OnDevice && e.OnServer:
		where = "on this device and the server"
	case e.OnDevice:
		where = "on this device only"
	}
	meta := formatCount(e.Chars, "character") + " · " + where
	if e.Progress != "" {
		meta += " · " + e.Progress
	}
	return meta
}
