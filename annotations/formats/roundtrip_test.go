package formats

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"
	"unicode"

	"github.com/google/go-cmp/cmp"

	"github.com/gloss-annotate/gloss/annotations"
)

// rebuild resolves imported revisions into export records, as the server
// would after storing them.
func rebuild(t *testing.T, ims []Imported) []annotations.ExportRecord {
	t.Helper()
	var recs []annotations.ExportRecord
	for _, im := range ims {
		s, err := annotations.BuildSet(annotations.SetKey{ArticleID: im.Article.ID, Annotator: im.Annotator}, im.Revisions)
		if err != nil {
			t.Fatal(err)
		}
		if len(s.Review) > 0 {
			t.Errorf("imported set %s/%s needs review: %v", im.Article.ID, im.Annotator, s.Review)
		}
		recs = append(recs, annotations.NewExportRecord(im.Article, s))
	}
	return recs
}

func TestImportJSONLRoundTrip(t *testing.T) {
	recs := fixtureRecords(t)
	out, _ := export(t, "jsonl", Options{}, recs)
	ims, err := Import(out, "jsonl", "", importTime)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(recs, rebuild(t, ims)); diff != "" {
		t.Errorf("jsonl → Import → export (-want +got):\n%s", diff)
	}
	again, err := Import(out, "jsonl", "", importTime)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(ims, again); diff != "" {
		t.Errorf("importing the same file twice gives other revisions (-first +second):\n%s", diff)
	}
	// Another annotator: same items, in that annotator's set.
	other, err := Import(out, "jsonl", "cy", importTime)
	if err != nil {
		t.Fatal(err)
	}
	for _, im := range other {
		for _, r := range im.Revisions {
			if r.Annotator != "cy" {
				t.Errorf("revision %s is by %q, want cy", r.ID, r.Annotator)
			}
		}
	}
}

// spanOf names an entity by label and offsets.
func spanOf(e annotations.ExportEntity) string {
	return fmt.Sprintf("%s %d-%d", e.Label, e.Start, e.End)
}

// shape renders a record's items without IDs: references as the offsets of
// the mention or the name of the group they point at, sorted, so that
// records imported with new IDs compare.
func shape(rec annotations.ExportRecord, skip map[string]bool) []string {
	ents := map[string]annotations.ExportEntity{}
	for _, e := range rec.Entities {
		ents[e.ID] = e
	}
	groupName := map[string]string{}
	for _, g := range rec.Groups {
		groupName[g.ID] = g.Name
	}
	ref := func(kind annotations.RefKind, id string) string {
		if kind == annotations.RefGroup {
			return fmt.Sprintf("group %q", groupName[id])
		}
		if e, ok := ents[id]; ok {
			return spanOf(e)
		}
		return string(kind)
	}
	quotes := map[string]annotations.ExportQuote{}
	var out []string
	for _, e := range rec.Entities {
		out = append(out, "entity "+spanOf(e))
	}
	for _, g := range rec.Groups {
		var ms []string
		for _, m := range g.Members {
			ms = append(ms, spanOf(ents[m]))
		}
		out = append(out, fmt.Sprintf("group %q %v", g.Name, ms))
	}
	for _, q := range rec.Quotes {
		quotes[q.ID] = q
		cue := "none"
		if q.Cue != nil {
			cue = fmt.Sprintf("%d-%d", q.Cue.Start, q.Cue.End)
		}
		out = append(out, fmt.Sprintf("quote %d-%d direct=%v speaker=%s cue=%s", q.Start, q.End, q.Direct, ref(q.Speaker.Kind, q.Speaker.ID), cue))
	}
	for _, st := range rec.Stances {
		if skip[st.ID] {
			continue
		}
		holder := ref(st.Holder.Kind, st.Holder.ID)
		if st.Holder.Kind == annotations.RefQuoteSpeaker {
			q := quotes[st.Holder.ID]
			holder = fmt.Sprintf("speaker of %d-%d", q.Start, q.End)
		}
		target := "topic " + st.Target.Topic
		if st.Target.Kind != annotations.RefTopic {
			target = ref(st.Target.Kind, st.Target.ID)
		}
		var ev []string
		for _, e := range st.Evidence {
			ev = append(ev, fmt.Sprintf("%s %d-%d", e.Kind, e.Start, e.End))
		}
		out = append(out, fmt.Sprintf("stance %s holder=%s target=%s evidence=%v", st.Polarity, holder, target, ev))
	}
	slices.Sort(out)
	return out
}

