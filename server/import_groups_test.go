package server_test

import (
	"strings"
	"testing"

	"github.com/gloss-annotate/gloss/server"
)

// TestImportRefusesAMentionInTwoGroups: a file whose set puts one mention
// in two groups (two coreference clusters) is refused, naming the group
// that already holds it, and nothing is stored.
func TestImportRefusesAMentionInTwoGroups(t *testing.T) {
	e := newEnv(t, server.Options{})
	line := `{"article_id":"","annotator":"ann","text":"Rex Tillerson met Lavrov. Tillerson left.",` +
		`"entities":[{"id":"00000000-0000-4000-8000-000000000001","start":0,"end":13,"label":"PER","text":"Rex Tillerson"},` +
		`{"id":"00000000-0000-4000-8000-000000000002","start":26,"end":35,"label":"PER","text":"Tillerson"}],` +
		`"groups":[{"id":"00000000-0000-4000-8000-000000000011","name":"Rex Tillerson","members":["00000000-0000-4000-8000-000000000001","00000000-0000-4000-8000-000000000002"]},` +
		`{"id":"00000000-0000-4000-8000-000000000012","name":"Tillerson","members":["00000000-0000-4000-8000-000000000002"]}],` +
		`"quotes":[],"stances":[]}` + "\n"
	before := e.snapshot(t)
	r := e.admin(t).importFile(t, "format=jsonl", "application/x-ndjson", line)
	if r.status != 400 {
		t.Fatalf("import of a mention in two groups: %d, want 400: %s", r.status, r.body)
	}
	if got := errorOf(t, r); got.Code != "invalid" || !strings.Contains(got.Message, `already in the group "`) || !strings.Contains(got.Message, "one group only") {
		t.Errorf("error %+v, want invalid naming the group that holds the mention", got)
	}
	e.unchanged(t, before)
}
