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
	return syntheticFrom([]string{
		"{PER} met {PER} in {LOC} on Monday.",
		"The talks in {LOC} ended without a deal, {PER} told reporters.",
		"{ORG} said it would open an office in {LOC} next year.",
		"According to {PER}, the plan of {ORG} is too expensive.",
		"Officials in {LOC} and {LOC} welcomed the decision.",
		"{PER}, who leads {ORG}, flew to {LOC} last week.",
		"Prices rose again, and few expect a change before the summer.",
	}, n, seed, map[string][]string{"PER": people, "LOC": places, "ORG": orgs})
}

// syntheticFrom is synthetic with its own templates, the names of each
// label drawn from names.
func syntheticFrom(templates []string, n int, seed uint64, names map[string][]string) []Example {
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
				list := names[label]
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
	// The project's gazetteer, holding the names (tagged in other
	// articles), finds the organizations that contexts cannot tell from
	// places.
	unclearTemplates := []string{
		"Officials from {LOC} and {ORG} welcomed the decision.",
		"Officials from {ORG} and {LOC} welcomed the decision.",
		"Officials from {LOC} and {LOC} welcomed the decision.",
		"{PER} spoke to reporters.",
	}
	utg := Train(syntheticFrom(unclearTemplates, 40, 1, map[string][]string{
		"PER": {"Ana Ruiz", "Li Wei"},
		"LOC": {"Paris", "Berlin", "Nairobi", "Lima", "Kyiv", "Osaka"},
		"ORG": {"Siemens", "Petrobras", "Oxfam", "Tata Steel", "Banco Santander", "Samsung"},
	}), 5, 42)
	unclear := syntheticFrom(unclearTemplates, 10, 3, map[string][]string{
		"PER": {"Ana Ruiz"}, "LOC": {"Dakar", "Hanoi", "Quito"}, "ORG": {"Unilever", "Médecins Sans Frontières", "Nestlé"},
	})
	g := Gazetteer{}
	for _, ex := range unclear {
		g.AddMentions(ex.Mentions)
	}
	orgRecall := func(g Gazetteer) float64 {
		right, gold := 0, 0
		for _, ex := range unclear {
			want := map[string]bool{}
			for _, m := range ex.Mentions {
				if m.Label == "ORG" {
					want[fmt.Sprint(m.Start, m.End)] = true
					gold++
				}
			}
			for _, s := range utg.Suggest(ex.Text, g, nil, nil) {
				if s.Label == "ORG" && want[fmt.Sprint(s.Start, s.End)] {
					right++
				}
			}
		}
		return float64(right) / float64(max(gold, 1))
	}
	without, with := orgRecall(nil), orgRecall(g)
	t.Logf("ORG recall %.2f without the gazetteer, %.2f with it", without, with)
	if with < without+0.15 || with < 0.8 {
		t.Errorf("ORG recall with the project's gazetteer %.2f, without %.2f; want 0.8 and a gain of 0.15 at least", with, without)
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

// recall returns the share of the mentions of label in examples that tg
// proposes, span and label.
func recall(tg *Tagger, examples []Example, label string) float64 {
	right, gold := 0, 0
	for _, ex := range examples {
		want := map[[2]int]bool{}
		for _, m := range ex.Mentions {
			if m.Label == label {
				want[[2]int{m.Start, m.End}] = true
				gold++
			}
		}
		for _, s := range tg.Suggest(ex.Text, nil, nil, nil) {
			if s.Label == label && want[[2]int{s.Start, s.End}] {
				right++
			}
		}
	}
	return float64(right) / float64(max(gold, 1))
}

// TestTrainFrom: a device goes on from the team's tagger with its own
// articles, other sentences and names, which also tag a label the team's
// never saw (EVT): the tagger keeps finding what the team's found in the
// team's sentences (where a tagger of the device's articles alone does
// worse), and learns the events; the team's tagger is not changed, and
// training again gives the same.
func TestTrainFrom(t *testing.T) {
	base := Train(synthetic(40, 1,
		[]string{"Angela Merkel", "Rex Tillerson", "Li Wei", "Olena Shevchenko", "Kwame Mensah", "Ana Ruiz", "Hiroshi Tanaka"},
		[]string{"Paris", "Berlin", "Nairobi", "Lima", "Kyiv", "Osaka"},
		[]string{"Siemens", "the United Nations", "Petrobras", "Oxfam", "Tata Steel", "Banco Santander", "Samsung", "Amnesty International"}), 5, 42)
	baseWeights := maps.Clone(base.Weights)
	baseTags := slices.Clone(base.Tags)
	events := []string{
		"The {EVT} opened in {LOC} on Friday, and {PER} was there.",
		"Crowds left the {EVT} early because of the rain in {LOC}.",
		"Tickets for the {EVT} sold out within an hour, {ORG} said.",
		"{PER} joined {ORG} in March.",
	}
	own := syntheticFrom(events, 12, 7, map[string][]string{
		"EVT": {"Berlinale", "Venice Biennale", "Expo 2030", "Tour de France", "Cannes Film Festival"},
		"LOC": {"Berlin", "Venice", "Riyadh", "Lyon", "Cannes"},
		"PER": {"Marta Silva", "Tomasz Nowak", "Aiko Sato"},
		"ORG": {"Ticketmaster", "Air France", "Unesco"},
	})
	tg := TrainFrom(base, own, 5, 42)
	if !maps.Equal(base.Weights, baseWeights) || !slices.Equal(base.Tags, baseTags) {
		t.Fatal("TrainFrom changed the base tagger")
	}
	if !slices.Equal(tg.Tags[:len(base.Tags)], base.Tags) || !slices.Contains(tg.Tags, "B-EVT") || !slices.Contains(tg.Tags, "I-EVT") {
		t.Errorf("tags %v; want the base's %v first, then EVT's", tg.Tags, base.Tags)
	}
	again := TrainFrom(base, own, 5, 42)
	if !maps.Equal(again.Weights, tg.Weights) || !slices.Equal(again.Tags, tg.Tags) {
		t.Error("training from the same base, examples and seed again gave another tagger")
	}
	// What the base knew, on names neither saw.
	test := synthetic(10, 2,
		[]string{"Priya Natarajan", "Jonas Lindqvist", "Fatima Zahra", "Mateo Rossi"},
		[]string{"Dakar", "Hanoi", "Quito"},
		[]string{"Unilever", "Médecins Sans Frontières"})
	alone := Train(own, 5, 42)
	for _, label := range []string{"PER", "ORG", "LOC"} {
		was, is, without := recall(base, test, label), recall(tg, test, label), recall(alone, test, label)
		t.Logf("%s recall: base %.2f, trained from it %.2f, the device's articles alone %.2f", label, was, is, without)
		if is < 0.8 || is < was-0.1 {
			t.Errorf("%s recall %.2f after training from the base (the base's %.2f); want it kept, 0.8 at least", label, is, was)
		}
	}
	// The new label, on events neither saw.
	newEvents := syntheticFrom(events, 6, 8, map[string][]string{
		"EVT": {"Edinburgh Festival Fringe", "Paris Air Show", "Glastonbury"},
		"LOC": {"Madrid", "Oslo", "Accra"},
		"PER": {"Jonas Berg"},
		"ORG": {"Eventim"},
	})
	for _, label := range []string{"EVT", "PER", "ORG", "LOC"} {
		r, was := recall(tg, newEvents, label), recall(base, newEvents, label)
		t.Logf("%s recall on the device's sentences, names not in its examples: %.2f (the base %.2f)", label, r, was)
		if r < 0.8 {
			t.Errorf("%s recall %.2f on the device's sentences, names not in its examples; want 0.8 at least", label, r)
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
// and reports the model's size (MarshalBinary). Natively: about 16 ms and
// 22 kB. BenchmarkReplay times the training on 50 news articles.
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

// TestTaggerLearnsChinese: in Chinese, written without spaces, the tagger
// learns an ideograph a token (formats.Tokens) and proposes names whole in
// sentences it never saw, people it never saw too (from the contexts).
func TestTaggerLearnsChinese(t *testing.T) {
	templates := []string{
		"{PER}周一在{LOC}会见了{PER}。",
		"{LOC}的会谈没有达成协议，{PER}对记者说。",
		"{ORG}表示将于明年在{LOC}开设办事处。",
		"据{ORG}报道，{PER}上周飞往{LOC}。",
		"{LOC}和{LOC}的官员对这一决定表示欢迎。",
		"物价再次上涨，很少有人预计夏季之前会有变化。",
	}
	tg := Train(syntheticFrom(templates, 40, 1, map[string][]string{
		"PER": {"普京", "蒂勒森", "习近平", "默克尔", "马克龙", "拉夫罗夫"},
		"LOC": {"莫斯科", "北京", "巴黎", "柏林", "东京", "内罗毕"},
		"ORG": {"联合国", "路透社", "新华社", "世界银行"},
	}), 5, 42)
	seen := map[string][]string{"PER": {"普京", "默克尔"}, "LOC": {"巴黎", "东京"}, "ORG": {"联合国"}}
	unseen := map[string][]string{"PER": {"王毅", "布林肯"}, "LOC": {"开罗", "利马"}, "ORG": {"欧盟"}}
	for _, tt := range []struct {
		name  string
		names map[string][]string
		label string
	}{
		{"names seen", seen, "PER"},
		{"names seen", seen, "LOC"},
		{"names never seen", unseen, "PER"},
	} {
		if r := recall(tg, syntheticFrom(templates, 10, 2, tt.names), tt.label); r < 0.8 {
			t.Errorf("%s: %s recall %.2f; want at least 0.8", tt.name, tt.label, r)
		}
	}
}
