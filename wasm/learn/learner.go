package main

import (
	"maps"
	"slices"
	"strings"

	"github.com/gloss-annotate/gloss/annotations"
	"github.com/gloss-annotate/gloss/annotations/api"
	"github.com/gloss-annotate/gloss/annotations/suggest"
)

// trainEvery is how many mentions the annotator adds, changes or removes
// before the tagger trains again.
const trainEvery = 3

// example is one article the device learns from: its text, the
// annotator's mentions in it, and whether the set is done. An unfinished
// article teaches only its text up to the end of the line of its last
// mention: annotators work from the top, and the names below it are not
// tagged yet, so they would teach the tagger that names are not names.
type example struct {
	Text     string               `json:"text"`
	Mentions []annotations.Entity `json:"mentions"`
	Done     bool                 `json:"done"`
}

// taught returns the example as the tagger learns from it (cut as the type
// says), ok false when it teaches nothing (no mentions).
func (ex example) taught() (suggest.Example, bool) {
	if len(ex.Mentions) == 0 {
		return suggest.Example{}, false
	}
	text := []rune(ex.Text)
	if !ex.Done {
		last := 0
		for _, m := range ex.Mentions {
			last = max(last, m.End)
		}
		end := last
		for end < len(text) && text[end] != '\n' {
			end++
		}
		text = text[:end]
	}
	return suggest.Example{Text: text, Mentions: ex.Mentions}, true
}

// learner is what the worker knows of one project: the examples this
// device's annotator made, the team's model (downloaded), and the model
// trained from both.
type learner struct {
	examples map[string]example // by article ID
	team     *suggest.Model
	model    *suggest.Model
	// pending counts the mentions changed since the last training.
	pending int
	// size is the size of the model's binary form, as last kept.
	size int
}

func newLearner() *learner { return &learner{examples: map[string]example{}} }

// update records article's example, and returns whether it changed: a
// change counts its mentions added, removed or changed towards the next
// training.
func (l *learner) update(article string, ex example) bool {
	old, had := l.examples[article]
	if had && old.Done == ex.Done && old.Text == ex.Text && slices.Equal(old.Mentions, ex.Mentions) {
		return false
	}
	if !had || old.Text != ex.Text {
		old.Mentions = nil
	}
	l.pending += changedMentions(old.Mentions, ex.Mentions)
	if had && old.Done != ex.Done {
		l.pending = max(l.pending, trainEvery) // done: learn the whole article now
	}
	l.examples[article] = ex
	return true
}

// changedMentions counts the mentions in a and not b, and in b and not a,
// by span and label.
func changedMentions(a, b []annotations.Entity) int {
	type key struct {
		start, end int
		label      string
	}
	in := map[key]int{}
	for _, m := range a {
		in[key{m.Start, m.End, m.Label}]++
	}
	n := 0
	for _, m := range b {
		k := key{m.Start, m.End, m.Label}
		if in[k] > 0 {
			in[k]--
		} else {
			n++
		}
	}
	for _, c := range in {
		n += c
	}
	return n
}

// due reports whether the tagger should train again.
func (l *learner) due() bool { return l.pending >= trainEvery }

// train trains the model on the examples (in article order, so the same
// examples train the same model), from the team's model when there is one,
// with the gazetteer of the team's and the examples' mentions.
func (l *learner) train() *suggest.Model {
	var examples []suggest.Example
	for _, id := range slices.Sorted(maps.Keys(l.examples)) {
		if ex, ok := l.examples[id].taught(); ok {
			examples = append(examples, ex)
		}
	}
	g := suggest.Gazetteer{}
	articles := len(examples)
	if l.team != nil {
		for s, labels := range l.team.Gazetteer {
			for label, n := range labels {
				for range n {
					g.Add(s, label)
				}
			}
		}
		articles += l.team.Articles
	}
	for _, ex := range examples {
		g.AddMentions(ex.Mentions)
	}
	var tagger *suggest.Tagger
	switch {
	case len(examples) == 0 && l.team != nil:
		tagger = l.team.Tagger
	case len(examples) == 0:
		tagger = nil
	case l.team != nil && l.team.Tagger != nil:
		tagger = suggest.TrainFrom(l.team.Tagger, examples, suggest.DefaultEpochs, suggest.DefaultSeed)
	default:
		tagger = suggest.Train(examples, suggest.DefaultEpochs, suggest.DefaultSeed)
	}
	l.model = &suggest.Model{Tagger: tagger, Gazetteer: g, Articles: articles}
	l.pending = 0
	return l.model
}

// proposals are the suggestions shown on one article.
type proposals struct {
	Entities []suggest.Suggestion
	Quotes   []suggest.QuoteSuggestion
}

// maxSuggestions caps the suggestions the page is sent: past a thousand an
// annotator reviews none of them one by one, and the page would spend long
// tasks drawing them. Those left out come as the shown ones are accepted
// or rejected.
const maxSuggestions = 1000

// cap keeps the first n suggestions in text order, mentions and quotes
// together.
func (p *proposals) cap(n int) {
	if len(p.Entities)+len(p.Quotes) <= n {
		return
	}
	e, q := 0, 0
	for e+q < n {
		if q == len(p.Quotes) || e < len(p.Entities) && p.Entities[e].Start <= p.Quotes[q].Start {
			e++
		} else {
			q++
		}
	}
	p.Entities, p.Quotes = p.Entities[:e], p.Quotes[:q]
}

// propose returns the suggestions of the sources settings leaves on for
// text and set: the same string (from the model's gazetteer and the set's
// own mentions), the learned tagger, and quotes. Where the same string and
// the tagger propose overlapping spans, the same string's wins; a
// suggestion less sure than the settings' threshold, or rejected (by Key),
// is left out.
func propose(text []rune, set annotations.Set, m *suggest.Model, settings api.SuggestSettings, rejected map[string]bool) proposals {
	var out proposals
	min := settings.MinConfidence()
	g := suggest.Gazetteer{}
	if m != nil {
		for s, labels := range m.Gazetteer {
			g[s] = maps.Clone(labels)
		}
	}
	g.AddMentions(set.Entities)
	var tagger *suggest.Tagger
	if !settings.TaggerOff && m != nil {
		tagger = m.Tagger
	}
	out.Entities = suggest.Entities(text, g, tagger, set.Entities, rejected, min, !settings.SameStringOff)
	if !settings.QuotesOff {
		cues := settings.Cues
		if len(cues) == 0 {
			cues = suggest.AllCues()
		}
		for _, q := range suggest.Quotes(text, set, cues, speakerLabels(set.Schema), rejected) {
			if q.Confidence >= min {
				out.Quotes = append(out.Quotes, q)
			}
		}
	}
	return out
}

// speakerLabels are the labels of the mentions that can speak: PER, and
// any label of the schema whose name says person.
func speakerLabels(s annotations.Schema) []string {
	out := []string{"PER"}
	for _, l := range s.EntityLabels {
		if l.Name != "PER" && strings.HasPrefix(strings.ToUpper(l.Name), "PER") {
			out = append(out, l.Name)
		}
	}
	return out
}
