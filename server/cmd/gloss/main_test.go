package main

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"io/fs"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"testing/fstest"
	"time"

	"github.com/gloss-annotate/gloss/annotations"
	"github.com/gloss-annotate/gloss/annotations/formats"
	"github.com/gloss-annotate/gloss/server/sqlite"
	"github.com/google/go-cmp/cmp"
)

// syncBuffer is a bytes.Buffer safe for the server's goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
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

var web = fstest.MapFS{
	"app.wasm": {Data: []byte("\x00asm")},
	"app.css":  {Data: []byte("body {}")},
}

var samples = fstest.MapFS{
	"one.txt": {Data: []byte("A Sample Headline Here\n\nSample text.")},
}

func TestRunUsage(t *testing.T) {
	tests := []struct {
		name       string
		args       []string
		web        fstest.MapFS
		wantCode   int
		wantStderr string
	}{
		{"no command", nil, web, 2, "Usage: gloss <command>"},
		{"unknown command", []string{"launch"}, web, 2, `unknown command "launch"`},
		{"unknown flag", []string{"serve", "--port", "80"}, web, 2, "flag provided but not defined: -port"},
		{"extra argument", []string{"serve", "now"}, web, 2, `unexpected arguments ["now"]`},
		{"a flag after an argument", []string{"import", "x.jsonl", "--project", "desk"}, web, 2, "--project comes after an argument: give the flags first (gloss import -h)"},
		{"an argument like a flag after --", []string{"import", "--data", t.TempDir(), "--", "-x.jsonl"}, web, 1, "open -x.jsonl: no such file"},
		{"bad max-body", []string{"serve", "--max-body", "0"}, web, 2, "--max-body must be a number of bytes above 0"},
		{"bad public-url", []string{"serve", "--public-url", "gloss.example.org"}, web, 2, "--public-url must be an http or https URL with a host"},
		{"public-url with a path", []string{"serve", "--public-url", "https://example.org/gloss/"}, web, 2, `--public-url "https://example.org/gloss/" has a path: Gloss is served at the root of its host`},
		{"bad addr", []string{"serve", "--addr", "nonsense"}, web, 2, `--addr "nonsense" is not an address to listen on: give host:port`},
		{"no app.wasm", []string{"serve", "--data", t.TempDir()}, fstest.MapFS{"app.css": {}}, 1, "app.wasm is missing: run make build"},
		{"help", []string{"serve", "-h"}, web, 0, "-max-body"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr syncBuffer
			code := run(context.Background(), tt.args, strings.NewReader(""), &stdout, &stderr, tt.web, samples)
			if code != tt.wantCode {
				t.Errorf("exit status %d, want %d", code, tt.wantCode)
			}
			if !strings.Contains(stderr.String(), tt.wantStderr) {
				t.Errorf("stderr %q lacks %q", stderr.String(), tt.wantStderr)
			}
		})
	}
}

func TestVersion(t *testing.T) {
	for _, arg := range []string{"version", "--version"} {
		var stdout, stderr syncBuffer
		code := run(context.Background(), []string{arg}, strings.NewReader(""), &stdout, &stderr, web, samples)
		if want := "gloss " + version; code != 0 || !strings.HasPrefix(stdout.String(), want) || !strings.Contains(stdout.String(), "built with go1.") {
			t.Errorf("gloss %s: %d %q %q, want a line starting %q naming Go's version", arg, code, stdout.String(), stderr.String(), want)
		}
	}
}

var urlInLog = regexp.MustCompile(`url=(http://127\.0\.0\.1:\d+)`)

// startServe runs `gloss serve` on a free port and returns its URL and a
// function that stops it (as SIGTERM would) and returns its exit status.
func startServe(t *testing.T, data string) (string, func() int) {
	t.Helper()
	url, stop, _ := startServeLog(t, data)
	return url, stop
}

// startServeLog is startServe, and also returns a function that returns
// what the server wrote to standard error so far.
func startServeLog(t *testing.T, data string) (string, func() int, func() string) {
	t.Helper()
	return startServeWith(t, "--data", data)
}

