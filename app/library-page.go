package app

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/gloss-annotate/gloss/annotations"
	"github.com/gloss-annotate/gloss/annotations/api"
	"github.com/gloss-annotate/gloss/app/browsertask"
	"github.com/gloss-annotate/gloss/app/replica"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// LibraryPage lists the articles on this device and on the server, and lets
// the user add one. With nobody signed in on the device, it shows the
// sign-in form instead, and asks the server nothing.
//
// Articles can be renamed, archived (hidden from the list, annotations
// kept and exported; the archived view brings them back) and, when no one
// annotated them, deleted. A rename or archiving is stored on this device
// first (localArticle.MetaPending) and sent to the server at once, or, when
// it cannot be reached, the next time the library loads with the server
// there; the server's title and archived state win otherwise, so that
// every device shows the same.
type LibraryPage struct {
	app.Compo
	entries []libraryEntry
	note    string
	storage string
	unsub   func()

	// The list's view: the sort order (a librarySort), the filter's text
	// and whether the archived articles are shown instead.
	sortBy       string
	filter       string
	showArchived bool
	// shown is how many of the list's articles are shown (libraryPageSize
	// when 0): rendering a few thousand at once blocked the page for
	// more than a second.
	shown int
	// renaming is the article whose title is being edited, "" when none;
	// deleting the one whose deletion waits for a yes.
	renaming, renameTitle, renameErr string
	deleting                         string
	// message says how the last rename, archiving or deletion went, when
	// the user must know.
	message string
	// signedOut says that nobody is signed in on this device; read that
	// the list was read (until then, an empty one is not known empty).
	signedOut, read bool
	// project is the project the user works in, when it lists its own
	// articles (not the Default project) and they manage it: each entry
	// then adds or takes the article out of it. workIn is the project
	// they work in when it is not Default (the form says what becomes of
	// an article added there).
	project string
	workIn  api.ProjectRole

	// me is the signed-in user's annotator name; toggledMine says they
	// turned the My articles filter from its default (my-articles.go).
	me          string
	toggledMine bool
	// projectSet is the project's own set on this device (its schema and
	// assignments: annotations.ProjectKey), nil before it is read;
	// assigned its assignments, the annotators of each article.
	projectSet *annotations.SetState
	assigned   map[string][]string
	// manager says the user manages the project they work in: they assign
	// its articles (assign-form.go), to members (their annotator names,
	// from the server) or to names typed.
	manager bool
	members []api.Member
	// assigning is the article whose annotators are being chosen ("" for
	// none): the names typed and their problem. autoAssign says the
	// automatic assignment's form is open: its fields and their problems.
	assigning, assignNames, assignErr string
	autoAssign                        bool
	form                              formValues
	problems                          fieldProblems
	// firstPaintJSON is the server's FirstPaint of the page, which its
	// render embeds for the client (first-paint.go).
	firstPaintJSON string
}

// libraryEntry is one article of the library.
type libraryEntry struct {
	ID, Title string
	Chars     int
	Created   time.Time
	OnDevice  bool
	OnServer  bool
	Archived  bool
	// Progress says what the annotator's set on this device holds, ""
	// when nothing (setProgress); State is the set's state.
	Progress string
	State    annotations.WorkState
	// InProject says that the article is in the list of the project the
	// user works in (every article is in the Default project's).
	InProject bool
}

// projectEntries returns the entries of the library of a project whose
// list of articles is inProject (nil: every article, as for the Default
// project, or a list that could not be read): for its manager every
// article, each marked in the project or not, so that they add and take
// out articles; for anyone else the project's articles alone.
func projectEntries(entries []libraryEntry, inProject map[string]bool, manager bool) []libraryEntry {
	out := entries[:0:0]
	for _, e := range entries {
		e.InProject = inProject == nil || inProject[e.ID]
		if e.InProject || manager {
			out = append(out, e)
		}
	}
	return out
}

// The library's sort orders.
const (
	sortNewest = "newest"
	sortOldest = "oldest"
	sortTitle  = "title"
)

