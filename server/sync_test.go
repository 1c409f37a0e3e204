package server_test

import (
	"encoding/json"
	"fmt"
	"net/url"
	"strings"
	"testing"

	"github.com/gloss-annotate/gloss/annotations"
	"github.com/gloss-annotate/gloss/server"
	"github.com/google/go-cmp/cmp"
)

const merkelText = "Angela Merkel met Emmanuel Macron in Paris."

// pushAnswer is the body of a push's answer.
type pushAnswer struct {
	Results []struct {
		Rev    string    `json:"rev"`
		Item   string    `json:"item"`
		Status string    `json:"status"`
		Seq    int64     `json:"seq"`
		Error  *apiError `json:"error"`
	} `json:"results"`
	Error *apiError `json:"error"`
}

// push pushes revs in one batch as c's user and decodes the answer.
func (c *client) push(t *testing.T, revs ...annotations.Revision) (response, pushAnswer) {
	t.Helper()
	r := c.postJSON(t, "/api/v1/sync/push", map[string]any{"revisions": revs})
	var got pushAnswer
	decode(t, r, &got)
	return r, got
}

// pushEach pushes revs, each annotator's as that user (made when new), a
// batch per annotator in the order they first come, each revision in its
// order; it fails unless every push stores its whole batch.
func (e *env) pushEach(t *testing.T, revs ...annotations.Revision) {
	t.Helper()
	var annotators []string
	batches := map[string][]annotations.Revision{}
	for _, rev := range revs {
		if batches[rev.Annotator] == nil {
			annotators = append(annotators, rev.Annotator)
		}
		batches[rev.Annotator] = append(batches[rev.Annotator], rev)
	}
	for _, a := range annotators {
		if r, _ := e.as(t, a).push(t, batches[a]...); r.status != 200 {
			t.Fatalf("push as %s: %d %s", a, r.status, r.body)
		}
	}
}

// result is one expected per-revision answer.
type result struct {
	status, code, message string
}

func resultsOf(a pushAnswer) []result {
	var out []result
	for _, r := range a.Results {
		res := result{status: r.Status}
		if r.Error != nil {
			res.code, res.message = r.Error.Code, r.Error.Message
		}
		out = append(out, res)
	}
	return out
}

func TestPush(t *testing.T) {
	e := newEnv(t, server.Options{})
	a := e.putArticle(t, "", merkelText)
	r1 := mention(t, a, "ann", uuidN(1), "PER", 0, 13)
	r2 := mention(t, a, "ann", uuidN(2), "PER", 18, 33)
	edit := entityRevision(t, r1.ID, a.ID, "ann", annotations.Entity{ID: uuidN(1), Span: r1Span(t, r1), Label: "MISC"})
	del, err := annotations.NewDeletion(r2)
	if err != nil {
		t.Fatal(err)
	}

	tests := []struct {
		name string
		revs []annotations.Revision
		want []string
	}{
		{"new revisions", []annotations.Revision{r1, r2}, []string{"applied", "applied"}},
		{"replayed", []annotations.Revision{r2, r1}, []string{"duplicate", "duplicate"}},
		{"edit and deletion", []annotations.Revision{edit, del}, []string{"applied", "applied"}},
		{"twice in one batch", []annotations.Revision{edit, edit}, []string{"duplicate", "duplicate"}},
		{"empty batch", []annotations.Revision{}, nil},
	}
	seqs := map[string]int64{} // each revision's sequence number, as the pushes answered
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, got := e.push(t, tt.revs...)
			if r.status != 200 {
				t.Fatalf("status %d: %s", r.status, r.body)
			}
			var statuses []string
			for i, res := range got.Results {
				statuses = append(statuses, res.Status)
				if res.Rev != tt.revs[i].ID || res.Item != tt.revs[i].Item || res.Error != nil {
					t.Errorf("result %d = %+v, want rev %s item %s and no error", i, res, tt.revs[i].ID, tt.revs[i].Item)
				}
				// A duplicate answers the number the revision was given.
				if seq, ok := seqs[res.Rev]; res.Seq <= 0 || (ok && seq != res.Seq) {
					t.Errorf("result %d (%s) has seq %d, want a positive number, and %d if given before", i, res.Status, res.Seq, seq)
				}
				seqs[res.Rev] = res.Seq
			}
			if diff := cmp.Diff(tt.want, statuses); diff != "" {
				t.Errorf("statuses (-want +got):\n%s", diff)
			}
			if got.Error != nil {
				t.Errorf("top-level error %+v", got.Error)
			}
		})
	}
	// Each revision is stored once, as pushed.
	want := map[server.SetRef][]annotations.Revision{
		{ArticleID: a.ID, Annotator: "ann"}: {r1, r2, edit, del},
	}
	if diff := cmp.Diff(want, e.snapshot(t).Revisions); diff != "" {
		t.Errorf("stored revisions (-want +got):\n%s", diff)
	}
}