// startServeWith is startServeLog with the database flags given, such as
// --db URL.
func startServeWith(t *testing.T, dbFlags ...string) (string, func() int, func() string) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	var stderr syncBuffer
	done := make(chan int, 1)
	go func() {
		args := append([]string{"serve", "--addr", "127.0.0.1:0"}, dbFlags...)
		done <- run(ctx, args, strings.NewReader(""), &stderr, &stderr, web, samples)
	}()
	stop := func() int {
		cancel()
		select {
		case code := <-done:
			return code
		case <-time.After(10 * time.Second):
			t.Fatalf("serve did not stop within 10s:\n%s", stderr.String())
		}
		return -1
	}
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		if m := urlInLog.FindStringSubmatch(stderr.String()); m != nil {
			// The setup link, when there is one, is printed before.
			return m[1], stop, stderr.String
		}
		select {
		case code := <-done:
			t.Fatalf("serve exited with %d:\n%s", code, stderr.String())
		default:
		}
	}
	stop()
	t.Fatalf("serve logged no URL:\n%s", stderr.String())
	return "", nil, nil
}

func listTitles(t *testing.T, url, token string) []string {
	t.Helper()
	resp := authGet(t, url+"/api/v1/articles", token)
	defer resp.Body.Close()
	var list struct {
		Articles []struct {
			Title  string `json:"title"`
			Source string `json:"source"`
		} `json:"articles"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&list); err != nil {
		t.Fatal(err)
	}
	var titles []string
	for _, a := range list.Articles {
		titles = append(titles, a.Title+" ("+a.Source+")")
	}
	return titles
}

// TestServe starts the server twice on one data folder: the samples are
// loaded into the empty store once, and it stops cleanly.
func TestServe(t *testing.T) {
	data := t.TempDir() + "/data"
	url, stop := startServe(t, data)
	token := adminToken(t, data)
	want := "A Sample Headline Here (sample)"
	if got := listTitles(t, url, token); len(got) != 1 || got[0] != want {
		t.Errorf("articles after the first start %q, want [%q]", got, want)
	}
	req, err := http.NewRequest("POST", url+"/api/v1/articles", strings.NewReader(`{"text":"Another article."}`))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 201 {
		t.Errorf("post: %s", resp.Status)
	}
	if code := stop(); code != 0 {
		t.Errorf("exit status %d after the stop, want 0", code)
	}

	url, stop = startServe(t, data)
	defer stop()
	if got := listTitles(t, url, token); len(got) != 2 {
		t.Errorf("articles after a restart %q, want the sample and the posted one", got)
	}
}

// TestServedHosts: gloss serve answers for the host names of --addr and
// --public-url, besides IP addresses and localhost.
func TestServedHosts(t *testing.T) {
	tests := []struct {
		addr, publicURL string
		want            []string
	}{
		{"127.0.0.1:8080", "", []string{"127.0.0.1"}},
		{":8080", "", nil},
		{"gloss.lan:8080", "", []string{"gloss.lan"}},
		{"0.0.0.0:8080", "https://gloss.example.org/", []string{"0.0.0.0", "gloss.example.org"}},
		{"127.0.0.1:8080", "http://Gloss.Example.Org:8443", []string{"127.0.0.1", "Gloss.Example.Org"}},
	}
	for _, tt := range tests {
		got, err := servedHosts(tt.addr, tt.publicURL)
		if err != nil {
			t.Errorf("servedHosts(%q, %q): %v", tt.addr, tt.publicURL, err)
			continue
		}
		if strings.Join(got, " ") != strings.Join(tt.want, " ") {
			t.Errorf("servedHosts(%q, %q) = %q, want %q", tt.addr, tt.publicURL, got, tt.want)
		}
	}
	for _, bad := range []string{"gloss.example.org", "ftp://gloss.example.org", "https://", "http://[::1", "https://example.org/gloss", "https://example.org/?a=1"} {
		if _, err := servedHosts("127.0.0.1:8080", bad); err == nil {
			t.Errorf("servedHosts(--public-url %q) = nil error, want one", bad)
		}
	}
}

// TestServePortInUse: a port another program holds fails gloss serve
// before it makes a database in the data folder.
func TestServePortInUse(t *testing.T) {
	held, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer held.Close()
	data := filepath.Join(t.TempDir(), "data")
	code, _, stderr := gloss(t, "serve", "--addr", held.Addr().String(), "--data", data)
	if code != 1 || !strings.Contains(stderr, "address already in use") {
		t.Errorf("serve on a port in use: %d %q, want 1 and the listener's error", code, stderr)
	}
	if _, err := os.Stat(data); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("serve on a port in use touched the data folder: %v", err)
	}
}

// gloss runs the command line with args and returns its exit status,
// standard output and standard error.
func gloss(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var stdout, stderr syncBuffer
	code := run(context.Background(), args, strings.NewReader(""), &stdout, &stderr, web, samples)
	return code, stdout.String(), stderr.String()
}

// writeFile writes body to name in dir and returns its path.
func writeFile(t *testing.T, dir, name, body string) string {
	t.Helper()
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

const doccanoFile = `{"text":"Angela Merkel met Emmanuel Macron in Paris.","label":[[0,13,"PER"],[18,33,"PER"],[37,42,"LOC"]]}
{"text":"Paris is in France.","label":[[0,5,"LOC"],[12,18,"LOC"]]}
{"text":"The EU met in Brussels.","label":[[4,6,"ORG"],[14,22,"LOC"]]}
`

// records reads JSON Lines.
func records(t *testing.T, body string) []map[string]any {
	t.Helper()
	var out []map[string]any
	for line := range strings.Lines(body) {
		var rec map[string]any
		if err := json.Unmarshal([]byte(line), &rec); err != nil {
			t.Fatalf("line %q: %v", line, err)
		}
		out = append(out, rec)
	}
	return out
}

// TestImportExportCommands imports a doccano file with gloss import, then
// exports it with gloss export to a file, to standard output, filtered and
// split.
func TestImportExportCommands(t *testing.T) {
	dir := t.TempDir()
	data := filepath.Join(dir, "data")
	in := writeFile(t, dir, "in.jsonl", doccanoFile)

	code, stdout, stderr := gloss(t, "import", "--data", data, "--format", "doccano", "--annotator", "ana", in)
	if code != 0 || !strings.Contains(stdout, "imported "+in+": 3 articles (3 new), 3 sets, 7 revisions stored, 0 already there") {
		t.Fatalf("import: %d\n%s%s", code, stdout, stderr)
	}
	// The folder had no database: the import says it made one (a
	// mistyped --data would put the work where no server reads it).
	if !strings.Contains(stderr, data+" had no database: a new one was made there") {
		t.Errorf("an import into a new folder does not say it made a database:\n%s", stderr)
	}
	for _, cmd := range [][]string{{"user", "list"}, {"member", "list"}, {"project", "list"}, {"user", "passwd", "ana"}} {
		args := append(append([]string{}, cmd[:2]...), "--data", filepath.Join(dir, "typo"))
		if code, _, stderr := gloss(t, append(args, cmd[2:]...)...); code != 1 || !strings.Contains(stderr, "is --data right?") {
			t.Errorf("gloss %s on a folder without a database: %d %q, want it refused", strings.Join(cmd, " "), code, stderr)
		}
	}
	if code, _, stderr := gloss(t, "export", "--data", data, "--project", "nope", "--out", filepath.Join(dir, "nope.jsonl")); code != 1 || !strings.Contains(stderr, `no project "nope"`) {
		t.Errorf("export of a project that does not exist: %d %q, want it refused", code, stderr)
	}
	if _, err := os.Stat(filepath.Join(dir, "typo")); err == nil {
		t.Error("a command that reads the database made one in a folder that had none")
	}
	if strings.Contains(stdout, "not read") {
		t.Errorf("import of a file read whole says something was not read:\n%s", stdout)
	}
	if strings.Contains(stdout, "labels beyond") {
		t.Errorf("import of default labels says some were added:\n%s", stdout)
	}
	// No account is named ana: the import says so.
	if !strings.Contains(stdout, "sets of annotators who are no member of the project, whom nobody can sign in as until an account of that name joins it (gloss user add, gloss member set): ana\n") {
		t.Errorf("import as ana, who has no account, does not say so:\n%s", stdout)
	}
	if code, out, errOut := glossIn(t, "a long enough password\n", "user", "add", "--data", data, "ana"); code != 0 {
		t.Fatalf("user add ana: %d %s%s", code, out, errOut)
	}
	if code, stdout, stderr := gloss(t, "import", "--data", data, "--format", "doccano", "--annotator", "ana", in); code != 0 || strings.Contains(stdout, "no member") {
		t.Errorf("import again as ana, a member now: %d\n%s%s", code, stdout, stderr)
	}
	withRelations := writeFile(t, dir, "relations.jsonl", `{"text":"Merkel met Macron.","entities":[{"id":1,"label":"PERSON","start_offset":0,"end_offset":6},{"id":2,"label":"PER","start_offset":11,"end_offset":17}],"relations":[{"id":1,"from_id":1,"to_id":2,"type":"meets"}]}`+"\n")
	code, stdout, stderr = gloss(t, "import", "--data", filepath.Join(dir, "other"), "--format", "doccano", "--annotator", "ana", withRelations)
	if code != 0 || !strings.Contains(stdout, "not read: 1 relation (the first at line 1)\n") ||
		!strings.Contains(stdout, "labels beyond the default schema, added to the sets' schemas: PERSON\n") {
		t.Fatalf("import with a doccano relation and a label of its own: %d\n%s%s", code, stdout, stderr)
	}
	code, stdout, _ = gloss(t, "import", "--data", data, "--format", "doccano", "--annotator", "bo", in)
	if code != 0 || !strings.Contains(stdout, "3 articles (0 new), 3 sets, 7 revisions stored") {
		t.Fatalf("import as bo: %d %s", code, stdout)
	}

	out := filepath.Join(dir, "out.jsonl")
	old := syscall.Umask(0o022)
	code, stdout, stderr = gloss(t, "export", "--data", data, "--out", out)
	syscall.Umask(old)
	if code != 0 || stdout != "" || !strings.Contains(stderr, "exported 6 sets of 3 articles to "+out+"\n") {
		t.Fatalf("export: %d\nstdout %q\nstderr %q", code, stdout, stderr)
	}
	if strings.Contains(stderr, "[") || strings.Contains(stderr, "\r") {
		t.Errorf("a progress bar on a stderr that is not a terminal: %q", stderr)
	}
	written, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if info, err := os.Stat(out); err != nil || info.Mode().Perm() != 0o644 {
		t.Errorf("%s: %v, %v; want -rw-r--r-- (0666 less the umask 022), as any file the user writes", out, info.Mode(), err)
	}
	if n := len(records(t, string(written))); n != 6 {
		t.Errorf("%d records in %s, want 6", n, out)
	}
	if leftovers, _ := filepath.Glob(filepath.Join(dir, ".out.jsonl.*")); len(leftovers) > 0 {
		t.Errorf("temporary files left: %v", leftovers)
	}

	// To standard output, filtered: the same as the file's ana lines with
	// only the LOC mentions.
	code, stdout, stderr = gloss(t, "export", "--data", data, "--out", "-", "--annotator", "ana", "--label", "LOC")
	if code != 0 || !strings.Contains(stderr, "exported 3 sets of 3 articles to standard output") {
		t.Fatalf("export to stdout: %d %s", code, stderr)
	}
	for _, rec := range records(t, stdout) {
		if rec["annotator"] != "ana" {
			t.Errorf("a set of %v", rec["annotator"])
		}
		for _, en := range rec["entities"].([]any) {
			if l := en.(map[string]any)["label"]; l != "LOC" {
				t.Errorf("a %v mention with --label LOC", l)
			}
		}
	}

	// Split, in another format: a zip of three parts, each article in one.
	zipPath := filepath.Join(dir, "split.zip")
	code, _, stderr = gloss(t, "export", "--data", data, "--out", zipPath, "--format", "conll", "--split", "1,1,1", "--seed", "5")
	if code != 0 {
		t.Fatalf("split export: %d %s", code, stderr)
	}
	zr, err := zip.OpenReader(zipPath)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, f := range zr.File {
		names = append(names, f.Name)
	}
	zr.Close()
	if want := []string{"train.conll", "dev.conll", "test.conll"}; !slices.Equal(names, want) {
		t.Errorf("zip files %q, want %q", names, want)
	}

	// One article by ID.
	first := records(t, string(written))[0]["article_id"].(string)
	code, stdout, stderr = gloss(t, "export", "--data", data, "--out", "-", "--article", first)
	if recs := records(t, stdout); code != 0 || len(recs) != 2 || recs[0]["article_id"] != first {
		t.Errorf("--article %s: %d, %d records\n%s", first, code, len(recs), stderr)
	}
}

// TestExportSetCommand: --set gold writes the gold sets, --set majority
// one set per article, the majority vote of its annotators where it has no
// gold set done.
func TestExportSetCommand(t *testing.T) {
	dir := t.TempDir()
	data := filepath.Join(dir, "data")
	// bo differs from ana on Macron (ORG) and leaves out France; the gold
	// set (in progress) of the first article has Merkel only.
	bo := strings.Replace(strings.Replace(doccanoFile, `[18,33,"PER"]`, `[18,33,"ORG"]`, 1), `,[12,18,"LOC"]`, "", 1)
	for who, file := range map[string]string{"ana": doccanoFile, "bo": bo} {
		if code, stdout, stderr := gloss(t, "import", "--data", data, "--format", "doccano", "--annotator", who, writeFile(t, dir, who+".jsonl", file)); code != 0 {
			t.Fatalf("import as %s: %d %s%s", who, code, stdout, stderr)
		}
	}
	text := []rune("Angela Merkel met Emmanuel Macron in Paris.")
	span, err := annotations.NewSpan(text, 0, 13)
	if err != nil {
		t.Fatal(err)
	}
	gold, err := annotations.NewEntityRevision("", annotations.SetKey{ArticleID: annotations.ArticleID(string(text)), Annotator: annotations.GoldAnnotator},
		annotations.Entity{ID: "00000000-0000-4000-8000-000000000001", Span: span, Label: "PER"})
	if err != nil {
		t.Fatal(err)
	}
	// The gold set is done: the article is curated.
	done, err := annotations.NewStatusRevision("", gold.Key(), annotations.StatusItem{State: annotations.WorkDone})
	if err != nil {
		t.Fatal(err)
	}
	store, err := sqlite.Open(data)
	if err != nil {
		t.Fatal(err)
	}
	_, err = store.PutRevisions(context.Background(), []annotations.Revision{gold, done})
	store.Close()
	if err != nil {
		t.Fatal(err)
	}
	labels := func(recs []map[string]any) []string {
		var out []string
		for _, rec := range recs {
			line := rec["annotator"].(string) + ":"
			for _, en := range rec["entities"].([]any) {
				line += " " + en.(map[string]any)["label"].(string) + " " + en.(map[string]any)["text"].(string)
			}
			out = append(out, line)
		}
		slices.Sort(out)
		return out
	}
	for _, tt := range []struct {
		set  string
		want []string
	}{
		{"gold", []string{"gold: PER Angela Merkel"}},
		// The curated article's gold set; the others' majority votes.
		{"majority", []string{"gold: PER Angela Merkel", "majority: LOC Paris", "majority: ORG EU LOC Brussels"}},
	} {
		code, stdout, stderr := gloss(t, "export", "--data", data, "--out", "-", "--set", tt.set)
		if code != 0 {
			t.Fatalf("--set %s: %d %s", tt.set, code, stderr)
		}
		if diff := cmp.Diff(tt.want, labels(records(t, stdout))); diff != "" {
			t.Errorf("--set %s (-want +got):\n%s", tt.set, diff)
		}
	}
}

// TestImportMergeAndOffsets: a doccano file's offsets are UTF-16 units
// unless --offsets says otherwise, and a file of two annotators' sets of
// one article needs --merge to be one annotator's.
func TestImportMergeAndOffsets(t *testing.T) {
	dir := t.TempDir()
	data := filepath.Join(dir, "data")
	// 👋 is two UTF-16 units: Rex is at 3-6 in UTF-16, 2-5 in code points.
	utf16 := writeFile(t, dir, "utf16.jsonl", `{"text":"👋 Rex spoke.","label":[[3,6,"PER"]]}`+"\n")
	if code, stdout, stderr := gloss(t, "import", "--data", data, "--format", "doccano", "--annotator", "ana", utf16); code != 0 {
		t.Fatalf("import: %d %s%s", code, stdout, stderr)
	}
	code, stdout, _ := gloss(t, "export", "--data", data, "--out", "-", "--format", "doccano", "--offsets", "codepoint")
	if code != 0 || !strings.Contains(stdout, `"label":[[2,5,"PER"]]`) {
		t.Errorf("export in code points: %d %s", code, stdout)
	}
	if code, _, stderr := gloss(t, "export", "--data", data, "--out", "-", "--offsets", "utf16"); code != 2 || !strings.Contains(stderr, "--offsets \"utf16\": a jsonl export") {
		t.Errorf("--offsets for jsonl: %d %s", code, stderr)
	}

	twice := writeFile(t, dir, "twice.jsonl", `{"text":"Rex met Lavrov.","label":[[0,3,"PER"]]}`+"\n"+`{"text":"Rex met Lavrov.","label":[[0,3,"PER"],[8,14,"PER"]]}`+"\n")
	code, _, stderr := gloss(t, "import", "--data", data, "--format", "doccano", "--annotator", "ana", twice)
	if code != 1 || !strings.Contains(stderr, "line 2: holds the same article as line 1") {
		t.Errorf("one article twice: %d %s", code, stderr)
	}
	code, stdout, stderr = gloss(t, "import", "--data", data, "--format", "doccano", "--annotator", "ana", "--merge", twice)
	if code != 0 || !strings.Contains(stdout, "1 article (1 new), 1 set, 2 revisions stored") {
		t.Errorf("--merge: %d %s%s", code, stdout, stderr)
	}
}

func TestExportImportUsage(t *testing.T) {
	dir := t.TempDir()
	data := filepath.Join(dir, "data")
	in := writeFile(t, dir, "in.jsonl", doccanoFile)
	if code, _, stderr := gloss(t, "import", "--data", data, "--format", "doccano", "--annotator", "ana", in); code != 0 {
		t.Fatalf("import: %d %s", code, stderr)
	}
	bad := writeFile(t, dir, "bad.jsonl", strings.Join(strings.SplitAfter(doccanoFile, "\n")[:2], "")+`{"text": "oops"`+"\n")
	out := filepath.Join(dir, "out.jsonl")
	tests := []struct {
		name       string
		args       []string
		wantCode   int
		wantStderr string
	}{
		{"export: unknown format", []string{"export", "--data", data, "--out", out, "--format", "csv"}, 2,
			`gloss export: --format "csv" is not an export format (formats: ` + strings.Join(formats.Names(), ", ") + ")"},
		{"export: bad split", []string{"export", "--data", data, "--out", out, "--split", "0.8,0.2"}, 2, `gloss export: --split "0.8,0.2": want three ratios`},
		{"export: split of zeros", []string{"export", "--data", data, "--out", out, "--split", "0,0,0"}, 2, "add up to 0"},
		{"export: seed without split", []string{"export", "--data", data, "--out", out, "--seed", "4"}, 2, `--seed "4" without split`},
		{"export: bad seed", []string{"export", "--data", data, "--out", out, "--split", "8,1,1", "--seed", "x"}, 2, `--seed "x" is not a whole number`},
		{"export: bad annotator", []string{"export", "--data", data, "--out", out, "--annotator", "ana,"}, 2, "--annotator"},
		{"export: no --out", []string{"export", "--data", data}, 2, "--out is missing"},
		{"export: unknown set", []string{"export", "--data", data, "--out", out, "--set", "curated"}, 2, `gloss export: --set "curated" is not one of all, gold, majority`},
		{"export: gold sets of an annotator", []string{"export", "--data", data, "--out", out, "--set", "gold", "--annotator", "ana"}, 2, "--set gold exports the gold sets only"},
		{"export: extra argument", []string{"export", "--data", data, "--out", out, "now"}, 2, `unexpected arguments ["now"]`},
		{"export: unknown article", []string{"export", "--data", data, "--out", out, "--article", strings.Repeat("ab", 16)}, 1, "no article " + strings.Repeat("ab", 16)},
		{"export: no database", []string{"export", "--data", filepath.Join(dir, "nowhere"), "--out", out}, 1, "no database in"},
		{"export: help", []string{"export", "-h"}, 0, "Usage: gloss export --out FILE|-"},
		{"import: unknown format", []string{"import", "--data", data, "--format", "conll", in}, 2,
			`gloss import: --format "conll" is not an import format (formats: ` + strings.Join(formats.ImportNames(), ", ") + ")"},
		{"import: no annotator", []string{"import", "--data", data, "--format", "doccano", in}, 2, "annotator is missing"},
		{"import: no file", []string{"import", "--data", data}, 2, "give one file to import"},
		{"import: missing file", []string{"import", "--data", data, filepath.Join(dir, "none.jsonl")}, 1, "no such file"},
		{"import: malformed line 3", []string{"import", "--data", data, "--format", "doccano", "--annotator", "bo", bad}, 1, bad + ": line 3: "},
		{"import: help", []string{"import", "-h"}, 0, "Usage: gloss import"},
		{"serve: bad max-import", []string{"serve", "--max-import", "-1"}, 2, "--max-import must be a number of bytes above 0"},
		{"help lists the commands", []string{"launch"}, 2, "export   write the annotations"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, stderr := gloss(t, tt.args...)
			if code != tt.wantCode {
				t.Errorf("exit status %d, want %d\n%s", code, tt.wantCode, stderr)
			}
			if !strings.Contains(stderr, tt.wantStderr) {
				t.Errorf("stderr %q lacks %q", stderr, tt.wantStderr)
			}
		})
	}
	if _, err := os.Stat(out); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("a refused export wrote %s (%v)", out, err)
	}
	if _, err := os.Stat(filepath.Join(dir, "nowhere")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("export created the missing data folder (%v)", err)
	}
	// The malformed file stored nothing: bo, no account, has no sets.
	if code, stdout, stderr := gloss(t, "export", "--data", data, "--out", "-", "--annotator", "bo"); code != 1 || stdout != "" || !strings.Contains(stderr, `"bo" is no account's login and has no set in the project "default"`) {
		t.Errorf("bo's sets after the refused import: %d %q %q", code, stdout, stderr)
	}
}

// TestCommandsWhileServing imports and exports on the data folder of a
// running gloss serve: the server sees the imported articles at once.
func TestCommandsWhileServing(t *testing.T) {
	dir := t.TempDir()
	data := filepath.Join(dir, "data")
	url, stop := startServe(t, data)
	defer stop()
	token := adminToken(t, data)
	in := writeFile(t, dir, "in.jsonl", doccanoFile)
	if code, stdout, stderr := gloss(t, "import", "--data", data, "--format", "doccano", "--annotator", "ana", in); code != 0 {
		t.Fatalf("import while serving: %d %s %s", code, stdout, stderr)
	}
	if got := listTitles(t, url, token); len(got) != 4 { // the sample and three imported
		t.Errorf("the server lists %q, want the sample and the 3 imported articles", got)
	}
	resp := authGet(t, url+"/api/v1/export?annotator=ana", token)
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	code, stdout, stderr := gloss(t, "export", "--data", data, "--out", "-", "--annotator", "ana")
	if code != 0 || stdout != string(body) || len(records(t, stdout)) != 3 {
		t.Errorf("gloss export while serving: %d %s\n%q\nwant the server's export\n%q", code, stderr, stdout, body)
	}

	// A backup while serving, put in a data folder of its own, holds the
	// same annotations.
	copyPath := filepath.Join(dir, "gloss-backup.db")
	code, stdout, stderr = gloss(t, "backup", "--data", data, "--out", copyPath)
	if code != 0 || !strings.Contains(stdout, "(4 articles) to "+copyPath) {
		t.Fatalf("gloss backup while serving: %d %s %s", code, stdout, stderr)
	}
	if info, err := os.Stat(copyPath); err != nil || info.Mode().Perm() != 0o600 {
		t.Errorf("the backup's mode: %v (%v), want 0600: it holds password hashes", info.Mode(), err)
	}
	restored := filepath.Join(dir, "restored")
	if err := os.MkdirAll(restored, 0o755); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(copyPath)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(restored, "gloss.db"), b, 0o644); err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr = gloss(t, "export", "--data", restored, "--out", "-", "--annotator", "ana")
	if code != 0 || stdout != string(body) {
		t.Errorf("the backup's export: %d %s\n%q\nwant the server's\n%q", code, stderr, stdout, body)
	}
	// Never over a file.
	if code, _, stderr = gloss(t, "backup", "--data", data, "--out", copyPath); code != 1 || !strings.Contains(stderr, "exists already") {
		t.Errorf("a backup over an existing file: %d %q, want 1 and why", code, stderr)
	}
	after, err := os.ReadFile(copyPath)
	if err != nil || !bytes.Equal(after, b) {
		t.Errorf("the refused backup changed the existing file (%v)", err)
	}
}

func TestBackupUsage(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		name       string
		args       []string
		wantCode   int
		wantStderr string
	}{
		{"no --out", []string{"backup", "--data", dir}, 2, "--out is missing"},
		{"an extra argument", []string{"backup", "--out", filepath.Join(dir, "x.db"), "more"}, 2, "unexpected arguments"},
		{"no database", []string{"backup", "--data", filepath.Join(dir, "none"), "--out", filepath.Join(dir, "x.db")}, 1, "no database in"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, stderr := gloss(t, tt.args...)
			if code != tt.wantCode || !strings.Contains(stderr, tt.wantStderr) {
				t.Errorf("gloss %q = %d %q, want %d and %q", tt.args, code, stderr, tt.wantCode, tt.wantStderr)
			}
		})
	}
}

