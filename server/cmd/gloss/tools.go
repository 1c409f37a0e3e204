package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/gloss-annotate/gloss/annotations"
	"github.com/gloss-annotate/gloss/annotations/api"
	"github.com/gloss-annotate/gloss/annotations/formats"
	"github.com/gloss-annotate/gloss/server"
)

var exportUsage = `Usage: gloss export --out FILE|- [--data ./data|--db URL] [--format jsonl] [--set all|gold|majority]
                    [--annotator a,b] [--label PER,ORG] [--article id,...] [--split 0.8,0.1,0.1 [--seed N]]
                    [--offsets utf16|grapheme|codepoint]

Writes the annotation sets in the database to FILE (- for standard output),
as GET /api/v1/export does, in one of these formats:
  ` + strings.Join(formats.Names(), ", ") + `
A split or a multi-file format is a .zip. A progress bar is shown on a
terminal; it may run while gloss serve serves the same data.

` + dbUsage

// export writes an export of the database (--data or --db) to --out.
func export(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	flags := newFlags("export", exportUsage, stderr)
	db := addDBFlags(flags, false)
	out := flags.String("out", "", "file to write, or - for standard output (required)")
	query := url.Values{}
	for _, f := range []struct{ name, usage string }{
		{"format", "export format (default jsonl)"},
		{"project", "the ID of the project whose sets are exported (default default)"},
		{api.ParamSet, "which sets: all (default: every annotator's and the gold sets), gold (the curated sets only) or majority (per article, its gold set when done, else the annotators' majority vote)"},
		{"annotator", "only these annotators' sets, a comma list (default all)"},
		{"label", "only entity mentions with these labels, a comma list (default all)"},
		{"article", "only these articles' sets, a comma list of IDs (default all)"},
		{"split", "train,dev,test ratios such as 0.8,0.1,0.1: a .zip of the three parts, whole articles in each"},
		{"seed", "integer seed of the split (default 0)"},
		{"offsets", "what doccano's offsets count: utf16 (default, as doccano does), grapheme (doccano's option to count grapheme clusters) or codepoint"},
	} {
		flags.Func(f.name, f.usage, func(v string) error {
			query.Add(f.name, v)
			return nil
		})
	}
	if err := parseFlags(flags, args); err != nil {
		return err
	}
	if flags.NArg() > 0 {
		return usageError{fmt.Errorf("unexpected arguments %q", flags.Args())}
	}
	if *out == "" {
		return usageError{errors.New("--out is missing: give the file to write, or - for standard output")}
	}
	params, err := server.ParseExportQuery(query)
	if err != nil {
		return usageError{flagNames(err)}
	}
	params.Time = time.Now()
	store, err := db.open(ctx)
	if err != nil {
		return err
	}
	defer store.Close()
	if id := annotations.ProjectOrDefault(params.Project); id != api.DefaultProject {
		if _, err := store.Project(ctx, id); errors.Is(err, server.ErrNotFound) {
			return fmt.Errorf("no project %q (gloss project list lists them)", id)
		}
	}
	x, err := server.NewExport(ctx, store, params)
	if err != nil {
		return flagNames(err)
	}

	w, err := openOutput(*out, stdout)
	if err != nil {
		return err
	}
	defer w.discard()
	var progress func(done, total int)
	if isTerminal(stderr) {
		progress = newProgressBar(stderr, "exporting").update
	}
	res, err := x.Write(ctx, w, progress)
	if err != nil {
		return err
	}
	if err := w.commit(); err != nil {
		return err
	}
	fmt.Fprintf(stderr, "exported %s of %s to %s\n", many(res.Sets, "set"), many(res.Articles, "article"), w.name)
	if n := res.ProblemCount; n > 0 {
		fmt.Fprintf(stderr, "%d annotations could not be written exactly in %s:\n", n, params.Format)
		for i, p := range res.Problems {
			if i == 10 {
				fmt.Fprintf(stderr, "  … and %d more\n", n-i)
				break
			}
			fmt.Fprintf(stderr, "  %s by %s, at %d: %s (%s)\n", p.ArticleID, p.Annotator, p.Offset, p.Message, p.Kind)
		}
	}
	return nil
}

// output is where a command writes its result: standard output, or a file
// written beside its target and renamed over it once complete, so that a
// failed run leaves no partial file and keeps an older one. A target that
// is a link is the file it links to (the link stays); one that is no
// regular file (/dev/null, a named pipe) is written to as it is: a file
// renamed over it would replace it.
type output struct {
	io.Writer
	name   string // what the command's summary calls it
	path   string
	file   *os.File // nil for standard output
	direct *os.File // the target itself, when it is no regular file
}

// openOutput returns the output for path, "-" for stdout.
func openOutput(path string, stdout io.Writer) (*output, error) {
	if path == "-" {
		return &output{Writer: stdout, name: "standard output"}, nil
	}
	target := path
	if resolved, err := filepath.EvalSymlinks(path); err == nil {
		target = resolved
	}
	if info, err := os.Stat(target); err == nil && !info.Mode().IsRegular() {
		if info.IsDir() {
			return nil, fmt.Errorf("%s is a folder: give the path of a file", path)
		}
		f, err := os.OpenFile(target, os.O_WRONLY, 0)
		if err != nil {
			return nil, err
		}
		return &output{Writer: f, name: path, direct: f}, nil
	}
	f, err := createTemp(target)
	if err != nil {
		return nil, err
	}
	return &output{Writer: f, name: path, path: target, file: f}, nil
}

