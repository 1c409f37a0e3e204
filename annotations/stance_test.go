package annotations

import (
	"strings"
	"testing"
)

func TestStanceValidate(t *testing.T) {
	a := quoteArticle(t)
	text := []rune(a.Text)
	ev := spanOf(t, a, "accused him of bluffing", 0)
	good := Stance{
		ID:       testItem,
		Holder:   Holder{Kind: RefGroup, ID: testItem2},
		Target:   Target{Kind: RefTopic, Topic: "the UN resolution"},
		Polarity: "AGAINST",
		Evidence: []Evidence{{Kind: RefQuote, ID: testItem3}, {Kind: RefSpan, Span: &ev}},
	}
	valid := map[string]func(*Stance){
		"as is":                  func(*Stance) {},
		"holder an entity":       func(s *Stance) { s.Holder.Kind = RefEntity },
		"holder a quote speaker": func(s *Stance) { s.Holder.Kind = RefQuoteSpeaker },
		"holder the article":     func(s *Stance) { s.Holder = Holder{Kind: RefArticle} },
		"target a group":         func(s *Stance) { s.Target = Target{Kind: RefGroup, ID: testItem4} },
		"target an entity":       func(s *Stance) { s.Target = Target{Kind: RefEntity, ID: testItem4} },
		"no evidence":            func(s *Stance) { s.Evidence = nil },
		"topic of 200 characters": func(s *Stance) {
			s.Target.Topic = strings.Repeat("é", MaxNameRunes)
		},
	}
	for name, mutate := range valid {
		s := good
		mutate(&s)
		if err := s.Validate(text, DefaultSchema()); err != nil {
			t.Errorf("%s: Validate() = %v", name, err)
		}
	}
	badSpan := ev
	badSpan.Exact = "accused her"
	tests := []struct {
		name    string
		mutate  func(*Stance)
		field   string
		mention string
	}{
		{"id not a UUID", func(s *Stance) { s.ID = "" }, "id", ""},
		{"holder of an unknown kind", func(s *Stance) { s.Holder.Kind = "person" }, "holder.kind", "person"},
		{"holder a quote, not its speaker", func(s *Stance) { s.Holder.Kind = RefQuote }, "holder.kind", "quote"},
		{"holder a topic", func(s *Stance) { s.Holder = Holder{Kind: RefTopic} }, "holder.kind", "topic"},
		{"holder id not a UUID", func(s *Stance) { s.Holder.ID = "Anna" }, "holder.id", "Anna"},
		{"holder the article, with an id", func(s *Stance) { s.Holder = Holder{Kind: RefArticle, ID: testItem2} }, "holder.id", "article"},
		{"target of an unknown kind", func(s *Stance) { s.Target.Kind = "thing" }, "target.kind", "thing"},
		{"target a quote speaker", func(s *Stance) { s.Target = Target{Kind: RefQuoteSpeaker, ID: testItem2} }, "target.kind", "quote_speaker"},
		{"target topic empty", func(s *Stance) { s.Target.Topic = "" }, "target.topic", "empty"},
		{"target topic with extra spaces", func(s *Stance) { s.Target.Topic = "the  UN" }, "target.topic", "extra spaces"},
		{"target topic on two lines", func(s *Stance) { s.Target.Topic = "the\nUN" }, "target.topic", "line breaks"},
		{"target topic too long", func(s *Stance) { s.Target.Topic = strings.Repeat("a", MaxNameRunes+1) }, "target.topic", "limit of 200"},
		{"target topic with an id", func(s *Stance) { s.Target.ID = testItem4 }, "target.id", "topic"},
		{"target group with a topic", func(s *Stance) { s.Target.Kind, s.Target.ID = RefGroup, testItem4 }, "target.topic", "not a topic"},
		{"target group id not a UUID", func(s *Stance) { s.Target = Target{Kind: RefGroup, ID: "UN"} }, "target.id", "UN"},
		{"polarity empty", func(s *Stance) { s.Polarity = "" }, "polarity", "FAVOR"},
		{"polarity outside the schema", func(s *Stance) { s.Polarity = "PRO" }, "polarity", "PRO"},
		{"polarity in lower case", func(s *Stance) { s.Polarity = "favor" }, "polarity", "favor"},
		{"evidence of an unknown kind", func(s *Stance) { s.Evidence[0].Kind = "entity" }, "evidence[0].kind", "entity"},
		{"quote evidence id not a UUID", func(s *Stance) { s.Evidence[0].ID = "q" }, "evidence[0].id", `"q"`},
		{"quote evidence with a span", func(s *Stance) { s.Evidence[0].Span = &ev }, "evidence[0].span", "absent"},
		{"span evidence with an id", func(s *Stance) { s.Evidence[1].ID = testItem3 }, "evidence[1].id", "span"},
		{"span evidence without a span", func(s *Stance) { s.Evidence[1].Span = nil }, "evidence[1].span", "missing"},
		{"span evidence not matching", func(s *Stance) { s.Evidence[1].Span = &badSpan }, "evidence[1].span.exact", "accused her"},
		{"span evidence out of range", func(s *Stance) {
			s.Evidence[1].Span = &Span{Start: 5, End: len(text) + 3}
		}, "evidence[1].span.end", "past the end"},
		{"the same quote twice", func(s *Stance) { s.Evidence = append(s.Evidence, s.Evidence[0]) }, "evidence[2]", "twice"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := good
			s.Evidence = append([]Evidence(nil), good.Evidence...)
			tt.mutate(&s)
			err := s.Validate(text, DefaultSchema())
			if err == nil {
				t.Fatalf("Validate(%+v) = nil, want an error on %q", s, tt.field)
			}
			wantInvalid(t, err, tt.field, tt.mention)
		})
	}

	// The schema given decides the polarities.
	custom := DefaultSchema()
	custom.StancePolarities = []string{"PRO", "CON"}
	s := good
	s.Polarity = "PRO"
	if err := s.Validate(text, custom); err != nil {
		t.Errorf("PRO under a schema with PRO: %v", err)
	}
	if err := good.Validate(text, custom); err == nil {
		t.Error("AGAINST accepted by a schema without it")
	} else {
		wantInvalid(t, err, "polarity", "AGAINST", "PRO")
	}
	// A schema that lists no polarities allows the defaults.
	if err := good.Validate(text, Schema{EntityLabels: []Label{{Name: "PER"}}}); err != nil {
		t.Errorf("AGAINST under a schema without polarities: %v", err)
	}
}