func TestProgressBar(t *testing.T) {
	var buf strings.Builder
	p := newProgressBar(&buf, "exporting")
	p.update(42, 100)
	p.update(43, 100) // within 100 ms: not drawn
	if want := "\rexporting [############..................]  42% 42/100 sets"; buf.String() != want {
		t.Errorf("bar %q, want %q", buf.String(), want)
	}
	p.update(100, 100)
	if !strings.HasSuffix(buf.String(), "\r\033[K") {
		t.Errorf("the finished bar is not cleared: %q", buf.String())
	}
	if isTerminal(&buf) {
		t.Errorf("a buffer is a terminal")
	}
}

// TestExportOutIsNoRegularFile: --out naming a named pipe (as /dev/null
// is a device) writes into it, and one naming a link writes the file it
// links to: a finished export is renamed over a regular file only, so a
// device, a pipe or a link is never replaced by a file.
func TestExportOutIsNoRegularFile(t *testing.T) {
	dir := t.TempDir()
	data := filepath.Join(dir, "data")
	in := writeFile(t, dir, "in.jsonl", doccanoFile)
	if code, stdout, stderr := gloss(t, "import", "--data", data, "--format", "doccano", "--annotator", "ana", in); code != 0 {
		t.Fatalf("import: %d\n%s%s", code, stdout, stderr)
	}

	fifo := filepath.Join(dir, "pipe")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	read := make(chan string, 1)
	go func() {
		b, _ := os.ReadFile(fifo) // blocks until the export opens the pipe
		read <- string(b)
	}()
	if code, _, stderr := gloss(t, "export", "--data", data, "--out", fifo); code != 0 {
		t.Fatalf("export to a named pipe: %d %s", code, stderr)
	}
	if info, err := os.Lstat(fifo); err != nil || info.Mode()&os.ModeNamedPipe == 0 {
		t.Fatalf("after the export, the pipe is %v (%v), want a named pipe still", info.Mode(), err)
	}
	select {
	case got := <-read:
		if strings.Count(got, "\n") != 3 {
			t.Errorf("the pipe's reader got %q, want the 3 sets", got)
		}
	case <-time.After(10 * time.Second):
		t.Error("nothing was written into the pipe")
	}

	target := writeFile(t, t.TempDir(), "shared.jsonl", "old\n")
	link := filepath.Join(dir, "link.jsonl")
	if err := os.Symlink(target, link); err != nil {
		t.Fatal(err)
	}
	if code, _, stderr := gloss(t, "export", "--data", data, "--out", link); code != 0 {
		t.Fatalf("export to a link: %d %s", code, stderr)
	}
	if info, err := os.Lstat(link); err != nil || info.Mode()&os.ModeSymlink == 0 {
		t.Errorf("after the export, the link is %v (%v), want a link still", info.Mode(), err)
	}
	if b, err := os.ReadFile(target); err != nil || strings.Count(string(b), "\n") != 3 {
		t.Errorf("the linked file holds %q (%v), want the 3 sets", b, err)
	}
	if code, _, stderr := gloss(t, "export", "--data", data, "--out", dir); code == 0 || !strings.Contains(stderr, "is a folder") {
		t.Errorf("export to a folder: %d %q, want it refused", code, stderr)
	}
}
