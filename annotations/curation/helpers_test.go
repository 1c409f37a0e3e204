package curation

import (
	"strconv"
	"strings"
	"testing"

	"github.com/gloss-annotate/gloss/annotations"
	"github.com/gloss-annotate/gloss/annotations/annotationstest"
	"github.com/google/uuid"
)

// text is the article every test annotates.
const text = `Rex Tillerson said "we will not back down" in Paris. Tillerson met Merkel in Berlin.`

var (
	runes     = []rune(text)
	articleID = annotations.ArticleID(text)
	goldK     = annotations.SetKey{ArticleID: articleID, Annotator: annotations.GoldAnnotator}
)

// at returns the span of the n-th (from 0) occurrence of sub in text.
func at(t *testing.T, sub string, n int) annotations.Span {
	t.Helper()
	return annotationstest.SpanOf(t, text, sub, n)
}

// setB builds one annotator's set of the article revision by revision.
type setB struct {
	t    *testing.T
	key  annotations.SetKey
	revs []annotations.Revision
	n    int
}

func annotator(t *testing.T, name string) *setB {
	return &setB{t: t, key: annotations.SetKey{ArticleID: articleID, Annotator: name}}
}

func (s *setB) id() string {
	s.n++
	return uuid.NewSHA1(uuid.NameSpaceOID, []byte(s.key.Annotator+strconv.Itoa(s.n))).String()
}

func (s *setB) add(r annotations.Revision, err error) string {
	s.t.Helper()
	if err != nil {
		s.t.Fatal(err)
	}
	s.revs = append(s.revs, r)
	return r.Item
}

// mention adds a mention of the n-th sub labelled label.
func (s *setB) mention(sub string, n int, label string) string {
	return s.add(annotations.NewEntityRevision("", s.key, annotations.Entity{ID: s.id(), Span: at(s.t, sub, n), Label: label}))
}

func (s *setB) quote(content string, speaker annotations.Ref, direct bool) string {
	return s.add(annotations.NewQuoteRevision("", s.key, annotations.Quote{ID: s.id(), Content: at(s.t, content, 0), Speaker: speaker, Direct: direct}))
}

func (s *setB) group(name string, members ...string) string {
	return s.add(annotations.NewGroupRevision("", s.key, annotations.EntityGroup{ID: s.id(), Name: name, Members: members}))
}

func (s *setB) stance(h annotations.Holder, tg annotations.Target, polarity string, ev ...annotations.Evidence) string {
	return s.add(annotations.NewStanceRevision("", s.key, annotations.Stance{ID: s.id(), Holder: h, Target: tg, Polarity: polarity, Evidence: ev}))
}

func (s *setB) delete(item string) {
	s.t.Helper()
	for i := len(s.revs) - 1; i >= 0; i-- {
		if s.revs[i].Item == item {
			s.add(annotations.NewDeletion(s.revs[i]))
			return
		}
	}
	s.t.Fatalf("no item %s", item)
}

func (s *setB) set() annotations.Set {
	s.t.Helper()
	set, err := annotations.BuildSet(s.key, s.revs)
	if err != nil {
		s.t.Fatal(err)
	}
	return set
}

func entity(id string) annotations.Ref { return annotations.Ref{Kind: annotations.RefEntity, ID: id} }

// gold is a gold set that takes revisions as the editor and a store do.
type gold struct {
	t  *testing.T
	st *annotations.SetState
}

func newGold(t *testing.T) *gold {
	return &gold{t: t, st: annotations.NewSetState(goldK)}
}

func (g *gold) set() annotations.Set { return g.st.Set() }

// apply checks revs as the editor does (CheckBatch on the whole set, so
// groups too), applies them and checks that nothing needs review.
func (g *gold) apply(revs []annotations.Revision, err error) []annotations.Revision {
	g.t.Helper()
	if err != nil {
		g.t.Fatal(err)
	}
	for _, r := range revs {
		if r.Key() != goldK {
			g.t.Fatalf("revision %s is of the set %v, want the gold set %v", r.ID, r.Key(), goldK)
		}
	}
	problems, err := annotations.CheckBatch(revs, g.st.Stored(runes))
	if err != nil {
		g.t.Fatal(err)
	}
	for i, p := range problems {
		if p != nil {
			g.t.Fatalf("revision %d (%s %s) refused: %v", i, revs[i].Kind, revs[i].Body, p)
		}
	}
	if err := g.st.Apply(revs...); err != nil {
		g.t.Fatal(err)
	}
	if rv := g.st.Set().Review; len(rv) > 0 {
		g.t.Fatalf("gold needs review: %+v", rv)
	}
	return revs
}

// describe lists a set's items by their text, for comparing sets made with
// other IDs: "PER Rex Tillerson", "quote «…» by PER Rex Tillerson direct",
// "group Name [PER a, PER b]", "stance PER x on topic AGAINST".
func describe(s annotations.Set) []string {
	names := map[string]string{}
	for _, e := range s.Entities {
		names[e.ID] = e.Label + " " + e.Exact
	}
	for _, g := range s.Groups {
		var ms []string
		for _, m := range g.Members {
			ms = append(ms, names[m])
		}
		names[g.ID] = "group " + g.Name + " [" + strings.Join(ms, ", ") + "]"
	}
	for _, q := range s.Quotes {
		names[q.ID] = "quote «" + q.Content.Exact + "» by " + names[q.Speaker.ID] + " direct " + strconv.FormatBool(q.Direct)
	}
	var out []string
	for _, e := range s.Entities {
		out = append(out, names[e.ID])
	}
	for _, g := range s.Groups {
		out = append(out, names[g.ID])
	}
	for _, q := range s.Quotes {
		out = append(out, names[q.ID])
	}
	for _, st := range s.Stances {
		h := string(st.Holder.Kind)
		if st.Holder.ID != "" {
			h = names[st.Holder.ID]
		}
		tg := "topic " + st.Target.Topic
		if st.Target.ID != "" {
			tg = names[st.Target.ID]
		}
		ev := ""
		for _, e := range st.Evidence {
			ev += " + " + names[e.ID]
		}
		out = append(out, "stance "+h+" on "+tg+" "+st.Polarity+ev)
	}
	return out
}

// summary lists the candidates as "kind start-end [versions]", each version
// its annotators and "+gold" when gold has it.
func summary(cs []Candidate) []string {
	var out []string
	for _, c := range cs {
		var vs []string
		for _, v := range c.Versions {
			s := strings.Join(v.Annotators, ",")
			if v.Gold {
				s += "+gold"
			}
			vs = append(vs, s)
		}
		out = append(out, string(c.Kind)+" "+strconv.Itoa(c.Start)+"-"+strconv.Itoa(c.End)+" ["+strings.Join(vs, " | ")+"]")
	}
	return out
}