// visibleEntries returns the entries the library shows: the archived ones
// or the others, whose title contains filter (ignoring case and accents:
// annotations.Folded), sorted by sortBy (newest first by default; titles in
// alphabetical order, ignoring case and accents, then newest first).
func visibleEntries(entries []libraryEntry, archived bool, filter, sortBy string) []libraryEntry {
	filter = annotations.Folded(strings.TrimSpace(filter))
	var out []libraryEntry
	folded := map[string]string{} // by ID
	for _, e := range entries {
		if key := annotations.Folded(e.Title); e.Archived == archived && strings.Contains(key, filter) {
			out = append(out, e)
			folded[e.ID] = key
		}
	}
	// sort.SliceStable, not slices.SortStableFunc: a generic sort of this
	// struct would add kilobytes to app.wasm.
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if sortBy == sortTitle {
			if c := strings.Compare(folded[a.ID], folded[b.ID]); c != 0 {
				return c < 0
			}
		} else if sortBy == sortOldest {
			a, b = b, a
		}
		if !a.Created.Equal(b.Created) {
			return a.Created.After(b.Created)
		}
		return a.ID < b.ID
	})
	return out
}

// mergeLibrary lists the server's articles and this device's, once each.
// For an article in both, a rename or archiving this device has not sent
// yet wins (it is in push); otherwise the server's title and archived
// state win, and the device's records that differ from them are in pull,
// updated, to be stored.
func mergeLibrary(remote []api.ArticleSummary, local []localArticle) (entries []libraryEntry, push, pull []localArticle) {
	server := make(map[string]api.ArticleSummary, len(remote))
	entries = make([]libraryEntry, 0, len(remote)+len(local))
	for _, a := range remote {
		server[a.ID] = a
	}
	seen := map[string]bool{}
	for _, l := range local {
		a := l.Article
		seen[a.ID] = true
		e := libraryEntry{ID: a.ID, Title: a.Title, Chars: annotations.RuneCount(a.Text), Created: a.Created, OnDevice: true, Archived: l.Archived}
		if s, ok := server[a.ID]; ok {
			e.OnServer = true
			switch {
			case l.MetaPending:
				push = append(push, l)
			case s.Title != a.Title || s.Archived != l.Archived:
				l.Article.Title, l.Archived = s.Title, s.Archived
				pull = append(pull, l)
				e.Title, e.Archived = s.Title, s.Archived
			}
		} else {
			e.OnServer = l.Uploaded
		}
		entries = append(entries, e)
	}
	for _, a := range remote {
		if !seen[a.ID] {
			entries = append(entries, libraryEntry{ID: a.ID, Title: a.Title, Chars: a.Chars, Created: a.Created, OnServer: true, Archived: a.Archived})
		}
	}
	return entries, push, pull
}

