package annotations

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"
)

// batchFixture is an article, a stored set of two mentions, and makers of
// new revisions on it.
type batchFixture struct {
	t       *testing.T
	article Article
	stored  *memoryStored
	merkel  Revision // a stored mention
	macron  Revision // a stored mention
}

func newBatchFixture(t *testing.T) *batchFixture {
	t.Helper()
	a, err := NewArticle("", "Angela Merkel met Emmanuel Macron in Paris.", time.Unix(0, 0))
	if err != nil {
		t.Fatal(err)
	}
	f := &batchFixture{t: t, article: a, stored: &memoryStored{}}
	f.stored.AddArticle(a.ID, []rune(a.Text))
	f.merkel = f.mention(1, "PER", 0, 13)
	f.macron = f.mention(2, "PER", 18, 33)
	f.stored.Add(f.merkel, f.macron)
	return f
}

func batchItem(n int) string { return fmt.Sprintf("00000000-0000-4000-8000-%012d", n) }

func (f *batchFixture) mention(n int, label string, start, end int) Revision {
	f.t.Helper()
	span, err := NewSpan([]rune(f.article.Text), start, end)
	if err != nil {
		f.t.Fatal(err)
	}
	r, err := NewEntityRevision("", SetKey{ArticleID: f.article.ID, Annotator: "ann"}, Entity{ID: batchItem(n), Span: span, Label: label})
	if err != nil {
		f.t.Fatal(err)
	}
	return r
}

func (f *batchFixture) group(n int, parent string, members ...string) Revision {
	f.t.Helper()
	r, err := NewGroupRevision(parent, SetKey{ArticleID: f.article.ID, Annotator: "ann"}, EntityGroup{ID: batchItem(n), Name: "Leaders", Members: members})
	if err != nil {
		f.t.Fatal(err)
	}
	return r
}

