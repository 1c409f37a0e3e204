package suggest

import (
	"bytes"
	"fmt"
	"maps"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/gloss-annotate/gloss/annotations"
)

// synthetic writes n articles of sentences made of templates, with the
// people, places and organizations drawn from the given lists, and returns
// them with their mentions.
func synthetic(n int, seed uint64, people, places, orgs []string) []Example {
	templates := []string{
		"{PER} met {PER} in {LOC} on Monday.",
		"The talks in {LOC} ended without a deal, {PER} told reporters.",
		"{ORG} said it would open an office in {LOC} next year.",
		"According to {PER}, the plan of {ORG} is too expensive.",
		"Officials in {LOC} and {LOC} welcomed the decision.",
		"{PER}, who leads {ORG}, flew to {LOC} last week.",
		"Prices rose again, and few expect a change before the summer.",
	}
	rng := rand.New(rand.NewPCG(seed, 3))
	var out []Example
	for range n {
		var b strings.Builder
		var ms []annotations.Entity
		for s := range 8 {
			if s > 0 {
				b.WriteString(" ")
			}
			t := templates[rng.IntN(len(templates))]
			for t != "" {
				i := strings.Index(t, "{")
				if i < 0 {
					b.WriteString(t)
					break
				}
				b.WriteString(t[:i])
				j := strings.Index(t, "}")
				label := t[i+1 : j]
				list := map[string][]string{"PER": people, "LOC": places, "ORG": orgs}[label]
				name := list[rng.IntN(len(list))]
				start := len([]rune(b.String()))
				b.WriteString(name)
				ms = append(ms, annotations.Entity{Span: annotations.Span{Start: start, End: start + len([]rune(name)), Exact: name}, Label: label})
				t = t[j+1:]
			}
		}
		out = append(out, Example{Text: []rune(b.String()), Mentions: ms})
	}
	return out
}

// TestTaggerLearnsContexts trains on articles with some names and
// proposes mentions in articles with others it never saw: the contexts and
// the shapes of the words must carry it.
func TestTaggerLearnsContexts(t *testing.T) {
	train := synthetic(40, 1,
		[]string{"Angela Merkel", "Rex Tillerson", "Li Wei", "Olena Shevchenko", "Kwame Mensah", "Ana Ruiz", "Hiroshi Tanaka"},
		[]string{"Paris", "Berlin", "Nairobi", "Lima", "Kyiv", "Osaka"},
		[]string{"Siemens", "the United Nations", "Petrobras", "Oxfam", "Tata Steel", "Banco Santander", "Samsung", "Amnesty International"})
	test := synthetic(10, 2,
		[]string{"Priya Natarajan", "Jonas Lindqvist", "Fatima Zahra", "Mateo Rossi"},
		[]string{"Dakar", "Hanoi", "Quito"},
		[]string{"Unilever", "Médecins Sans Frontières"})
	tg := Train(train, 5, 42)
	type counts struct{ right, proposed, gold int }
	by := map[string]*counts{"PER": {}, "LOC": {}, "ORG": {}}
	for _, ex := range test {
		gold := map[string]string{}
		for _, m := range ex.Mentions {
			gold[fmt.Sprint(m.Start, m.End)] = m.Label
			by[m.Label].gold++
		}
		for _, s := range tg.Suggest(ex.Text, nil, nil, nil) {
			if c := by[s.Label]; c != nil {
				c.proposed++
				if gold[fmt.Sprint(s.Start, s.End)] == s.Label {
					c.right++
				}
			}
			if s.Source != SourceTagger || s.Confidence <= 0 || s.Confidence > 1 {
				t.Errorf("%+v: source or confidence out of place", s)
			}
		}
	}
	for _, label := range []string{"PER", "LOC"} {
		c := by[label]
		p, r := float64(c.right)/float64(max(c.proposed, 1)), float64(c.right)/float64(max(c.gold, 1))
		t.Logf("%s: precision %.2f, recall %.2f (%d right of %d proposed, %d gold)", label, p, r, c.right, c.proposed, c.gold)
		if p < 0.8 || r < 0.8 {
			t.Errorf("%s on unseen names: precision %.2f, recall %.2f; want at least 0.8 each", label, p, r)
		}
	}
	// The project's gazetteer, holding the test's names (tagged in other
	// articles), finds the organizations the contexts alone miss.
	g := Gazetteer{}
	for _, ex := range test {
		g.AddMentions(ex.Mentions)
	}
	orgRecall := func(g Gazetteer) float64 {
		right, gold := 0, 0
		for _, ex := range test {
			want := map[string]bool{}
			for _, m := range ex.Mentions {
				if m.Label == "ORG" {
					want[fmt.Sprint(m.Start, m.End)] = true
					gold++
				}
			}
			for _, s := range tg.Suggest(ex.Text, g, nil, nil) {
				if s.Label == "ORG" && want[fmt.Sprint(s.Start, s.End)] {
					right++
				}
			}
		}
		return float64(right) / float64(max(gold, 1))
	}
	without, with := orgRecall(nil), orgRecall(g)
	t.Logf("ORG recall %.2f without the gazetteer, %.2f with it", without, with)
	if with < without+0.15 {
		t.Errorf("ORG recall with the project's gazetteer %.2f, without %.2f; want a gain of 0.15 at least", with, without)
	}
	// Training is deterministic, and a mention already made is not proposed.
	again := Train(train, 5, 42)
	if !maps.Equal(again.Weights, tg.Weights) || !slices.Equal(again.Tags, tg.Tags) {
		t.Errorf("a second training gave other weights or tags (%d, %v; the first %d, %v)", len(again.Weights), again.Tags, len(tg.Weights), tg.Tags)
	}
	ex := test[0]
	if got := tg.Suggest(ex.Text, nil, ex.Mentions, nil); len(got) > 0 {
		for _, s := range got {
			for _, m := range ex.Mentions {
				if s.Start < m.End && m.Start < s.End {
					t.Errorf("%+v overlaps the mention %+v", s, m)
				}
			}
		}
	}
}

