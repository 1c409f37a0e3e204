// Package agreementtest makes synthetic projects for agreement's tests and
// benchmarks, and the server's: articles annotated by several annotators
// who drift from each other as real ones do.
package agreementtest

import (
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
	"time"

	"github.com/gloss-annotate/gloss/annotations"
)

// Project returns n articles of about 600 words (some 3,700 code
// points), each annotated by three annotators: about 40 mentions (a few
// nested), 6 quotes with speakers, 3 stances and 4 groups per set, the
// second and third annotators drifting from the first (missed, shifted,
// relabelled, added mentions; missed and shifted quotes; flipped direct and
// polarity). The articles and sets are valid, as a store takes them: item
// IDs are UUIDs, spans quote the text, labels and polarities are the
// default schema's. The same n gives the same project every time.
func Project(n int) ([]annotations.Article, [][]annotations.Set) {
	rng := rand.New(rand.NewPCG(14, 2026))
	vocab := strings.Fields("the minister said on talks between officials and the council would resume after a long pause in relations while critics argued that sanctions had failed to change course")
	names := strings.Fields("Rex Tillerson Sergei Lavrov Angela Merkel Moscow Berlin Washington Reuters Kremlin NATO Geneva")
	labels := []string{"PER", "ORG", "LOC", "MISC"}
	articles := make([]annotations.Article, n)
	sets := make([][]annotations.Set, n)
	created := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for a := range articles {
		var b strings.Builder
		type word struct{ start, end int }
		var words []word
		var nameWords []int
		pos := 0
		for w := 0; w < 600; w++ {
			var s string
			if rng.IntN(8) == 0 {
				s = names[rng.IntN(len(names))]
				nameWords = append(nameWords, w)
			} else {
				s = vocab[rng.IntN(len(vocab))]
			}
			if w > 0 {
				b.WriteByte(' ')
				pos++
			}
			b.WriteString(s)
			words = append(words, word{pos, pos + len(s)})
			pos += len(s)
			if rng.IntN(15) == 0 {
				b.WriteByte('.')
				pos++
			}
		}
		art, err := annotations.NewArticle("Synthetic", b.String(), created)
		if err != nil {
			panic(err)
		}
		text := []rune(art.Text)
		span := func(start, end int) annotations.Span {
			sp, err := annotations.NewSpan(text, start, end)
			if err != nil {
				panic(err)
			}
			return sp
		}
		// id is the UUID of the item i of kind (0 a mention) of annotator k.
		id := func(k, kind, i int) string { return fmt.Sprintf("%08x-%04x-4%03x-8000-%012x", a, k, kind, i) }
		// The first annotator's mentions, on names and the word after.
		var base []annotations.Entity
		for i, w := range nameWords {
			if len(base) == 40 {
				break
			}
			end := words[w].end
			if w+1 < len(words) && rng.IntN(3) == 0 {
				end = words[w+1].end
			}
			base = append(base, annotations.Entity{ID: fmt.Sprint(2 * i), Span: span(words[w].start, end), Label: labels[rng.IntN(len(labels))]})
			if rng.IntN(10) == 0 && w+3 < len(words) {
				base = append(base, annotations.Entity{ID: fmt.Sprint(2*i + 1), Span: span(words[w].start, words[w+3].end), Label: "MISC"})
			}
		}
		annSets := make([]annotations.Set, 3)
		for k := range annSets {
			s := annotations.Set{ArticleID: art.ID, Annotator: fmt.Sprintf("annotator-%d", k)}
			for _, e := range base {
				i, _ := strconv.Atoi(e.ID)
				e.ID = id(k, 0, i)
				if k > 0 {
					switch rng.IntN(12) {
					case 0:
						continue // missed
					case 1:
						e.Span = span(e.Start, max(e.Start+1, e.End-2)) // shifted end
					case 2:
						e.Label = labels[rng.IntN(len(labels))]
					}
				}
				s.Entities = append(s.Entities, e)
			}
			if k > 0 && rng.IntN(2) == 0 {
				w := words[rng.IntN(len(words))]
				s.Entities = append(s.Entities, annotations.Entity{ID: id(k, 1, 0), Span: span(w.start, w.end), Label: "ORG"})
			}
			for g := 0; g < 4 && 2*g+1 < len(s.Entities); g++ {
				s.Groups = append(s.Groups, annotations.EntityGroup{ID: id(k, 2, g), Name: fmt.Sprintf("Group %d", g+1), Members: []string{s.Entities[2*g].ID, s.Entities[2*g+1].ID}})
			}
			for q := range 6 {
				w := 90*q + 5
				start, end := words[w].start, words[w+12].end
				if k > 0 && rng.IntN(4) == 0 {
					start = words[w+2].start
				}
				if k > 0 && q >= 3 && rng.IntN(5) == 0 {
					continue // missed (stances refer to the first three)
				}
				s.Quotes = append(s.Quotes, annotations.Quote{ID: id(k, 3, q), Content: span(start, end),
					Speaker: annotations.Ref{Kind: annotations.RefEntity, ID: s.Entities[(q*5+k*rng.IntN(2))%len(s.Entities)].ID}, Direct: (q+k*rng.IntN(2))%2 == 0})
			}
			polarities := []string{"FAVOR", "AGAINST", "NONE"}
			for st := range 3 {
				s.Stances = append(s.Stances, annotations.Stance{ID: id(k, 4, st),
					Holder:   annotations.Holder{Kind: annotations.RefQuoteSpeaker, ID: s.Quotes[st].ID},
					Target:   annotations.Target{Kind: annotations.RefTopic, Topic: []string{"sanctions", "the talks", "NATO"}[st]},
					Polarity: polarities[(st+k*rng.IntN(2))%3]})
			}
			annSets[k] = s
		}
		articles[a] = art
		sets[a] = annSets
	}
	return articles, sets
}

// Revisions returns the revisions that make s in project (as revisions
// write it: "" for the Default project): its mentions, groups, quotes and
// stances in that order (each refers to earlier ones only), then its
// status when state is not "" (a skipped set's needs a reason: give it
// apart).
func Revisions(project string, s annotations.Set, state annotations.WorkState) ([]annotations.Revision, error) {
	k := annotations.SetKey{Project: project, ArticleID: s.ArticleID, Annotator: s.Annotator}
	var revs []annotations.Revision
	var err error
	add := func(r annotations.Revision, e error) {
		if err == nil {
			err = e
		}
		revs = append(revs, r)
	}
	for _, e := range s.Entities {
		add(annotations.NewEntityRevision("", k, e))
	}
	for _, g := range s.Groups {
		add(annotations.NewGroupRevision("", k, g))
	}
	for _, q := range s.Quotes {
		add(annotations.NewQuoteRevision("", k, q))
	}
	for _, st := range s.Stances {
		add(annotations.NewStanceRevision("", k, st))
	}
	if state != "" {
		add(annotations.NewStatusRevision("", k, annotations.StatusItem{State: state}))
	}
	if err != nil {
		return nil, err
	}
	return revs, nil
}