func TestImportRoundTrips(t *testing.T) {
	recs := fixtureRecords(t)
	entitiesOnly := func(rec annotations.ExportRecord) annotations.ExportRecord {
		rec.Groups, rec.Quotes, rec.Stances = nil, nil, nil
		return rec
	}
	tests := []struct {
		format string
		// want is what the import keeps of a record.
		want func(annotations.ExportRecord) annotations.ExportRecord
	}{
		{"doccano", entitiesOnly},
		{"brat", func(rec annotations.ExportRecord) annotations.ExportRecord { return rec }},
	}
	for _, tt := range tests {
		t.Run(tt.format, func(t *testing.T) {
			out, problems := export(t, tt.format, Options{}, recs)
			skip := map[string]bool{}
			for _, p := range problems {
				if p.Kind != ProblemLeftOut {
					t.Errorf("unexpected problem %+v", p)
				}
				skip[p.Item] = true
			}
			for _, annotator := range []string{"ana", "bo b"} {
				ims, err := Import(out, tt.format, annotator, importTime)
				if err != nil {
					t.Fatal(err)
				}
				if nr := TallyNotRead(ims); len(nr) > 0 {
					t.Errorf("Gloss's own %s export imports with parts not read: %+v", tt.format, nr)
				}
				got := rebuild(t, ims)
				if len(got) != len(recs) {
					t.Fatalf("%d records imported, want %d", len(got), len(recs))
				}
				// brat orders files by name, doccano keeps the order.
				slices.SortFunc(got, func(a, b annotations.ExportRecord) int { return strings.Compare(a.Text, b.Text) })
				want := slices.Clone(recs)
				slices.SortFunc(want, func(a, b annotations.ExportRecord) int { return strings.Compare(a.Text, b.Text) })
				for i := range want {
					if got[i].Text != want[i].Text || got[i].Annotator != annotator {
						t.Errorf("record %d: text or annotator differ (%q)", i, got[i].Annotator)
					}
					if diff := cmp.Diff(shape(tt.want(want[i]), skip), shape(got[i], nil)); diff != "" {
						t.Errorf("%s → Import, record %d (-want +got):\n%s", tt.format, i, diff)
					}
				}
			}
		})
	}
}

// conllDocs parses CoNLL output into documents of (token, tag) lines.
func conllDocs(t *testing.T, data []byte) [][][2]string {
	t.Helper()
	var docs [][][2]string
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if line == "" {
			continue
		}
		f := strings.Split(line, " ")
		if len(f) != 4 || f[1] != "-X-" {
			t.Fatalf("line %q is not 4 CoNLL columns", line)
		}
		if f[0] == "-DOCSTART-" {
			docs = append(docs, nil)
			continue
		}
		docs[len(docs)-1] = append(docs[len(docs)-1], [2]string{f[0], f[3]})
	}
	return docs
}

// decodeTags aligns tokens to text (only white space may lie between
// them) and returns the entity spans their IOB2 tags make.
func decodeTags(t *testing.T, text string, toks [][2]string) []string {
	t.Helper()
	rs := []rune(text)
	pos := 0
	var spans []string
	open, start := "", 0
	closeSpan := func(end int) {
		if open != "" {
			spans = append(spans, fmt.Sprintf("%s %d-%d", open, start, end))
			open = ""
		}
	}
	prevEnd := 0
	for _, tk := range toks {
		for pos < len(rs) && unicode.IsSpace(rs[pos]) {
			pos++
		}
		tr := []rune(tk[0])
		if pos+len(tr) > len(rs) || string(rs[pos:pos+len(tr)]) != tk[0] {
			t.Fatalf("token %q is not the text at %d (after white space only)", tk[0], pos)
		}
		tagName := tk[1]
		switch {
		case tagName == "O":
			closeSpan(prevEnd)
		case strings.HasPrefix(tagName, "B-"):
			closeSpan(prevEnd)
			open, start = tagName[2:], pos
		case strings.HasPrefix(tagName, "I-"):
			if open != tagName[2:] {
				t.Errorf("token %q at %d: %s does not continue a %s entity", tk[0], pos, tagName, tagName[2:])
			}
		default:
			t.Fatalf("tag %q is not IOB2", tagName)
		}
		pos += len(tr)
		prevEnd = pos
	}
	closeSpan(prevEnd)
	if strings.TrimFunc(string(rs[pos:]), unicode.IsSpace) != "" {
		t.Errorf("text after the last token: %q", string(rs[pos:]))
	}
	return spans
}

