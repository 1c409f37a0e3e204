package server_test

import (
	"archive/zip"
	"context"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"maps"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gloss-annotate/gloss/annotations"
	"github.com/gloss-annotate/gloss/annotations/formats"
	"github.com/gloss-annotate/gloss/server"
	"github.com/google/go-cmp/cmp"
)

func TestExport(t *testing.T) {
	e := newEnv(t, server.Options{})
	// Code points: "Hi " 0-3, 🙂 3, "Angela Merkel" 5-18, 👍🏽 23-25,
	// "Emmanuel Macron" 26-41, "Paris" 45-50.
	a := e.putArticle(t, "", "Hi 🙂 Angela Merkel met 👍🏽 Emmanuel Macron in Paris.")
	b := e.putArticle(t, "", "Paris is in France.")
	m1 := mention(t, a, "ann", uuidN(1), "PER", 5, 18)
	m2 := mention(t, a, "ann", uuidN(2), "PER", 26, 41)
	m2edit := entityRevision(t, m2.ID, a.ID, "ann", annotations.Entity{ID: uuidN(2), Span: r1Span(t, m2), Label: "MISC"})
	m3 := mention(t, a, "ann", uuidN(3), "LOC", 45, 50)
	m3del, err := annotations.NewDeletion(m3)
	if err != nil {
		t.Fatal(err)
	}
	bob := mention(t, a, "bob", uuidN(4), "LOC", 45, 50)
	onB := mention(t, b, "ann", uuidN(5), "LOC", 0, 5)
	// Pushed out of order: the export resolves each set whatever the order.
	e.pushEach(t, m2edit, onB, bob, m3del, m1, m3, m2)

	lineA := func(annotator, entities string) string {
		return fmt.Sprintf(`{"article_id":%q,"set_id":%q,"annotator":%q,"text":"Hi 🙂 Angela Merkel met 👍🏽 Emmanuel Macron in Paris.","entities":[%s],"groups":[],"quotes":[],"stances":[]}`,
			a.ID, annotations.SetKey{ArticleID: a.ID, Annotator: annotator}.ID(), annotator, entities)
	}
	annA := lineA("ann", fmt.Sprintf(`{"id":%q,"start":5,"end":18,"label":"PER","text":"Angela Merkel"},{"id":%q,"start":26,"end":41,"label":"MISC","text":"Emmanuel Macron"}`, uuidN(1), uuidN(2)))
	bobA := lineA("bob", fmt.Sprintf(`{"id":%q,"start":45,"end":50,"label":"LOC","text":"Paris"}`, uuidN(4)))
	annB := fmt.Sprintf(`{"article_id":%q,"set_id":%q,"annotator":"ann","text":"Paris is in France.","entities":[{"id":%q,"start":0,"end":5,"label":"LOC","text":"Paris"}],"groups":[],"quotes":[],"stances":[]}`,
		b.ID, annotations.SetKey{ArticleID: b.ID, Annotator: "ann"}.ID(), uuidN(5))
	all := []string{annA, bobA, annB}
	if b.ID < a.ID {
		all = []string{annB, annA, bobA}
	}
	empty := e.putArticle(t, "", "Nobody annotated this.")

	tests := []struct {
		name, query string
		want        []string
	}{
		{"every article", "format=jsonl", all},
		{"format by default", "", all},
		{"one article", "format=jsonl&article=" + a.ID, []string{annA, bobA}},
		{"an article without sets", "format=jsonl&article=" + empty.ID, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := e.admin(t).do(t, "GET", "/api/v1/export?"+tt.query, "", "")
			if r.status != 200 {
				t.Fatalf("status %d: %s", r.status, r.body)
			}
			want := ""
			if tt.want != nil {
				want = strings.Join(tt.want, "\n") + "\n"
			}
			if diff := cmp.Diff(want, r.body); diff != "" {
				t.Errorf("export (-want +got):\n%s", diff)
			}
			for k, v := range map[string]string{
				"Content-Type":        "application/x-ndjson; charset=utf-8",
				"Content-Disposition": `attachment; filename="gloss-export-jsonl.jsonl"`,
			} {
				if got := r.header.Get(k); got != v {
					t.Errorf("%s: %q, want %q", k, got, v)
				}
			}
		})
	}
}

