package app

import (
	"strconv"
	"strings"

	"github.com/gloss-annotate/gloss/annotations"
	"github.com/gloss-annotate/gloss/annotations/curation"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// CurationPanel shows, above the side panel of a gold set, who is compared
// with it, how many agreed items it lacks (Merge agreed), and each
// difference with every version and who has it, to accept or reject.
type CurationPanel struct {
	app.Compo
	Cur *curationView
	// Version counts the comparisons made (curationView.made), so that the
	// panel renders again only when a new one was made.
	Version int
	Shown   int
	Text    []rune
}

// Render shows the panel.
func (c *CurationPanel) Render() app.UI {
	cur := c.Cur
	names := make([]string, len(cur.peers))
	for i, s := range cur.peers {
		names[i] = s.Annotator + " (" + stateWords(s.State()) + ")"
	}
	who := "No annotator's set of this article is on this device yet: they come with the next sync."
	if len(names) > 0 {
		who = "The gold set, compared with " + strings.Join(names, ", ") + "."
	}
	for _, o := range cur.others {
		who += " " + o.Annotator + ": " + stateWords(o.State) + ", not compared."
	}
	diffs := cur.cmp.Differences
	shown := diffs[:min(len(diffs), c.Shown)]
	return app.Section().ID("curation").Class("curation").Aria("label", "Curation").Body(
		app.H2().Text("Curation"),
		app.P().ID("curation-peers").Class("note").Text(who),
		app.P().Body(
			app.Span().ID("agreed-count").Text(formatCount(len(cur.cmp.Agreed), "agreed item")+" not in the gold set "),
			app.Button().ID("merge-agreed").Disabled(len(cur.cmp.Agreed) == 0).Text("Merge agreed").
				OnClick(func(ctx app.Context, e app.Event) {
					sendUI(ctx, func(ctx app.Context, p *ArticlePage) { p.session.mergeAgreed() })
				}),
			app.Label().Class("inline").Body(
				app.Input().Type("checkbox").ID("merge-majority").Checked(cur.majority).
					OnChange(func(ctx app.Context, e app.Event) {
						on := ctx.JSSrc().Get("checked").Bool()
						sendUI(ctx, func(ctx app.Context, p *ArticlePage) { p.session.setMajority(on) })
					}),
				app.Text(" by majority"),
			),
		),
		app.H3().Text(formatCount(len(diffs), "difference")),
		app.Ul().ID("differences").Class("item-list").Body(
			app.Range(shown).Slice(func(i int) app.UI { return c.renderDifference(shown[i]) }),
		),
		app.Button().ID("more-differences").Hidden(len(diffs) <= len(shown)).Text("Show more").
			OnClick(func(ctx app.Context, e app.Event) {
				sendUI(ctx, func(ctx app.Context, p *ArticlePage) {
					if p.cur != nil {
						p.cur.shown += differencesShown
					}
				})
			}),
	)
}

// renderDifference shows one difference: what it is about, then each
// version with who has it and Accept, then Reject.
func (c *CurationPanel) renderDifference(d curation.Candidate) app.UI {
	id := d.ID
	about := quoted(c.excerpt(d.Start, d.End), 60)
	if d.Start == d.End && len(d.Versions) > 0 {
		// Only the article's stance on a topic has no span (Candidate):
		// its topic says what it is about.
		about = "on " + quoted(d.Versions[0].Stance.Target.Topic, 60)
	}
	return app.Li().Class("item difference").DataSet("candidate", id).DataSet("rejected", d.Rejected).Body(
		app.P().Body(app.Strong().Text(kindWords(d.Kind)+" "), app.Text(about)),
		app.Ul().Class("versions").Body(
			app.Range(d.Versions).Slice(func(v int) app.UI {
				ver := d.Versions[v]
				has := strings.Join(ver.Annotators, ", ")
				if ver.Gold {
					has = strings.TrimPrefix(has+", gold", ", ")
				}
				return app.Li().Body(
					app.Span().Class("version").Text(c.describe(d.Kind, ver)),
					app.Span().Class("who").Text(" · "+has+" "),
					app.Button().Class("accept").Hidden(len(ver.Annotators) == 0).Disabled(ver.Gold).Text("Accept").
						OnClick(func(ctx app.Context, e app.Event) {
							sendUI(ctx, func(ctx app.Context, p *ArticlePage) { p.session.decide(id, v) })
						}, app.EventScope(id+"/"+strconv.Itoa(v))),
				)
			}),
		),
		app.Button().Class("reject quiet").Disabled(d.Rejected).Text("Reject").
			OnClick(func(ctx app.Context, e app.Event) {
				sendUI(ctx, func(ctx app.Context, p *ArticlePage) { p.session.decide(id, -1) })
			}, app.EventScope(id)),
	)
}

// excerpt returns the text from start to end, cut short.
func (c *CurationPanel) excerpt(start, end int) string {
	if start < 0 || end > len(c.Text) || start >= end {
		return ""
	}
	return string(c.Text[start:end])
}

// describe says what sets a version apart: a mention's label, a quote's
// kind and cue, a stance's polarity, a group's name.
func (c *CurationPanel) describe(k annotations.Kind, v curation.Version) string {
	switch k {
	case annotations.KindEntity:
		return v.Entity.Label
	case annotations.KindQuote:
		s := "indirect"
		if v.Quote.Direct {
			s = "direct"
		}
		if v.Quote.Cue != nil {
			s += ", cue " + quoted(c.excerpt(v.Quote.Cue.Start, v.Quote.Cue.End), 60)
		}
		return s
	case annotations.KindStance:
		return v.Stance.Polarity
	case annotations.KindGroup:
		return v.Group.Name
	}
	return ""
}

// kindWords names an item's kind for a person.
func kindWords(k annotations.Kind) string {
	switch k {
	case annotations.KindEntity:
		return "Mention"
	case annotations.KindQuote:
		return "Quote"
	case annotations.KindStance:
		return "Stance"
	case annotations.KindGroup:
		return "Group"
	}
	return string(k)
}

// stateWords names a set's state for a person.
func stateWords(s annotations.WorkState) string {
	return strings.ReplaceAll(string(s), "_", " ")
}
