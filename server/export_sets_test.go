package server_test

import (
	"context"
	"encoding/json"
	"maps"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/gloss-annotate/gloss/annotations"
	"github.com/gloss-annotate/gloss/annotations/api"
	"github.com/gloss-annotate/gloss/annotations/formats"
	"github.com/gloss-annotate/gloss/server"
	"github.com/google/go-cmp/cmp"
)

// setsFixture stores three articles of the Default project:
//   - a ("Angela Merkel" 0-13, "Emmanuel Macron" 18-33, "Paris" 37-42):
//     ann and bob done, who differ on Paris (LOC, ORG), zoë in progress
//     (Merkel, Paris LOC), and a gold set in progress (Merkel);
//   - b ("Paris" 0-5, "France" 12-18): ann done (Paris LOC), bob in
//     progress (Paris ORG), a gold set done (Paris LOC, France LOC);
//   - c: ann skipped it, no one else has a set.
func setsFixture(t *testing.T, e *env) (a, b, c annotations.Article) {
	t.Helper()
	a = e.putArticle(t, "", "Angela Merkel met Emmanuel Macron in Paris.")
	b = e.putArticle(t, "", "Paris is in France.")
	c = e.putArticle(t, "", "Berlin is big.")
	n := 0
	var revs []annotations.Revision
	add := func(art annotations.Article, annotator, label string, start, end int) {
		n++
		revs = append(revs, mention(t, art, annotator, "00000000-0000-4000-8000-"+strings.Repeat("0", 10)+strconv.Itoa(10+n), label, start, end))
	}
	state := func(art annotations.Article, annotator string, s annotations.WorkState, reason string) {
		r, err := annotations.NewStatusRevision("", annotations.SetKey{ArticleID: art.ID, Annotator: annotator}, annotations.StatusItem{State: s, Reason: reason})
		if err != nil {
			t.Fatal(err)
		}
		revs = append(revs, r)
	}
	for _, who := range []string{"ann", "bob"} {
		add(a, who, "PER", 0, 13)
		add(a, who, "PER", 18, 33)
		add(a, who, map[string]string{"ann": "LOC", "bob": "ORG"}[who], 37, 42)
		state(a, who, annotations.WorkDone, "")
	}
	add(a, "zoë", "PER", 0, 13)
	add(a, "zoë", "LOC", 37, 42)
	add(a, annotations.GoldAnnotator, "PER", 0, 13)
	add(b, "ann", "LOC", 0, 5)
	state(b, "ann", annotations.WorkDone, "")
	add(b, "bob", "ORG", 0, 5)
	add(b, annotations.GoldAnnotator, "LOC", 0, 5)
	add(b, annotations.GoldAnnotator, "LOC", 12, 18)
	state(b, annotations.GoldAnnotator, annotations.WorkDone, "")
	state(c, "ann", annotations.WorkSkipped, "not news")
	if _, err := e.store.PutRevisions(context.Background(), revs); err != nil {
		t.Fatal(err)
	}
	return a, b, c
}

// mentionsOf lists "article/annotator: LABEL text, …" of each record.
func mentionsOf(recs []annotations.ExportRecord, names map[string]string) []string {
	var out []string
	for _, r := range recs {
		var ms []string
		for _, e := range r.Entities {
			ms = append(ms, e.Label+" "+e.Text)
		}
		out = append(out, names[r.ArticleID]+"/"+r.Annotator+": "+strings.Join(ms, ", "))
	}
	slices.Sort(out)
	return out
}