func TestExportRejected(t *testing.T) {
	e := newEnv(t, server.Options{})
	known := e.putArticle(t, "", "Paris is in France.")
	tests := []struct {
		name, query string
		wantStatus  int
		wantCode    string
		wantMessage string
	}{
		{"unknown format", "format=csv", 400, "invalid", `format "csv" is not an export format (formats: ` + strings.Join(formats.Names(), ", ") + ")"},
		{"empty format", "format=", 200, "", ""},
		{"format twice", "format=jsonl&format=conll", 400, "invalid", "format is given 2 times"},
		{"unknown article", "format=jsonl&article=" + annotations.ArticleID("none"), 404, "not_found", "no article " + annotations.ArticleID("none")},
		{"one unknown article of two", "article=" + known.ID + "," + annotations.ArticleID("none"), 404, "not_found", "no article " + annotations.ArticleID("none")},
		{"not an article id", "format=jsonl&article=xyz", 400, "invalid", `article "xyz": is not an article id`},
		{"empty article in a list", "article=" + known.ID + ",", 400, "invalid", "article"},
		{"annotator with a tab", "annotator=a%09b", 400, "invalid", `annotator "a\tb": "a\tb" has control characters`},
		{"annotator too long", "annotator=" + strings.Repeat("a", 200), 400, "invalid", "annotator"},
		{"empty annotator", "annotator=", 400, "invalid", `annotator "": an empty name`},
		{"label not a label name", "label=PER,9x", 400, "invalid", `label "9x": is not a label name`},
		{"annotator without sets", "annotator=nobody", 400, "invalid", `annotator "nobody" is no account's login and has no set in the project "default"`},
		{"split of two", "split=0.8,0.2", 400, "invalid", "split \"0.8,0.2\": want three ratios"},
		{"split not numbers", "split=a,b,c", 400, "invalid", "split \"a,b,c\""},
		{"split negative", "split=0.8,-0.1,0.3", 400, "invalid", "split"},
		{"split of zeros", "split=0,0,0", 400, "invalid", "add up to 0"},
		{"seed not a number", "split=0.8,0.1,0.1&seed=x", 400, "invalid", `seed "x" is not a whole number`},
		{"seed with a fraction", "split=0.8,0.1,0.1&seed=1.5", 400, "invalid", `seed "1.5"`},
		{"seed without split", "seed=3", 400, "invalid", `seed "3" without split`},
		{"a seed that is no number, without split", "seed=abc", 400, "invalid", `seed "abc" is not a whole number`},
		{"unknown parameter", "labels=PER", 400, "invalid", `"labels" is not an export parameter (parameters: format, project, set, annotator, label, article, split, seed, offsets)`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := e.admin(t).do(t, "GET", "/api/v1/export?"+tt.query, "", "")
			if r.status != tt.wantStatus {
				t.Errorf("status %d, want %d", r.status, tt.wantStatus)
			}
			if tt.wantStatus == 200 {
				return
			}
			if got := errorOf(t, r); got.Code != tt.wantCode || !strings.Contains(got.Message, tt.wantMessage) {
				t.Errorf("error %+v, want %s with %q", got, tt.wantCode, tt.wantMessage)
			}
			if got := r.header.Get("Content-Disposition"); got != "" {
				t.Errorf("an error carries Content-Disposition %q", got)
			}
		})
	}
}

// exportLines returns the records of a JSON Lines export.
func exportLines(t *testing.T, body string) []annotations.ExportRecord {
	t.Helper()
	var out []annotations.ExportRecord
	for line := range strings.Lines(body) {
		var rec annotations.ExportRecord
		if err := json.Unmarshal([]byte(line), &rec); err != nil {
			t.Fatalf("export line %q: %v", line, err)
		}
		out = append(out, rec)
	}
	return out
}

// setsOf lists "article/annotator" of each record, in order.
func setsOf(recs []annotations.ExportRecord) []string {
	var out []string
	for _, r := range recs {
		out = append(out, r.ArticleID+"/"+r.Annotator)
	}
	return out
}

// getExport asks for an export as c's user and fails unless it is a 200.
func (c *client) getExport(t *testing.T, query string) response {
	t.Helper()
	r := c.do(t, "GET", "/api/v1/export?"+query, "", "")
	if r.status != 200 {
		t.Fatalf("export?%s: %d %s", query, r.status, r.body)
	}
	return r
}