// taggedEntities are the entities of rec that the IOB2 formats must tag:
// all but those reported as overlapping.
func taggedEntities(rec annotations.ExportRecord, problems []Problem) []string {
	dropped := map[string]bool{}
	for _, p := range problems {
		if p.Kind == ProblemOverlap || p.Kind == ProblemLeftOut {
			dropped[p.Item] = true
		}
	}
	var out []string
	for _, e := range rec.Entities {
		if !dropped[e.ID] {
			out = append(out, spanOf(e))
		}
	}
	slices.Sort(out)
	return out
}

func TestCoNLLTokensAndTags(t *testing.T) {
	recs := fixtureRecords(t)
	out, problems := export(t, "conll", Options{}, recs)
	docs := conllDocs(t, out)
	if len(docs) != len(recs) {
		t.Fatalf("%d documents, want %d", len(docs), len(recs))
	}
	for i, rec := range recs {
		got := decodeTags(t, rec.Text, docs[i])
		slices.Sort(got)
		if diff := cmp.Diff(taggedEntities(rec, problems), got); diff != "" {
			t.Errorf("record %d: B-/I- runs vs entity offsets (-want +got):\n%s", i, diff)
		}
	}
	kinds := map[string]int{}
	for _, p := range problems {
		kinds[p.Kind]++
	}
	// The fixture has a nested, a crossing and a nested-in-MISC entity, and
	// two boundaries inside a token ("U.S." and "Wednesday").
	if kinds[ProblemOverlap] != 3 || kinds[ProblemSplitToken] != 2 {
		t.Errorf("problems by kind %v, want 3 overlap and 2 split_token", kinds)
	}
}

func TestHFTagsDecode(t *testing.T) {
	recs := fixtureRecords(t)
	for _, opts := range []Options{{}, {Labels: []string{"MISC", "PER"}}} {
		out, problems := export(t, "hf", opts, recs)
		_, files := unzip(t, out)
		var names []string
		if err := json.Unmarshal(files["labels.json"], &names); err != nil {
			t.Fatal(err)
		}
		if names[0] != "O" {
			t.Errorf("labels.json starts with %q, want O", names[0])
		}
		byArticle := map[string][][2]string{}
		sc := bufio.NewScanner(bytes.NewReader(files["gloss.jsonl"]))
		sc.Buffer(nil, 1<<20)
		for sc.Scan() {
			var row hfRow
			if err := json.Unmarshal(sc.Bytes(), &row); err != nil {
				t.Fatal(err)
			}
			if len(row.Tokens) != len(row.NERTags) {
				t.Fatalf("row %s: %d tokens, %d tags", row.ID, len(row.Tokens), len(row.NERTags))
			}
			for i, tok := range row.Tokens {
				byArticle[row.ArticleID] = append(byArticle[row.ArticleID], [2]string{tok, names[row.NERTags[i]]})
			}
		}
		for _, rec := range recs {
			rec = filterLabels(rec, opts.Labels)
			got := decodeTags(t, rec.Text, byArticle[rec.ArticleID])
			slices.Sort(got)
			if diff := cmp.Diff(taggedEntities(rec, problems), got); diff != "" {
				t.Errorf("labels %v, article %s: decoded tags vs entities (-want +got):\n%s", opts.Labels, rec.ArticleID, diff)
			}
		}
	}
}

// TestProblemsCapped: an export whose mentions all meet a problem keeps the
// first MaxProblems to list and counts them all, so that its memory stays
// flat however many there are.
func TestProblemsCapped(t *testing.T) {
	const n = MaxProblems + 500
	text := strings.Repeat("Moscow ", n)
	rec := annotations.ExportRecord{ArticleID: "a", Annotator: "ann", Text: text}
	for i := range n {
		// "Mosc" of each "Moscow": a boundary inside a token.
		rec.Entities = append(rec.Entities, annotations.ExportEntity{ID: fmt.Sprintf("e%d", i), Start: i * 7, End: i*7 + 4, Label: "LOC", Text: "Mosc"})
	}
	for _, format := range []string{"conll", "hf"} {
		var buf bytes.Buffer
		x, err := NewExporter(&buf, format, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if err := x.Write("", rec); err != nil {
			t.Fatal(err)
		}
		if err := x.Close(); err != nil {
			t.Fatal(err)
		}
		if got := len(x.Problems()); got != MaxProblems {
			t.Errorf("%s: %d problems listed, want %d", format, got, MaxProblems)
		}
		if got := x.ProblemCount(); got != n {
			t.Errorf("%s: ProblemCount = %d, want %d", format, got, n)
		}
	}
}
