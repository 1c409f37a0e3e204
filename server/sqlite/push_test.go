package sqlite

import (
	"context"
	"strings"
	"testing"

	"github.com/gloss-annotate/gloss/annotations"
	"github.com/gloss-annotate/gloss/annotations/api"
)

// TestGroupPushFailsAlone commits three pushes as one group where the
// middle one's insert fails after its check passed (a trigger refuses it,
// as an I/O error or a cancelled request would fail it): the other two are
// stored and answered as if alone, the failed one stores nothing.
func TestGroupPushFailsAlone(t *testing.T) {
	ctx := context.Background()
	s, a := openWithArticle(t)
	if _, err := s.write.Exec(`CREATE TEMP TRIGGER refuse_bob BEFORE INSERT ON revisions WHEN NEW.annotator = 'bob'
		BEGIN SELECT RAISE(ABORT, 'test: bob refused'); END`); err != nil {
		t.Fatal(err)
	}
	span, _ := annotations.NewSpan([]rune(a.Text), 0, 13)
	var group []*pushRequest
	for i, name := range []string{"ann", "bob", "cy"} {
		var revs []annotations.Revision
		for j := range 2 {
			e := annotations.Entity{ID: "00000000-0000-4000-8000-00000000000" + string(rune('0'+2*i+j)), Span: span, Label: "PER"}
			r, err := annotations.NewEntityRevision("", annotations.SetKey{ArticleID: a.ID, Annotator: name}, e)
			if err != nil {
				t.Fatal(err)
			}
			revs = append(revs, r)
		}
		group = append(group, &pushRequest{ctx: ctx, revs: revs, valid: annotations.ValidateEach(revs), done: make(chan pushAnswer, 1)})
	}
	s.commitGroup(group)
	for i, req := range group {
		got := <-req.done
		if i == 1 {
			if got.err == nil || !strings.Contains(got.err.Error(), "bob refused") {
				t.Errorf("bob's push: %+v, %v; want the trigger's error", got.stored, got.err)
			}
			continue
		}
		if got.err != nil || len(got.stored) != 2 || got.stored[0].Status != api.StatusApplied || got.stored[1].Status != api.StatusApplied {
			t.Errorf("push %d: %+v, %v; want both applied", i, got.stored, got.err)
		}
	}
	n := map[string]int{}
	rows, err := s.read.Query(`SELECT annotator, count(*) FROM revisions GROUP BY annotator`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var name string
		var c int
		if err := rows.Scan(&name, &c); err != nil {
			t.Fatal(err)
		}
		n[name] = c
	}
	if n["ann"] != 2 || n["cy"] != 2 || n["bob"] != 0 {
		t.Errorf("stored revisions per annotator: %v; want ann 2, cy 2, bob none", n)
	}
}