func TestExportSets(t *testing.T) {
	e := newEnv(t, server.Options{})
	a, b, c := setsFixture(t, e)
	names := map[string]string{a.ID: "a", b.ID: "b", c.ID: "c"}
	tests := []struct {
		query string
		want  []string
	}{
		{"format=jsonl", []string{
			"a/ann: PER Angela Merkel, PER Emmanuel Macron, LOC Paris", "a/bob: PER Angela Merkel, PER Emmanuel Macron, ORG Paris",
			"a/gold: PER Angela Merkel", "a/zoë: PER Angela Merkel, LOC Paris",
			"b/ann: LOC Paris", "b/bob: ORG Paris", "b/gold: LOC Paris, LOC France", "c/ann: "}},
		{"set=all&annotator=gold", []string{"a/gold: PER Angela Merkel", "b/gold: LOC Paris, LOC France"}},
		// a's gold set is in progress: a is not curated yet.
		{"set=gold", []string{"b/gold: LOC Paris, LOC France"}},
		// a: the majority of ann and bob, done (zoë is not): they
		// differ on Paris. b: the gold set, done. c: no one to vote.
		{"set=majority", []string{"a/majority: PER Angela Merkel, PER Emmanuel Macron", "b/gold: LOC Paris, LOC France"}},
		// a: of ann and zoë, only ann is done.
		{"set=majority&annotator=ann,zo%C3%AB", []string{"a/majority: PER Angela Merkel, PER Emmanuel Macron, LOC Paris", "b/gold: LOC Paris, LOC France"}},
		{"set=majority&article=" + a.ID, []string{"a/majority: PER Angela Merkel, PER Emmanuel Macron"}},
		{"set=majority&label=LOC", []string{"a/majority: ", "b/gold: LOC Paris, LOC France"}},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			recs := exportLines(t, e.admin(t).getExport(t, tt.query).body)
			if diff := cmp.Diff(tt.want, mentionsOf(recs, names)); diff != "" {
				t.Errorf("export?%s (-want +got):\n%s", tt.query, diff)
			}
		})
	}
	// A vote is no curated set: its own set ID, and in Label Studio no
	// ground truth, where b's done gold set is.
	for _, r := range exportLines(t, e.admin(t).getExport(t, "set=majority").body) {
		gold := annotations.SetKey{ArticleID: r.ArticleID, Annotator: annotations.GoldAnnotator}.ID()
		if (r.Annotator == api.MajorityAnnotator) == (r.SetID == gold) {
			t.Errorf("set=majority: %s by %s has set ID %s (the gold set's: %s)", names[r.ArticleID], r.Annotator, r.SetID, gold)
		}
	}
	var tasks []struct {
		Data struct {
			ArticleID string `json:"article_id"`
		} `json:"data"`
		Annotations []struct {
			GroundTruth bool `json:"ground_truth"`
		} `json:"annotations"`
	}
	if err := json.Unmarshal([]byte(e.admin(t).getExport(t, "set=majority&format=labelstudio").body), &tasks); err != nil {
		t.Fatal(err)
	}
	truth := map[string]bool{}
	for _, task := range tasks {
		for _, an := range task.Annotations {
			truth[names[task.Data.ArticleID]] = an.GroundTruth
		}
	}
	if want := map[string]bool{"a": false, "b": true}; !maps.Equal(truth, want) {
		t.Errorf("Label Studio's ground_truth by article: %v, want %v", truth, want)
	}
}

// TestExportSetsEveryFormat: set=gold writes in every format what an
// export of the gold annotator's done sets writes, and set=majority one
// record per article.
func TestExportSetsEveryFormat(t *testing.T) {
	e := newEnv(t, server.Options{})
	_, curated, _ := setsFixture(t, e)
	for _, name := range formats.Names() {
		f, _ := formats.Lookup(name)
		t.Run(name, func(t *testing.T) {
			body := func(query string) any {
				r := e.admin(t).getExport(t, "format="+name+"&"+query)
				if f.Zipped(formats.Options{}) {
					return unzip(t, r.body)
				}
				return r.body
			}
			if diff := cmp.Diff(body("annotator=gold&article="+curated.ID), body("set=gold")); diff != "" {
				t.Errorf("set=gold differs from annotator=gold (-annotator +set):\n%s", diff)
			}
			all, majority := body("set=all"), body("set=majority")
			if s, ok := majority.(string); ok && s == "" && name != "quotes" && !strings.HasPrefix(name, "stance-") {
				t.Errorf("an empty majority export")
			}
			if cmp.Equal(all, majority) && name != "quotes" && !strings.HasPrefix(name, "stance-") {
				t.Errorf("set=majority writes what set=all does")
			}
		})
	}
}

func TestExportSetsRejected(t *testing.T) {
	e := newEnv(t, server.Options{})
	setsFixture(t, e)
	if err := e.store.SetMember(context.Background(), api.DefaultProject, e.as(t, "cy").user.ID, api.RoleCurator); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		login, query string
		wantStatus   int
		wantMessage  string
	}{
		{adminLogin, "set=curated", 400, `set "curated" is not one of all, gold, majority`},
		{adminLogin, "set=", 200, ""},
		{adminLogin, "set=gold&set=all", 400, "set is given 2 times"},
		{adminLogin, "set=gold&annotator=ann", 400, "set gold exports the gold sets only"},
		{"ann", "set=gold", 403, "may not export set gold"},
		{"ann", "set=majority", 403, "may not export set majority"},
		{"ann", "set=all", 200, ""},
		{"cy", "set=majority", 200, ""},
	}
	for _, tt := range tests {
		t.Run(tt.login+" "+tt.query, func(t *testing.T) {
			r := e.as(t, tt.login).do(t, "GET", "/api/v1/export?"+tt.query, "", "")
			if r.status != tt.wantStatus {
				t.Fatalf("status %d, want %d: %s", r.status, tt.wantStatus, r.body)
			}
			if tt.wantStatus != 200 && !strings.Contains(errorOf(t, r).Message, tt.wantMessage) {
				t.Errorf("error %q lacks %q", errorOf(t, r).Message, tt.wantMessage)
			}
		})
	}
}
