package app

import (
	"strconv"
	"testing"
	"time"

	"github.com/gloss-annotate/gloss/annotations"
	"github.com/gloss-annotate/gloss/annotations/api"
	"github.com/google/go-cmp/cmp"
)

func TestSetProgress(t *testing.T) {
	tests := []struct {
		name string
		set  annotations.Set
		want string
	}{
		{"nothing", annotations.Set{}, ""},
		{"one mention", annotations.Set{Entities: make([]annotations.Entity, 1)}, "1 mention"},
		{"every kind", annotations.Set{Entities: make([]annotations.Entity, 12), Quotes: make([]annotations.Quote, 3), Stances: make([]annotations.Stance, 1), Groups: make([]annotations.EntityGroup, 2)},
			"12 mentions, 3 quotes, 1 stance, 2 groups"},
		{"kinds it lacks are left out", annotations.Set{Entities: make([]annotations.Entity, 2), Stances: make([]annotations.Stance, 2)}, "2 mentions, 2 stances"},
		{"conflicts and review", annotations.Set{Entities: make([]annotations.Entity, 2), Conflicts: make([]annotations.Revision, 1), Review: make([]annotations.ReviewFlag, 3)},
			"2 mentions · 1 conflict · 3 to review"},
		{"only a quote to review", annotations.Set{Quotes: make([]annotations.Quote, 1), Review: make([]annotations.ReviewFlag, 1)}, "1 quote · 1 to review"},
		{"only conflicts", annotations.Set{Conflicts: make([]annotations.Revision, 2)}, "2 conflicts"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := setProgress(tt.set); got != tt.want {
				t.Errorf("setProgress = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestVisibleEntries(t *testing.T) {
	day := func(d int) time.Time { return time.Date(2026, 12, d, 9, 0, 0, 0, time.UTC) }
	entries := []libraryEntry{
		{ID: "a", Title: "banana split", Created: day(2)},
		{ID: "b", Title: "Apple pie", Created: day(3)},
		{ID: "c", Title: "cherry", Created: day(1), Archived: true},
		{ID: "d", Title: "Apple crumble", Created: day(1)},
		{ID: "e", Title: "Ärger in Zürich", Created: day(4)},
		{ID: "f", Title: "Zurich again", Created: day(5)},
		{ID: "g", Title: "Straße in Łódź", Created: day(0)},
	}
	ids := func(es []libraryEntry) []string {
		var out []string
		for _, e := range es {
			out = append(out, e.ID)
		}
		return out
	}
	tests := []struct {
		name     string
		archived bool
		filter   string
		sortBy   string
		want     []string
	}{
		{"newest first by default", false, "", "", []string{"f", "e", "b", "a", "d", "g"}},
		{"oldest first", false, "", sortOldest, []string{"g", "d", "a", "b", "e", "f"}},
		{"title, ignoring case and accents", false, "", sortTitle, []string{"d", "b", "e", "a", "g", "f"}},
		{"filter ignores case and spaces", false, " APPLE ", sortNewest, []string{"b", "d"}},
		{"filter ignores accents", false, "zur", sortNewest, []string{"f", "e"}},
		{"accents in the filter too", false, "ZÜR", sortNewest, []string{"f", "e"}},
		{"filter in decomposed form", false, "A\u0308rger", sortNewest, []string{"e"}},
		{"letters with no accent to drop, as typed without", false, "strasse in lodz", sortNewest, []string{"g"}},
		{"and as written", false, "ŁÓDŹ", sortNewest, []string{"g"}},
		{"filter matching nothing", false, "kiwi", "", nil},
		{"archived only", true, "", "", []string{"c"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := ids(visibleEntries(entries, tt.archived, tt.filter, tt.sortBy))
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("visibleEntries(archived %v, %q, %q) (-want +got):\n%s", tt.archived, tt.filter, tt.sortBy, diff)
			}
		})
	}
}

func TestMergeLibrary(t *testing.T) {
	created := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	article := func(title, text string) annotations.Article {
		a, err := annotations.NewArticle(title, text, created)
		if err != nil {
			t.Fatal(err)
		}
		return a
	}
	renamedHere := localArticle{Article: article("Renamed here", "One."), Uploaded: true, MetaPending: true}
	renamedThere := localArticle{Article: article("Old title", "Two."), Uploaded: true}
	same := localArticle{Article: article("Same", "Three."), Uploaded: true}
	notSent := localArticle{Article: article("Not sent", "Four."), Archived: true}
	serverOnly := api.ArticleSummary{ID: annotations.ArticleID("Five."), Title: "Server only", Created: created, Chars: 5, Archived: true}
	remote := []api.ArticleSummary{
		{ID: renamedHere.Article.ID, Title: "Server's title", Created: created, Chars: 4},
		{ID: renamedThere.Article.ID, Title: "New title", Created: created, Chars: 4, Archived: true},
		{ID: same.Article.ID, Title: "Same", Created: created, Chars: 6},
		serverOnly,
	}
	entries, push, pull := mergeLibrary(remote, []localArticle{renamedHere, renamedThere, same, notSent})

	want := []libraryEntry{
		{ID: renamedHere.Article.ID, Title: "Renamed here", Chars: 4, Created: created, OnDevice: true, OnServer: true},
		{ID: renamedThere.Article.ID, Title: "New title", Chars: 4, Created: created, OnDevice: true, OnServer: true, Archived: true},
		{ID: same.Article.ID, Title: "Same", Chars: 6, Created: created, OnDevice: true, OnServer: true},
		{ID: notSent.Article.ID, Title: "Not sent", Chars: 5, Created: created, OnDevice: true, Archived: true},
		{ID: serverOnly.ID, Title: "Server only", Chars: 5, Created: created, OnServer: true, Archived: true},
	}
	if diff := cmp.Diff(want, entries); diff != "" {
		t.Errorf("entries (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]localArticle{renamedHere}, push); diff != "" {
		t.Errorf("push: the device's unsent rename (-want +got):\n%s", diff)
	}
	wantPull := renamedThere
	wantPull.Article.Title, wantPull.Archived = "New title", true
	if diff := cmp.Diff([]localArticle{wantPull}, pull); diff != "" {
		t.Errorf("pull: the server's rename and archiving (-want +got):\n%s", diff)
	}
}

func TestProjectEntries(t *testing.T) {
	entries := []libraryEntry{{ID: "a", Title: "A"}, {ID: "b", Title: "B"}, {ID: "c", Title: "C"}}
	in := map[string]bool{"b": true}
	ids := func(es []libraryEntry) (out []string) {
		for _, e := range es {
			out = append(out, e.ID+":"+strconv.FormatBool(e.InProject))
		}
		return out
	}
	tests := []struct {
		name      string
		inProject map[string]bool
		manager   bool
		want      []string
	}{
		{"an annotator sees the project's", in, false, []string{"b:true"}},
		{"a manager sees every article, marked", in, true, []string{"a:false", "b:true", "c:false"}},
		{"no list (Default, or offline): every article", nil, false, []string{"a:true", "b:true", "c:true"}},
		{"an empty list", map[string]bool{}, false, nil},
	}
	for _, tt := range tests {
		if diff := cmp.Diff(tt.want, ids(projectEntries(entries, tt.inProject, tt.manager))); diff != "" {
			t.Errorf("%s (-want +got):\n%s", tt.name, diff)
		}
	}
	if entries[0].InProject || entries[1].InProject {
		t.Error("projectEntries changed the entries it was given")
	}
}
