package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"time"

	"github.com/gloss-annotate/gloss/annotations"
	"github.com/gloss-annotate/gloss/annotations/agreement"
	"github.com/gloss-annotate/gloss/annotations/api"
	"github.com/gloss-annotate/gloss/server"
)

const agreementUsage = `Usage: gloss agreement [--data ./data|--db URL] [--project ID] [--format json|csv] [--out FILE|-]

Writes the inter-annotator agreement of a project's annotation sets, as
GET /api/v1/projects/ID/agreement does: over the articles at least two
annotators marked done, their done sets only (never the gold set), per
project, label, annotator pair and article. JSON is the whole report; CSV
has one figure per row (scope, article_id, label, annotator_a,
annotator_b, kind, measure, value, units, undefined). It is computed from
the database, from scratch; a terminal shows its progress. It may run
while gloss serve serves the same data.

` + dbUsage

// agreementCommand writes the agreement of a project in the database
// (--data or --db) to --out.
func agreementCommand(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	flags := newFlags("agreement", agreementUsage, stderr)
	db := addDBFlags(flags, false)
	projectID := flags.String("project", api.DefaultProject, "the ID of the project")
	format := flags.String("format", "json", "json (the whole report) or csv (one figure per row)")
	out := flags.String("out", "-", "file to write, or - for standard output")
	if err := parseFlags(flags, args); err != nil {
		return err
	}
	if flags.NArg() > 0 {
		return usageError{fmt.Errorf("unexpected arguments %q", flags.Args())}
	}
	if *format != "json" && *format != "csv" {
		return usageError{fmt.Errorf("--format %q: the agreement is json or csv", *format)}
	}
	if err := annotations.ValidateProjectID(*projectID); err != nil {
		return usageError{flagNames(err)}
	}
	store, _, err := openProject(ctx, db, *projectID)
	if err != nil {
		return err
	}
	defer store.Close()
	var progress func(done, total int)
	if isTerminal(stderr) {
		progress = articleProgress(stderr)
	}
	r, err := server.ComputeAgreement(ctx, store, *projectID, progress)
	if err != nil {
		return err
	}

	w, err := openOutput(*out, stdout)
	if err != nil {
		return err
	}
	defer w.discard()
	if *format == "csv" {
		err = agreement.WriteCSV(w, r)
	} else {
		enc := json.NewEncoder(w)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", "  ")
		err = enc.Encode(r)
	}
	if err != nil {
		return err
	}
	if err := w.commit(); err != nil {
		return err
	}
	fmt.Fprintf(stderr, "agreement of %d articles by %d annotators (%d articles skipped: fewer than two marked them done) written to %s\n",
		r.Overall.Articles, len(r.Overall.Annotators), len(r.Skipped), w.name)
	return nil
}

// articleProgress returns a progress function that shows "tallying
// agreement: 420/1000 articles" on one line of a terminal, at most ten
// times a second, and clears it when done.
func articleProgress(w io.Writer) func(done, total int) {
	var last time.Time
	return func(done, total int) {
		if done >= total {
			fmt.Fprint(w, "\r\033[K")
			return
		}
		if time.Since(last) < 100*time.Millisecond {
			return
		}
		last = time.Now()
		fmt.Fprintf(w, "\rtallying agreement: %d/%d articles", done, total)
	}
}