// commit puts a file written whole in place of its target.
func (o *output) commit() error {
	if o.direct != nil {
		return o.direct.Close()
	}
	if o.file == nil {
		return nil
	}
	if err := o.file.Sync(); err != nil {
		return err
	}
	if err := o.file.Close(); err != nil {
		return err
	}
	return os.Rename(o.file.Name(), o.path)
}

// discard removes the file of an output that was not committed; after
// commit it does nothing harmful.
func (o *output) discard() {
	if o.direct != nil {
		o.direct.Close()
	}
	if o.file != nil {
		o.file.Close()
		os.Remove(o.file.Name())
	}
}

// createTemp creates a new file beside path, to be renamed over it, with
// the permissions of any file the user writes (0666 less the umask, 0644
// as a rule), not os.CreateTemp's 0600: an export is shared.
func createTemp(path string) (*os.File, error) {
	dir, base := filepath.Dir(path), filepath.Base(path)
	for {
		var b [6]byte
		if _, err := rand.Read(b[:]); err != nil {
			return nil, err
		}
		f, err := os.OpenFile(filepath.Join(dir, "."+base+"."+hex.EncodeToString(b[:])+".tmp"), os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o666)
		if errors.Is(err, fs.ErrExist) {
			continue
		}
		return f, err
	}
}

// flagNames turns an API error's parameter names into flags: the message
// of "split \"x\": ..." becomes "--split \"x\": ...".
func flagNames(err error) error {
	var e *api.Error
	if !errors.As(err, &e) {
		return err
	}
	msg := e.Message
	for _, name := range []string{"format", api.ParamSet, "annotator", "label", "article", "split", "seed", "offsets", "merge"} {
		if rest, ok := strings.CutPrefix(msg, name+" "); ok {
			msg = "--" + name + " " + rest
			break
		}
	}
	return errors.New(msg)
}

const importUsage = `Usage: gloss import [--data ./data|--db URL] [--format jsonl|doccano|brat|labelstudio|prodigy] [--project ID]
                    [--annotator NAME] [--merge] [--offsets utf16|grapheme|codepoint] FILE|-

Stores the articles and annotations of FILE (- for standard input) in the
database, as POST /api/v1/import does: everything or, at the first problem,
nothing. doccano and brat (a .zip) need --annotator; jsonl records, Label
Studio annotations (completed_by) and Prodigy tasks (_annotator_id) keep
their own unless it is given. A file holding one article twice (several
annotators' sets) is refused unless --merge stores them as one set. It may
run while gloss serve serves the same data.

` + dbUsage

// importFile stores the annotations of a file in the database (--data or
// --db).
func importFile(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	flags := newFlags("import", importUsage, stderr)
	db := addDBFlags(flags, true)
	format := flags.String("format", server.DefaultExportFormat, "format of the file: "+strings.Join(formats.ImportNames(), ", "))
	annotator := flags.String("annotator", "", "annotator the annotations are stored as (needed but for jsonl, labelstudio, prodigy)")
	projectID := flags.String("project", api.DefaultProject, "the ID of the project the sets are stored in")
	merge := flags.Bool("merge", false, "store several records of one article (several annotators' sets) as --annotator's one set, shared entities once")
	offsets := flags.String("offsets", "", "what a doccano file's offsets count: utf16 (default, as doccano does), grapheme or codepoint")
	if err := parseFlags(flags, args); err != nil {
		return err
	}
	if flags.NArg() != 1 {
		return usageError{fmt.Errorf("give one file to import (or - for standard input), not %d arguments", flags.NArg())}
	}
	if err := server.CheckImportParams(*format, *annotator); err != nil {
		return usageError{flagNames(err)}
	}
	opts, err := server.ParseImportOptions(*format, strconv.FormatBool(*merge), *offsets)
	if err != nil {
		return usageError{flagNames(err)}
	}
	if err := annotations.ValidateProjectID(*projectID); err != nil {
		return usageError{flagNames(err)}
	}
	opts.Annotator, opts.Project, opts.Limits = *annotator, annotations.ProjectField(*projectID), formats.DefaultZipLimits
	path := flags.Arg(0)
	var body []byte
	if path == "-" {
		body, err = io.ReadAll(os.Stdin)
	} else {
		body, err = os.ReadFile(path)
	}
	if err != nil {
		return err
	}
	store, err := db.open(ctx)
	if err != nil {
		return err
	}
	defer store.Close()
	if db.made {
		fmt.Fprintf(stderr, "gloss import: %s had no database: a new one was made there (if this is not the server's --data, the import went where no server reads it)\n", db.data)
	}
	if _, err := store.Project(ctx, *projectID); errors.Is(err, server.ErrNotFound) {
		return fmt.Errorf("no project %q (gloss project list lists them)", *projectID)
	} else if err != nil {
		return err
	}
	sum, err := server.ImportWith(ctx, store, body, *format, time.Now(), opts)
	if err != nil {
		var bad *formats.ImportError
		if errors.As(err, &bad) { // the API's offsets= is a flag here
			return fmt.Errorf("%s: %s (nothing was stored)", path, strings.ReplaceAll(err.Error(), "offsets=", "--offsets "))
		}
		return err
	}
	fmt.Fprintf(stdout, "imported %s: %s (%d new), %s, %s stored, %d already there\n",
		path, many(sum.Articles, "article"), sum.ArticlesCreated, many(len(sum.Sets), "set"), many(sum.RevisionsApplied, "revision"), sum.RevisionsDuplicate)
	for _, n := range sum.NotRead {
		fmt.Fprintf(stdout, "not read: %d %s (the first at %s)\n", n.Count, n.What, n.First)
	}
	if len(sum.LabelsAdded) > 0 {
		fmt.Fprintf(stdout, "labels beyond the default schema, added to the sets' schemas: %s\n", strings.Join(sum.LabelsAdded, ", "))
	}
	if len(sum.PolaritiesAdded) > 0 {
		fmt.Fprintf(stdout, "stance polarities beyond the default schema, added to the sets' schemas: %s\n", strings.Join(sum.PolaritiesAdded, ", "))
	}
	if len(sum.NotMembers) > 0 {
		fmt.Fprintf(stdout, "sets of annotators who are no member of the project, whom nobody can sign in as until an account of that name joins it (gloss user add, gloss member set): %s\n", strings.Join(sum.NotMembers, ", "))
	}
	return nil
}