func r1Span(t *testing.T, r annotations.Revision) annotations.Span {
	t.Helper()
	ent, err := r.Entity()
	if err != nil {
		t.Fatal(err)
	}
	return ent.Span
}

// TestPushRejectsItems: a batch with bad revisions applies the good ones and
// rejects each bad one with its reason; the answer is 400 naming the first.
func TestPushRejectsItems(t *testing.T) {
	e := newEnv(t, server.Options{})
	a := e.putArticle(t, "", merkelText)
	text := []rune(a.Text)
	span := func(start, end int) annotations.Span {
		s, err := annotations.NewSpan(text, start, end)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	good := mention(t, a, "ann", uuidN(1), "PER", 0, 13)
	unknownLabel := entityRevision(t, "", a.ID, "ann", annotations.Entity{ID: uuidN(2), Span: span(18, 33), Label: "PERSON"})
	outOfRange := entityRevision(t, "", a.ID, "ann", annotations.Entity{ID: uuidN(3), Span: annotations.Span{Start: 37, End: 50, Exact: "Paris."}, Label: "LOC"})
	wrongQuote := span(37, 42)
	wrongQuote.Exact = "Pariz"
	quoteMismatch := entityRevision(t, "", a.ID, "ann", annotations.Entity{ID: uuidN(4), Span: wrongQuote, Label: "LOC"})
	other, err := annotations.NewArticle("", "A text the server has not got.", a.Created)
	if err != nil {
		t.Fatal(err)
	}
	unknownArticle := mention(t, other, "ann", uuidN(5), "MISC", 0, 6)
	badID := mention(t, a, "ann", uuidN(6), "LOC", 37, 42)
	badID.ID = "1-00000000000000000000000000000000"
	good2 := mention(t, a, "ann", uuidN(7), "PER", 18, 26)
	// A parent the server never had: a forged generation cannot outrank
	// honest edits.
	forgedParent := entityRevision(t, "2147483645-0123456789abcdef0123456789abcdef", a.ID, "ann", annotations.Entity{ID: uuidN(8), Span: span(0, 13), Label: "PER"})
	// A child of the forged revision, in the same batch: refused with it.
	forgedChild := entityRevision(t, forgedParent.ID, a.ID, "ann", annotations.Entity{ID: uuidN(8), Span: span(0, 13), Label: "ORG"})
	// One item as two kinds in one batch: the second is refused.
	twoKinds, err := annotations.NewGroupRevision("", annotations.SetKey{ArticleID: a.ID, Annotator: "ann"}, annotations.EntityGroup{ID: uuidN(7), Name: "Merkel", Members: []string{uuidN(1)}})
	if err != nil {
		t.Fatal(err)
	}

	r, got := e.push(t, good, unknownLabel, outOfRange, quoteMismatch, unknownArticle, badID, good2, forgedParent, forgedChild, twoKinds)
	if r.status != 400 {
		t.Errorf("status %d, want 400", r.status)
	}
	want := []result{
		{status: "applied"},
		{"rejected", "invalid", `label: "PERSON" is not a label of this annotation set (labels: [PER ORG LOC MISC])`},
		{"rejected", "invalid", "end: is 50, past the end of the text (43 characters)"},
		{"rejected", "invalid", `exact: "Pariz" does not match the article's text "Paris" at 37-42`},
		{"rejected", "unknown_article", "article " + other.ID + " is not on the server: upload it first"},
		{"rejected", "invalid", fmt.Sprintf(`rev: "1-00000000000000000000000000000000" does not match the revision's content (expected %q)`, badID.ComputeID())},
		{status: "applied"},
		{"rejected", "unknown_parent", "parent: revision 2147483645-0123456789abcdef0123456789abcdef of item 00000000… is not on the server: send it first"},
		{"rejected", "unknown_parent", "parent: revision " + forgedParent.ID + " of item 00000000… is not on the server: send it first"},
		{"rejected", "invalid", "kind: item 00000000… is an entity mention: a revision cannot make it an entity group"},
	}
	if diff := cmp.Diff(want, resultsOf(got), cmp.AllowUnexported(result{})); diff != "" {
		t.Errorf("results (-want +got):\n%s", diff)
	}
	wantTop := apiError{Code: "invalid", Message: fmt.Sprintf(`revision 1 (item %s): label: "PERSON" is not a label`, uuidN(2))}
	if got.Error == nil || got.Error.Code != wantTop.Code || !strings.HasPrefix(got.Error.Message, wantTop.Message) {
		t.Errorf("top-level error %+v, want %+v…", got.Error, wantTop)
	}
	stored := map[server.SetRef][]annotations.Revision{{ArticleID: a.ID, Annotator: "ann"}: {good, good2}}
	if diff := cmp.Diff(stored, e.snapshot(t).Revisions); diff != "" {
		t.Errorf("stored revisions (-want +got):\n%s", diff)
	}
}

// TestPushRejectsRequest: a push that is bad as a whole stores nothing.
func TestPushRejectsRequest(t *testing.T) {
	e := newEnv(t, server.Options{MaxBodyBytes: 1 << 20})
	a := e.putArticle(t, "", merkelText)
	good := mention(t, a, "ann", uuidN(1), "PER", 0, 13)
	goodJSON, err := json.Marshal(good)
	if err != nil {
		t.Fatal(err)
	}
	tooMany := "{\"revisions\": [" + strings.Repeat(string(goodJSON)+",", 1000) + string(goodJSON) + "]}"
	tests := []struct {
		name        string
		contentType string
		body        string
		wantStatus  int
		wantCode    string
		wantMessage string
	}{
		{"invalid JSON", "application/json", `{"revisions": [` + string(goodJSON), 400, "invalid", "not valid JSON"},
		{"missing revisions", "application/json", `{}`, 400, "invalid", `"revisions"`},
		{"null revisions", "application/json", `{"revisions": null}`, 400, "invalid", `"revisions"`},
		{"unknown field", "application/json", `{"revisions": [], "since": 1}`, 400, "invalid", `unknown field "since"`},
		{"a cursor that is not a string", "application/json", `{"revisions": [], "cursor": 1}`, 400, "invalid", `PushRequest.cursor`},
		{"unknown field in a revision", "application/json", `{"revisions": [{"rev": "1-x", "colour": "red"}]}`, 400, "invalid", `unknown field "colour"`},
		{"more than 1000 revisions", "application/json", tooMany, 413, "too_large", "1001 revisions"},
		{"wrong content type", "text/plain", `{"revisions": [` + string(goodJSON) + `]}`, 415, "unsupported_media_type", "application/json"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := e.snapshot(t)
			r := e.do(t, "POST", "/api/v1/sync/push", tt.contentType, tt.body)
			if r.status != tt.wantStatus {
				t.Errorf("status %d, want %d: %.300s", r.status, tt.wantStatus, r.body)
			}
			got := errorOf(t, r)
			if got.Code != tt.wantCode || !strings.Contains(got.Message, tt.wantMessage) {
				t.Errorf("error %+v, want code %q with %q", got, tt.wantCode, tt.wantMessage)
			}
			e.unchanged(t, before)
		})
	}
}