// OnMount reloads the library when an article is added or the annotator
// changes (the progress shown is the annotator's), and follows what a pull
// or another tab stores.
func (p *LibraryPage) OnMount(ctx app.Context) {
	ctx.Handle(actionArticleAdded, func(ctx app.Context, a app.Action) { p.load(ctx) })
	ctx.Handle(actionLibraryChanged, func(ctx app.Context, a app.Action) {
		if m, ok := a.Value.(string); ok {
			p.message = m
		}
		p.load(ctx)
	})
	ctx.Handle(actionUserChanged, func(ctx app.Context, a app.Action) { p.load(ctx) })
	ctx.Handle(actionProjectChanged, func(ctx app.Context, a app.Action) { p.load(ctx) })
	if app.IsServer {
		return
	}
	p.unsub = background.subscribe(nil, func(ids []string, revs []annotations.Revision) {
		// The project's own revisions (its schema, its assignments) change
		// every entry.
		project := slices.ContainsFunc(revs, func(r annotations.Revision) bool { return r.Key().IsProject() })
		ctx.Dispatch(func(ctx app.Context) {
			if project {
				p.load(ctx)
				return
			}
			p.articlesChanged(ctx, ids, len(revs) > 0)
		})
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
		progress, _, err := annotatorProgress(changed, currentSetKey(""))
		ctx.Dispatch(func(app.Context) {
			if err != nil {
				p.note = "Your progress could not be read: " + err.Error()
				return
			}
			for i, e := range p.entries {
				if slices.ContainsFunc(changed, func(c libraryEntry) bool { return c.ID == e.ID }) {
					p.entries[i].Progress, p.entries[i].State = progress[e.ID].text(annotator), progress[e.ID].State
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

// setSummary is what the library shows of an annotator's set: what it
// holds (setProgress) and its state.
type setSummary struct {
	Progress string
	State    annotations.WorkState
}

// text is the summary as the entry's line says it ("" when the set holds
// nothing).
func (s setSummary) text(annotator string) string {
	if s.Progress == "" {
		return ""
	}
	return annotator + ": " + s.Progress
}

// annotatorProgress reads the progress of an annotator in a project (key,
// whose ArticleID is ignored) on each article of entries that is on this
// device, by article ID, and the project's own set (its schema and
// assignments).
func annotatorProgress(entries []libraryEntry, key annotations.SetKey) (map[string]setSummary, *annotations.SetState, error) {
	out := map[string]setSummary{}
	// The project's schema, which every set uses: what a set flags for
	// review depends on it.
	project, err := revisionsOfSet(annotations.ProjectKey(key.Project).ID())
	if err != nil {
		return nil, nil, err
	}
	own := annotations.NewSetState(annotations.ProjectKey(key.Project))
	plain := make([]annotations.Revision, len(project))
	for i, r := range project {
		plain[i] = r.Revision
	}
	if err := own.Apply(plain...); err != nil {
		return nil, nil, err
	}
	for _, e := range entries {
		if !e.OnDevice {
			continue
		}
		key.ArticleID = e.ID
		local, err := revisionsOfSet(key.ID())
		if err != nil {
			return nil, nil, err
		}
		if len(local) == 0 {
			continue
		}
		revs := make([]annotations.Revision, 0, len(local)+len(project))
		for _, r := range append(local, project...) {
			revs = append(revs, r.Revision)
		}
		set, err := annotations.BuildSet(key, revs)
		if err != nil {
			return nil, nil, err
		}
		out[e.ID] = setSummary{setProgress(set), set.State()}
		browsertask.Yield()
	}
	return out, own, nil
}

// OnInit shows the list the server rendered into the page, when it did
// (FirstPaint) for the user signed in on this device, working in the
// Default project: the client's first render is then the server's markup
// again.
func (p *LibraryPage) OnInit() {
	if fp, ok := browserFirstPaint(); ok && fp.Me.User.Annotator == currentAnnotator() && currentProjectID() == api.DefaultProject {
		p.paintFirst(fp)
	}
}

// paintFirst shows the server's articles of fp, as the library lists them
// before it has read this device's.
func (p *LibraryPage) paintFirst(fp FirstPaint) {
	if len(fp.Library) > 0 {
		p.entries, _, _ = mergeLibrary(fp.Library, nil)
		p.manager = managesCurrentProject()
	}
}

// OnNav loads the library.
func (p *LibraryPage) OnNav(ctx app.Context) {
	ctx.Page().SetTitle("Gloss · Library")
	if app.IsServer {
		// The server renders the list of the signed-in user's request
		// (RenderPage); the device's articles are the browser's.
		if fp, data, ok := serverFirstPaint(ctx); ok && len(fp.Library) > 0 && StartingProject(fp.Me.Projects) == api.DefaultProject {
			p.paintFirst(fp)
			p.firstPaintJSON = data
		}
		return
	}
	p.load(ctx)
}

// load reads the library again. Not inlined: its closures would be
// compiled again into each of its five callers, kilobytes of app.wasm each.
//
//go:noinline
func (p *LibraryPage) load(ctx app.Context) {
	if p.signedOut = currentAnnotator() == ""; p.signedOut {
		p.entries = nil
		return
	}
	ctx.Async(func() {
		local, localErr := allArticles()
		remote, remoteErr := apiClient.ListArticles(context.Background(), "")
		if remoteErr != nil {
			remote = nil
		}
		entries, push, pull := mergeLibrary(remote, local)
		// A project other than Default lists its own articles.
		managed := ""
		if project := currentProjectID(); project != api.DefaultProject && remoteErr == nil {
			var inProject map[string]bool
			if list, err := apiClient.ListArticles(context.Background(), project); err == nil {
				inProject = map[string]bool{}
				for _, a := range list {
					inProject[a.ID] = true
				}
				for _, l := range local {
					if l.Project == project {
						inProject[l.Article.ID] = true // it joins once uploaded
					}
				}
			}
			if managesCurrentProject() {
				managed = project
			}
			entries = projectEntries(entries, inProject, managed != "")
		}
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
		// A manager assigns the articles to the project's members.
		manager := managesCurrentProject()
		workIn, _ := currentProject()
		if workIn.ID == api.DefaultProject {
			workIn = api.ProjectRole{}
		}
		var members []api.Member
		if manager && remoteErr == nil {
			members, _ = apiClient.Members(context.Background(), currentProjectID())
		}
		ctx.Dispatch(func(app.Context) {
			p.entries, p.note, p.storage, p.project, p.read = entries, note, storage, managed, true
			p.manager, p.members, p.workIn = manager, members, workIn
		})
		// The renames and archivings the server has yet to hear of, and
		// those it has that this device lacks.
		for _, l := range push {
			title, archived := l.Article.Title, l.Archived
			if _, err := apiClient.UpdateArticle(context.Background(), l.Article.ID, api.ArticlePatch{Title: &title, Archived: &archived}); err == nil {
				l.MetaPending = false
				putArticleMeta(l)
			}
		}
		for _, l := range pull {
			putArticleMeta(l)
		}
		// Then what the annotator did on each: the list need not wait.
		annotator := currentAnnotator()
		if annotator == "" || localErr != nil {
			return
		}
		progress, own, err := annotatorProgress(entries, currentSetKey(""))
		ctx.Dispatch(func(app.Context) {
			if err != nil {
				p.note = "Your progress could not be read: " + err.Error()
				return
			}
			for i := range p.entries {
				s := progress[p.entries[i].ID]
				p.entries[i].Progress, p.entries[i].State = s.text(annotator), s.State
			}
			p.me = annotator
			p.setProject(own)
		})
	})
}

// actionLibraryChanged reloads the library after a rename, an archiving
// or a deletion. An action, since the context of the button or form that
// asked is gone once its line changes, and go-app drops what is dispatched
// to an element no longer shown.
const actionLibraryChanged = "library-changed"

// changeArticle renames e (title not nil) and/or archives it or brings it
// back (archived not nil): on this device first, when it is here, then on
// the server, when it has it. Offline, the device's change waits for the
// server (MetaPending); an article only on the server cannot change then.
func (p *LibraryPage) changeArticle(ctx app.Context, e libraryEntry, title *string, archived *bool) {
	ctx.Async(func() {
		note, err := changeArticle(e, api.ArticlePatch{Title: title, Archived: archived})
		ctx.Dispatch(func(ctx app.Context) {
			p.message = note
			if err != nil {
				p.message = err.Error()
			} else {
				// Not the same button of the next entry, and now: go-app
				// drops what this ctx defers once a rename's form leaves.
				focusByID("library-filter")
				p.renaming = ""
			}
			ctx.NewAction(actionLibraryChanged)
		})
	})
}

// changeArticle is LibraryPage.changeArticle's work; note says what the
// user should know when it went well.
func changeArticle(e libraryEntry, patch api.ArticlePatch) (note string, err error) {
	l, onDevice, err := getArticle(e.ID)
	if err != nil {
		return "", err
	}
	if onDevice {
		if patch.Title != nil {
			l.Article.Title = *patch.Title
		}
		if patch.Archived != nil {
			l.Archived = *patch.Archived
		}
		l.MetaPending = true
		if err := putArticleMeta(l); err != nil {
			return "", err
		}
	}
	if !e.OnServer {
		return "", nil
	}
	_, err = apiClient.UpdateArticle(context.Background(), e.ID, patch)
	switch {
	case err == nil && onDevice:
		l.MetaPending = false
		return "", putArticleMeta(l)
	case err == nil:
		return "", nil
	case errors.Is(err, errOffline) && onDevice:
		return "Changed on this device; the server will be told when it can be reached.", nil
	case errors.Is(err, errOffline):
		return "", errors.New("this article is on the server only, which cannot be reached: try again when it can")
	}
	return "", err
}

// deleteArticle deletes e, which must have no annotations, from this
// device and the server.
func (p *LibraryPage) deleteArticle(ctx app.Context, e libraryEntry) {
	ctx.Async(func() {
		err := deleteArticle(e)
		ctx.Dispatch(func(ctx app.Context) {
			// The focus goes to the filter now: go-app drops what this
			// ctx defers once its button, Delete's, leaves the page, as
			// it does in this render.
			focusByID("library-filter")
			p.deleting, p.message = "", ""
			if err != nil {
				p.message = err.Error()
			}
			ctx.NewAction(actionLibraryChanged)
		})
	})
}

// deleteArticle is LibraryPage.deleteArticle's work. The server is asked
// first when it has the article (it refuses when anyone annotated it), so
// an article is never gone from the device yet kept on the server.
func deleteArticle(e libraryEntry) error {
	annotators, err := articleAnnotators(e.ID)
	if err != nil {
		return err
	}
	if len(annotators) > 0 {
		return fmt.Errorf("“%s” has annotations on this device (by %s), so it cannot be deleted: archive it instead, which hides it and keeps them", e.Title, strings.Join(annotators, ", "))
	}
	if e.OnServer {
		err := apiClient.DeleteArticle(context.Background(), e.ID)
		var se *replica.ServerError
		switch {
		case errors.Is(err, errOffline):
			return errors.New("deleting an article needs the server, which has a copy of it: try again when it can be reached")
		case errors.As(err, &se) && se.Status == 404:
			// Gone from the server already.
		case err != nil:
			return err
		}
	}
	if e.OnDevice {
		return deleteLocalArticle(e.ID)
	}
	return nil
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

// Render shows the library, or the sign-in form.
func (p *LibraryPage) Render() app.UI {
	if p.signedOut {
		return app.Div().Class("page").Body(
			&TopBar{},
			app.Main().Class("library").Body(
				app.H1().ID("library-heading").Text("Sign in"),
				app.P().ID("signin-prompt").Class("note").Text("Sign in to see the library and annotate. Once you have, Gloss works on this device offline too, as you."),
				&SignInForm{},
			),
		)
	}
	visible := visibleEntries(p.entries, p.showArchived, p.filter, p.sortBy)
	hasMine := len(p.onlyMine(p.entries)) > 0
	onlyMine := hasMine && p.manager == p.toggledMine && !p.showArchived
	if onlyMine {
		visible = p.onlyMine(visible)
	}
	empty := len(visible) == 0
	shown, more := p.shown, 0
	if shown == 0 {
		shown = libraryPageSize
	}
	if len(visible) > shown {
		visible, more = visible[:shown], len(visible)-shown
	}
	archivedCount := 0
	known := make(map[string]libraryEntry, len(p.entries))
	for _, e := range p.entries {
		known[e.ID] = e
		if e.Archived {
			archivedCount++
		}
	}
	heading, view, none := "Library", "library", "No articles yet: add one below."
	toggle := fmt.Sprintf("Archived articles (%d)", archivedCount)
	if p.showArchived {
		heading, view, none, toggle = "Archived articles", "archived", "No archived articles.", "Back to the library"
	}
	if onlyMine {
		heading = "My articles"
	}
	if strings.TrimSpace(p.filter) != "" {
		none = "No article’s title contains “" + strings.TrimSpace(p.filter) + "”."
	}
	if !p.read {
		none = "Reading the articles…"
	}
	return app.Div().Class("page").Body(
		&TopBar{},
		app.Main().Class("library").Body(
			app.H1().ID("library-heading").Text(heading),
			// Every child is always rendered (hidden when empty) so that the
			// form keeps its place, and what the user typed, when the list
			// loads: go-app matches children by position.
			app.P().ID("library-note").Class("note").Hidden(p.note == "").Text(p.note),
			app.P().ID("library-message").Class("notice").Role("alert").Hidden(p.message == "").Text(p.message),
			app.Div().Class("library-tools").Body(
				app.Input().ID("library-filter").Type("search").Placeholder("Filter by title").
					Aria("label", "Filter the articles by title").Value(p.filter).
					OnInput(func(ctx app.Context, e app.Event) { p.filter = ctx.JSSrc().Get("value").String() }),
				app.Div().ID("library-sort").Class("choices").Role("group").Aria("label", "Sort by").Body(
					app.Span().Class("note").Text("Sort by"),
					p.sortButton(sortNewest, "Newest"),
					p.sortButton(sortOldest, "Oldest"),
					p.sortButton(sortTitle, "Title"),
				),
				app.Button().ID("library-archived-toggle").Type("button").Class("link").Text(toggle).
					OnClick(func(ctx app.Context, e app.Event) {
						p.showArchived, p.renaming, p.deleting, p.message = !p.showArchived, "", "", ""
					}),
				p.mineTools(hasMine, onlyMine),
			),
			p.renderAutoAssign(),
			app.Ul().ID("library").Class("library-list").DataSet("view", view).Body(
				app.Range(visible).Slice(func(i int) app.UI { return p.renderEntry(visible[i]) }),
			),
			app.Button().ID("library-more").Type("button").Class("link").Hidden(more == 0).
				Text(fmt.Sprintf("Show %d more (%d not shown)", min(more, libraryPageSize), more)).
				OnClick(func(ctx app.Context, e app.Event) { p.shown = max(p.shown, libraryPageSize) + libraryPageSize }),
			app.P().ID("library-empty").Class("note").Hidden(!empty || (p.note != "" && len(p.entries) == 0)).Text(none),
			&ArticleForm{Known: known, Project: p.workIn, Manages: p.manager},
			&DownloadMenu{},
			// Last: the line comes once the device's storage is read, and
			// moves nothing below it.
			app.P().ID("storage").Class("storage").Text(p.storage),
		),
		app.If(p.firstPaintJSON != "", func() app.UI {
			return app.Div().ID(firstPaintID).Hidden(true).Text(p.firstPaintJSON)
		}),
	)
}

// libraryPageSize is how many articles the library shows at first, and
// how many more each press of its "Show more" button adds: a hundred
// lines render in about 75 ms on a 2-core machine.
const libraryPageSize = 100

// sortButton is the button that sorts the library by order.
func (p *LibraryPage) sortButton(order, text string) app.UI {
	current := p.sortBy == order || (p.sortBy == "" && order == sortNewest)
	return pressButton("sort", order, text, current, func(ctx app.Context, e app.Event) { p.sortBy = order })
}

// pressButton is one button of a group of choices (aria-pressed when it
// is the current one), its value in data-{key}.
func pressButton(key, value, text string, pressed bool, onClick app.EventHandler) app.UI {
	return app.Button().Type("button").Class("quiet").DataSet(key, value).Aria("pressed", pressed).Text(text).
		OnClick(onClick, app.EventScope(value))
}

// renderEntry shows one article: its title (or the rename form), what it
// holds and when it was added, and what can be done with it.
func (p *LibraryPage) renderEntry(e libraryEntry) app.UI {
	var title app.UI = app.A().Href("/articles/" + e.ID).Text(e.Title)
	if p.renaming == e.ID {
		title = p.renderRename(e)
	}
	var confirm app.UI = app.Text("")
	if p.deleting == e.ID {
		confirm = app.Span().Class("confirm").Role("alert").Body(
			app.Text("Delete “"+e.Title+"” for good? "),
			smallButton("danger delete-yes", "Delete", func(ctx app.Context, ev app.Event) { p.deleteArticle(ctx, e) }, e.ID+strconv.FormatBool(e.OnServer)+strconv.FormatBool(e.OnDevice)),
			smallButton("link delete-no", "Keep it", func(ctx app.Context, ev app.Event) { p.deleting = "" }, e.ID),
		)
	}
	// The entry's actions: each button's class (after "link") names
	// what entryAction does.
	actions := [][2]string{{"rename-article", "Rename"}, {"archive-article", "Archive"}, {"delete-article", "Delete"}}
	if e.Archived {
		actions[1][1] = "Bring back"
	}
	if e.OnServer && !p.manager {
		// The team's library is its managers' (the server refuses
		// the others); one's own article, on this device only, is one's.
		actions = actions[:0]
	}
	if p.project != "" {
		text := "Add to the project"
		if e.InProject {
			text = "Take out of the project"
		}
		actions = append(actions, [2]string{"project-article", text})
	}
	if p.manager && (p.project == "" || e.InProject) {
		// An article outside the project's list is not the project's
		// work: its assignment would show nowhere.
		actions = append(actions, [2]string{"assign-article", "Assign…"})
	}
	buttons := make([]app.UI, 0, len(actions)+1)
	for _, a := range actions {
		action := a[0]
		// Each names its article, for a screen reader's list of buttons.
		// The scope names the action and the entry's state the handler
		// holds: go-app keeps a handler while its scope stays, and a
		// button's place (and the entry it was made with) can change.
		scope := e.ID + "/" + action + "/" + strconv.FormatBool(e.InProject) + strconv.FormatBool(e.Archived) + strconv.FormatBool(e.OnServer) + e.Title
		buttons = append(buttons, smallButton("link "+action, a[1], func(ctx app.Context, ev app.Event) { p.entryAction(ctx, e, action) }, scope).
			DataSet("in-project", e.InProject).Aria("label", a[1]+" “"+e.Title+"”"))
	}
	var assign app.UI = app.Text("")
	if p.assigning == e.ID {
		assign = p.renderAssign(e)
	}
	state := p.entryState(e)
	return app.Li().DataSet("article-id", e.ID).DataSet("offline", e.OnDevice).DataSet("state", e.State).Body(
		title,
		app.Span().Class("state").Hidden(state == "").Text(state),
		app.Span().Class("meta").Body(
			app.Text(libraryMeta(e)),
			app.Button().Class("keep-offline").Hidden(e.OnDevice).
				Title("Download this article so that it opens without the server").
				Text("Keep on this device").
				OnClick(func(ctx app.Context, ev app.Event) { p.keepOffline(ctx, e.ID) }, app.EventScope(e.ID)),
		),
		app.Span().Class("article-actions").Body(append(buttons, confirm)...),
		assign,
	)
}

// entryActionFocus is what gets the focus after an entry's action, by the
// action: the form or question it opens.
var entryActionFocus = map[string]string{"rename-article": "#rename-input", "delete-article": ".delete-yes", "assign-article": "#assign-input"}

// entryAction does what the entry's button action (its class) says to
// e: rename it, archive it or bring it back, delete it, add it to the
// project or take it out, assign it. A form or question it opens gets the
// focus (entryActionFocus: autofocus does nothing on an element added to a
// page).
func (p *LibraryPage) entryAction(ctx app.Context, e libraryEntry, action string) {
	if focus := entryActionFocus[action]; focus != "" {
		focusSoon(ctx, focus)
	}
	switch action {
	case "rename-article":
		p.renaming, p.renameTitle, p.renameErr, p.deleting = e.ID, e.Title, "", ""
	case "archive-article":
		archived := !e.Archived
		p.changeArticle(ctx, e, nil, &archived)
	case "delete-article":
		p.deleting, p.renaming = e.ID, ""
	case "project-article":
		p.toggleProjectArticle(ctx, e)
	case "assign-article":
		p.assigning, p.assignNames, p.assignErr, p.autoAssign = e.ID, strings.Join(p.assigned[e.ID], ", "), "", false
	}
}

// renderRename is the form that renames e, in place of its title.
func (p *LibraryPage) renderRename(e libraryEntry) app.UI {
	return inlineForm("rename", "New title", "New title", "Save", &p.renameTitle, p.renameErr, annotations.MaxTitleRunes, func(ctx app.Context) {
		t, err := annotations.NormalizeTitle(p.renameTitle)
		if err != nil {
			p.renameErr = err.Error()
			return
		}
		p.renameErr = ""
		p.changeArticle(ctx, e, &t, nil)
	}, `[data-article-id="`+e.ID+`"] .rename-article`, func(app.Context) { p.renaming = "" })
}

// inlineForm is a form of one line (class rename): the input {id}-input,
// labelled label (for screen readers) and showing hint while empty (a
// field with no words beside it), holding *value (at most max code
// points); the submit
// button {id}-save, showing save; Cancel; and the problem {id}-error.
// Submitting calls onSubmit; Cancel, or Esc in the form, gives the focus
// to back, the button that opened the form, and calls onCancel. The focus
// moves at once, not once the page has rendered (focusSoon): go-app drops
// what an element's handler defers when the render removes that element.
func inlineForm(id, label, hint, save string, value *string, problem string, max int, onSubmit func(app.Context), back string, onCancel func(app.Context)) app.UI {
	cancel := func(ctx app.Context) {
		if el := app.Window().Get("document").Call("querySelector", back); el.Truthy() {
			el.Call("focus")
		}
		onCancel(ctx)
	}
	return app.Form().Class("rename").Body(
		app.Input().ID(id+"-input").Type("text").Aria("label", label).Placeholder(hint).MaxLength(max).
			Value(*value).AutoFocus(true).
			OnInput(func(ctx app.Context, ev app.Event) { *value = ctx.JSSrc().Get("value").String() }),
		app.Button().ID(id+"-save").Text(save),
		button("", "link", "Cancel", "", cancel),
		app.Span().ID(id+"-error").Class("error").Role("alert").Text(problem),
	).OnSubmit(func(ctx app.Context, ev app.Event) {
		ev.PreventDefault()
		onSubmit(ctx)
	}).OnKeyDown(func(ctx app.Context, ev app.Event) {
		if ev.Get("key").String() != "Escape" {
			ctx.PreventUpdate()
			return
		}
		cancel(ctx)
	})
}

// smallButton is a button of type "button" (it submits no form) with a
// class, a text and a click handler scoped to scope: one call where each
// button written out would add to app.wasm.
func smallButton(class, text string, onClick app.EventHandler, scope string) app.HTMLButton {
	return app.Button().Type("button").Class(class).Text(text).OnClick(onClick, app.EventScope(scope))
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
	if !e.Created.IsZero() {
		meta = "added " + e.Created.Local().Format("2 Jan 2006") + " · " + meta
	}
	if e.Progress != "" {
		meta += " · " + e.Progress
	}
	return meta
}

// toggleProjectArticle adds e to the project the manager works in, or
// takes it out (its sets stay), then reads the library again.
func (p *LibraryPage) toggleProjectArticle(ctx app.Context, e libraryEntry) {
	project := p.project
	ctx.Async(func() {
		err := apiClient.SetProjectArticle(context.Background(), project, e.ID, !e.InProject)
		ctx.Dispatch(func(ctx app.Context) {
			if err != nil {
				p.message = "“" + e.Title + "” could not be changed in the project: " + err.Error()
				return
			}
			p.message = ""
			p.load(ctx)
		})
	})
}
