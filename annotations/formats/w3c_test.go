package formats

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// w3cDir holds the W3C Web Annotation conformance schemas (from
// web-platform-tests, see its README).
const w3cDir = "testdata/w3c-annotation-model"

// annotationMusts lists the assertions of upstream
// annotation-model/annotations/annotationMusts.test (wpt commit 8064b244),
// the 14 MUST assertions every Annotation must satisfy.
var annotationMusts = []string{
	"annotations/3.1-annotationContextValidated.json",
	"annotations/3.1-annotationIdValidated.json",
	"annotations/3.1-annotationTypeValidated.json",
	"annotations/3.1-targetKeyFound.json",
	"annotations/3.2-targetObjectsRecognized.json",
	"annotations/3.2.5-notBodyBodyValue.json",
	"annotations/3.2-bodyObjectsRecognized.json",
	"annotations/3.2.5-bodyValueValidated.json",
	"annotations/3.3.1-annotationCreatedValidated.json",
	"annotations/3.3.1-annotationModifiedValidated.json",
	"annotations/3.3.1-annotationGeneratedValidated.json",
	"annotations/3.3.6-annotationRightsValidated.json",
	"annotations/3.3.7-annotationCanonicalValidated.json",
	"annotations/3.3.7-annotationViaValidated.json",
}

// w3cBase is where the schemas are registered: every file under one
// "definitions/" URL, so that the bare file names of cross-file $refs
// resolve (the README's rule 2).
const w3cBase = "file:///w3c/definitions/"

// mustAssertion is one compiled MUST assertion and the result it expects.
type mustAssertion struct {
	name  string
	valid bool // expectedResult is "valid"
	sch   *jsonschema.Schema
}

// w3cSchemas compiles the MUST assertions and the selector definitions in
// draft-04 mode with format assertion on.
func w3cSchemas(t *testing.T) ([]mustAssertion, func(def string) *jsonschema.Schema) {
	t.Helper()
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft4)
	c.AssertFormat()
	load := func(rel string) map[string]any {
		b, err := os.ReadFile(filepath.Join(w3cDir, rel))
		if err != nil {
			t.Fatal(err)
		}
		doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
		if err != nil {
			t.Fatalf("%s: %v", rel, err)
		}
		m, ok := doc.(map[string]any)
		if !ok {
			t.Fatalf("%s is not a JSON object", rel)
		}
		return m
	}
	defs, err := filepath.Glob(filepath.Join(w3cDir, "definitions", "*.json"))
	if err != nil || len(defs) == 0 {
		t.Fatalf("no definitions under %s: %v", w3cDir, err)
	}
	for _, d := range defs {
		name := filepath.Base(d)
		if err := c.AddResource(w3cBase+name, load("definitions/"+name)); err != nil {
			t.Fatal(err)
		}
	}
	var musts []mustAssertion
	docs := map[string]map[string]any{}
	for _, a := range annotationMusts {
		doc := load(a)
		if at, ok := doc["assertionType"]; ok && at != "must" {
			t.Fatalf("%s: assertionType %v, want must", a, at)
		}
		docs[a] = doc
		if err := c.AddResource(w3cBase+filepath.Base(a), doc); err != nil {
			t.Fatal(err)
		}
	}
	for _, a := range annotationMusts {
		sch, err := c.Compile(w3cBase + filepath.Base(a))
		if err != nil {
			t.Fatalf("compile %s: %v", a, err)
		}
		expected, _ := docs[a]["expectedResult"].(string)
		musts = append(musts, mustAssertion{name: a, valid: expected != "invalid", sch: sch})
	}
	def := func(ref string) *jsonschema.Schema {
		sch, err := c.Compile(w3cBase + ref)
		if err != nil {
			t.Fatalf("compile %s: %v", ref, err)
		}
		return sch
	}
	return musts, def
}

