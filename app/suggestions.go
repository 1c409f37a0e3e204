package app

import (
	"errors"
	"slices"
	"sort"
	"strconv"

	"github.com/gloss-annotate/gloss/annotations"
	"github.com/google/uuid"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// errSuggestionTaken is the error of accepting a suggestion the set already
// has.
var errSuggestionTaken = errors.New("the set already has that mention")

// suggestionState is what the editor proposes on the open article
// (annotations/suggest, computed by the learning worker: learn-module.go):
// shown as outlines apart from the annotations, never stored, synced or
// exported until accepted, when it becomes an ordinary revision. A
// rejected suggestion is remembered on the device for the set (by its
// Key), and the worker is told not to propose it again.
type suggestionState struct {
	// list is the suggestions shown, in text order.
	list []shownSuggestion
	// chosen is the Key of the suggestion Enter, x and a label key act on
	// ("" when none is).
	chosen string
	// rejected holds the Keys rejected on the set.
	rejected map[string]bool
	// version counts the changes of list and chosen, so that the text and
	// the panel re-render only then.
	version int
	// model describes the model the latest suggestions came from.
	model learnInfo
	// total counts the suggestions the worker made; it sends the first
	// ones only.
	total int
}

// shownSuggestion is one suggestion on screen: a mention (Label its
// label) or a direct quote (Quote, with its cue and speaker).
type shownSuggestion struct {
	Key        string
	Quote      bool
	Start, End int
	Label      string
	Source     annotations.SuggestionSource
	Confidence float64
	CueStart   int
	CueEnd     int
	Speaker    annotations.Ref
}

// sourceNames say where a suggestion comes from, for its title and the
// panel.
var sourceNames = map[annotations.SuggestionSource]string{
	annotations.SourceSameString:   "the same text tagged before",
	annotations.SourceTagger:       "the learned tagger",
	annotations.SourceQuotePattern: "quotation marks beside a cue",
}

// describe says what the suggestion proposes, where from and how sure.
func (g shownSuggestion) describe() string {
	what := g.Label + "?"
	if g.Quote {
		what = "Quote?"
	}
	return what + " From " + sourceNames[g.Source] + ", " + strconv.Itoa(int(g.Confidence*100+0.5)) + " % sure"
}

// learnedSuggestions is the learning worker's answer for one article.
type learnedSuggestions struct {
	Entities []annotations.Suggestion
	Quotes   []annotations.QuoteSuggestion
	// Total counts the suggestions the worker made, of which it sent the
	// first ones.
	Total int
}

// learnInfo is what the worker says of its model.
type learnInfo struct {
	Articles int
	Team     bool
	TrainMS  float64
}

// readLearned reads the worker's answer msg: its suggestions, packed by
// annotations.PackSuggestions (read in one copy: thousands of objects read
// field by field would be a long task), and what it says of its model.
func readLearned(msg app.Value) (learnedSuggestions, learnInfo, error) {
	var got learnedSuggestions
	src := msg.Get("packed")
	packed := make([]byte, src.Get("length").Int())
	app.CopyBytesToGo(packed, src)
	names := msg.Get("strings")
	strs := make([]string, names.Length())
	for i := range strs {
		strs[i] = names.Index(i).String()
	}
	var err error
	got.Entities, got.Quotes, err = annotations.UnpackSuggestions(packed, strs)
	got.Total = msg.Get("total").Int()
	m := msg.Get("model")
	info := learnInfo{Articles: m.Get("articles").Int(), Team: m.Get("team").Bool(), TrainMS: m.Get("train_ms").Float()}
	return got, info, err
}

// setSuggestions shows got, less those rejected meanwhile and those that
// an edit made since they were computed overlaps; the chosen one stays
// chosen while it is still shown.
func (s *session) setSuggestions(got learnedSuggestions, info learnInfo) {
	list := make([]shownSuggestion, 0, len(got.Entities)+len(got.Quotes))
	for _, e := range got.Entities {
		list = append(list, shownSuggestion{Key: e.Key(), Start: e.Start, End: e.End, Label: e.Label, Source: e.Source, Confidence: e.Confidence})
	}
	for _, q := range got.Quotes {
		list = append(list, shownSuggestion{Key: q.Key(), Quote: true, Start: q.Start, End: q.End, Label: "quote", Source: q.Source,
			Confidence: q.Confidence, CueStart: q.CueStart, CueEnd: q.CueEnd, Speaker: q.Speaker})
	}
	// sort.SliceStable, not slices.SortStableFunc: see library-page.go.
	sort.SliceStable(list, func(i, j int) bool { return list[i].Start < list[j].Start })
	var mentions, quotes annotations.SpanIndex
	if s.ed != nil {
		for _, e := range s.ed.set.Entities {
			mentions.Add(e.Start, e.End)
		}
		for _, q := range s.ed.set.Quotes {
			quotes.Add(q.Content.Start, q.Content.End)
		}
	}
	list = slices.DeleteFunc(list, func(g shownSuggestion) bool {
		if s.sug.rejected[g.Key] {
			return true
		}
		if g.Quote {
			return quotes.Overlaps(g.Start, g.End)
		}
		return mentions.Overlaps(g.Start, g.End)
	})
	if info != s.sug.model || got.Total != s.sug.total {
		s.sug.model, s.sug.total = info, got.Total
		s.sug.version++ // the panel says what the model learnt from
	}
	if slices.Equal(list, s.sug.list) {
		return
	}
	s.sug.list = list
	if s.suggestion(s.sug.chosen) < 0 {
		s.sug.chosen = ""
	}
	s.sug.version++
}

// dropTaken takes off the screen the suggestions the revisions of an edit
// took (a mention tagged by hand over one), without waiting for the
// worker: only the edit's spans are looked at, so its cost does not grow
// with the set.
func (s *session) dropTaken(revs []annotations.Revision) {
	if len(s.sug.list) == 0 {
		return
	}
	type span struct {
		start, end int
		quote      bool
	}
	var spans []span
	for _, r := range revs {
		switch r.Kind {
		case annotations.KindEntity:
			if e, err := r.Entity(); err == nil && !r.Deleted {
				spans = append(spans, span{e.Start, e.End, false})
			}
		case annotations.KindQuote:
			if q, err := r.Quote(); err == nil && !r.Deleted {
				spans = append(spans, span{q.Content.Start, q.Content.End, true})
			}
		}
	}
	taken := func(g shownSuggestion) bool {
		return slices.ContainsFunc(spans, func(sp span) bool { return sp.quote == g.Quote && sp.start < g.End && g.Start < sp.end })
	}
	if len(spans) == 0 || !slices.ContainsFunc(s.sug.list, taken) {
		return
	}
	s.sug.list = slices.DeleteFunc(slices.Clone(s.sug.list), taken)
	if s.suggestion(s.sug.chosen) < 0 {
		s.sug.chosen = ""
	}
	s.sug.version++
}

// suggestion returns the index of the shown suggestion key, -1 when none.
func (s *session) suggestion(key string) int {
	if key == "" {
		return -1
	}
	return slices.IndexFunc(s.sug.list, func(g shownSuggestion) bool { return g.Key == key })
}

// suggestionAt returns the index of the suggestion the caret at offset is
// in (or at the end of), -1 when none.
func (s *session) suggestionAt(offset int) int {
	return slices.IndexFunc(s.sug.list, func(g shownSuggestion) bool { return g.Start <= offset && offset <= g.End })
}

// chooseSuggestion chooses the suggestion i and puts the caret at its
// start: Enter accepts it, x rejects it, a label's key accepts it with
// that label.
func (s *session) chooseSuggestion(i int) effect {
	if i < 0 || i >= len(s.sug.list) {
		s.sug.chosen = ""
		s.sug.version++
		s.notice = "No more suggestions in this article."
		return effect{}
	}
	g := s.sug.list[i]
	s.sug.chosen = g.Key
	s.sug.version++
	s.editErr = ""
	s.notice = g.describe() + ": Enter accepts, x rejects, n goes to the next."
	return effect{Caret: g.Start, PlaceCaret: true} // the caret scrolls into view
}

// nextSuggestion chooses the suggestion after the chosen one, or after the
// caret at from when none is chosen, from the start again past the end.
func (s *session) nextSuggestion(from int) effect {
	if len(s.sug.list) == 0 {
		s.notice = "No suggestions in this article."
		return effect{}
	}
	if i := s.suggestion(s.sug.chosen); i >= 0 {
		return s.chooseSuggestion((i + 1) % len(s.sug.list))
	}
	i := slices.IndexFunc(s.sug.list, func(g shownSuggestion) bool { return g.Start >= from })
	if i < 0 {
		i = 0
	}
	return s.chooseSuggestion(i)
}

// target returns the suggestion a key acts on: the chosen one, else the one
// at the caret (caret < 0: none known).
func (s *session) target(caret int) int {
	if i := s.suggestion(s.sug.chosen); i >= 0 {
		return i
	}
	if caret >= 0 {
		return s.suggestionAt(caret)
	}
	return -1
}

// acceptSuggestion accepts the suggestion at index i as an ordinary
// revision: a mention with label (its own label when label is ""), or a
// direct quote with its cue and speaker. Then the next suggestion is
// chosen, so that Enter, Enter, x walks through them.
func (s *session) acceptSuggestion(i int, label string) effect {
	if !s.canEdit() {
		return effect{}
	}
	if i < 0 {
		s.editErr = "No suggestion here: n goes to the next one."
		return effect{}
	}
	g := s.sug.list[i]
	if label == "" {
		label = g.Label
	}
	op := editOp{Do: func(e *editor) ([]annotations.Revision, error) {
		rev, err := e.acceptSuggestion(g, label)
		if err != nil {
			return nil, err
		}
		return []annotations.Revision{rev}, nil
	}}
	if _, ok := s.run(op); !ok {
		return effect{}
	}
	return s.afterSuggestion(g)
}

// afterSuggestion chooses the suggestion that followed g, which was just
// accepted or rejected (and is no longer shown).
func (s *session) afterSuggestion(g shownSuggestion) effect {
	s.sug.list = slices.DeleteFunc(slices.Clone(s.sug.list), func(o shownSuggestion) bool { return o.Key == g.Key })
	s.sug.chosen = ""
	s.sug.version++
	if len(s.sug.list) == 0 {
		s.notice = "Every suggestion in this article is done."
		return effect{Caret: g.End, PlaceCaret: true}
	}
	i := slices.IndexFunc(s.sug.list, func(o shownSuggestion) bool { return o.Start >= g.Start })
	if i < 0 {
		i = 0
	}
	return s.chooseSuggestion(i)
}

// rejectSuggestion rejects the suggestion at index i: it is remembered on
// the device so that it does not come back, and the next one is chosen.
func (s *session) rejectSuggestion(i int) effect {
	if i < 0 {
		s.editErr = "No suggestion here: n goes to the next one."
		return effect{}
	}
	g := s.sug.list[i]
	if s.sug.rejected == nil {
		s.sug.rejected = map[string]bool{}
	}
	s.sug.rejected[g.Key] = true
	if s.keepRejected != nil && s.ed != nil {
		s.keepRejected(s.ed.key().ID(), s.sug.rejected)
	}
	return s.afterSuggestion(g)
}

// acceptAllOf accepts every shown mention suggestion with label, as one
// edit (one Ctrl+Z takes them all back).
func (s *session) acceptAllOf(label string) effect {
	if !s.canEdit() {
		return effect{}
	}
	var all []shownSuggestion
	for _, g := range s.sug.list {
		if !g.Quote && g.Label == label {
			all = append(all, g)
		}
	}
	if len(all) == 0 {
		s.editErr = "No " + label + " suggestions to accept."
		return effect{}
	}
	_, ok := s.run(editOp{Do: func(e *editor) ([]annotations.Revision, error) {
		revs := make([]annotations.Revision, 0, len(all))
		for _, g := range all {
			rev, err := e.acceptSuggestion(g, label)
			if err != nil {
				return nil, err
			}
			revs = append(revs, rev)
		}
		return revs, nil
	}})
	if !ok {
		return effect{}
	}
	s.sug.list = slices.DeleteFunc(slices.Clone(s.sug.list), func(g shownSuggestion) bool { return !g.Quote && g.Label == label })
	s.sug.chosen = ""
	s.sug.version++
	s.notice = "Accepted " + formatCount(len(all), label+" suggestion") + " (Ctrl+Z takes them back)."
	return effect{}
}

// acceptSuggestion returns the revision that makes g an annotation of the
// set: a mention of [Start, End) with label, or a direct quote of
// [Start, End) with its cue, said by its speaker.
func (e *editor) acceptSuggestion(g shownSuggestion, label string) (annotations.Revision, error) {
	if !g.Quote {
		rev, ok, err := e.tag(g.Start, g.End, label)
		if err == nil && !ok {
			err = errSuggestionTaken
		}
		return rev, err
	}
	content, err := annotations.NewSpan(e.text, g.Start, g.End)
	if err != nil {
		return annotations.Revision{}, err
	}
	q := annotations.Quote{ID: uuid.NewString(), Content: content, Speaker: g.Speaker, Direct: true}
	if g.CueStart < g.CueEnd {
		cue, err := annotations.NewSpan(e.text, g.CueStart, g.CueEnd)
		if err != nil {
			return annotations.Revision{}, err
		}
		q.Cue = &cue
	}
	return e.put(q.ID, annotations.KindQuote, q)
}

// suggestionMarks keeps the suggestions' marks of each paragraph from one
// render to the next: they are made again only when the suggestions
// changed (suggestionState.version), and a paragraph whose marks are the
// same keeps the very same slice, so go-app skips it.
type suggestionMarks struct {
	version int
	paras   []annotations.Paragraph
	labels  []annotations.Label
	marks   [][]Mark
}

// update returns the marks of sug's suggestions over paras, in the colours
// of schema's labels.
func (c *suggestionMarks) update(paras []annotations.Paragraph, sug suggestionState, schema annotations.Schema) [][]Mark {
	sameParas := len(c.paras) == len(paras) && (len(paras) == 0 || &c.paras[0] == &paras[0])
	if sameParas && c.version == sug.version && slices.Equal(c.labels, schema.EntityLabels) && c.marks != nil {
		return c.marks
	}
	marks := make([][]Mark, len(paras))
	for _, g := range sug.list {
		color := ""
		if l, ok := schema.Label(g.Label); ok {
			color = l.Color
		}
		addMark(marks, paras, Mark{ID: g.Key, Kind: markSuggestion, Label: g.Label, Color: color, Warn: g.describe()}, g.Start, g.End)
	}
	if sameParas {
		keepUnchanged(marks, c.marks)
	}
	c.version, c.paras, c.labels, c.marks = sug.version, paras, schema.EntityLabels, marks
	return marks
}

// requestSuggestions asks the learning worker for the open set's
// suggestions (it learns from the set too), as the project's settings
// say; and, once per page, the server for the team's model. Not in the
// curation view, whose gold set is made from the annotators' sets.
func (p *ArticlePage) requestSuggestions(ctx app.Context) {
	if p.ed == nil || p.annotator == "" || p.cur != nil || p.loading {
		return
	}
	project := annotations.ProjectOrDefault(p.ed.project)
	settings := storedSuggestSettings(project)
	if p.sugOff = suggestionsOff(settings); p.sugOff {
		if len(p.sug.list) > 0 {
			p.sug.list, p.sug.chosen = nil, ""
			p.sug.version++
		}
		return
	}
	if seq := askSuggestions(p.ed, project, settings, p.sug.rejected); seq > 0 {
		p.sugAsked = seq
	}
	if !settings.TaggerOff && !teamModelAsked[project] {
		teamModelAsked[project] = true
		ctx.Async(func() { fetchTeamModel(project) })
	}
}

// onLearnMessage shows what the learning worker answered: the suggestions
// for the open article (the latest answer wins), or a problem.
func (p *ArticlePage) onLearnMessage(ctx app.Context, msg app.Value) {
	switch msg.Get("type").String() {
	case "suggestions":
		seq := msg.Get("seq").Int()
		if p.ed == nil || p.cur != nil || msg.Get("article").String() != p.ed.article.ID ||
			msg.Get("project").String() != annotations.ProjectOrDefault(p.ed.project) || seq < p.sugShown {
			ctx.PreventUpdate()
			return
		}
		got, info, err := readLearned(msg)
		if err != nil {
			p.sugProblem = err.Error()
			return
		}
		p.sugShown, p.sugProblem = seq, ""
		before := p.sug.version
		p.session.setSuggestions(got, info)
		if p.sug.version == before {
			ctx.PreventUpdate()
		}
	case "error":
		p.sugProblem = msg.Get("error").String()
		app.Log(p.sugProblem)
	default:
		ctx.PreventUpdate()
	}
}