// pullAnswer is the body of a pull's answer.
type pullAnswer struct {
	Revisions []annotations.Revision `json:"revisions"`
	Cursor    string                 `json:"cursor"`
	More      bool                   `json:"more"`
}

func TestPullPaging(t *testing.T) {
	e := newEnv(t, server.Options{})
	a := e.putArticle(t, "", merkelText)
	annRevs := []annotations.Revision{
		mention(t, a, "ann", uuidN(1), "PER", 0, 13),
		mention(t, a, "ann", uuidN(2), "PER", 18, 33),
		mention(t, a, "ann", uuidN(3), "LOC", 37, 42),
	}
	bobRev := mention(t, a, "bob", uuidN(1), "PER", 0, 6)
	for _, batch := range [][]annotations.Revision{{annRevs[0], bobRev}, {annRevs[1], annRevs[2]}} {
		e.pushEach(t, batch...)
	}

	var pages [][]annotations.Revision
	var mores []bool
	cursor := ""
	for range 5 {
		q := url.Values{"annotator": {"ann"}, "limit": {"2"}}
		if cursor != "" {
			q.Set("since", cursor)
		}
		r := e.do(t, "GET", "/api/v1/sync/pull?"+q.Encode(), "", "")
		if r.status != 200 {
			t.Fatalf("pull: %d %s", r.status, r.body)
		}
		var page pullAnswer
		decode(t, r, &page)
		pages = append(pages, page.Revisions)
		mores = append(mores, page.More)
		cursor = page.Cursor
		if !page.More {
			break
		}
	}
	if diff := cmp.Diff([][]annotations.Revision{annRevs[:2], annRevs[2:]}, pages); diff != "" {
		t.Errorf("pages (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]bool{true, false}, mores); diff != "" {
		t.Errorf("more (-want +got):\n%s", diff)
	}
	// From the last cursor: nothing, same cursor.
	r := e.do(t, "GET", "/api/v1/sync/pull?annotator=ann&since="+cursor, "", "")
	if want := `{"revisions":[],"cursor":"` + cursor + `","more":false}`; strings.TrimSpace(r.body) != want {
		t.Errorf("pull at the end = %s, want %s", r.body, want)
	}
	// The wire shape: every field of a revision as pushed, the cursor a
	// string.
	r = e.as(t, "bob").do(t, "GET", "/api/v1/sync/pull", "", "") // bob's, when no annotator is named
	var raw map[string]any
	decode(t, r, &raw)
	var pushed any
	b, _ := json.Marshal(bobRev)
	json.Unmarshal(b, &pushed)
	if diff := cmp.Diff(map[string]any{"revisions": []any{pushed}, "cursor": raw["cursor"], "more": false}, raw); diff != "" {
		t.Errorf("bob's pull (-want +got):\n%s", diff)
	}
	if _, ok := raw["cursor"].(string); !ok {
		t.Errorf("cursor %v is not a string", raw["cursor"])
	}
}

func TestPullRejected(t *testing.T) {
	e := newEnv(t, server.Options{})
	tests := []struct {
		name, query, wantMessage string
	}{
		{"annotator with extra spaces", "annotator=%20ann", "annotator"},
		{"since not a number", "annotator=ann&since=abc", `since "abc"`},
		{"negative since", "annotator=ann&since=-1", `since "-1"`},
		{"since with a dot and nothing", "annotator=ann&since=3.", `since "3."`},
		{"since with no number", "annotator=ann&since=.1-ab", `since ".1-ab"`},
		{"the start with a revision", "annotator=ann&since=0.1-ab", `since "0.1-ab"`},
		{"limit 0", "annotator=ann&limit=0", "limit 0 is not between 1 and 1000"},
		{"limit over 1000", "annotator=ann&limit=1001", "limit 1001 is not between 1 and 1000"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := e.do(t, "GET", "/api/v1/sync/pull?"+tt.query, "", "")
			if r.status != 400 {
				t.Errorf("status %d, want 400", r.status)
			}
			if got := errorOf(t, r); got.Code != "invalid" || !strings.Contains(got.Message, tt.wantMessage) {
				t.Errorf("error %+v, want invalid with %q", got, tt.wantMessage)
			}
		})
	}
}