// failedMusts returns the MUST assertions that annotation a does not
// satisfy.
func failedMusts(musts []mustAssertion, a any) []string {
	var failed []string
	for _, m := range musts {
		if (m.sch.Validate(a) == nil) != m.valid {
			failed = append(failed, m.name)
		}
	}
	return failed
}

// decodeJSON decodes b as the validator wants it (numbers as json.Number).
func decodeJSON(t *testing.T, b []byte) any {
	t.Helper()
	v, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// clone deep-copies a decoded JSON value.
func clone(t *testing.T, v any) any {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return decodeJSON(t, b)
}

func TestW3CConformance(t *testing.T) {
	musts, def := w3cSchemas(t)
	if len(musts) != 14 {
		t.Fatalf("%d MUST assertions, want 14", len(musts))
	}
	selectorDefined := def("specificResource.json#/definitions/selectorDefined")
	perType := map[string][]*jsonschema.Schema{
		"TextQuoteSelector": {def("specificResource.json#/definitions/textQuoteSelectorDetected"),
			def("specificResource.json#/definitions/textQuoteSelectorTypeValidIfPresent")},
		"TextPositionSelector": {def("specificResource.json#/definitions/textPositionSelectorDetected"),
			def("specificResource.json#/definitions/textPositionSelectorTypeValidIfPresent")},
	}

	recs := fixtureRecords(t)
	out, _ := export(t, "w3c", Options{}, recs)
	if !json.Valid(out) {
		t.Fatal("the w3c export is not one JSON document")
	}
	doc := decodeJSON(t, out).(map[string]any)
	if doc["@context"] != w3cContext || doc["type"] != "AnnotationCollection" {
		t.Errorf("collection @context %v, type %v", doc["@context"], doc["type"])
	}
	page := doc["first"].(map[string]any)
	items := page["items"].([]any)
	if page["type"] != "AnnotationPage" || doc["total"].(json.Number).String() != itoa(len(items)) {
		t.Errorf("page type %v, total %v for %d items", page["type"], doc["total"], len(items))
	}
	want := 0
	for _, r := range recs {
		want += len(r.Entities) + len(r.Groups) + len(r.Quotes) + len(r.Stances)
	}
	if len(items) != want {
		t.Errorf("%d annotations, want one per entity, group, quote and stance: %d", len(items), want)
	}
	texts := map[string][]rune{}
	for _, r := range recs {
		texts[articleIRI(r.ArticleID)] = []rune(r.Text)
	}
	selectors := 0
	// checkResource validates a SpecificResource with selectors, and that
	// they select the same text of its source.
	checkResource := func(id string, v any) {
		sr, ok := v.(map[string]any)
		if !ok || sr["selector"] == nil {
			return
		}
		if err := selectorDefined.Validate(sr); err != nil {
			t.Errorf("%s: selectorDefined: %v", id, err)
		}
		text := texts[sr["source"].(string)]
		var exact, prefix, suffix string
		var start, end int64
		for _, s := range sr["selector"].([]any) {
			sel := s.(map[string]any)
			typ, _ := sel["type"].(string)
			schemas := perType[typ]
			if schemas == nil {
				t.Errorf("%s: selector type %q", id, typ)
			}
			for _, sch := range schemas {
				if err := sch.Validate(sel); err != nil {
					t.Errorf("%s: %s: %v", id, typ, err)
				}
			}
			selectors++
			switch typ {
			case "TextQuoteSelector":
				exact, _ = sel["exact"].(string)
				prefix, _ = sel["prefix"].(string)
				suffix, _ = sel["suffix"].(string)
			case "TextPositionSelector":
				start, _ = sel["start"].(json.Number).Int64()
				end, _ = sel["end"].(json.Number).Int64()
			}
		}
		if string(text[start:end]) != exact || !strings.HasSuffix(string(text[:start]), prefix) || !strings.HasPrefix(string(text[end:]), suffix) {
			t.Errorf("%s: quote %q (prefix %q, suffix %q) is not the text at %d-%d", id, exact, prefix, suffix, start, end)
		}
	}
	for _, it := range items {
		a := it.(map[string]any)
		id, _ := a["id"].(string)
		if failed := failedMusts(musts, a); len(failed) > 0 {
			t.Errorf("annotation %s fails MUST assertions %v", id, failed)
		}
		switch tg := a["target"].(type) {
		case []any:
			for _, x := range tg {
				checkResource(id, x)
			}
		default:
			checkResource(id, tg)
		}
		if bodies, ok := a["body"].([]any); ok {
			for _, b := range bodies {
				checkResource(id, b)
			}
		}
	}
	if selectors == 0 {
		t.Error("no selector was checked")
	}

	// The validator can fail: broken copies of a real annotation fail the
	// assertion (or definition) that names their fault.
	first := items[0].(map[string]any)
	breaks := []struct {
		name  string
		fault func(a map[string]any)
		fails string
	}{
		{"no target", func(a map[string]any) { delete(a, "target") }, "annotations/3.1-targetKeyFound.json"},
		{"relative id", func(a map[string]any) { a["id"] = "anno1" }, "annotations/3.1-annotationIdValidated.json"},
		{"wrong context", func(a map[string]any) { a["@context"] = "http://example.org/ctx" }, "annotations/3.1-annotationContextValidated.json"},
		{"bad created", func(a map[string]any) { a["created"] = "yesterday" }, "annotations/3.3.1-annotationCreatedValidated.json"},
	}
	for _, br := range breaks {
		a := clone(t, first).(map[string]any)
		br.fault(a)
		failed := failedMusts(musts, a)
		if len(failed) != 1 || failed[0] != br.fails {
			t.Errorf("%s: failed %v, want just %s", br.name, failed, br.fails)
		}
	}
	bad := clone(t, first).(map[string]any)
	bad["target"].(map[string]any)["selector"].([]any)[1].(map[string]any)["start"] = json.Number("-5")
	if perType["TextPositionSelector"][0].Validate(bad["target"].(map[string]any)["selector"].([]any)[1]) == nil {
		t.Error("a TextPositionSelector starting at -5 passes textPositionSelectorDetected")
	}
}

func itoa(n int) string { b, _ := json.Marshal(n); return string(b) }

// TestW3CIDsPerSet: two sets holding the same item IDs (one file imported
// as two annotators', or a gold set made from theirs) give annotations of
// distinct ids, and each link (a quote's speaker, a group's members)
// names an annotation of its own set.
func TestW3CIDsPerSet(t *testing.T) {
	recs := fixtureRecords(t)
	copied := recs[0]
	copied.Annotator = "someone else"
	copied.SetID = fixtureID("the copy's set")
	recs = append(recs, copied)
	out, _ := export(t, "w3c", Options{}, recs)
	items := decodeJSON(t, out).(map[string]any)["first"].(map[string]any)["items"].([]any)
	ids := map[string]bool{}
	for _, it := range items {
		id := it.(map[string]any)["id"].(string)
		if ids[id] {
			t.Errorf("annotation id %s twice", id)
		}
		ids[id] = true
	}
	// Every item IRI an annotation names is an annotation of the same set.
	for _, it := range items {
		a := it.(map[string]any)
		set := strings.SplitN(a["id"].(string), ":item:", 2)[0]
		var walk func(v any)
		walk = func(v any) {
			switch v := v.(type) {
			case string:
				if strings.HasPrefix(v, "urn:gloss:set:") && (!strings.HasPrefix(v, set+":item:") || !ids[v]) {
					t.Errorf("%s links %s, not an annotation of its set", a["id"], v)
				}
			case []any:
				for _, x := range v {
					walk(x)
				}
			case map[string]any:
				for _, x := range v {
					walk(x)
				}
			}
		}
		walk(a["body"])
		walk(a["target"])
	}
	if len(ids) != len(items) || len(items) == 0 {
		t.Errorf("%d distinct ids for %d annotations", len(ids), len(items))
	}
}