// TestCheckBatch runs CheckBatch over batches against the fixture's stored
// set, and checks each revision's problem: "" for none, else a substring
// of its message, with "unknown article", "unknown parent" or "unknown
// item" when it must wrap ErrUnknownArticle, ErrUnknownParent or
// ErrUnknownItem.
func TestCheckBatch(t *testing.T) {
	f := newBatchFixture(t)
	relabel := func(r Revision, label string) Revision {
		e, err := r.Entity()
		if err != nil {
			t.Fatal(err)
		}
		e.Label = label
		out, err := NewEntityRevision(r.ID, r.Key(), e)
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	newMention := f.mention(3, "LOC", 37, 42)
	groupOfNew := f.group(4, "", newMention.Item)
	otherArticle, err := NewArticle("", "A text nobody stored.", time.Unix(0, 0))
	if err != nil {
		t.Fatal(err)
	}
	span, _ := NewSpan([]rune(otherArticle.Text), 0, 6)
	orphan, err := NewEntityRevision("", SetKey{ArticleID: otherArticle.ID, Annotator: "ann"}, Entity{ID: batchItem(5), Span: span, Label: "MISC"})
	if err != nil {
		t.Fatal(err)
	}
	forged := f.mention(6, "PER", 0, 13)
	forged.Parent = "2147483640-0123456789abcdef0123456789abcdef"
	forged.ID = forged.ComputeID()
	forgedChild := relabel(forged, "ORG")
	atLimit := f.mention(7, "PER", 0, 13)
	atLimit.Parent = fmt.Sprintf("%d-0123456789abcdef0123456789abcdef", MaxGeneration)
	atLimit.ID = atLimit.ComputeID()
	merkelAsGroup := f.group(1, "", f.macron.Item)
	unknownLabel := f.mention(8, "PERSON", 0, 13)
	groupOfNothing := f.group(9, "", batchItem(99))
	badID := f.mention(10, "PER", 0, 13)
	badID.ID = "1-00000000000000000000000000000000"

	tests := []struct {
		name  string
		batch []Revision
		want  []string
	}{
		{"new and edited mentions", []Revision{newMention, relabel(f.merkel, "ORG")}, []string{"", ""}},
		{"a duplicate is not checked again", []Revision{f.merkel}, []string{""}},
		{"a group before its member, in one batch", []Revision{groupOfNew, newMention}, []string{"", ""}},
		{"a group of a mention the set lacks", []Revision{groupOfNothing}, []string{"unknown item"}},
		{"an article the store lacks", []Revision{orphan}, []string{"unknown article"}},
		{"a forged parent, and its child", []Revision{forgedChild, forged}, []string{"unknown parent", "unknown parent"}},
		{"a parent at the generation limit", []Revision{atLimit}, []string{"must stay below"}},
		{"an item keeps its kind", []Revision{merkelAsGroup}, []string{"a revision cannot make it an entity group"}},
		{"one item as two kinds in one batch", []Revision{newMention, f.group(3, "", f.merkel.Item)}, []string{"", "cannot make it an entity group"}},
		{"a label the set never had", []Revision{unknownLabel}, []string{`"PERSON" is not a label`}},
		{"an ID that does not match", []Revision{badID}, []string{"does not match the revision's content"}},
		{"a group whose member is refused", []Revision{f.group(11, "", batchItem(5)), orphan}, []string{"unknown item", "unknown article"}},
	}
	// The same answers from a store's look-ups and from the set a device
	// holds whole (the app's editor).
	state := NewSetState(SetKey{ArticleID: f.article.ID, Annotator: "ann"})
	if err := state.Apply(f.merkel, f.macron); err != nil {
		t.Fatal(err)
	}
	storeds := []struct {
		name   string
		stored Stored
	}{{"store look-ups", f.stored}, {"SetState", state.Stored([]rune(f.article.Text))}}
	for _, st := range storeds {
		for _, tt := range tests {
			t.Run(st.name+"/"+tt.name, func(t *testing.T) {
				checkBatchCase(t, tt.batch, st.stored, tt.want)
			})
		}
	}
}

// TestCheckBatchGroups: a mention is in one group. The editor, which knows
// the set whole, refuses a second group of a mention, in the batch or in
// the set; a store takes it (two devices may have grouped it at once, or
// a push carries one group's revision without the one that let the
// mention go: the set flags both groups); a move out of one group and into
// another passes in either order.
func TestCheckBatchGroups(t *testing.T) {
	f := newBatchFixture(t)
	leaders := f.group(12, "", f.merkel.Item)
	f.stored.Add(leaders)
	state := NewSetState(SetKey{ArticleID: f.article.ID, Annotator: "ann"})
	if err := state.Apply(f.merkel, f.macron, leaders); err != nil {
		t.Fatal(err)
	}
	leadersWithout, err := NewGroupRevision(leaders.ID, SetKey{ArticleID: f.article.ID, Annotator: "ann"}, EntityGroup{ID: batchItem(12), Name: "Leaders", Members: []string{f.macron.Item}})
	if err != nil {
		t.Fatal(err)
	}
	onlyMerkel := f.group(13, "", f.merkel.Item)
	secondOfMerkel := f.group(13, "", f.macron.Item, f.merkel.Item)
	second := `already in the group "Leaders"`
	tests := []struct {
		name              string
		batch             []Revision
		store, wholeState []string
	}{
		{"a mention into a second group", []Revision{secondOfMerkel}, []string{""}, []string{second}},
		{"two groups of a mention in one batch", []Revision{f.group(14, "", f.macron.Item), f.group(15, "", f.macron.Item)}, []string{"", ""}, []string{second, second}},
		{"a move between groups", []Revision{leadersWithout, onlyMerkel}, []string{"", ""}, []string{"", ""}},
		{"a move between groups, the other way round", []Revision{onlyMerkel, leadersWithout}, []string{"", ""}, []string{"", ""}},
		{"a group's own edit", []Revision{leadersWithout}, []string{""}, []string{""}},
	}
	for _, tt := range tests {
		t.Run("store look-ups/"+tt.name, func(t *testing.T) { checkBatchCase(t, tt.batch, f.stored, tt.store) })
		t.Run("SetState/"+tt.name, func(t *testing.T) { checkBatchCase(t, tt.batch, state.Stored([]rune(f.article.Text)), tt.wholeState) })
	}
}

// checkBatchCase checks CheckBatch's problems for batch against want (see
// TestCheckBatch).
func checkBatchCase(t *testing.T, batch []Revision, stored Stored, want []string) {
	t.Helper()
	problems, err := CheckBatch(batch, stored)
	if err != nil {
		t.Fatal(err)
	}
	// Without the entities ValidateEach decoded, CheckStored decodes them
	// itself: the same answers.
	again, err := CheckStored(batch, Validated{Problems: ValidateEach(batch).Problems}, stored)
	if err != nil {
		t.Fatal(err)
	}
	for i := range problems {
		if fmt.Sprint(problems[i]) != fmt.Sprint(again[i]) {
			t.Errorf("revision %d: %v with ValidateEach's entities, %v without", i, problems[i], again[i])
		}
	}
	for i, w := range want {
		got := problems[i]
		switch {
		case w == "" && got != nil:
			t.Errorf("revision %d: %v, want no problem", i, got)
		case w == "unknown article":
			if !errors.Is(got, ErrUnknownArticle) {
				t.Errorf("revision %d: %v, want ErrUnknownArticle", i, got)
			}
		case w == "unknown parent":
			if !errors.Is(got, ErrUnknownParent) {
				t.Errorf("revision %d: %v, want ErrUnknownParent", i, got)
			}
		case w == "unknown item":
			if !errors.Is(got, ErrUnknownItem) || !strings.Contains(got.Error(), "names an entity mention this annotation set does not have") {
				t.Errorf("revision %d: %v, want ErrUnknownItem naming the mention", i, got)
			}
		case w != "" && (got == nil || !strings.Contains(got.Error(), w)):
			t.Errorf("revision %d: %v, want a problem with %q", i, got, w)
		}
	}
}

// TestCheckBatchLabelOnceHad: a label that a stored schema revision had
// and a later one dropped is still accepted (the mention may have been made
// before the change); one the set never had is refused.
func TestCheckBatchLabelOnceHad(t *testing.T) {
	f := newBatchFixture(t)
	withEvent := DefaultSchema()
	withEvent.EntityLabels = append(withEvent.EntityLabels, Label{Name: "EVENT", Key: "5", Color: "#123456"})
	first, err := NewSchemaRevision("", SetKey{ArticleID: f.article.ID, Annotator: "ann"}, withEvent)
	if err != nil {
		t.Fatal(err)
	}
	second, err := NewSchemaRevision(first.ID, SetKey{ArticleID: f.article.ID, Annotator: "ann"}, DefaultSchema())
	if err != nil {
		t.Fatal(err)
	}
	f.stored.Add(first, second)
	problems, err := CheckBatch([]Revision{f.mention(3, "EVENT", 37, 42), f.mention(4, "PARTY", 37, 42)}, f.stored)
	if err != nil {
		t.Fatal(err)
	}
	if problems[0] != nil {
		t.Errorf("a label the schema once had: %v, want accepted", problems[0])
	}
	if problems[1] == nil {
		t.Errorf("a label the schema never had: accepted, want refused")
	}
}

// memoryStored is Stored over revisions and articles added to it, as a
// store's look-ups answer. The zero value holds nothing.
type memoryStored struct {
	texts  map[string][]rune
	kinds  map[revKey]Kind
	revs   map[revKey]bool
	schema map[string][]Revision // by set ID
}

// AddArticle adds an article's text.
func (m *memoryStored) AddArticle(id string, text []rune) {
	if m.texts == nil {
		m.texts = map[string][]rune{}
	}
	m.texts[id] = text
}

// Add adds stored revisions.
func (m *memoryStored) Add(revs ...Revision) {
	if m.kinds == nil {
		m.kinds, m.revs, m.schema = map[revKey]Kind{}, map[revKey]bool{}, map[string][]Revision{}
	}
	for _, r := range revs {
		if m.revs[revKey{r.Item, r.ID}] {
			continue
		}
		m.revs[revKey{r.Item, r.ID}] = true
		if _, ok := m.kinds[revKey{r.SetID(), r.Item}]; !ok {
			m.kinds[revKey{r.SetID(), r.Item}] = r.Kind
		}
		if r.Kind == KindSchema && r.Item == SchemaItemID(r.Key()) {
			m.schema[r.SetID()] = append(m.schema[r.SetID()], r)
		}
	}
}

// ArticleText returns an added article's text.
func (m *memoryStored) ArticleText(id string) ([]rune, bool, error) {
	t, ok := m.texts[id]
	return t, ok, nil
}

// ItemKinds returns the kinds of the first added revisions of those of
// items that the set setID has.
func (m *memoryStored) ItemKinds(setID string, items []string) (map[string]Kind, error) {
	out := map[string]Kind{}
	for _, item := range items {
		if k, ok := m.kinds[revKey{setID, item}]; ok {
			out[item] = k
		}
	}
	return out, nil
}

// HasRevisions returns those of revs that were added.
func (m *memoryStored) HasRevisions(revs []RevisionRef) (map[RevisionRef]bool, error) {
	out := map[RevisionRef]bool{}
	for _, r := range revs {
		if m.revs[revKey{r.Item, r.Rev}] {
			out[r] = true
		}
	}
	return out, nil
}

// SchemaRevisions returns the added revisions of the schema items of the
// set and of its project.
func (m *memoryStored) SchemaRevisions(k SetKey) ([]Revision, error) {
	out := slices.Clone(m.schema[ProjectKey(k.Project).ID()])
	if !k.IsProject() {
		out = append(out, m.schema[k.ID()]...)
	}
	return out, nil
}

func TestCheckImportedGroups(t *testing.T) {
	f := newBatchFixture(t)
	apart := []Revision{f.merkel, f.macron, f.group(1, "", f.merkel.Item), f.group(2, "", f.macron.Item)}
	if item, err := CheckImportedGroups(apart); err != nil {
		t.Errorf("CheckImportedGroups(two groups apart) = %s, %v; want no problem", item, err)
	}
	twice := []Revision{f.merkel, f.macron, f.group(1, "", f.merkel.Item), f.group(2, "", f.macron.Item, f.merkel.Item)}
	item, err := CheckImportedGroups(twice)
	if item != batchItem(1) {
		t.Errorf("CheckImportedGroups(a mention in two groups) names item %s, want %s", item, batchItem(1))
	}
	wantInvalid(t, err, "members[0]", `already in the group "Leaders"`)
}