// TestExportOptions covers annotator=, label= and article=, repeated or as
// comma lists, on the fixture's three sets (a by ann and bob, b by zoë).
func TestExportOptions(t *testing.T) {
	e := newEnv(t, server.Options{})
	exportFixture(t, e)
	all := exportLines(t, e.admin(t).getExport(t, "").body)
	if len(all) != 3 {
		t.Fatalf("%d records, want 3", len(all))
	}
	byAnnotator := map[string]string{}
	for _, r := range all {
		byAnnotator[r.Annotator] = r.ArticleID + "/" + r.Annotator
	}
	a, b := strings.Split(byAnnotator["ann"], "/")[0], strings.Split(byAnnotator["zoë"], "/")[0]
	ordered := func(sets ...string) []string {
		var out []string
		for _, r := range all { // the export's order: by article, then annotator
			if slices.Contains(sets, r.ArticleID+"/"+r.Annotator) {
				out = append(out, r.ArticleID+"/"+r.Annotator)
			}
		}
		return out
	}
	tests := []struct {
		name, query string
		want        []string
	}{
		{"one annotator", "annotator=ann", ordered(byAnnotator["ann"])},
		{"annotators as a list", "annotator=ann,zo%C3%AB", ordered(byAnnotator["ann"], byAnnotator["zoë"])},
		{"annotators repeated", "annotator=zo%C3%AB&annotator=ann", ordered(byAnnotator["ann"], byAnnotator["zoë"])},
		{"annotator named twice", "annotator=bob,bob&annotator=bob", ordered(byAnnotator["bob"])},
		{"annotator as a login in another case", "annotator=BOB", ordered(byAnnotator["bob"])},
		{"articles as a list", "article=" + b + "," + a, ordered(byAnnotator["ann"], byAnnotator["bob"], byAnnotator["zoë"])},
		{"articles repeated", "article=" + a + "&article=" + b, ordered(byAnnotator["ann"], byAnnotator["bob"], byAnnotator["zoë"])},
		{"article and annotator", "article=" + a + "&annotator=bob,zo%C3%AB", ordered(byAnnotator["bob"])},
		{"every option", "format=jsonl&article=" + a + "&annotator=ann&label=PER", ordered(byAnnotator["ann"])},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := setsOf(exportLines(t, e.admin(t).getExport(t, tt.query).body))
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("sets (-want +got):\n%s", diff)
			}
		})
	}

	labels := func(query string) map[string][]string {
		out := map[string][]string{}
		for _, r := range exportLines(t, e.admin(t).getExport(t, query).body) {
			out[r.Annotator] = []string{}
			for _, en := range r.Entities {
				out[r.Annotator] = append(out[r.Annotator], en.Label+" "+en.Text)
			}
		}
		return out
	}
	for _, tt := range []struct {
		query string
		want  map[string][]string
	}{
		{"label=PER", map[string][]string{
			"ann": {"PER Rex Tillerson", "PER Sergey Lavrov", "PER Tillerson"},
			"bob": {"PER Rex Tillerson"},
			"zoë": {"PER Zoë"},
		}},
		{"label=LOC,ORG", map[string][]string{
			"ann": {"LOC Moscow"},
			"bob": {"LOC 🇺🇸"},
			"zoë": {"LOC Paris", "ORG EU"},
		}},
		{"label=ORG&label=MISC&annotator=zo%C3%AB", map[string][]string{"zoë": {"ORG EU"}}},
	} {
		if diff := cmp.Diff(tt.want, labels(tt.query)); diff != "" {
			t.Errorf("%s: entities (-want +got):\n%s", tt.query, diff)
		}
	}
	// A label no set has is a typo, not an export of every set with no
	// mention in it.
	r := e.admin(t).do(t, "GET", "/api/v1/export?label=PER,NOPE", "", "")
	if got := errorOf(t, r); r.status != 400 || got.Code != "invalid" || !strings.Contains(got.Message, `label "NOPE" is not a label of the sets exported (their labels: LOC, MISC, ORG, PER)`) {
		t.Errorf("label=NOPE: %d %s, want 400 naming it", r.status, r.body)
	}
}

