package main

import (
	"regexp"
	"strings"
	"testing"

	"github.com/gloss-annotate/gloss/server/postgres/pgtest"
)

// TestMigrate: a deployment made on SQLite is copied to PostgreSQL and
// back to a new SQLite folder, each copy checked, and each database then
// exports the same; a copy into a database that holds one, or with a
// wrong DATABASE, is refused.
func TestMigrate(t *testing.T) {
	t.Chdir(t.TempDir())
	for _, step := range [][]string{
		{"user", "add", "--data", "one", "ana"},
		{"project", "add", "--data", "one", "--manager", "ana", "Climate desk"},
		{"import", "--data", "one", "--format", "doccano", "--annotator", "ana", "--project", "climate-desk", writeFile(t, ".", "in.jsonl", doccanoFile)},
	} {
		if code, out, stderr := glossIn(t, "a long enough password\n", step...); code != 0 {
			t.Fatalf("%s: %d\n%s\n%s", strings.Join(step, " "), code, out, stderr)
		}
	}
	db := pgURL(t, pgtest.Database(t))
	for _, copy := range [][2]string{{"sqlite:one", db}, {db, "sqlite:two"}} {
		code, out, stderr := glossIn(t, "", "migrate", "--from", copy[0], "--to", copy[1])
		if code != 0 || !regexp.MustCompile(`^copied .*: articles: 3, users: 1, .*projects: 2, .*, revisions: 7, .*; the copy is the same\n$`).MatchString(out) {
			t.Fatalf("migrate %s to %s: %d\n%s\n%s", copy[0], copy[1], code, out, stderr)
		}
	}
	var exports []string
	for _, where := range [][]string{{"--data", "one"}, {"--db", db}, {"--data", "two"}} {
		code, out, stderr := glossIn(t, "", append([]string{"export", "--project", "climate-desk", "--out", "-"}, where...)...)
		if code != 0 {
			t.Fatalf("export %v: %d\n%s", where, code, stderr)
		}
		exports = append(exports, out)
	}
	if exports[0] != exports[1] || exports[0] != exports[2] || strings.Count(exports[0], "\n") != 3 {
		t.Errorf("the exports differ or lack sets:\n%s\n%s\n%s", exports[0], exports[1], exports[2])
	}

	for _, tt := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"--from", "sqlite:one", "--to", db}, 1, "holds articles, revisions, users or projects already"},
		{[]string{"--from", "sqlite:one", "--to", "sqlite:one"}, 2, "the same database"},
		{[]string{"--from", "one", "--to", db}, 2, `--from "one": give sqlite:FOLDER or a PostgreSQL URL`},
		{[]string{"--from", "sqlite:missing", "--to", "sqlite:three"}, 1, "no database in missing (stat missing/gloss.db: no such file or directory): is --from right?"},
		{[]string{"--from", "sqlite:one"}, 2, "give both --from and --to"},
	} {
		code, _, stderr := glossIn(t, "", append([]string{"migrate"}, tt.args...)...)
		if code != tt.code || !strings.Contains(stderr, tt.want) {
			t.Errorf("migrate %v: %d %s; want %d and %q", tt.args, code, stderr, tt.code, tt.want)
		}
	}
}
