package app

import (
	"sort"
	"strconv"
	"strings"

	"github.com/gloss-annotate/gloss/annotations"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// What an ItemPicker picks.
const (
	pickSpeaker = "speaker" // a quote's speaker: a group or a mention
	pickHolder  = "holder"  // a stance's holder: the article, a group, a quote's speaker, a mention
	pickTarget  = "target"  // a stance's target: a topic (typed or reused), a group, a mention
)

// pickOption is one choice of an ItemPicker: a reference (Kind, ID) or,
// for a target, a topic (Topic).
type pickOption struct {
	Kind  annotations.RefKind
	ID    string
	Topic string
	Name  string
	Note  string
}

// maxPickOptions caps the options listed at once; typing narrows them.
const maxPickOptions = 12

// ItemPicker picks an item of the set by typing: the options filter as
// you type, arrows move, Enter or a click picks. It picks a quote's
// speaker (a click on a mention in the text does too), a stance's holder
// or its target, where what is typed can also be a new topic. As in
// WAI-ARIA's combobox pattern (and its example of a list autocomplete),
// Esc, Tab (which picks nothing), a press anywhere outside the picker and
// a pick close its list, and ↓, typing or a click in the field opens it
// again; a field reached by Tab stays closed until then (the pattern's
// default: a screen reader passing through the form hears the field and
// what it holds, not its first option). Esc with the list closed is the
// form's. A pick empties the field (emptyField).
type ItemPicker struct {
	app.Compo
	Ed      *editor
	Version int
	ID      string // the input's id
	Mode    string // pickSpeaker, pickHolder or pickTarget
	Label   string
	Current string // what is picked now, in words
	// Near is the quote whose speaker is picked: mentions and groups
	// nearest to it come first. Zero when there is none.
	Near span

	filter string
	active int
	closed bool // the list is closed
	// onPress hears presses anywhere on the page, to close the list on
	// one outside the picker.
	onPress app.Func
}

// OnMount listens for presses on the page: one outside the picker's
// label, field and list closes the list, and nothing else.
func (s *ItemPicker) OnMount(ctx app.Context) {
	if app.IsServer {
		return
	}
	s.onPress = app.FuncOf(func(_ app.Value, args []app.Value) any {
		target := args[0].Get("target")
		ctx.Dispatch(func(ctx app.Context) {
			field := app.Window().GetElementByID(s.ID)
			if s.closed || field.Truthy() && field.Get("parentNode").Call("contains", target).Bool() {
				ctx.PreventUpdate()
				return
			}
			s.closed = true
		})
		return nil
	})
	app.Window().Call("addEventListener", "pointerdown", s.onPress, true)
}

// OnDismount stops listening.
func (s *ItemPicker) OnDismount() {
	if s.onPress != nil {
		app.Window().Call("removeEventListener", "pointerdown", s.onPress, true)
		s.onPress.Release()
		s.onPress = nil
	}
}

// shown returns the options listed: none while the list is closed.
func (s *ItemPicker) shown() []pickOption {
	if s.closed {
		return nil
	}
	return s.options()
}

// options returns the choices matching the filter.
func (s *ItemPicker) options() []pickOption {
	f := strings.ToLower(strings.TrimSpace(s.filter))
	match := func(name string) bool { return f == "" || strings.Contains(strings.ToLower(name), f) }
	var out []pickOption
	e := s.Ed
	switch s.Mode {
	case pickHolder:
		if match("the article") {
			out = append(out, pickOption{Kind: annotations.RefArticle, Name: "the article itself"})
		}
	case pickTarget:
		if typed := annotations.NormalizeLine(s.filter); typed != "" {
			out = append(out, pickOption{Kind: annotations.RefTopic, Topic: typed, Name: typed, Note: "topic"})
		}
		for _, t := range e.topics() {
			if match(t) && !strings.EqualFold(t, strings.TrimSpace(s.filter)) {
				out = append(out, pickOption{Kind: annotations.RefTopic, Topic: t, Name: t, Note: "topic, used before"})
			}
		}
	}
	if s.Mode == pickHolder {
		for _, q := range e.set.Quotes {
			name := e.refName(q.Speaker.Kind, q.Speaker.ID)
			if match(name) {
				out = append(out, pickOption{Kind: annotations.RefQuoteSpeaker, ID: q.ID, Name: name, Note: "as speaker of " + quoted(q.Content.Exact, 30)})
			}
		}
	}
	out = append(out, rankedPeople(e, s.Near, match)...)
	// A new topic typed comes first, unless it is the name of a mention
	// or group: Enter then picks that, and the topic comes last (two
	// stances on Russia, its mention's and a topic's, would never agree).
	for i := len(out) - 1; s.Mode == pickTarget && i > 0; i-- {
		if out[0].Note == "topic" && strings.EqualFold(out[i].Name, out[0].Name) {
			out = append(out[1:], out[0])
		}
	}
	return out[:min(len(out), maxPickOptions)]
}

// rankedPeople returns the set's groups and the mentions in no group that
// match, one entry per group (a group stands for its members) and per text
// (the nearest of the mentions that share it), ranked: people first (PER,
// and groups with a PER member), then organisations (ORG), then the rest;
// within each, nearest to near first (a quote's span; near.End 0 for none,
// then in text order).
func rankedPeople(e *editor, near span, match func(string) bool) []pickOption {
	type ranked struct {
		opt        pickOption
		tier, dist int
		first      int // the first member's start: ties keep text order
	}
	tierOf := func(label string) int {
		switch label {
		case "PER":
			return 0
		case "ORG":
			return 1
		}
		return 2
	}
	distance := func(start, end int) int {
		switch {
		case near.End == 0:
			return 0
		case end <= near.Start:
			return near.Start - end
		case start >= near.End:
			return start - near.End
		}
		return 0
	}
	groupOf := map[string]int{}
	for i, g := range e.set.Groups {
		for _, m := range g.Members {
			if _, ok := groupOf[m]; !ok {
				groupOf[m] = i
			}
		}
	}
	groups := make([]*ranked, len(e.set.Groups))
	groupMatches := make([]bool, len(e.set.Groups)) // by name or by a member's text
	byText := map[string]*ranked{}
	var out []*ranked
	for _, en := range e.set.Entities {
		d := distance(en.Start, en.End)
		if gi, ok := groupOf[en.ID]; ok {
			g := e.set.Groups[gi]
			r := groups[gi]
			if r == nil {
				r = &ranked{opt: pickOption{Kind: annotations.RefGroup, ID: g.ID, Name: g.Name, Note: "group of " + formatCount(len(g.Members), "mention")}, tier: 2, dist: d, first: en.Start}
				groups[gi] = r
			}
			r.tier, r.dist = min(r.tier, tierOf(en.Label)), min(r.dist, d)
			groupMatches[gi] = groupMatches[gi] || match(en.Exact)
			continue
		}
		if !match(en.Exact) {
			continue
		}
		key := en.Label + "\x00" + annotations.NormalizeLine(en.Exact)
		if r := byText[key]; r != nil {
			if d < r.dist {
				r.opt.ID, r.dist = en.ID, d
			}
			continue
		}
		r := &ranked{opt: pickOption{Kind: annotations.RefEntity, ID: en.ID, Name: en.Exact, Note: en.Label}, tier: tierOf(en.Label), dist: d, first: en.Start}
		byText[key] = r
		out = append(out, r)
	}
	for i, r := range groups {
		g := e.set.Groups[i]
		if r == nil {
			// A group whose members are all gone: last.
			r = &ranked{opt: pickOption{Kind: annotations.RefGroup, ID: g.ID, Name: g.Name, Note: "group of " + formatCount(len(g.Members), "mention")}, tier: 3}
		}
		if groupMatches[i] || match(g.Name) {
			out = append(out, r)
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.tier != b.tier {
			return a.tier < b.tier
		}
		if a.dist != b.dist {
			return a.dist < b.dist
		}
		return a.first < b.first
	})
	opts := make([]pickOption, len(out))
	for i, r := range out {
		opts[i] = r.opt
		if near.End != 0 && r.opt.Kind == annotations.RefEntity {
			opts[i].Note += ", " + formatCount(r.dist, "character") + " from the quote"
			if r.dist == 0 {
				opts[i].Note = r.opt.Note + ", at the quote"
			}
		}
	}
	return opts
}

// span is a stretch of the text in code points, End exclusive.
type span struct{ Start, End int }

// pick applies o to what the picker is for.
func (s *ItemPicker) pick(ctx app.Context, o pickOption) {
	s.filter, s.active, s.closed = "", 0, true
	emptyField(s.ID)
	switch s.Mode {
	case pickSpeaker:
		sendUI(ctx, func(ctx app.Context, p *ArticlePage) { p.pickSpeaker(ctx, annotations.Ref{Kind: o.Kind, ID: o.ID}) })
	case pickHolder:
		changeStance(ctx, func(st *annotations.Stance) { st.Holder = annotations.Holder{Kind: o.Kind, ID: o.ID} })
	case pickTarget:
		changeStance(ctx, func(st *annotations.Stance) { st.Target = annotations.Target{Kind: o.Kind, ID: o.ID, Topic: o.Topic} })
	}
}

func (s *ItemPicker) onKey(ctx app.Context, e app.Event) {
	opts := s.shown()
	switch e.Get("key").String() {
	case "ArrowDown":
		e.PreventDefault()
		s.active, s.closed = min(s.active+1, max(0, len(opts)-1)), false
	case "ArrowUp":
		e.PreventDefault()
		s.active = max(s.active-1, 0)
	case "Enter":
		if e.Get("ctrlKey").Bool() || e.Get("metaKey").Bool() {
			return // the stance form's save
		}
		e.PreventDefault()
		if s.active < len(opts) {
			s.pick(ctx, opts[s.active])
		}
	case "Escape":
		if s.closed {
			ctx.PreventUpdate()
			return // the form's: it closes
		}
		// It closes the list, and changes nothing else: not the form, not
		// the field (which a search field's Esc empties).
		e.PreventDefault()
		e.Call("stopPropagation")
		s.closed = true
	case "Tab":
		s.closed = true // and the focus moves on
	default:
		ctx.PreventUpdate()
	}
}

// Render shows the field and the options, as an ARIA combobox: the field
// keeps the focus and names the active option (aria-activedescendant); an
// option is itself what a click picks, with nothing interactive inside it
// (axe's nested-interactive), and the list is named by the field's label.
func (s *ItemPicker) Render() app.UI {
	opts := s.shown()
	placeholder := "Type a name, Enter to pick"
	if s.Mode == pickTarget {
		placeholder = "Type a topic or a name, Enter to pick"
	}
	listID, labelID := s.ID+"-options", s.ID+"-label"
	active := ""
	if s.active < len(opts) {
		active = s.optionID(s.active)
	}
	return app.Div().Class("picker").DataSet("mode", s.Mode).Body(
		app.Label().ID(labelID).For(s.ID).Body(app.Text(s.Label+" "), app.Strong().Class("picked").Text(s.Current)),
		app.Input().ID(s.ID).Type("search").Role("combobox").AutoComplete(false).Placeholder(placeholder).
			Aria("autocomplete", "list").Aria("expanded", len(opts) > 0).
			Aria("controls", listID).Aria("activedescendant", active).Value(s.filter).
			OnInput(func(ctx app.Context, e app.Event) {
				s.filter, s.active, s.closed = e.Get("target").Get("value").String(), 0, false
			}).
			OnClick(func(ctx app.Context, e app.Event) { s.closed = false }).
			OnKeyDown(s.onKey),
		// Hidden when empty: a listbox holds options.
		app.Ul().ID(listID).Class("item-list picker-options").Role("listbox").Aria("labelledby", labelID).Hidden(len(opts) == 0).Body(
			app.Range(opts).Slice(func(i int) app.UI {
				o := opts[i]
				cls := "item pick-option"
				if i == s.active {
					cls += " active"
				}
				key := string(o.Kind) + ":" + o.ID + ":" + o.Topic
				return app.Li().ID(s.optionID(i)).Class(cls).Role("option").Aria("selected", i == s.active).DataSet("ref", o.ID).DataSet("kind", string(o.Kind)).
					// The focus stays in the field: arrows and Enter there pick too.
					OnMouseDown(func(ctx app.Context, e app.Event) { e.PreventDefault() }, app.EventScope(key)).
					OnClick(func(ctx app.Context, e app.Event) { s.pick(ctx, o) }, app.EventScope(key)).
					Body(app.Strong().Text(o.Name), app.Span().Class("note").Text(" · "+o.Note))
			}),
		),
	)
}

// optionID is the element id of option i.
func (s *ItemPicker) optionID(i int) string { return s.ID + "-option-" + strconv.Itoa(i) }
