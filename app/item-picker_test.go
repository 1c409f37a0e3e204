package app

import (
	"strings"
	"testing"

	"github.com/gloss-annotate/gloss/annotations"
	"github.com/google/go-cmp/cmp"
)

// TestRankedPeople: the speaker picker lists people first, nearest to the
// quote first, a group once for all its members, and a text once.
func TestRankedPeople(t *testing.T) {
	text := `Putin spoke. Putin left. Rex Tillerson met the UN. "We stay," Tillerson said.`
	ed := newTestEditor(t, text, "ana")
	tag := func(sub string, nth int, label string) string {
		t.Helper()
		i := 0
		for range nth + 1 {
			j := strings.Index(text[i:], sub)
			if j < 0 {
				t.Fatalf("%q not found", sub)
			}
			i += j + len(sub)
		}
		start := annotations.ByteToCodePoint(text, i-len(sub))
		rev, _, err := ed.tag(start, start+annotations.RuneCount(sub), label)
		if err != nil {
			t.Fatal(err)
		}
		if err := ed.apply(rev); err != nil {
			t.Fatal(err)
		}
		return rev.Item
	}
	tag("Putin", 0, "PER")
	tag("Putin", 1, "PER")
	rex := tag("Rex Tillerson", 0, "PER")
	tag("UN", 0, "ORG")
	tillerson := tag("Tillerson", 1, "PER")
	revs, err := ed.joinGroup(rex, "")
	if err == nil {
		err = ed.apply(revs...)
	}
	if err != nil {
		t.Fatal(err)
	}
	revs, err = ed.joinGroup(tillerson, ed.set.Groups[0].ID)
	if err == nil {
		err = ed.apply(revs...)
	}
	if err != nil {
		t.Fatal(err)
	}
	qStart := annotations.ByteToCodePoint(text, strings.Index(text, `"We stay,"`))
	quote := span{qStart, qStart + 10}
	var got []string
	for _, o := range rankedPeople(ed, quote, func(string) bool { return true }) {
		got = append(got, string(o.Kind)+" "+o.Name)
	}
	want := []string{"group Rex Tillerson", "entity Putin", "entity UN"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("speakers near the quote (-want +got):\n%s", diff)
	}
	var nearest string
	for _, o := range rankedPeople(ed, quote, func(string) bool { return true }) {
		if o.Name == "Putin" {
			nearest = o.ID
		}
	}
	if p, _ := ed.entity(nearest); p.Start != 13 {
		t.Errorf("Putin is offered as the mention at %d, want the nearer one at 13", p.Start)
	}
	// Typing filters by a group's name or its mentions' texts.
	got = nil
	for _, o := range rankedPeople(ed, quote, func(name string) bool { return strings.Contains(name, "Tillerson") && !strings.Contains(name, "Rex") }) {
		got = append(got, string(o.Kind)+" "+o.Name)
	}
	if diff := cmp.Diff([]string{"group Rex Tillerson"}, got); diff != "" {
		t.Errorf("speakers matching a member's text (-want +got):\n%s", diff)
	}
}