// TestExportDoccanoOffsets: doccano's offsets count UTF-16 code units, as
// doccano does, unless offsets= says grapheme clusters or code points; the
// fixture's bob tagged a flag, 🇺🇸 (two code points, four UTF-16 units,
// one grapheme cluster), at the end of his text.
func TestExportDoccanoOffsets(t *testing.T) {
	e := newEnv(t, server.Options{})
	exportFixture(t, e)
	flag := func(query string) []any {
		t.Helper()
		for _, line := range strings.Split(strings.TrimSpace(e.admin(t).getExport(t, query).body), "\n") {
			var rec struct {
				Text      string  `json:"text"`
				Label     [][]any `json:"label"`
				Annotator string  `json:"annotator"`
			}
			if err := json.Unmarshal([]byte(line), &rec); err != nil {
				t.Fatal(err)
			}
			for _, l := range rec.Label {
				if rec.Annotator == "bob" && l[2] == "LOC" {
					return l
				}
			}
		}
		t.Fatalf("%s: no LOC of bob's", query)
		return nil
	}
	for _, tt := range []struct {
		query  string
		length float64 // the flag's, in the unit
	}{
		{"format=doccano", 4},
		{"format=doccano&offsets=utf16", 4},
		{"format=doccano&offsets=codepoint", 2},
		{"format=doccano&offsets=grapheme", 1},
	} {
		got := flag(tt.query)
		if got[1].(float64)-got[0].(float64) != tt.length {
			t.Errorf("%s: 🇺🇸 at %v-%v, want %v long", tt.query, got[0], got[1], tt.length)
		}
	}
	for _, q := range []string{"format=jsonl&offsets=utf16", "format=doccano&offsets=bytes", "format=doccano&offsets=utf16&offsets=grapheme"} {
		if r := e.admin(t).do(t, "GET", "/api/v1/export?"+q, "", ""); r.status != 400 || !strings.Contains(errorOf(t, r).Message, "offsets") {
			t.Errorf("%s: %d %s, want 400 about offsets", q, r.status, r.body)
		}
	}
}

// TestExportEveryFormat asks for each format of the registry, alone and
// split: the content type and file name come from the format, and a zip is
// a whole zip.
func TestExportEveryFormat(t *testing.T) {
	e := newEnv(t, server.Options{})
	exportFixture(t, e)
	if len(formats.Names()) < 2 {
		t.Fatalf("formats.Names() = %v", formats.Names())
	}
	for _, name := range formats.Names() {
		f, _ := formats.Lookup(name)
		for _, split := range []bool{false, true} {
			query, opts := "format="+name, formats.Options{Split: split}
			if split {
				query += "&split=1,1,1&seed=2"
			}
			t.Run(query, func(t *testing.T) {
				r := e.admin(t).getExport(t, query)
				if got, want := r.header.Get("Content-Type"), f.ContentTypeFor(opts); got != want {
					t.Errorf("Content-Type %q, want %q", got, want)
				}
				if got, want := r.header.Get("Content-Disposition"), `attachment; filename="`+f.FileName("gloss-export", opts)+`"`; got != want {
					t.Errorf("Content-Disposition %q, want %q", got, want)
				}
				if f.Zipped(opts) {
					files := unzip(t, r.body)
					if len(files) == 0 {
						t.Errorf("an empty zip")
					}
				} else if r.body == "" && name != "quotes" && !strings.HasPrefix(name, "stance-") {
					t.Errorf("an empty export") // the fixture has entities, no quotes or stances
				}
			})
		}
	}
}

// unzip returns the files of a zip by name.
func unzip(t *testing.T, body string) map[string]string {
	t.Helper()
	zr, err := zip.NewReader(strings.NewReader(body), int64(len(body)))
	if err != nil {
		t.Fatalf("not a zip: %v", err)
	}
	files := map[string]string{}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatalf("%s: %v", f.Name, err)
		}
		files[f.Name] = string(b)
	}
	return files
}

// splitFixture stores n articles, annotated by ann (every one) and bob
// (every third), and returns their IDs.
func splitFixture(t *testing.T, e *env, n int) []string {
	t.Helper()
	var ids []string
	var revs []annotations.Revision
	for i := range n {
		// A hash in each text keeps a zip of many sets from compressing
		// to nothing.
		prefix := fmt.Sprintf("Article %d (%x): ", i, sha256.Sum256([]byte{byte(i), byte(i >> 8)}))
		a := e.putArticle(t, "", prefix+"Angela Merkel met Emmanuel Macron in Paris.")
		ids = append(ids, a.ID)
		start := len([]rune(prefix))
		revs = append(revs, mention(t, a, "ann", fixedID(2*i), "PER", start, start+13))
		if i%3 == 0 {
			revs = append(revs, mention(t, a, "bob", fixedID(2*i+1), "LOC", start+37, start+42))
		}
	}
	e.pushEach(t, revs...)
	return ids
}

