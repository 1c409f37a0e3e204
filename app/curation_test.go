package app

import (
	"strings"
	"testing"

	"github.com/gloss-annotate/gloss/annotations"
	"github.com/gloss-annotate/gloss/annotations/curation"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

func TestChoosePeers(t *testing.T) {
	text := "Ana met Bob."
	set := func(name string, state annotations.WorkState) annotations.Set {
		ed := newTestEditor(t, text, name)
		if state != annotations.WorkNotStarted {
			rev, _, err := ed.tag(0, 3, "PER")
			if err == nil {
				err = ed.apply(rev)
			}
			if err != nil {
				t.Fatal(err)
			}
		}
		if state == annotations.WorkDone || state == annotations.WorkSkipped {
			st := annotations.StatusItem{State: state}
			if state == annotations.WorkSkipped {
				st.Reason = "Not news"
			}
			rev, err := annotations.NewStatusRevision("", ed.key(), st)
			if err == nil {
				err = ed.apply(rev)
			}
			if err != nil {
				t.Fatal(err)
			}
		}
		return ed.set
	}
	names := func(sets []annotations.Set) (out []string) {
		for _, s := range sets {
			out = append(out, s.Annotator)
		}
		return out
	}
	for _, tt := range []struct {
		name   string
		sets   []annotations.Set
		peers  []string
		others int
	}{
		{"done ones only", []annotations.Set{set("ana", annotations.WorkDone), set("bob", annotations.WorkInProgress), set("cem", annotations.WorkDone)}, []string{"ana", "cem"}, 1},
		{"none done: the started", []annotations.Set{set("ana", annotations.WorkInProgress), set("bob", annotations.WorkNotStarted), set("cem", annotations.WorkSkipped)}, []string{"ana"}, 2},
		{"gold is never a peer", []annotations.Set{set(annotations.GoldAnnotator, annotations.WorkDone), set("ana", annotations.WorkDone)}, []string{"ana"}, 0},
	} {
		peers, others := choosePeers(tt.sets)
		if got := names(peers); len(got) != len(tt.peers) || (len(got) > 0 && got[0] != tt.peers[0]) || len(others) != tt.others {
			t.Errorf("%s: peers %v, others %v; want %v and %d others", tt.name, got, others, tt.peers, tt.others)
		}
	}
}

// TestSessionCuration curates as the panel does: what three annotators
// all agree on is merged as the curation opens, what two of them agree on
// by majority, then one label of a disputed mention is accepted, another
// difference rejected, and each merge undone as one edit.
func TestSessionCuration(t *testing.T) {
	const text = "Ana met Bob in Paris."
	tag := func(name string, spans ...[3]any) annotations.Set {
		ed := newTestEditor(t, text, name)
		for _, sp := range spans {
			rev, ok, err := ed.tag(sp[0].(int), sp[1].(int), sp[2].(string))
			if err == nil && ok {
				err = ed.apply(rev)
			}
			if err != nil || !ok {
				t.Fatalf("%s tags %v: %v", name, sp, err)
			}
		}
		return ed.set
	}
	ana := tag("ana", [3]any{0, 3, "PER"}, [3]any{8, 11, "PER"}, [3]any{15, 20, "LOC"})
	bob := tag("bob", [3]any{0, 3, "PER"}, [3]any{8, 11, "ORG"}, [3]any{15, 20, "LOC"})
	cem := tag("cem", [3]any{0, 3, "PER"}, [3]any{8, 11, "PER"})

	// One set compared (the others reopened): nothing is agreed by
	// anyone else, so nothing goes into gold unasked.
	alone := &session{ed: newTestEditor(t, text, annotations.GoldAnnotator), annotator: annotations.GoldAnnotator, cur: &curationView{}}
	alone.setPeers([]annotations.Set{bob})
	if len(alone.ed.set.Entities) != 0 || alone.notice != "" {
		t.Fatalf("one set compared: gold has %d mentions (%q), want none merged unasked", len(alone.ed.set.Entities), alone.notice)
	}

	s := &session{ed: newTestEditor(t, text, annotations.GoldAnnotator), annotator: annotations.GoldAnnotator, cur: &curationView{}}
	s.setPeers([]annotations.Set{ana, bob, cem})
	if got := len(s.cur.cmp.Agreed); got != 0 || len(s.ed.set.Entities) != 1 || s.notice == "" {
		t.Fatalf("opened: %d agreed, gold has %d mentions (%q); want Ana PER merged at once", got, len(s.ed.set.Entities), s.notice)
	}
	s.setMajority(true)
	if got := len(s.cur.cmp.Agreed); got != 2 {
		t.Fatalf("by majority: %d agreed, want 2 (Bob PER, Paris LOC)", got)
	}
	s.mergeAgreed()
	if s.editErr != "" || len(s.ed.set.Entities) != 3 {
		t.Fatalf("merged: %q, gold has %d mentions, want 3", s.editErr, len(s.ed.set.Entities))
	}
	if len(s.cur.cmp.Agreed) != 0 {
		t.Errorf("after the merge, %d agreed left", len(s.cur.cmp.Agreed))
	}
	// Bob's label is a difference: accept ORG, and gold's Bob is ORG.
	var bobDiff string
	version := -1
	for _, d := range s.cur.cmp.Differences {
		for i, v := range d.Versions {
			if d.Kind == annotations.KindEntity && v.Entity.Label == "ORG" {
				bobDiff, version = d.ID, i
			}
		}
	}
	if bobDiff == "" {
		t.Fatalf("no difference offers Bob as ORG: %+v", s.cur.cmp.Differences)
	}
	s.decide(bobDiff, version)
	labels := func() map[string][]string {
		out := map[string][]string{}
		for _, e := range s.ed.set.Entities {
			out[e.Exact] = append(out[e.Exact], e.Label)
		}
		return out
	}
	if got := labels()["Bob"]; len(got) != 1 || got[0] != "ORG" {
		t.Errorf("after accepting ORG: Bob is %v in gold, want ORG (the merged PER changed)", got)
	}
	// Reject Paris, which cem left out: it leaves gold.
	for _, d := range s.cur.cmp.Differences {
		if d.Kind == annotations.KindEntity && d.Start == 15 {
			s.decide(d.ID, -1)
		}
	}
	if got := labels(); len(got["Bob"]) != 1 || got["Bob"][0] != "ORG" || len(got["Paris"]) != 0 || len(s.ed.set.Entities) != 2 {
		t.Errorf("after rejecting Paris: %v, want Ana PER and Bob ORG", got)
	}
	if s.decide("no-such", 0); s.editErr == "" {
		t.Error("deciding a difference that is not listed says nothing")
	}
	// Undo four times: the rejection, the accept, then each whole merge.
	for range 4 {
		s.undoRedo(false)
	}
	if len(s.ed.set.Entities) != 0 {
		t.Errorf("after undoing the merge: %d mentions in gold, want 0", len(s.ed.set.Entities))
	}
}

// TestDifferenceQuotesOnce: a difference over a quote whose text has its
// own quotation marks shows them once, as the quote list does.
func TestDifferenceQuotesOnce(t *testing.T) {
	text := `He said "We will not back down." on Monday.`
	start := strings.Index(text, `"`)
	end := strings.LastIndex(text, `"`) + 1
	c := &CurationPanel{Text: []rune(text)}
	html := app.HTMLString(c.renderDifference(curation.Candidate{ID: "q", Kind: annotations.KindQuote, Start: start, End: end}))
	if !strings.Contains(html, "“We will not back down.”") || strings.Contains(html, `“"`) {
		t.Errorf("the difference reads %s, want “We will not back down.” with no other marks", html)
	}
}

// TestDifferenceOfATopicStance: the article's stance on a topic, which has
// no span, is named by its topic, not by empty quotation marks.
func TestDifferenceOfATopicStance(t *testing.T) {
	c := &CurationPanel{Text: []rune("Sanctions were discussed.")}
	st := annotations.Stance{Holder: annotations.Holder{Kind: annotations.RefArticle}, Target: annotations.Target{Kind: annotations.RefTopic, Topic: "the sanctions"}, Polarity: "against"}
	html := app.HTMLString(c.renderDifference(curation.Candidate{ID: "s", Kind: annotations.KindStance, Versions: []curation.Version{{Annotators: []string{"ann"}, Stance: st}}}))
	if !strings.Contains(html, "<strong>Stance </strong>") || !strings.Contains(html, "on “the sanctions”") || strings.Contains(html, "“”") {
		t.Errorf("the difference reads %s, want Stance on “the sanctions”", html)
	}
}