// TestPullCursorUnknown: a cursor past every stored revision (the server's
// database was restored from an older copy) gets 410 cursor_unknown; a pull
// from the start works.
func TestPullCursorUnknown(t *testing.T) {
	e := newEnv(t, server.Options{})
	a := e.putArticle(t, "", merkelText)
	if r, _ := e.push(t, mention(t, a, "ann", uuidN(1), "PER", 0, 13)); r.status != 200 {
		t.Fatalf("push: %d %s", r.status, r.body)
	}
	r := e.do(t, "GET", "/api/v1/sync/pull?annotator=ann", "", "")
	var page struct {
		Cursor string `json:"cursor"`
	}
	decode(t, r, &page)
	// A server restored from an older copy gives sequence number 1 to
	// another revision: the cursor names the revision, so it is unknown.
	restored := newEnv(t, server.Options{})
	b := restored.putArticle(t, "", merkelText)
	if r, _ := restored.push(t, mention(t, b, "ann", uuidN(2), "LOC", 37, 42)); r.status != 200 {
		t.Fatalf("push: %d %s", r.status, r.body)
	}
	if r := restored.do(t, "GET", "/api/v1/sync/pull?annotator=ann&since="+page.Cursor, "", ""); r.status != 410 || !strings.Contains(r.body, `"code":"cursor_unknown"`) {
		t.Errorf("the cursor %s on a server whose revision 1 is another: %d %s, want 410 cursor_unknown", page.Cursor, r.status, r.body)
	}
	tests := []struct {
		since      string
		wantStatus int
	}{
		{"", 200},
		{"0", 200},
		{page.Cursor, 200}, // the last revision's cursor
		// As older servers wrote them (a bare number, a number and a
		// revision ID): they prove nothing about the history, so the
		// client pulls again from the start.
		{"1", 410},
		{"1." + strings.SplitN(page.Cursor, ".", 2)[1][:10], 410},
		{"1.00000000000000000000000000000000", 410},
		{"2", 410},
		{"99999", 410},
	}
	for _, tt := range tests {
		r := e.do(t, "GET", "/api/v1/sync/pull?annotator=ann&since="+tt.since, "", "")
		if r.status != tt.wantStatus {
			t.Errorf("since=%q: status %d, want %d (%s)", tt.since, r.status, tt.wantStatus, r.body)
		}
		if tt.wantStatus == 410 && !strings.Contains(r.body, `"code":"cursor_unknown"`) {
			t.Errorf("since=%q: body %s, want code cursor_unknown", tt.since, r.body)
		}
	}
}