// isTerminal reports whether w is a terminal (a character device).
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	info, err := f.Stat()
	return err == nil && info.Mode()&os.ModeCharDevice != 0
}

// progressBar draws "label [#####.....]  42% 420/1000" on one line of a
// terminal, at most ten times a second, and clears it when done.
type progressBar struct {
	w     io.Writer
	label string
	last  time.Time
}

func newProgressBar(w io.Writer, label string) *progressBar {
	return &progressBar{w: w, label: label}
}

const barWidth = 30

func (p *progressBar) update(done, total int) {
	if done < total && time.Since(p.last) < 100*time.Millisecond {
		return
	}
	p.last = time.Now()
	if done >= total {
		fmt.Fprint(p.w, "\r\033[K") // clear the line for the summary
		return
	}
	filled := barWidth * done / total
	fmt.Fprintf(p.w, "\r%s [%s%s] %3d%% %d/%d sets", p.label,
		strings.Repeat("#", filled), strings.Repeat(".", barWidth-filled), 100*done/total, done, total)
}

const backupUsage = `Usage: gloss backup --out FILE [--data ./data|--db URL]

Writes a consistent copy of the database to FILE, a new file readable by
its owner only (it holds password hashes), while gloss serve may go on
serving the same data, and prints how many articles the copy holds. A
backup that fails (its disk full, say) removes what it wrote.

SQLite (--data): FILE is a copy of gloss.db; FILE-journal and FILE-wal
must not exist either. To restore it, stop the servers and put FILE in
place of gloss.db in the data folder (removing gloss.db-wal and
gloss.db-shm).

PostgreSQL (--db): FILE is pg_dump --format=custom's dump of the
database; it needs pg_dump, of the server's version or newer (Debian's
package postgresql-client). To restore it, stop the servers, then run
    pg_restore --clean --if-exists --dbname URL FILE

Either way, the devices send back what the copy lacks when they next
sync: a device's sync cursor made after the backup names history that
the restored database lacks, which the cursor's hash of that history
catches, so the device sends its revisions again and pulls from the
start.

` + dbUsage

// backup copies the database (--data or --db) to --out.
func backup(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	flags := newFlags("backup", backupUsage, stderr)
	db := addDBFlags(flags, false)
	out := flags.String("out", "", "file to write, which must not exist (required)")
	if err := parseFlags(flags, args); err != nil {
		return err
	}
	if flags.NArg() > 0 {
		return usageError{fmt.Errorf("unexpected arguments %q", flags.Args())}
	}
	if *out == "" {
		return usageError{errors.New("--out is missing: give the file to write")}
	}
	store, err := db.open(ctx)
	if err != nil {
		return err
	}
	defer store.Close()
	articles, err := store.Backup(ctx, *out)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "backed up %s (%s) to %s\n", store, many(articles, "article"), *out)
	return nil
}

// openProject opens the database db chooses and reads the project id from
// it; the caller closes the store.
func openProject(ctx context.Context, db *dbFlags, id string) (database, server.Project, error) {
	store, err := db.open(ctx)
	if err != nil {
		return nil, server.Project{}, err
	}
	p, err := store.Project(ctx, id)
	if errors.Is(err, server.ErrNotFound) {
		err = fmt.Errorf("no project %q (gloss project list lists them)", id)
	}
	if err != nil {
		store.Close()
		return nil, server.Project{}, err
	}
	return store, p, nil
}

// many says n of a noun, in the plural but for one: "1 article", "3 sets".
func many(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
