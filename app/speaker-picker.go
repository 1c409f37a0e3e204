package app

import (
	"strconv"
	"strings"

	"github.com/gloss-annotate/gloss/annotations"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// speakerOption is one speaker the picker offers: an entity group or a
// mention.
type speakerOption struct {
	Ref  annotations.Ref
	Name string
	Note string
}

// maxSpeakerOptions caps the options listed at once; typing narrows them.
const maxSpeakerOptions = 12

// SpeakerPicker picks a quote's speaker among the set's groups and
// mentions: type to filter, arrows to move, Enter to pick, or click an
// option (or a mention in the text).
type SpeakerPicker struct {
	app.Compo
	Ed      *editor
	Version int
	Label   string

	filter string
	active int
}

// options returns the speakers matching the filter: groups, then mentions
// in text order (PER first), each name once per group.
func (s *SpeakerPicker) options() []speakerOption {
	f := strings.ToLower(strings.TrimSpace(s.filter))
	var out []speakerOption
	for _, g := range s.Ed.set.Groups {
		if f == "" || strings.Contains(strings.ToLower(g.Name), f) {
			out = append(out, speakerOption{Ref: annotations.Ref{Kind: annotations.RefGroup, ID: g.ID}, Name: g.Name, Note: "group of " + formatCount(len(g.Members), "mention")})
		}
	}
	var per, other []speakerOption
	for _, e := range s.Ed.set.Entities {
		if f != "" && !strings.Contains(strings.ToLower(e.Exact), f) {
			continue
		}
		o := speakerOption{Ref: annotations.Ref{Kind: annotations.RefEntity, ID: e.ID}, Name: e.Exact, Note: e.Label + " at " + strconv.Itoa(e.Start)}
		if e.Label == "PER" || e.Label == "ORG" {
			per = append(per, o)
		} else {
			other = append(other, o)
		}
	}
	out = append(append(out, per...), other...)
	return out[:min(len(out), maxSpeakerOptions)]
}

func (s *SpeakerPicker) pick(ctx app.Context, ref annotations.Ref) {
	s.filter, s.active = "", 0
	sendUI(ctx, func(ctx app.Context, p *ArticlePage) { p.pickSpeaker(ctx, ref) })
}

func (s *SpeakerPicker) onKey(ctx app.Context, e app.Event) {
	opts := s.options()
	switch e.Get("key").String() {
	case "ArrowDown":
		e.PreventDefault()
		s.active = min(s.active+1, max(0, len(opts)-1))
	case "ArrowUp":
		e.PreventDefault()
		s.active = max(s.active-1, 0)
	case "Enter":
		e.PreventDefault()
		if s.active < len(opts) {
			s.pick(ctx, opts[s.active].Ref)
		}
	default:
		ctx.PreventUpdate()
	}
}

// Render shows the field and the options.
func (s *SpeakerPicker) Render() app.UI {
	opts := s.options()
	return app.Div().Class("speaker-picker").Body(
		app.Label().For("speaker-input").Text(s.Label),
		app.Input().ID("speaker-input").Type("search").AutoComplete(false).Placeholder("Type a name, Enter to pick").
			Aria("controls", "speaker-options").Value(s.filter).
			OnInput(func(ctx app.Context, e app.Event) {
				s.filter, s.active = e.Get("target").Get("value").String(), 0
			}).
			OnKeyDown(s.onKey),
		app.Ul().ID("speaker-options").Class("item-list").Role("listbox").Body(
			app.Range(opts).Slice(func(i int) app.UI {
				o := opts[i]
				cls := "item speaker-option"
				if i == s.active {
					cls += " active"
				}
				return app.Li().Class(cls).Role("option").Aria("selected", i == s.active).DataSet("ref", o.Ref.ID).Body(
					app.Button().Class("item-select").
						OnClick(func(ctx app.Context, e app.Event) { s.pick(ctx, o.Ref) }, app.EventScope(o.Ref.ID)).
						Body(app.Strong().Text(o.Name), app.Span().Class("note").Text(" · "+o.Note)),
				)
			}),
		),
		app.P().Class("note").Hidden(len(opts) > 0).Text("No mention matches: tag the speaker's name first (select it, press 1)."),
	)
}
