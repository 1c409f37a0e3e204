package annotations

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestTimeSpent(t *testing.T) {
	const min = 60 * 1000
	tests := []struct {
		times []int64
		want  int64
	}{
		{nil, 0},
		{[]int64{1000}, 0},
		{[]int64{0, 2 * min, 3 * min}, 3 * min},
		{[]int64{0, 60 * min}, IdleGap}, // away for an hour
		{[]int64{0, min, 61 * min, 62 * min}, 2*min + IdleGap}, // a break between two sessions
	}
	for _, tt := range tests {
		if got := TimeSpent(tt.times); got != tt.want {
			t.Errorf("TimeSpent(%v) = %d, want %d", tt.times, got, tt.want)
		}
	}
}

func TestSummarizeSet(t *testing.T) {
	text := "Ana met Bob."
	k := SetKey{Project: "climate", ArticleID: ArticleID(text), Annotator: "ana"}
	e, err := NewEntityRevision("", k, Entity{ID: "7b0f4a2e-8a43-4d0e-9d1b-1f2a3b4c5d6e", Span: Span{Start: 0, End: 3, Exact: "Ana"}, Label: "PER"})
	if err != nil {
		t.Fatal(err)
	}
	e.At = 1_000_000
	done, err := NewStatusRevision("", k, StatusItem{State: WorkDone})
	if err != nil {
		t.Fatal(err)
	}
	other, err := NewStatusRevision("", SetKey{Project: "climate", ArticleID: k.ArticleID, Annotator: "bob"}, StatusItem{State: WorkDone})
	if err != nil {
		t.Fatal(err)
	}
	other.At = 5_000_000 // another set's: not counted
	revs := []Revision{done, e, other}
	set, err := BuildSet(k, revs)
	if err != nil {
		t.Fatal(err)
	}
	summary := func(last, spent int64) SetProgress {
		return SetProgress{Annotator: "ana", State: WorkDone, Entities: 1, First: 1_000_000, Last: last, Spent: spent}
	}
	const year287168 = 9_000_000_000_000_000 // a device's clock gone wrong
	tests := []struct {
		name   string
		doneAt int64
		now    int64
		want   SetProgress
	}{
		{"before now", 1_090_000, 2_000_000, summary(1_090_000, 90_000)},
		{"now", 1_090_000, 1_090_000, summary(1_090_000, 90_000)},
		{"a minute ahead: now", 1_090_000, 1_030_000, summary(1_030_000, 30_000)},
		{"a day ahead: now", 1_000_000 + MaxAtAhead, 1_000_000, summary(1_000_000, 0)},
		{"more than a day ahead: unknown", 1_001_000 + MaxAtAhead, 1_000_000, summary(1_000_000, 0)},
		{"year 287,168: unknown", year287168, 2_000_000, summary(1_000_000, 0)},
		{"unknown", 0, 2_000_000, summary(1_000_000, 0)},
	}
	for _, tt := range tests {
		revs[0].At = tt.doneAt
		got := SummarizeSet(set, revs, tt.now)
		if d := cmp.Diff(tt.want, got); d != "" {
			t.Errorf("%s: SummarizeSet with the status at %d, at %d (-want +got):\n%s", tt.name, tt.doneAt, tt.now, d)
		}
	}
}

func TestArticleState(t *testing.T) {
	p := func(name string, s WorkState) SetProgress { return SetProgress{Annotator: name, State: s} }
	tests := []struct {
		name     string
		assigned []string
		sets     []SetProgress
		gold     *SetProgress
		want     WorkState
	}{
		{"nothing", nil, nil, nil, WorkNotStarted},
		{"assigned, no set", []string{"ana", "bob"}, nil, nil, WorkNotStarted},
		{"one started", []string{"ana", "bob"}, []SetProgress{p("ana", WorkInProgress)}, nil, WorkInProgress},
		{"one of two done", []string{"ana", "bob"}, []SetProgress{p("ana", WorkDone)}, nil, WorkInProgress},
		{"both done", []string{"ana", "bob"}, []SetProgress{p("ana", WorkDone), p("bob", WorkDone)}, nil, WorkDone},
		{"done and skipped", []string{"ana", "bob"}, []SetProgress{p("ana", WorkDone), p("bob", WorkSkipped)}, nil, WorkDone},
		{"all skipped", []string{"ana", "bob"}, []SetProgress{p("ana", WorkSkipped), p("bob", WorkSkipped)}, nil, WorkSkipped},
		{"unassigned sets done", nil, []SetProgress{p("ana", WorkDone), p("bob", WorkDone)}, nil, WorkDone},
		{"an unassigned set does not count", []string{"ana"}, []SetProgress{p("ana", WorkDone), p("eve", WorkInProgress)}, nil, WorkDone},
		{"curating", []string{"ana"}, []SetProgress{p("ana", WorkDone)}, &SetProgress{Annotator: GoldAnnotator, State: WorkInProgress}, WorkDone},
		{"curated", []string{"ana"}, []SetProgress{p("ana", WorkDone)}, &SetProgress{Annotator: GoldAnnotator, State: WorkDone}, WorkCurated},
	}
	for _, tt := range tests {
		if got := ArticleState(tt.assigned, tt.sets, tt.gold); got != tt.want {
			t.Errorf("%s: %s, want %s", tt.name, got, tt.want)
		}
	}
}

func TestNextArticle(t *testing.T) {
	order := []string{"a1", "a2", "a3", "a4"}
	assigned := map[string][]string{"a1": {"ana"}, "a2": {"ana", "bob"}, "a3": {"bob"}, "a4": {"ana"}}
	tests := []struct {
		who    string
		states map[string]WorkState
		want   string
	}{
		{"ana", nil, "a1"},
		{"ana", map[string]WorkState{"a1": WorkDone}, "a2"},
		{"ana", map[string]WorkState{"a4": WorkInProgress}, "a4"}, // finish what was begun
		{"ana", map[string]WorkState{"a1": WorkDone, "a2": WorkSkipped, "a4": WorkDone}, ""},
		{"bob", map[string]WorkState{"a2": WorkDone}, "a3"},
		{"eve", nil, ""},
	}
	for _, tt := range tests {
		if got := NextArticle(order, assigned, tt.who, tt.states); got != tt.want {
			t.Errorf("NextArticle(%s, %v) = %q, want %q", tt.who, tt.states, got, tt.want)
		}
	}
}