// TestPullCursorOfAnotherHistory: a server restored from an older copy
// that took the same revision at the same sequence number, after another
// revision than the one the client read before it, does not know the
// client's cursor: the client never read that other revision, and a pull
// from the cursor would never bring it.
func TestPullCursorOfAnotherHistory(t *testing.T) {
	first, restored := newEnv(t, server.Options{}), newEnv(t, server.Options{})
	a := first.putArticle(t, "", merkelText)
	restored.putArticle(t, "", merkelText)
	merkel := mention(t, a, "ann", uuidN(1), "PER", 0, 13)
	berlin := mention(t, a, "ann", uuidN(2), "LOC", 37, 42)
	other := mention(t, a, "ann", uuidN(3), "ORG", 0, 6)
	for _, step := range []struct {
		e    *env
		revs []annotations.Revision
	}{{first, []annotations.Revision{merkel}}, {first, []annotations.Revision{berlin}}, {restored, []annotations.Revision{other}}, {restored, []annotations.Revision{berlin}}} {
		if r, _ := step.e.push(t, step.revs...); r.status != 200 {
			t.Fatalf("push: %d %s", r.status, r.body)
		}
	}
	var page struct {
		Cursor string `json:"cursor"`
	}
	decode(t, first.do(t, "GET", "/api/v1/sync/pull?annotator=ann", "", ""), &page)
	var again struct {
		Revisions []annotations.Revision `json:"revisions"`
		Cursor    string                 `json:"cursor"`
	}
	decode(t, restored.do(t, "GET", "/api/v1/sync/pull?annotator=ann", "", ""), &again)
	if len(again.Revisions) != 2 || again.Revisions[1].ID != berlin.ID || strings.Split(again.Cursor, ".")[0] != strings.Split(page.Cursor, ".")[0] {
		t.Fatalf("the restored server's history: %d revisions, cursor %s; want berlin second, at the sequence number of %s", len(again.Revisions), again.Cursor, page.Cursor)
	}
	if r := restored.do(t, "GET", "/api/v1/sync/pull?annotator=ann&since="+page.Cursor, "", ""); r.status != 410 || !strings.Contains(r.body, `"code":"cursor_unknown"`) {
		t.Errorf("the first server's cursor %s on the restored one: %d %s, want 410 cursor_unknown", page.Cursor, r.status, r.body)
	}
	if r := restored.do(t, "GET", "/api/v1/sync/pull?annotator=ann&since="+again.Cursor, "", ""); r.status != 200 {
		t.Errorf("the restored server's own cursor %s: %d %s, want 200", again.Cursor, r.status, r.body)
	}

	// A push with the device's cursor says whether the history still
	// matches it, and stores the revisions either way.
	for _, tt := range []struct {
		cursor      string
		wantUnknown bool
	}{{page.Cursor, true}, {again.Cursor, false}, {"0", false}} {
		r := restored.postJSON(t, "/api/v1/sync/push", map[string]any{"revisions": []annotations.Revision{merkel}, "cursor": tt.cursor})
		var got struct {
			Results []struct {
				Status string `json:"status"`
			} `json:"results"`
			CursorUnknown bool `json:"cursor_unknown"`
		}
		decode(t, r, &got)
		if r.status != 200 || len(got.Results) != 1 || got.Results[0].Status == "rejected" || got.CursorUnknown != tt.wantUnknown {
			t.Errorf("push with cursor %s: %d %s, want 200, stored, cursor_unknown %v", tt.cursor, r.status, r.body, tt.wantUnknown)
		}
	}
	if r := restored.postJSON(t, "/api/v1/sync/push", map[string]any{"revisions": []annotations.Revision{merkel}, "cursor": "x.1"}); r.status != 400 || !strings.Contains(r.body, `cursor \"x.1\"`) {
		t.Errorf("push with a cursor that is none: %d %s, want 400 naming it", r.status, r.body)
	}
}

// quoteText has a speaker, a quote and a second mention.
const quoteText = `Angela Merkel said: "We will manage this." Macron agreed with her.`

// setFixture makes revisions of one annotator's set on one article.
type setFixture struct {
	t         *testing.T
	a         annotations.Article
	annotator string
}

// id returns the nth item ID of the fixture, "0000000n-…".
func (f setFixture) id(n int) string { return fmt.Sprintf("%08d-0000-4000-8000-000000000000", n) }

func (f setFixture) span(sub string) annotations.Span {
	f.t.Helper()
	i := strings.Index(f.a.Text, sub)
	if i < 0 {
		f.t.Fatalf("%q is not in the text", sub)
	}
	start := annotations.RuneCount(f.a.Text[:i])
	s, err := annotations.NewSpan([]rune(f.a.Text), start, start+annotations.RuneCount(sub))
	if err != nil {
		f.t.Fatal(err)
	}
	return s
}