func TestTaggerBinary(t *testing.T) {
	tg := Train(synthetic(10, 5, []string{"Ana Ruiz", "Li Wei"}, []string{"Lima"}, []string{"Oxfam"}), 2, 1)
	b, err := tg.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	var back Tagger
	if err := back.UnmarshalBinary(b); err != nil {
		t.Fatal(err)
	}
	if !maps.Equal(back.Weights, tg.Weights) || !slices.Equal(back.Tags, tg.Tags) {
		t.Error("the decoded tagger differs")
	}
	again, _ := back.MarshalBinary()
	if string(again) != string(b) {
		t.Error("encoding the decoded tagger gave other bytes")
	}
	for _, bad := range [][]byte{nil, []byte("GLT2"), b[:len(b)-1], append(slices.Clone(b), 0)} {
		if err := new(Tagger).UnmarshalBinary(bad); err == nil {
			t.Errorf("UnmarshalBinary(%d bytes) accepted a broken tagger", len(bad))
		}
	}
}

// BenchmarkTrain trains on 50 synthetic articles of 8 sentences, 5 epochs,
// as a device would after each article, and reports the model's size
// (MarshalBinary). Natively: about 100 ms and 7 kB.
func BenchmarkTrain(b *testing.B) {
	examples := synthetic(50, 1,
		[]string{"Angela Merkel", "Rex Tillerson", "Li Wei", "Olena Shevchenko", "Kwame Mensah", "Ana Ruiz", "Hiroshi Tanaka"},
		[]string{"Paris", "Berlin", "Nairobi", "Lima", "Kyiv", "Osaka"},
		[]string{"Siemens", "the United Nations", "Petrobras", "Oxfam"})
	var tg *Tagger
	for b.Loop() {
		tg = Train(examples, 5, 42)
	}
	enc, _ := tg.MarshalBinary()
	b.ReportMetric(float64(len(enc)), "model-bytes")
}

// TestModelRoundTrip: a model (tagger and gazetteer) decodes to what was
// encoded, encodes to the same bytes again, and a cut or foreign encoding
// is refused.
func TestModelRoundTrip(t *testing.T) {
	examples := synthetic(8, 3, []string{"Ana Ruiz", "Li Wei"}, []string{"Lima"}, []string{"Oxfam"})
	g := Gazetteer{}
	for _, ex := range examples {
		g.AddMentions(ex.Mentions)
	}
	m := &Model{Tagger: Train(examples, 3, 1), Gazetteer: g, Articles: len(examples)}
	b, err := m.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	var back Model
	if err := back.UnmarshalBinary(b); err != nil {
		t.Fatal(err)
	}
	if back.Articles != m.Articles || !reflect.DeepEqual(back.Gazetteer, m.Gazetteer) || !reflect.DeepEqual(back.Tagger, m.Tagger) {
		t.Fatalf("round trip changed the model: %d articles, %d strings, %d weights; want %d, %d, %d",
			back.Articles, len(back.Gazetteer), len(back.Tagger.Weights), m.Articles, len(m.Gazetteer), len(m.Tagger.Weights))
	}
	again, err := back.MarshalBinary()
	if err != nil || !bytes.Equal(again, b) {
		t.Fatalf("encoding the decoded model gave other bytes (err %v)", err)
	}
	for _, bad := range [][]byte{nil, b[:len(b)/2], b[:7], []byte("GLT1xxxxxxxx")} {
		if err := new(Model).UnmarshalBinary(bad); err == nil {
			t.Errorf("decoding %d bytes of a model did not fail", len(bad))
		}
	}
}
