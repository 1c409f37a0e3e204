package formats

import (
	"archive/zip"
	"bytes"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/uuid"

	"github.com/gloss-annotate/gloss/annotations"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

// samplePath is the article the fixture annotates: the sample article as
// it was first shipped, scraped page furniture and all (the sample now
// ships clean), kept here so that the golden files' offsets stay put.
const samplePath = "testdata/scraped-sample.txt"

// fixtureNS makes the fixture's item IDs: fixed, so golden files are stable.
var fixtureNS = uuid.MustParse("5d1f0c3e-6a47-4c59-9a57-2f6e0b1c7d10")

func fixtureID(name string) string { return uuid.NewSHA1(fixtureNS, []byte(name)).String() }

// fixtureSet builds an annotation set with the real annotations API: it
// adds items by their text (the nth occurrence of a string), makes their
// revisions, validates them as the server does, and resolves the set.
type fixtureSet struct {
	t         *testing.T
	a         annotations.Article
	text      []rune
	annotator string
	revs      []annotations.Revision
	items     map[string]annotations.Kind
	schema    annotations.Schema
}

func newFixtureSet(t *testing.T, title, text, annotator string) *fixtureSet {
	t.Helper()
	a, err := annotations.NewArticle(title, text, importTime)
	if err != nil {
		t.Fatal(err)
	}
	return &fixtureSet{t: t, a: a, text: []rune(a.Text), annotator: annotator, items: map[string]annotations.Kind{}, schema: annotations.DefaultSchema()}
}

// span returns the span of the nth (from 1) occurrence of s.
func (f *fixtureSet) span(s string, nth int) annotations.Span {
	f.t.Helper()
	i := -1
	for range nth {
		j := strings.Index(f.a.Text[i+1:], s)
		if j < 0 {
			f.t.Fatalf("%q occurs fewer than %d times", s, nth)
		}
		i += 1 + j
	}
	start := annotations.ByteToCodePoint(f.a.Text, i)
	sp, err := annotations.NewSpan(f.text, start, start+annotations.RuneCount(s))
	if err != nil {
		f.t.Fatal(err)
	}
	return sp
}

func (f *fixtureSet) add(rev annotations.Revision, err error) string {
	f.t.Helper()
	if err == nil {
		err = rev.ValidateAgainst(f.a, f.schema)
	}
	if err == nil {
		err = annotations.CheckReferences(rev, f.items)
	}
	if err != nil {
		f.t.Fatal(err)
	}
	f.items[rev.Item] = rev.Kind
	f.revs = append(f.revs, rev)
	return rev.Item
}

// labels adds labels to the set's schema.
func (f *fixtureSet) labels(names ...string) {
	for _, n := range names {
		f.schema.EntityLabels = append(f.schema.EntityLabels, annotations.Label{Name: n})
	}
	f.add(annotations.NewSchemaRevision("", annotations.SetKey{ArticleID: f.a.ID, Annotator: f.annotator}, f.schema))
}

func (f *fixtureSet) entity(name, s string, nth int, label string) string {
	return f.add(annotations.NewEntityRevision("", annotations.SetKey{ArticleID: f.a.ID, Annotator: f.annotator}, annotations.Entity{ID: fixtureID(name), Span: f.span(s, nth), Label: label}))
}

func (f *fixtureSet) record() annotations.ExportRecord {
	f.t.Helper()
	s, err := annotations.BuildSet(annotations.SetKey{ArticleID: f.a.ID, Annotator: f.annotator}, f.revs)
	if err != nil {
		f.t.Fatal(err)
	}
	return annotations.NewExportRecord(f.a, s)
}

// fixtureRecords returns the fixture: the sample article annotated by
// "ana" (nested, crossing and in-token entities, groups, two quotes with
// speaker and cue, stances with a topic and evidence), and a short text
// with an emoji before its entities, annotated by "bo b".
func fixtureRecords(t *testing.T) []annotations.ExportRecord {
	t.Helper()
	raw, err := os.ReadFile(samplePath)
	if err != nil {
		t.Fatal(err)
	}
	f := newFixtureSet(t, "", string(raw), "ana")
	t1 := f.entity("tillerson-title", "Rex Tillerson", 1, "PER")
	f.entity("lavrov", "Sergei Lavrov", 1, "PER")
	f.entity("russian", "Russian", 1, "MISC")
	sec := f.entity("secretary", "Secretary of State Rex Tillerson", 2, "PER")
	t3 := f.entity("tillerson-nested", "Rex Tillerson", 3, "PER") // nested in sec
	f.entity("us-no-period", "U.S", 2, "LOC")                     // "U.S." split at the period
	f.entity("un", "United Nations", 1, "ORG")
	f.entity("un-resolution", "United Nations resolution", 1, "MISC") // nests "United Nations"
	f.entity("khan", "Khan Sheikhoun", 1, "LOC")
	f.entity("attacked", "Sheikhoun was attacked", 1, "MISC") // crosses "Khan Sheikhoun"
	haley := f.entity("haley", "Nikki Haley", 1, "PER")
	f.entity("security-council", "UN Security Council", 1, "ORG")
	f.entity("assad", "Assad", 2, "PER")
	group := f.add(annotations.NewGroupRevision("", annotations.SetKey{ArticleID: f.a.ID, Annotator: "ana"}, annotations.EntityGroup{ID: fixtureID("g-tillerson"), Name: "Rex Tillerson", Members: []string{t1, sec, t3}}))
	hg := f.add(annotations.NewGroupRevision("", annotations.SetKey{ArticleID: f.a.ID, Annotator: "ana"}, annotations.EntityGroup{ID: fixtureID("g-haley"), Name: "Nikki Haley", Members: []string{haley}}))
	said := f.span("said", 1)
	q1 := f.add(annotations.NewQuoteRevision("", annotations.SetKey{ArticleID: f.a.ID, Annotator: "ana"}, annotations.Quote{ID: fixtureID("q-low-point"),
		Content: f.span("a low point,", 1), Speaker: annotations.Ref{Kind: annotations.RefEntity, ID: sec}, Cue: &said, Direct: true}))
	said2 := f.span("said", 2)
	q2 := f.add(annotations.NewQuoteRevision("", annotations.SetKey{ArticleID: f.a.ID, Annotator: "ana"}, annotations.Quote{ID: fixtureID("q-haley"),
		Content: f.span("To my colleagues from Russia—you are isolating yourselves from the international community", 1),
		Speaker: annotations.Ref{Kind: annotations.RefGroup, ID: hg}, Cue: &said2, Direct: true}))
	problem := f.span("part of the problem", 1)
	f.add(annotations.NewStanceRevision("", annotations.SetKey{ArticleID: f.a.ID, Annotator: "ana"}, annotations.Stance{ID: fixtureID("s-haley"),
		Holder: annotations.Holder{Kind: annotations.RefQuoteSpeaker, ID: q2}, Target: annotations.Target{Kind: annotations.RefTopic, Topic: "Russia's role in Syria"},
		Polarity: "AGAINST", Evidence: []annotations.Evidence{{Kind: annotations.RefQuote, ID: q2}, {Kind: annotations.RefSpan, Span: &problem}}}))
	f.add(annotations.NewStanceRevision("", annotations.SetKey{ArticleID: f.a.ID, Annotator: "ana"}, annotations.Stance{ID: fixtureID("s-tillerson"),
		Holder: annotations.Holder{Kind: annotations.RefGroup, ID: group}, Target: annotations.Target{Kind: annotations.RefTopic, Topic: "US-Russia relations"},
		Polarity: "AGAINST", Evidence: []annotations.Evidence{{Kind: annotations.RefQuote, ID: q1}}}))
	f.add(annotations.NewStanceRevision("", annotations.SetKey{ArticleID: f.a.ID, Annotator: "ana"}, annotations.Stance{ID: fixtureID("s-article"),
		Holder: annotations.Holder{Kind: annotations.RefArticle}, Target: annotations.Target{Kind: annotations.RefEntity, ID: haley}, Polarity: "NONE"}))

	g := newFixtureSet(t, "Emoji", "👋🏽 Hi! Rex Tillerson met Sergei Lavrov in Moscow on Wednesday.\n“We talked,” Lavrov said.", "bo b")
	g.entity("e-tillerson", "Rex Tillerson", 1, "PER")
	g.entity("e-moscow", "Moscow", 1, "LOC")
	lav := g.entity("e-lavrov", "Lavrov", 2, "PER")
	g.entity("e-wed", "Wed", 1, "MISC") // a boundary inside "Wednesday"
	said3 := g.span("said", 1)
	g.add(annotations.NewQuoteRevision("", annotations.SetKey{ArticleID: g.a.ID, Annotator: "bo b"}, annotations.Quote{ID: fixtureID("e-q"),
		Content: g.span("We talked,", 1), Speaker: annotations.Ref{Kind: annotations.RefEntity, ID: lav}, Cue: &said3, Direct: true}))
	return []annotations.ExportRecord{f.record(), g.record()}
}

// export writes recs in format with opts (records alternately in train and
// test when split) and returns the output and the problems reported.
func export(t testing.TB, format string, opts Options, recs []annotations.ExportRecord) ([]byte, []Problem) {
	t.Helper()
	var buf bytes.Buffer
	x, err := NewExporter(&buf, format, opts)
	if err != nil {
		t.Fatal(err)
	}
	for i, rec := range recs {
		part := ""
		if opts.Split {
			part = []string{PartTrain, PartTest}[i*2/len(recs)]
		}
		if err := x.Write(part, rec); err != nil {
			t.Fatal(err)
		}
	}
	if err := x.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes(), x.Problems()
}

// unzip returns the files of a zip, in order.
func unzip(t testing.TB, data []byte) (names []string, files map[string][]byte) {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	files = map[string][]byte{}
	for _, zf := range zr.File {
		rc, err := zf.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		names = append(names, zf.Name)
		files[zf.Name] = b
	}
	return names, files
}

// listing renders a zip as its file names, then each file's content.
func listing(t testing.TB, data []byte) []byte {
	names, files := unzip(t, data)
	var b bytes.Buffer
	b.WriteString("zip:\n")
	for _, n := range names {
		fmt.Fprintf(&b, "  %s\n", n)
	}
	for _, n := range names {
		fmt.Fprintf(&b, "\n=== %s ===\n", n)
		b.Write(files[n])
	}
	return b.Bytes()
}

// golden compares got with testdata/name, or rewrites it with -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to write it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the export (run go test -update and review the diff):\n%s", path, firstDiff(want, got))
	}
}

// firstDiff shows the first line where want and got differ.
func firstDiff(want, got []byte) string {
	wl, gl := strings.Split(string(want), "\n"), strings.Split(string(got), "\n")
	for i := 0; i < max(len(wl), len(gl)); i++ {
		var w, g string
		if i < len(wl) {
			w = wl[i]
		}
		if i < len(gl) {
			g = gl[i]
		}
		if w != g {
			return fmt.Sprintf("line %d:\nwant %q\ngot  %q", i+1, w, g)
		}
	}
	return ""
}