func (f setFixture) must(r annotations.Revision, err error) annotations.Revision {
	f.t.Helper()
	if err != nil {
		f.t.Fatal(err)
	}
	return r
}

func (f setFixture) entity(n int, sub, label string) annotations.Revision {
	return f.must(annotations.NewEntityRevision("", annotations.SetKey{ArticleID: f.a.ID, Annotator: f.annotator}, annotations.Entity{ID: f.id(n), Span: f.span(sub), Label: label}))
}

// quote returns quote n of the quote in quoteText, by speaker (of kind).
func (f setFixture) quote(n int, kind annotations.RefKind, speaker int) annotations.Revision {
	return f.must(annotations.NewQuoteRevision("", annotations.SetKey{ArticleID: f.a.ID, Annotator: f.annotator}, annotations.Quote{ID: f.id(n),
		Content: f.span("We will manage this."), Speaker: annotations.Ref{Kind: kind, ID: f.id(speaker)}, Direct: true}))
}

func (f setFixture) group(n int, members ...int) annotations.Revision {
	g := annotations.EntityGroup{ID: f.id(n), Name: "Angela Merkel"}
	for _, m := range members {
		g.Members = append(g.Members, f.id(m))
	}
	return f.must(annotations.NewGroupRevision("", annotations.SetKey{ArticleID: f.a.ID, Annotator: f.annotator}, g))
}

// stance returns stance n of the speaker of quote q toward a topic, with
// the quote as evidence.
func (f setFixture) stance(n, q int, polarity string) annotations.Revision {
	return f.must(annotations.NewStanceRevision("", annotations.SetKey{ArticleID: f.a.ID, Annotator: f.annotator}, annotations.Stance{ID: f.id(n),
		Holder: annotations.Holder{Kind: annotations.RefQuoteSpeaker, ID: f.id(q)}, Target: annotations.Target{Kind: annotations.RefTopic, Topic: "migration"},
		Polarity: polarity, Evidence: []annotations.Evidence{{Kind: annotations.RefQuote, ID: f.id(q)}}}))
}

// schema returns a schema revision on top of parent ("" for the first):
// PER, ORG and the extra labels, and the polarities (none: the default).
func (f setFixture) schema(parent string, labels []string, polarities ...string) annotations.Revision {
	sc := annotations.Schema{EntityLabels: []annotations.Label{{Name: "PER", Key: "1"}, {Name: "ORG", Key: "2"}}, StancePolarities: polarities}
	for _, l := range labels {
		sc.EntityLabels = append(sc.EntityLabels, annotations.Label{Name: l})
	}
	return f.must(annotations.NewSchemaRevision(parent, annotations.SetKey{ArticleID: f.a.ID, Annotator: f.annotator}, sc))
}

func (f setFixture) del(r annotations.Revision) annotations.Revision {
	return f.must(annotations.NewDeletion(r))
}

