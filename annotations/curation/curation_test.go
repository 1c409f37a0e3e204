package curation

import (
	"slices"
	"strings"
	"testing"

	"github.com/gloss-annotate/gloss/annotations"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// Offsets in text: Rex Tillerson 0-13 (Tillerson 4-13), the quote's content
// 20-41, Paris 46-51, Tillerson 53-62, Merkel 67-73, Berlin 77-83.

var topic = annotations.Target{Kind: annotations.RefTopic, Topic: "the UN resolution"}

func TestCompareMerge(t *testing.T) {
	tests := []struct {
		name     string
		majority bool
		sets     func(t *testing.T) []annotations.Set
		agreed   []string
		diffs    []string
		gold     []string // after Merge
	}{{
		name: "unanimous",
		sets: func(t *testing.T) []annotations.Set {
			var out []annotations.Set
			for _, name := range []string{"bo", "al"} {
				a := annotator(t, name)
				a.mention("Paris", 0, "LOC")
				a.mention("Rex Tillerson", 0, "PER")
				out = append(out, a.set())
			}
			return out
		},
		agreed: []string{"entity 0-13 [al,bo]", "entity 46-51 [al,bo]"},
		gold:   []string{"PER Rex Tillerson", "LOC Paris"},
	}, {
		name:  "two of three without majority",
		sets:  func(t *testing.T) []annotations.Set { return merkel(t) },
		diffs: []string{"entity 67-73 [al,bo | cy]"},
	}, {
		name:     "two of three by majority",
		majority: true,
		sets:     func(t *testing.T) []annotations.Set { return merkel(t) },
		agreed:   []string{"entity 67-73 [al,bo | cy]"},
		gold:     []string{"PER Merkel"},
	}, {
		name:     "one of two is no majority",
		majority: true,
		sets: func(t *testing.T) []annotations.Set {
			a, b := annotator(t, "al"), annotator(t, "bo")
			a.mention("Berlin", 0, "LOC")
			return []annotations.Set{a.set(), b.set()}
		},
		diffs: []string{"entity 77-83 [al]"},
	}, {
		name: "conflict of label",
		sets: func(t *testing.T) []annotations.Set {
			a, b := annotator(t, "al"), annotator(t, "bo")
			a.mention("Paris", 0, "PER")
			b.mention("Paris", 0, "LOC")
			return []annotations.Set{a.set(), b.set()}
		},
		diffs: []string{"entity 46-51 [al | bo]"},
	}, {
		name: "overlapping spans",
		sets: func(t *testing.T) []annotations.Set {
			a, b := annotator(t, "al"), annotator(t, "bo")
			a.mention("Rex Tillerson", 0, "PER")
			b.mention("Tillerson", 0, "PER")
			a.mention("Berlin", 0, "LOC")
			b.mention("Berlin", 0, "LOC")
			return []annotations.Set{a.set(), b.set()}
		},
		agreed: []string{"entity 77-83 [al,bo]"},
		diffs:  []string{"entity 0-13 [al]", "entity 4-13 [bo]"},
		gold:   []string{"LOC Berlin"},
	}, {
		name: "a quote and its speaker",
		sets: func(t *testing.T) []annotations.Set {
			var out []annotations.Set
			for _, name := range []string{"al", "bo"} {
				a := annotator(t, name)
				a.quote("we will not back down", entity(a.mention("Rex Tillerson", 0, "PER")), true)
				out = append(out, a.set())
			}
			return out
		},
		agreed: []string{"entity 0-13 [al,bo]", "quote 20-41 [al,bo]"},
		gold:   []string{"PER Rex Tillerson", "quote «we will not back down» by PER Rex Tillerson direct true"},
	}, {
		name: "a quote direct for one, indirect for the other",
		sets: func(t *testing.T) []annotations.Set {
			var out []annotations.Set
			for i, name := range []string{"al", "bo"} {
				a := annotator(t, name)
				a.quote("we will not back down", entity(a.mention("Rex Tillerson", 0, "PER")), i == 0)
				out = append(out, a.set())
			}
			return out
		},
		agreed: []string{"entity 0-13 [al,bo]"},
		diffs:  []string{"quote 20-41 [al | bo]"},
		gold:   []string{"PER Rex Tillerson"},
	}, {
		name: "a quote's speaker's stance, the quote as evidence",
		sets: func(t *testing.T) []annotations.Set {
			var out []annotations.Set
			for _, name := range []string{"al", "bo", "cy"} {
				a := annotator(t, name)
				q := a.quote("we will not back down", entity(a.mention("Rex Tillerson", 0, "PER")), true)
				a.stance(annotations.Holder{Kind: annotations.RefQuoteSpeaker, ID: q}, topic, "AGAINST",
					annotations.Evidence{Kind: annotations.RefQuote, ID: q})
				out = append(out, a.set())
			}
			return out
		},
		agreed: []string{"entity 0-13 [al,bo,cy]", "quote 20-41 [al,bo,cy]", "stance 20-41 [al,bo,cy]"},
		gold: []string{"PER Rex Tillerson", "quote «we will not back down» by PER Rex Tillerson direct true",
			"stance quote «we will not back down» by PER Rex Tillerson direct true on topic the UN resolution AGAINST + quote «we will not back down» by PER Rex Tillerson direct true"},
	}, {
		name: "a stance's polarity differs",
		sets: func(t *testing.T) []annotations.Set {
			var out []annotations.Set
			for i, name := range []string{"al", "bo"} {
				a := annotator(t, name)
				m := a.mention("Merkel", 0, "PER")
				a.stance(annotations.Holder{Kind: annotations.RefEntity, ID: m}, topic, []string{"AGAINST", "FAVOR"}[i])
				out = append(out, a.set())
			}
			return out
		},
		agreed: []string{"entity 67-73 [al,bo]"},
		diffs:  []string{"stance 67-73 [al | bo]"},
		gold:   []string{"PER Merkel"},
	}, {
		name: "a group",
		sets: func(t *testing.T) []annotations.Set {
			var out []annotations.Set
			for _, name := range []string{"al", "bo"} {
				a := annotator(t, name)
				a.group("Rex Tillerson", a.mention("Tillerson", 1, "PER"), a.mention("Rex Tillerson", 0, "PER"))
				out = append(out, a.set())
			}
			return out
		},
		agreed: []string{"entity 0-13 [al,bo]", "group 0-13 [al,bo]", "entity 53-62 [al,bo]"},
		gold:   []string{"PER Rex Tillerson", "PER Tillerson", "group Rex Tillerson [PER Tillerson, PER Rex Tillerson]"},
	}, {
		name: "a group named two ways",
		sets: func(t *testing.T) []annotations.Set {
			var out []annotations.Set
			for _, name := range []string{"al", "bo"} {
				a := annotator(t, name)
				a.group(name+"'s Tillerson", a.mention("Tillerson", 1, "PER"), a.mention("Rex Tillerson", 0, "PER"))
				out = append(out, a.set())
			}
			return out
		},
		agreed: []string{"entity 0-13 [al,bo]", "entity 53-62 [al,bo]"},
		diffs:  []string{"group 0-13 [al | bo]"},
		gold:   []string{"PER Rex Tillerson", "PER Tillerson"},
	}, {
		name: "a quote whose speaker was deleted is left out",
		sets: func(t *testing.T) []annotations.Set {
			a, b := annotator(t, "al"), annotator(t, "bo")
			m := a.mention("Merkel", 0, "PER")
			a.quote("we will not back down", entity(m), false)
			a.delete(m)
			b.quote("we will not back down", entity(b.mention("Merkel", 0, "PER")), false)
			return []annotations.Set{a.set(), b.set()}
		},
		diffs: []string{"quote 20-41 [bo]", "entity 67-73 [bo]"},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sets := tt.sets(t)
			g := newGold(t)
			o := Options{Majority: tt.majority}
			kept := NewComparer(sets, o)
			c := Compare(g.set(), sets, o)
			if diff := cmp.Diff(tt.agreed, summary(c.Agreed)); diff != "" {
				t.Errorf("agreed (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.diffs, summary(c.Differences)); diff != "" {
				t.Errorf("differences (-want +got):\n%s", diff)
			}
			revs, err := Merge(g.set(), c)
			again, _ := Merge(g.set(), Compare(g.set(), sets, o))
			if diff := cmp.Diff(revs, again); diff != "" {
				t.Errorf("a second Merge made other revisions (-first +second):\n%s", diff)
			}
			g.apply(revs, err)
			if diff := cmp.Diff(tt.gold, describe(g.set())); diff != "" {
				t.Errorf("gold after Merge (-want +got):\n%s", diff)
			}
			for i := 1; i < len(revs); i++ {
				if annotations.ReferenceOrder(revs[i].Kind) < annotations.ReferenceOrder(revs[i-1].Kind) {
					t.Errorf("revision %d (%s) after %s: not in ReferenceOrder", i, revs[i].Kind, revs[i-1].Kind)
				}
			}
			// Merging again, or replaying the merge, changes nothing.
			after := Compare(g.set(), sets, o)
			// A Comparer made before the merge compares the gold set as
			// it is now, and then the empty one again, just as Compare
			// does, reading heads as the editor does (SetState.Head, no
			// Heads map).
			ignore := cmpopts.IgnoreUnexported(Candidate{}, Version{})
			if diff := cmp.Diff(after, kept.Compare(g.st.View(), g.st.Head), ignore); diff != "" {
				t.Errorf("a kept Comparer compares otherwise (-Compare +Comparer):\n%s", diff)
			}
			if diff := cmp.Diff(c, kept.Compare(newGold(t).set(), nil), ignore); diff != "" {
				t.Errorf("a kept Comparer compares the empty gold set otherwise (-Compare +Comparer):\n%s", diff)
			}
			if len(after.Agreed) > 0 {
				t.Errorf("after Merge, still agreed: %v", summary(after.Agreed))
			}
			more, err := Merge(g.set(), after)
			if err != nil || len(more) > 0 {
				t.Errorf("Merge after Merge = %d revisions, %v; want none", len(more), err)
			}
			heads := len(g.set().Heads)
			g.apply(revs, nil)
			if diff := cmp.Diff(tt.gold, describe(g.set())); diff != "" || len(g.set().Heads) != heads {
				t.Errorf("replaying the merge changed gold (-want +got):\n%s", diff)
			}
		})
	}
}

// merkel returns three sets: al's and bo's with Merkel a person, cy's an
// organization.
func merkel(t *testing.T) []annotations.Set {
	var out []annotations.Set
	for _, name := range []string{"cy", "al", "bo"} {
		a := annotator(t, name)
		a.mention("Merkel", 0, map[bool]string{true: "ORG", false: "PER"}[name == "cy"])
		out = append(out, a.set())
	}
	return out
}

// TestMergeSameOnEveryDevice: two curators' devices that merge the same
// agreement make the same revisions, whatever the order of the sets.
func TestMergeSameOnEveryDevice(t *testing.T) {
	var sets []annotations.Set
	for _, name := range []string{"al", "bo", "cy"} {
		a := annotator(t, name)
		m := a.mention("Rex Tillerson", 0, "PER")
		grp := a.group("Tillerson", m, a.mention("Tillerson", 1, "PER"))
		q := a.quote("we will not back down", annotations.Ref{Kind: annotations.RefGroup, ID: grp}, true)
		a.stance(annotations.Holder{Kind: annotations.RefQuoteSpeaker, ID: q}, topic, "AGAINST")
		sets = append(sets, a.set())
	}
	one, err := Merge(newGold(t).set(), Compare(newGold(t).set(), sets, Options{}))
	if err != nil {
		t.Fatal(err)
	}
	slices.Reverse(sets)
	two, err := Merge(newGold(t).set(), Compare(newGold(t).set(), sets, Options{Majority: true}))
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(one, two); diff != "" {
		t.Errorf("the two devices' merges differ (-one +two):\n%s", diff)
	}
	g := newGold(t)
	g.apply(one, nil)
	g.apply(two, nil)
	if len(g.set().Conflicts) > 0 || len(g.set().Entities) != 2 || len(g.set().Stances) != 1 {
		t.Errorf("gold after both merges: %v, conflicts %v", describe(g.set()), g.set().Conflicts)
	}
}

// of returns the candidate of cs that annotator has a version of.
func of(t *testing.T, cs []Candidate, annotator string) Candidate {
	t.Helper()
	for _, c := range cs {
		for _, v := range c.Versions {
			if slices.Contains(v.Annotators, annotator) {
				return c
			}
		}
	}
	t.Fatalf("%s has no version of any of %v", annotator, summary(cs))
	return Candidate{}
}

// find returns the candidate of cs of kind at start-end.
func find(t *testing.T, cs []Candidate, kind annotations.Kind, start, end int) Candidate {
	t.Helper()
	for _, c := range cs {
		if c.Kind == kind && c.Start == start && c.End == end {
			return c
		}
	}
	t.Fatalf("no %s candidate at %d-%d in %v", kind, start, end, summary(cs))
	return Candidate{}
}

// version returns the index of annotator's version of c.
func version(t *testing.T, c Candidate, annotator string) int {
	t.Helper()
	for i, v := range c.Versions {
		if slices.Contains(v.Annotators, annotator) {
			return i
		}
	}
	t.Fatalf("%s has no version of %v", annotator, summary([]Candidate{c}))
	return -1
}

func TestAcceptQuoteCarriesSpeaker(t *testing.T) {
	a, b := annotator(t, "al"), annotator(t, "bo")
	a.quote("we will not back down", entity(a.mention("Rex Tillerson", 0, "PER")), true)
	b.quote("we will not back down", entity(b.mention("Tillerson", 1, "ORG")), false)
	sets := []annotations.Set{a.set(), b.set()}
	g := newGold(t)

	q := find(t, Compare(g.set(), sets, Options{}).Differences, annotations.KindQuote, 20, 41)
	revs := g.apply(Accept(g.set(), q, version(t, q, "al")))
	if len(revs) != 2 || revs[0].Kind != annotations.KindEntity || revs[1].Kind != annotations.KindQuote {
		t.Fatalf("Accept = %v, want the speaker made first, then the quote", revs)
	}
	want := []string{"PER Rex Tillerson", "quote «we will not back down» by PER Rex Tillerson direct true"}
	if diff := cmp.Diff(want, describe(g.set())); diff != "" {
		t.Fatalf("gold (-want +got):\n%s", diff)
	}
	quoteID := g.set().Quotes[0].ID

	// bo's version replaces al's in place: the same item, bo's speaker
	// made in gold.
	q = find(t, Compare(g.set(), sets, Options{}).Differences, annotations.KindQuote, 20, 41)
	if got := q.Versions[version(t, q, "al")]; !got.Gold {
		t.Errorf("al's version is not marked as gold's: %+v", got)
	}
	g.apply(Accept(g.set(), q, version(t, q, "bo")))
	want = []string{"PER Rex Tillerson", "ORG Tillerson", "quote «we will not back down» by ORG Tillerson direct false"}
	if diff := cmp.Diff(want, describe(g.set())); diff != "" {
		t.Fatalf("gold (-want +got):\n%s", diff)
	}
	if got := g.set().Quotes[0].ID; got != quoteID {
		t.Errorf("the quote is now item %s, want %s changed in place", got, quoteID)
	}
	// Accepting what gold has changes nothing.
	q = find(t, Compare(g.set(), sets, Options{}).Differences, annotations.KindQuote, 20, 41)
	if revs, err := Accept(g.set(), q, version(t, q, "bo")); err != nil || len(revs) > 0 {
		t.Errorf("Accept of gold's own version = %v, %v; want nothing", revs, err)
	}
	if _, err := Accept(g.set(), q, 7); err == nil {
		t.Error("Accept of version 7 of 2: no error")
	}
}

func TestAcceptStanceMapsToMergedMention(t *testing.T) {
	var sets []annotations.Set
	for i, name := range []string{"al", "bo"} {
		a := annotator(t, name)
		m := a.mention("Merkel", 0, "PER")
		b := a.mention("Berlin", 0, "LOC")
		a.stance(annotations.Holder{Kind: annotations.RefEntity, ID: m}, annotations.Target{Kind: annotations.RefEntity, ID: b},
			[]string{"AGAINST", "FAVOR"}[i], annotations.Evidence{Kind: annotations.RefSpan, Span: new(at(t, "met", 0))})
		sets = append(sets, a.set())
	}
	g := newGold(t)
	g.apply(Merge(g.set(), Compare(g.set(), sets, Options{})))
	merged := slices.Clone(g.set().Entities)
	c := Compare(g.set(), sets, Options{})
	st := find(t, c.Differences, annotations.KindStance, 67, 73)
	revs := g.apply(Accept(g.set(), st, version(t, st, "bo")))
	if len(revs) != 1 {
		t.Fatalf("Accept = %d revisions, want the stance alone (its holder and target merged already)", len(revs))
	}
	got := g.set().Stances[0]
	if got.Holder.ID != merged[0].ID || got.Target.ID != merged[1].ID || got.Polarity != "FAVOR" || got.Evidence[0].Span.Exact != "met" {
		t.Errorf("stance = %+v, want Merkel (%s) FAVOR Berlin (%s) shown by «met»", got, merged[0].ID, merged[1].ID)
	}
	if c := Compare(g.set(), sets, Options{}); len(c.Agreed) > 0 || len(c.Differences) != 1 || !c.Differences[0].Versions[version(t, c.Differences[0], "bo")].Gold {
		t.Errorf("after Accept: agreed %v, differences %v", summary(c.Agreed), summary(c.Differences))
	}
}

func TestAcceptGroupTakesMembers(t *testing.T) {
	a, b := annotator(t, "al"), annotator(t, "bo")
	a.group("Tillerson", a.mention("Rex Tillerson", 0, "PER"), a.mention("Tillerson", 1, "PER"))
	b.mention("Rex Tillerson", 0, "PER")
	b.group("Mr Tillerson", b.mention("Tillerson", 1, "PER"), b.mention("Merkel", 0, "PER"))
	sets := []annotations.Set{a.set(), b.set()}
	g := newGold(t)
	g.apply(Merge(g.set(), Compare(g.set(), sets, Options{})))
	c := Compare(g.set(), sets, Options{})
	g.apply(Accept(g.set(), find(t, c.Differences, annotations.KindGroup, 53, 62), 0))
	g.apply(Accept(g.set(), find(t, c.Differences, annotations.KindGroup, 0, 13), 0))
	want := []string{"PER Rex Tillerson", "PER Tillerson", "PER Merkel",
		"group Mr Tillerson [PER Merkel]", "group Tillerson [PER Rex Tillerson, PER Tillerson]"}
	if diff := cmp.Diff(want, describe(g.set())); diff != "" {
		t.Errorf("gold (-want +got):\n%s", diff)
	}
}

func TestRejectIsNotMergedAgain(t *testing.T) {
	sets := merkel(t)
	maj := Options{Majority: true}
	g := newGold(t)
	c := Compare(g.set(), sets, Options{})
	if of(t, c.Differences, "al").Rejected {
		t.Error("a difference nobody decided is rejected")
	}
	g.apply(Reject(g.set(), of(t, c.Differences, "al")))
	if got := describe(g.set()); len(got) > 0 {
		t.Fatalf("gold after Reject = %v, want empty", got)
	}
	if c := Compare(g.set(), sets, maj); len(c.Agreed) > 0 || len(c.Differences) != 1 || !c.Differences[0].Rejected {
		t.Errorf("by majority after Reject: agreed %v, differences %v; want the difference, rejected", summary(c.Agreed), summary(c.Differences))
	}
	// Accept brings it back, on top of the deletion.
	g.apply(Accept(g.set(), of(t, Compare(g.set(), sets, maj).Differences, "al"), 0))
	if got := describe(g.set()); len(got) != 1 {
		t.Errorf("gold after Accept = %v, want one mention", got)
	}
	if of(t, Compare(g.set(), sets, maj).Differences, "al").Rejected {
		t.Error("an accepted difference is still rejected")
	}
	// Reject of what gold has deletes it.
	for _, d := range Compare(g.set(), sets, maj).Differences {
		g.apply(Reject(g.set(), d))
	}
	if got := describe(g.set()); len(got) > 0 {
		t.Errorf("gold after rejecting everything = %v", got)
	}
	if revs, _ := Merge(g.set(), Compare(g.set(), sets, maj)); len(revs) > 0 {
		t.Errorf("Merge after Reject = %v, want nothing", revs)
	}
}

// TestRejectedSpeaker: a quote whose speaker the curator rejected is a
// difference: Merge does not bring the speaker back.
func TestRejectedSpeaker(t *testing.T) {
	var sets []annotations.Set
	for _, name := range []string{"al", "bo"} {
		a := annotator(t, name)
		a.quote("we will not back down", entity(a.mention("Rex Tillerson", 0, "PER")), false)
		sets = append(sets, a.set())
	}
	g := newGold(t)
	g.apply(Reject(g.set(), find(t, Compare(g.set(), sets, Options{}).Agreed, annotations.KindEntity, 0, 13)))
	c := Compare(g.set(), sets, Options{})
	if diff := cmp.Diff([]string{"entity 0-13 [al,bo]", "quote 20-41 [al,bo]"}, summary(c.Differences)); diff != "" || len(c.Agreed) > 0 {
		t.Errorf("agreed %v, differences (-want +got):\n%s", summary(c.Agreed), diff)
	}
	c.Agreed = c.Differences // as a gold newer than its comparison
	if revs, _ := Merge(g.set(), c); len(revs) > 0 {
		t.Errorf("Merge = %v, want nothing", revs)
	}
	// Accepting the quote brings its speaker back.
	g.apply(Accept(g.set(), find(t, c.Differences, annotations.KindQuote, 20, 41), 0))
	if got := describe(g.set()); len(got) != 2 {
		t.Errorf("gold after Accept = %v", got)
	}
}

// TestCuratorChangeIsKept: an agreed item the curator changed in gold is
// a difference, not merged again.
func TestCuratorChangeIsKept(t *testing.T) {
	var sets []annotations.Set
	for _, name := range []string{"al", "bo"} {
		a := annotator(t, name)
		a.mention("Berlin", 0, "LOC")
		sets = append(sets, a.set())
	}
	g := newGold(t)
	g.apply(Merge(g.set(), Compare(g.set(), sets, Options{})))
	e := g.set().Entities[0]
	e.Label = "ORG"
	r, err := annotations.NewEntityRevision(g.set().Heads[e.ID].ID, goldK, e)
	g.apply([]annotations.Revision{r}, err)
	c := Compare(g.set(), sets, Options{})
	if diff := cmp.Diff([]string{"entity 77-83 [al,bo | +gold]"}, summary(c.Differences)); diff != "" || len(c.Agreed) > 0 {
		t.Errorf("agreed %v, differences (-want +got):\n%s", summary(c.Agreed), diff)
	}
	if revs, _ := Merge(g.set(), c); len(revs) > 0 {
		t.Errorf("Merge = %v, want nothing", revs)
	}
	// Accepting the annotators' version changes the curator's mention
	// back (its ID kept, for what refers to it).
	g.apply(Accept(g.set(), c.Differences[0], 0))
	if diff := cmp.Diff([]string{"LOC Berlin"}, describe(g.set())); diff != "" || g.set().Entities[0].ID != e.ID {
		t.Errorf("gold (-want +got):\n%s", diff)
	}
}

func TestMajority(t *testing.T) {
	var sets []annotations.Set
	for i, name := range []string{"al", "bo", "cy"} {
		a := annotator(t, name)
		m := a.mention("Rex Tillerson", 0, "PER")
		if i < 2 {
			a.quote("we will not back down", entity(m), true)
			a.mention("Paris", 0, "LOC")
		} else {
			a.mention("Paris", 0, "ORG")
			a.mention("Berlin", 0, "LOC")
		}
		sets = append(sets, a.set())
	}
	got, err := Majority(sets, "", articleID)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"PER Rex Tillerson", "LOC Paris", "quote «we will not back down» by PER Rex Tillerson direct true"}
	if diff := cmp.Diff(want, describe(got)); diff != "" {
		t.Errorf("Majority (-want +got):\n%s", diff)
	}
	if got.Annotator != annotations.GoldAnnotator || got.ArticleID != articleID || len(got.Review) > 0 {
		t.Errorf("Majority set = %s of %s, review %v", got.Annotator, got.ArticleID, got.Review)
	}
	if one, _ := Majority(sets[:1], "", articleID); len(one.Entities) != 2 || len(one.Quotes) != 1 {
		t.Errorf("Majority of one set = %v, want that set", describe(one))
	}
	if none, err := Majority(nil, "", articleID); err != nil || len(describe(none)) > 0 {
		t.Errorf("Majority of no set = %v, %v", describe(none), err)
	}
	if _, err := Majority(sets, "", "not an article"); err == nil || !strings.Contains(err.Error(), "article") {
		t.Errorf("Majority of a bad article ID: error %v", err)
	}
}

// TestAcceptSettlesALabel: a label the annotators dispute is one
// difference whose versions are the labels; accepting one changes gold's
// mention at that span, keeping its ID.
func TestAcceptSettlesALabel(t *testing.T) {
	sets := merkel(t)
	maj := Options{Majority: true}
	g := newGold(t)
	g.apply(Merge(g.set(), Compare(g.set(), sets, maj)))
	id := g.set().Entities[0].ID
	c := Compare(g.set(), sets, maj)
	if diff := cmp.Diff([]string{"entity 67-73 [al,bo+gold | cy]"}, summary(c.Differences)); diff != "" || len(c.Agreed) > 0 {
		t.Fatalf("after the majority's merge: agreed %v, differences (-want +got):\n%s", summary(c.Agreed), diff)
	}
	g.apply(Accept(g.set(), c.Differences[0], 1))
	if diff := cmp.Diff([]string{"ORG Merkel"}, describe(g.set())); diff != "" || g.set().Entities[0].ID != id {
		t.Errorf("gold after accepting cy's label (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"entity 67-73 [al,bo | cy+gold]"}, summary(Compare(g.set(), sets, maj).Differences)); diff != "" {
		t.Errorf("differences after accepting cy's label (-want +got):\n%s", diff)
	}
}
