package main

import (
	"context"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/gloss-annotate/gloss/server/postgres"
	"github.com/gloss-annotate/gloss/server/postgres/pgtest"
)

func TestMain(m *testing.M) { os.Exit(pgtest.Main(m)) }

// pgURL turns a key=value connection string of pgtest into the
// postgres:// URL --db takes.
func pgURL(t *testing.T, dsn string) string {
	t.Helper()
	settings := map[string]string{}
	for _, kv := range strings.Fields(dsn) {
		k, v, ok := strings.Cut(kv, "=")
		if !ok {
			t.Fatalf("connection string %q: %q is not key=value", dsn, kv)
		}
		settings[k] = v
	}
	u := url.URL{Scheme: "postgres", User: url.User(settings["user"]), Path: "/" + settings["dbname"]}
	u.RawQuery = url.Values{"host": {settings["host"]}, "sslmode": {settings["sslmode"]}}.Encode()
	return u.String()
}

// openPostgres opens the pgtest database dsn, closed when the test ends.
func openPostgres(t *testing.T, dsn string) *postgres.Store {
	t.Helper()
	s, err := postgres.Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// countArticles returns how many articles the pgtest database dsn holds.
func countArticles(t *testing.T, dsn string) int {
	t.Helper()
	n, err := openPostgres(t, dsn).CountArticles(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// glossBounded is glossIn for a command line that should stop at once:
// one that would run on, such as gloss serve, is stopped after 10 seconds
// (with exit status 0).
func glossBounded(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	var stdout, stderr syncBuffer
	code := run(ctx, args, strings.NewReader(stdin), &stdout, &stderr, web, samples)
	return code, stdout.String(), stderr.String()
}

// TestDBFlag: every command that opens the database takes --db, and
// refuses, as a usage error, a value that is neither empty nor a
// PostgreSQL URL, and --db given with --data.
func TestDBFlag(t *testing.T) {
	dir := t.TempDir()
	in := writeFile(t, dir, "in.jsonl", "")
	commands := []struct {
		head []string // the command and its flags
		tail []string // its arguments, after the flags
	}{
		{[]string{"serve", "--addr", "127.0.0.1:0"}, nil},
		{[]string{"export", "--out", "-"}, nil},
		{[]string{"import"}, []string{in}},
		{[]string{"backup", "--out", filepath.Join(dir, "b")}, nil},
		{[]string{"user", "list"}, nil},
		{[]string{"user", "add"}, []string{"ana"}},
		{[]string{"project", "list"}, nil},
		{[]string{"member", "list"}, nil},
		{[]string{"assign", "--auto"}, nil},
		{[]string{"progress"}, nil},
		{[]string{"agreement"}, nil},
	}
	for _, cmd := range commands {
		with := func(flags ...string) []string {
			return slices.Concat(cmd.head, flags, cmd.tail)
		}
		for _, bad := range []string{"mysql://db/gloss", "sqlite:///data/gloss.db", "./data/gloss.db", "host=db dbname=gloss"} {
			args := with("--db", bad)
			code, _, stderr := glossBounded(t, "", args...)
			if code != 2 || !strings.Contains(stderr, "postgres://… or postgresql://…") {
				t.Errorf("gloss %q = %d %q, want 2 and the forms --db takes", args, code, stderr)
			}
		}
		args := with("--data", dir, "--db", "postgres://127.0.0.1:1/gloss")
		if code, _, stderr := glossBounded(t, "a long enough password\n", args...); code != 2 || !strings.Contains(stderr, "give --data (SQLite) or --db (PostgreSQL), not both") {
			t.Errorf("gloss %q = %d %q, want 2: not both", args, code, stderr)
		}
		code, _, stderr := gloss(t, append(slices.Clone(cmd.head), "-h")...)
		if code != 0 || !strings.Contains(stderr, "-db URL") || !strings.Contains(stderr, "[--data ./data|--db URL]") {
			t.Errorf("gloss %q -h = %d %q, want --db in the usage", cmd.head, code, stderr)
		}
	}
	// An empty --db is SQLite in --data, as without it.
	data := filepath.Join(dir, "data")
	if code, _, stderr := glossIn(t, "a long enough password\n", "user", "add", "--db", "", "--data", data, "ana"); code != 0 {
		t.Fatalf("user add --db '': %d %s", code, stderr)
	}
	if _, err := os.Stat(filepath.Join(data, "gloss.db")); err != nil {
		t.Errorf("user add --db '' made no gloss.db in --data: %v", err)
	}
}

// TestPostgresDatabaseString: messages name a PostgreSQL database without
// its password.
func TestPostgresDatabaseString(t *testing.T) {
	for dsn, want := range map[string]string{
		"postgres://ana:s3cret@db:5432/gloss":                 "postgres://ana:xxxxx@db:5432/gloss",
		"postgresql://ana@db/gloss?password=s3cret&sslmode=x": "postgresql://ana@db/gloss?password=xxxxx&sslmode=x",
		"postgres://db/gloss":                                 "postgres://db/gloss",
	} {
		if got := (postgresDatabase{dsn: dsn}).String(); got != want {
			t.Errorf("%q names itself %q, want %q", dsn, got, want)
		}
	}
}

// TestPostgresCommands runs the commands on a PostgreSQL database (--db),
// then reads what they stored from it; the SQLite default (./data) is
// never made.
func TestPostgresCommands(t *testing.T) {
	t.Chdir(t.TempDir())
	dsn := pgtest.Database(t)
	db := pgURL(t, dsn)
	type step struct {
		name  string
		stdin string
		args  []string
		want  string // a regular expression stdout matches
	}
	runSteps := func(steps []step) {
		t.Helper()
		for _, s := range steps {
			code, stdout, stderr := glossIn(t, s.stdin, s.args...)
			if code != 0 || !regexp.MustCompile(s.want).MatchString(stdout) {
				t.Fatalf("%s: %d\n%s\n%s\nwant stdout to match %s", s.name, code, stdout, stderr, s.want)
			}
		}
	}
	runSteps([]step{
		{"user add", "a long enough password\n", []string{"user", "add", "--db", db, "ana"}, `^added user ana\n$`},
		{"project add", "", []string{"project", "add", "--db", db, "--manager", "ana", "Climate desk"}, `created the project Climate desk \(ID climate-desk\)`},
		{"import", "", []string{"import", "--db", db, "--format", "doccano", "--annotator", "ana", "--project", "climate-desk", writeFile(t, ".", "in.jsonl", doccanoFile)}, `3 articles \(3 new\)`},
		{"project list", "", []string{"project", "list", "--db", db}, `(?m)^climate-desk\s+Climate desk\s+1$`},
	})
	code, out, stderr := glossIn(t, "", "project", "articles", "--db", db, "default")
	ids := regexp.MustCompile(`(?m)^[0-9a-f]{32}`).FindAllString(out, -1)
	if code != 0 || len(ids) != 3 {
		t.Fatalf("project articles default: %d\n%s\n%s\nwant 3 articles", code, out, stderr)
	}
	runSteps([]step{
		{"project add-article", "", append([]string{"project", "add-article", "--db", db, "climate-desk"}, ids...), `(?m)^` + ids[2] + ` is in Climate desk$`},
		{"project articles", "", []string{"project", "articles", "--db", db, "climate-desk"}, `(?m)^[0-9a-f]{32}\s+Paris is in France\.$`},
		{"member set", "", []string{"member", "set", "--db", db, "--project", "climate-desk", "ana", "annotator"}, `ana is annotator of Climate desk`},
		{"member list", "", []string{"member", "list", "--db", db, "--project", "climate-desk"}, `(?m)^ana\s+annotator$`},
		{"user list", "", []string{"user", "list", "--db", db}, `(?m)^ana\s+`},
		{"assign", "", []string{"assign", "--db", db, "--project", "climate-desk", "--auto", "--per-article", "1"}, `3 articles assigned anew in Climate desk`},
		{"progress", "", []string{"progress", "--db", db, "--project", "climate-desk"}, `(?m)^ana\s+3\s+0\s+3\s+0\s+0\s`},
		{"export", "", []string{"export", "--db", db, "--project", "climate-desk", "--out", "-"}, `^(\{[^\n]*"project":"climate-desk"[^\n]*\}\n){3}$`},
		{"agreement", "", []string{"agreement", "--db", db, "--project", "climate-desk", "--format", "csv"}, `^scope,article_id,label`},
	})

	ctx := context.Background()
	store := openPostgres(t, dsn)
	u, err := store.UserByLogin(ctx, "ana")
	if err != nil {
		t.Fatalf("ana in the database: %v", err)
	}
	if role, err := store.Role(ctx, "climate-desk", u.ID); err != nil || role != "annotator" {
		t.Errorf("ana's role in climate-desk: %q (%v), want annotator", role, err)
	}
	if n, err := store.CountArticles(ctx); err != nil || n != 3 {
		t.Errorf("%d articles in the database (%v), want 3", n, err)
	}
	if _, err := os.Stat("data"); !os.IsNotExist(err) {
		t.Errorf("a command with --db made the SQLite data folder (%v)", err)
	}

	// Errors name the database without a password.
	withPassword := strings.Replace(db, "gloss@", "gloss:s3cret@", 1)
	if code, _, stderr := gloss(t, "progress", "--db", withPassword, "--project", "nope"); code != 1 || !strings.Contains(stderr, `no project "nope"`) {
		t.Errorf("progress of no project: %d %q", code, stderr)
	}
	if code, _, stderr := gloss(t, "progress", "--db", strings.Replace(withPassword, dsnName(t, dsn), "no_such_db", 1)); code != 1 || strings.Contains(stderr, "s3cret") || !strings.Contains(stderr, "open postgres://gloss:xxxxx@/no_such_db") {
		t.Errorf("progress on no database: %d %q, want 1 and the URL without its password", code, stderr)
	}
}

// dsnName returns the database name of a pgtest connection string.
func dsnName(t *testing.T, dsn string) string {
	t.Helper()
	for _, kv := range strings.Fields(dsn) {
		if name, ok := strings.CutPrefix(kv, "dbname="); ok {
			return name
		}
	}
	t.Fatalf("no dbname in %q", dsn)
	return ""
}

// TestServePostgres serves a PostgreSQL database: the samples are loaded
// into it, and an import on it while serving is served at once.
func TestServePostgres(t *testing.T) {
	dsn := pgtest.Database(t)
	db := pgURL(t, dsn)
	url, stop, log := startServeWith(t, "--db", db)
	stopped := false
	defer func() {
		if !stopped {
			stop()
		}
	}()
	if !strings.Contains(log(), "database="+strconv.Quote(db)) {
		t.Errorf("serve does not log its database %s:\n%s", db, log())
	}
	token := adminTokenIn(t, openPostgres(t, dsn))
	if got := listTitles(t, url, token); len(got) != 1 || got[0] != "A Sample Headline Here (sample)" {
		t.Errorf("articles served: %q, want the sample", got)
	}
	in := writeFile(t, t.TempDir(), "in.jsonl", doccanoFile)
	if code, stdout, stderr := gloss(t, "import", "--db", db, "--format", "doccano", "--annotator", "ana", in); code != 0 {
		t.Fatalf("import while serving: %d %s %s", code, stdout, stderr)
	}
	if got := listTitles(t, url, token); len(got) != 4 {
		t.Errorf("articles served after the import: %q, want the sample and 3", got)
	}
	stopped = true
	if code := stop(); code != 0 {
		t.Errorf("serve exited with %d", code)
	}
}

// TestBackupPostgres: gloss backup --db dumps the database with pg_dump;
// pg_restore puts the dump into a new database, and over the database
// itself as the usage says, back as it was at the backup.
func TestBackupPostgres(t *testing.T) {
	dir := t.TempDir()
	dsn := pgtest.Database(t)
	db := pgURL(t, dsn)
	in := writeFile(t, dir, "in.jsonl", doccanoFile)
	if code, stdout, stderr := gloss(t, "import", "--db", db, "--format", "doccano", "--annotator", "ana", in); code != 0 {
		t.Fatalf("import: %d %s %s", code, stdout, stderr)
	}
	code, export, stderr := gloss(t, "export", "--db", db, "--out", "-")
	if code != 0 || len(records(t, export)) != 3 {
		t.Fatalf("export: %d %s %s", code, export, stderr)
	}
	dump := filepath.Join(dir, "gloss.dump")
	code, stdout, stderr := gloss(t, "backup", "--db", db, "--out", dump)
	if code != 0 || stdout != "backed up "+db+" (3 articles) to "+dump+"\n" {
		t.Fatalf("backup: %d %q %s", code, stdout, stderr)
	}
	b, err := os.ReadFile(dump)
	if err != nil || !strings.HasPrefix(string(b), "PGDMP") {
		t.Fatalf("the backup is no pg_dump custom-format file (%v)", err)
	}
	if code, _, stderr := gloss(t, "backup", "--db", db, "--out", dump); code != 1 || !strings.Contains(stderr, "exists already") {
		t.Errorf("a backup over an existing file: %d %q, want 1 and why", code, stderr)
	}
	if after, err := os.ReadFile(dump); err != nil || string(after) != string(b) {
		t.Errorf("the refused backup changed the file (%v)", err)
	}

	pgRestore, err := postgres.ClientProgram("pg_restore")
	if err != nil {
		t.Fatal(err)
	}
	restore := func(target string) {
		t.Helper()
		if out, err := exec.Command(pgRestore, "--clean", "--if-exists", "--dbname", target, dump).CombinedOutput(); err != nil {
			t.Fatalf("pg_restore --dbname %s: %v\n%s", target, err, out)
		}
	}
	fresh := pgtest.Database(t)
	restore(pgURL(t, fresh))
	if n := countArticles(t, fresh); n != 3 {
		t.Errorf("the restored database has %d articles, want 3", n)
	}
	if code, got, stderr := gloss(t, "export", "--db", pgURL(t, fresh), "--out", "-"); code != 0 || got != export {
		t.Errorf("the restored database's export: %d %s\n%q\nwant\n%q", code, stderr, got, export)
	}

	// Over the database itself, after more was stored: back to the backup.
	more := writeFile(t, dir, "more.jsonl", `{"text":"Rome is in Italy.","label":[[0,4,"LOC"]]}`+"\n")
	if code, stdout, stderr := gloss(t, "import", "--db", db, "--format", "doccano", "--annotator", "ana", more); code != 0 {
		t.Fatalf("import: %d %s %s", code, stdout, stderr)
	}
	restore(db)
	if n := countArticles(t, dsn); n != 3 {
		t.Errorf("the database restored over itself has %d articles, want the backup's 3", n)
	}
}