// TestPushChecksSet: a pushed revision is checked against its own set: its
// label and polarity against the schema the set has (or had), the items it
// refers to against the set's stored items and the batch's. Each case is
// one annotator's set: what an earlier push stored, then the batch, with
// the results wanted (a rejected one's message; "" for applied), and only
// the applied revisions stored.
func TestPushChecksSet(t *testing.T) {
	e := newEnv(t, server.Options{})
	a := e.putArticle(t, "", quoteText)
	short := func(n int) string { return fmt.Sprintf("%08d…", n) }
	type revs = []annotations.Revision
	tests := []struct {
		name   string
		build  func(f setFixture) (before, batch revs)
		want   []string // per revision of batch: "" when applied, else the message
		review []string // the stored set's review flags after the push
	}{
		{"a quote by a mention earlier in the batch", func(f setFixture) (revs, revs) {
			return nil, revs{f.entity(1, "Angela Merkel", "PER"), f.quote(2, annotations.RefEntity, 1)}
		}, []string{"", ""}, nil},
		{"a quote by a mention later in the batch", func(f setFixture) (revs, revs) {
			return nil, revs{f.quote(2, annotations.RefEntity, 1), f.entity(1, "Angela Merkel", "PER")}
		}, []string{"", ""}, nil},
		{"a quote by a mention of an earlier push", func(f setFixture) (revs, revs) {
			return revs{f.entity(1, "Angela Merkel", "PER")}, revs{f.quote(2, annotations.RefEntity, 1)}
		}, []string{""}, nil},
		{"a quote by a mention that never existed", func(f setFixture) (revs, revs) {
			return nil, revs{f.entity(1, "Angela Merkel", "PER"), f.quote(2, annotations.RefEntity, 3)}
		}, []string{"", "speaker: names an entity mention this annotation set does not have (" + short(3) + "): it may not have synced yet, or was never made; choose it again"}, nil},
		{"a quote by a mention deleted by an earlier push", func(f setFixture) (revs, revs) {
			m := f.entity(1, "Angela Merkel", "PER")
			return revs{m, f.del(m)}, revs{f.quote(2, annotations.RefEntity, 1)}
		}, []string{""}, []string{"The speaker, the mention “Angela Merkel”, was deleted (perhaps on another device): choose another, or undo the deletion"}},
		{"a quote by a mention deleted earlier in the batch", func(f setFixture) (revs, revs) {
			m := f.entity(1, "Angela Merkel", "PER")
			return revs{m}, revs{f.del(m), f.quote(2, annotations.RefEntity, 1)}
		}, []string{"", ""}, []string{"The speaker, the mention “Angela Merkel”, was deleted (perhaps on another device): choose another, or undo the deletion"}},
		{"a quote by a group that is a mention", func(f setFixture) (revs, revs) {
			return revs{f.entity(1, "Angela Merkel", "PER")}, revs{f.quote(2, annotations.RefGroup, 1)}
		}, []string{"speaker: must be an entity group, but " + short(1) + " is an entity mention: choose it again"}, nil},
		{"a quote by a rejected group, which has a missing member", func(f setFixture) (revs, revs) {
			return nil, revs{f.entity(1, "Angela Merkel", "PER"), f.group(3, 1, 4), f.quote(2, annotations.RefGroup, 3)}
		}, []string{"", "members[1]: names an entity mention this annotation set does not have (" + short(4) + "): it may not have synced yet, or was never made; choose it again", "speaker: names an entity group this annotation set does not have (" + short(3) + "): it may not have synced yet, or was never made; choose it again"}, nil},
		{"a stance by the speaker of a quote in the batch", func(f setFixture) (revs, revs) {
			return revs{f.entity(1, "Angela Merkel", "PER")}, revs{f.stance(5, 2, "FAVOR"), f.quote(2, annotations.RefEntity, 1)}
		}, []string{"", ""}, nil},
		{"a quote that makes a mention a quote", func(f setFixture) (revs, revs) {
			m := f.entity(1, "Angela Merkel", "PER")
			q := f.quote(1, annotations.RefEntity, 1)
			q = f.must(annotations.NewRevision(m.ID, q.Item, q.Kind, q.Key(), false, q.Body))
			return revs{m}, revs{q}
		}, []string{"kind: item " + short(1) + " is an entity mention: a revision cannot make it a quote"}, nil},
		{"a custom label after the schema revision that adds it", func(f setFixture) (revs, revs) {
			return nil, revs{f.schema("", []string{"ROLE"}), f.entity(1, "Macron", "ROLE")}
		}, []string{"", ""}, nil},
		{"a custom label before the schema revision that adds it", func(f setFixture) (revs, revs) {
			return nil, revs{f.entity(1, "Macron", "ROLE"), f.schema("", []string{"ROLE"})}
		}, []string{"", ""}, nil},
		{"a custom label of a schema pushed earlier", func(f setFixture) (revs, revs) {
			return revs{f.schema("", []string{"ROLE"})}, revs{f.entity(1, "Macron", "ROLE")}
		}, []string{""}, nil},
		{"a label the set never had", func(f setFixture) (revs, revs) {
			return revs{f.schema("", []string{"ROLE"})}, revs{f.entity(1, "Macron", "PERS")}
		}, []string{`label: "PERS" is not a label of this annotation set (labels: [PER ORG ROLE])`}, nil},
		{"a label the schema dropped on another device", func(f setFixture) (revs, revs) {
			sc := f.schema("", []string{"ROLE"})
			return revs{sc, f.schema(sc.ID, nil)}, revs{f.entity(1, "Macron", "ROLE"), f.entity(2, "Angela Merkel", "LOC")}
		}, []string{"", ""}, []string{`Its label "LOC" is no longer one of this set's labels: give it another label, or add "LOC" back to the labels`, `Its label "ROLE" is no longer one of this set's labels: give it another label, or add "ROLE" back to the labels`}},
		{"a label of an invalid schema revision", func(f setFixture) (revs, revs) {
			bad := f.schema("", []string{"ROLE", "ROLE"})
			return nil, revs{bad, f.entity(1, "Macron", "ROLE")}
		}, []string{`entity_labels: Two labels are named "ROLE" (labels 3 and 4): rename one of them.`, `label: "ROLE" is not a label of this annotation set (labels: [PER ORG LOC MISC])`}, nil},
		// Made offline by an earlier release, before the editor kept q: it
		// is stored, so that neither it nor the edits made on top of it
		// are stranded; the label editor refuses the key in a new schema.
		{"a label key the editor now keeps for a command", func(f setFixture) (revs, revs) {
			sc := annotations.Schema{EntityLabels: []annotations.Label{{Name: "PER", Key: "1"}, {Name: "ROLE", Key: "q"}}}
			return nil, revs{f.must(annotations.NewSchemaRevision("", annotations.SetKey{ArticleID: f.a.ID, Annotator: f.annotator}, sc)), f.entity(1, "Macron", "ROLE")}
		}, []string{"", ""}, nil},
		{"a polarity the set never had", func(f setFixture) (revs, revs) {
			return revs{f.entity(1, "Angela Merkel", "PER"), f.quote(2, annotations.RefEntity, 1)}, revs{f.stance(5, 2, "MAYBE")}
		}, []string{`polarity: "MAYBE" is not a stance polarity of this annotation set (polarities: [FAVOR AGAINST NONE])`}, nil},
		{"a polarity of the set's schema", func(f setFixture) (revs, revs) {
			return revs{f.entity(1, "Angela Merkel", "PER"), f.quote(2, annotations.RefEntity, 1), f.schema("", nil, "PRO", "CON")}, revs{f.stance(5, 2, "PRO")}
		}, []string{""}, nil},
		{"a mention of another annotator's set", func(f setFixture) (revs, revs) {
			other := f
			other.annotator = "someone else"
			return revs{other.entity(1, "Angela Merkel", "PER")}, revs{f.quote(2, annotations.RefEntity, 1)}
		}, []string{"speaker: names an entity mention this annotation set does not have (" + short(1) + "): it may not have synced yet, or was never made; choose it again"}, nil},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := setFixture{t: t, a: a, annotator: fmt.Sprintf("ann %d", i)}
			before, batch := tt.build(f)
			if len(before) > 0 {
				e.pushEach(t, before...)
			}
			snap := e.snapshot(t)
			r, got := e.as(t, f.annotator).push(t, batch...)
			var want, gotResults []result
			wantStored := snap.Revisions[server.SetRef{ArticleID: a.ID, Annotator: f.annotator}]
			firstProblem := ""
			for k, msg := range tt.want {
				if msg == "" {
					want = append(want, result{status: "applied"})
					wantStored = append(wantStored, batch[k])
					continue
				}
				code := "invalid"
				if strings.Contains(msg, " this annotation set does not have") {
					code = "unknown_item" // a referred item the set lacks
				}
				want = append(want, result{"rejected", code, msg})
				if firstProblem == "" {
					firstProblem = fmt.Sprintf("revision %d (item %s): %s", k, batch[k].Item, msg)
				}
			}
			gotResults = resultsOf(got)
			if diff := cmp.Diff(want, gotResults, cmp.AllowUnexported(result{})); diff != "" {
				t.Errorf("results (-want +got):\n%s", diff)
			}
			wantStatus := 200
			if firstProblem != "" {
				wantStatus = 400
			}
			if r.status != wantStatus {
				t.Errorf("status %d, want %d", r.status, wantStatus)
			}
			switch {
			case firstProblem == "" && got.Error != nil:
				t.Errorf("top-level error %+v, want none", got.Error)
			case firstProblem != "" && (got.Error == nil || got.Error.Code != "invalid" || got.Error.Message != firstProblem):
				t.Errorf("top-level error %+v, want invalid %q", got.Error, firstProblem)
			}
			// The applied revisions are stored, after the earlier push's,
			// and nothing else changed.
			after := e.snapshot(t)
			ref := server.SetRef{ArticleID: a.ID, Annotator: f.annotator}
			stored := after.Revisions[ref]
			if diff := cmp.Diff(wantStored, stored); diff != "" {
				t.Errorf("stored revisions of the set (-want +got):\n%s", diff)
			}
			delete(after.Revisions, ref)
			delete(snap.Revisions, ref)
			if diff := cmp.Diff(snap, after); diff != "" {
				t.Errorf("the push changed other sets (-before +after):\n%s", diff)
			}
			// What the push let in with a dangling reference or a dropped
			// label is flagged for review.
			set, err := annotations.BuildSet(annotations.SetKey{ArticleID: a.ID, Annotator: f.annotator}, stored)
			if err != nil {
				t.Fatal(err)
			}
			var reasons []string
			for _, fl := range set.Review {
				reasons = append(reasons, fl.Reason)
			}
			if diff := cmp.Diff(tt.review, reasons); diff != "" {
				t.Errorf("review of the stored set (-want +got):\n%s", diff)
			}
		})
	}
}