// splitParts exports with query and returns each set's part, checking that
// the parts come as train.jsonl, dev.jsonl and test.jsonl.
func splitParts(t *testing.T, e *env, query string) map[string]string {
	t.Helper()
	files := unzip(t, e.admin(t).getExport(t, query).body)
	parts := map[string]string{}
	for name, body := range files {
		part, ok := strings.CutSuffix(name, ".jsonl")
		if !ok || !slices.Contains(formats.Parts, part) {
			t.Errorf("file %q in a split jsonl export", name)
		}
		for _, set := range setsOf(exportLines(t, body)) {
			if parts[set] != "" {
				t.Errorf("set %s in %s and %s", set, parts[set], part)
			}
			parts[set] = part
		}
	}
	return parts
}

// TestExportSplit: a split puts whole articles in train, dev and test as
// formats.Split does for the seed; the same seed gives the same zip, another
// seed may give another split, and every set is in exactly one part.
func TestExportSplit(t *testing.T) {
	e := newEnv(t, server.Options{})
	ids := splitFixture(t, e, 30)
	const sets = 30 + 10

	ratios := formats.Ratios{0.8, 0.1, 0.1}
	byArticle := func(parts map[string]string) map[string]string {
		out := map[string]string{}
		for set, part := range parts {
			article := strings.Split(set, "/")[0]
			if out[article] != "" && out[article] != part {
				t.Errorf("article %s is in %s and %s", article, out[article], part)
			}
			out[article] = part
		}
		return out
	}
	seven := splitParts(t, e, "split=0.8,0.1,0.1&seed=7")
	if len(seven) != sets {
		t.Errorf("%d sets in the split export, want %d", len(seven), sets)
	}
	if diff := cmp.Diff(formats.Split(ids, ratios, 7), byArticle(seven)); diff != "" {
		t.Errorf("parts differ from formats.Split (-want +got):\n%s", diff)
	}

	first := e.admin(t).getExport(t, "split=0.8,0.1,0.1&seed=7").body
	if again := e.admin(t).getExport(t, "seed=7&split=80,10,10").body; again != first {
		t.Errorf("the same seed and ratios gave another zip")
	}
	if zero, none := splitParts(t, e, "split=0.8,0.1,0.1&seed=0"), splitParts(t, e, "split=0.8,0.1,0.1"); !maps.Equal(zero, none) {
		t.Errorf("no seed is not seed 0")
	}
	differs := false
	for seed := 8; seed < 12 && !differs; seed++ {
		other := splitParts(t, e, fmt.Sprintf("split=0.8,0.1,0.1&seed=%d", seed))
		if len(other) != sets {
			t.Errorf("seed %d: %d sets, want %d", seed, len(other), sets)
		}
		differs = !maps.Equal(other, seven)
	}
	if !differs {
		t.Errorf("seeds 8 to 11 all gave seed 7's split")
	}

	// An export of fewer articles (bob's ten, or three named) puts each
	// in the part the whole export does: a test article never moves into
	// train when the export is filtered, or the corpus grows.
	all := byArticle(splitParts(t, e, "split=0.5,0.3,0.2&seed=1"))
	var bobArticles []string
	for i, id := range ids {
		if i%3 == 0 {
			bobArticles = append(bobArticles, id)
		}
	}
	for _, q := range []string{"annotator=bob", "article=" + strings.Join(ids[4:7], ",")} {
		parts := byArticle(splitParts(t, e, "split=0.5,0.3,0.2&seed=1&"+q))
		want := map[string]string{}
		for article := range parts {
			want[article] = all[article]
		}
		if diff := cmp.Diff(want, parts); diff != "" || q == "annotator=bob" && len(parts) != len(bobArticles) {
			t.Errorf("%s: %d articles, parts unlike the whole export's (-want +got):\n%s", q, len(parts), diff)
		}
	}
	// An empty part is an empty file, or no file: never another part's sets.
	onlyTrain := byArticle(splitParts(t, e, "split=1,0,0"))
	for article, part := range onlyTrain {
		if part != "train" {
			t.Errorf("split 1,0,0 put %s in %s", article, part)
		}
	}
}

// failingStore fails SetRevisions after ok calls.
type failingStore struct {
	server.Store
	mu sync.Mutex
	ok int
}

func (f *failingStore) SetRevisions(ctx context.Context, set server.SetRef) ([]annotations.Revision, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.ok == 0 {
		return nil, errors.New("disk on fire")
	}
	f.ok--
	return f.Store.SetRevisions(ctx, set)
}

