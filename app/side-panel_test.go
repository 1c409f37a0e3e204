package app

import (
	"strings"
	"testing"

	"github.com/gloss-annotate/gloss/annotations"
	"github.com/google/go-cmp/cmp"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// TestGroupsApart: two groups of one name are numbered and show their
// mentions' texts; a group whose name is its own shows nothing more.
func TestGroupsApart(t *testing.T) {
	ed := newTestEditor(t, "Paris is big. Paris Hilton came. Rome too.", "ana")
	var ids []string
	for _, sp := range [][2]int{{0, 5}, {14, 26}, {34, 38}} {
		rev, _, err := ed.tag(sp[0], sp[1], "PER")
		if err != nil {
			t.Fatal(err)
		}
		if err := ed.apply(rev); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, rev.Item)
	}
	for _, g := range []annotations.EntityGroup{
		{Name: "Paris", Members: []string{ids[0]}},
		{Name: "Paris", Members: []string{ids[1]}},
		{Name: "Rome", Members: []string{ids[2]}},
	} {
		rev, err := ed.putGroup(g)
		if err == nil {
			err = ed.apply(rev)
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	got := groupsApart(ed)
	var texts []string
	for _, g := range ed.set.Groups {
		en, _ := ed.entity(g.Members[0])
		texts = append(texts, en.Exact)
	}
	// The two Paris groups sort by ID: number them in the set's order.
	want := []string{"1 of 2, 1 mention: " + texts[0], "2 of 2, 1 mention: " + texts[1], ""}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("groupsApart (-want +got):\n%s", diff)
	}
}

// TestSidePanelParts: the panel shows its first Parts parts, the download
// menu (its last) once all panelParts are shown.
func TestSidePanelParts(t *testing.T) {
	ed := newTestEditor(t, "Rex Tillerson met Sergei Lavrov in Moscow.", "ana")
	for _, tt := range []struct {
		parts    int
		mentions bool // the mention list, the fifth part
		download bool // the download menu, the last
	}{
		{0, false, false},
		{panelStep, false, false},
		{4, false, false},
		{5, true, false},
		{panelParts - 1, true, false},
		{panelParts, true, true},
		{panelParts + panelStep, true, true},
	} {
		html := app.HTMLString(&SidePanel{Ed: ed, Parts: tt.parts})
		if got := strings.Contains(html, `class="mentions"`); got != tt.mentions {
			t.Errorf("Parts %d: the mention list shown %v, want %v", tt.parts, got, tt.mentions)
		}
		if got := strings.Contains(html, `class="downloads"`); got != tt.download {
			t.Errorf("Parts %d: the download menu shown %v, want %v", tt.parts, got, tt.download)
		}
	}
}