// TestExportCutMidStream: a store failing after the first bytes were sent
// cuts the connection, so the client sees a broken download rather than a
// short export that looks whole, in JSON Lines and in a zip; failing before
// any byte was sent is a plain 500.
func TestExportCutMidStream(t *testing.T) {
	e := newEnv(t, server.Options{})
	splitFixture(t, e, 400)
	for _, tt := range []struct {
		query string
		ok    int
	}{
		{"format=jsonl", 300},
		{"format=jsonl&split=0.8,0.1,0.1", 300},
		{"format=conll", 0},
	} {
		var logs syncBuffer
		h := server.NewHandler(&failingStore{Store: e.store, ok: tt.ok}, server.Options{
			Logger: slog.New(slog.NewTextHandler(&logs, nil)),
		})
		srv := httptest.NewServer(h)
		req, err := http.NewRequest("GET", srv.URL+"/api/v1/export?"+tt.query, nil)
		if err != nil {
			t.Fatal(err)
		}
		resp, err := http.DefaultClient.Do(e.admin(t).authorize(req))
		if err != nil {
			t.Fatal(err)
		}
		body, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		srv.Close()
		switch {
		case tt.ok == 0:
			if resp.StatusCode != 500 || err != nil || !strings.Contains(string(body), `"code":"internal"`) ||
				resp.Header.Get("Content-Disposition") != "" {
				t.Errorf("%s: %d %v %q %v; want a 500 JSON error", tt.query, resp.StatusCode, err, body, resp.Header)
			}
		case resp.StatusCode != 200 || err == nil || len(body) == 0:
			t.Errorf("%s: status %d, read error %v after %d bytes; want 200, some bytes and a read error", tt.query, resp.StatusCode, err, len(body))
		}
		if !strings.Contains(logs.String(), "disk on fire") {
			t.Errorf("%s: the failure was not logged:\n%s", tt.query, logs.String())
		}
	}
}

// syncBuffer is a bytes.Buffer safe for the server's goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestZipExportIsDated: the files of a zip export are dated when the
// export was made (a zip's zero date reads 1980-00-00).
func TestZipExportIsDated(t *testing.T) {
	made := time.Date(2026, 12, 6, 9, 30, 42, 0, time.UTC)
	e := newEnv(t, server.Options{Now: func() time.Time { return made }})
	a := e.putArticle(t, "", merkelText)
	if r, _ := e.push(t, mention(t, a, annLogin, uuidN(1), "PER", 0, 13)); r.status != 200 {
		t.Fatalf("push: %d %s", r.status, r.body)
	}
	for _, query := range []string{"format=brat", "format=jsonl&split=1,1,1"} {
		r := e.admin(t).getExport(t, query)
		zr, err := zip.NewReader(strings.NewReader(r.body), int64(len(r.body)))
		if err != nil {
			t.Fatalf("%s: not a zip: %v", query, err)
		}
		for _, f := range zr.File {
			if !f.Modified.Equal(made) {
				t.Errorf("%s: %s is dated %v, want %v", query, f.Name, f.Modified, made)
			}
		}
	}
}

// TestExportProblemsTrailer: what a format cannot write as annotated (an
// entity nested in another, in CoNLL) is counted in the export's
// Gloss-Problems trailer, sent after the body over HTTP; "0" when nothing.
func TestExportProblemsTrailer(t *testing.T) {
	e := newEnv(t, server.Options{})
	a := e.putArticle(t, "", merkelText)
	e.pushEach(t, mention(t, a, annLogin, uuidN(1), "PER", 0, 13), mention(t, a, annLogin, uuidN(2), "PER", 7, 13))
	srv := httptest.NewServer(e.handler)
	defer srv.Close()
	for _, tt := range []struct{ query, want string }{
		{"format=conll", "1 (overlap 1)"},
		{"format=jsonl", "0"},
	} {
		req, err := http.NewRequest("GET", srv.URL+"/api/v1/export?"+tt.query, nil)
		if err != nil {
			t.Fatal(err)
		}
		req.Host = testHost
		e.admin(t).authorize(req)
		res, err := srv.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		body, err := io.ReadAll(res.Body)
		res.Body.Close()
		if err != nil || res.StatusCode != 200 {
			t.Fatalf("export?%s: %d %s %v", tt.query, res.StatusCode, body, err)
		}
		if got := res.Trailer.Get("Gloss-Problems"); got != tt.want {
			t.Errorf("export?%s: trailer Gloss-Problems %q, want %q", tt.query, got, tt.want)
		}
	}
}
