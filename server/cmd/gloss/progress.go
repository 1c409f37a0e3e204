package main

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/gloss-annotate/gloss/annotations"
	"github.com/gloss-annotate/gloss/annotations/api"
	"github.com/gloss-annotate/gloss/annotations/formats"
	"github.com/gloss-annotate/gloss/server"
)

const progressUsage = `Usage: gloss progress [--data ./data|--db URL] [--project default] [--format text|json|csv]

Prints where each article of a project stands, newest first: its assigned
annotators, the state of each of its sets (the curators' gold set too) and
its own state (not_started, in_progress, done, skipped, curated); then
each annotator's totals, with the time spent (the gaps between their
edits, each counted up to 5 minutes). json is the answer of GET
/api/v1/projects/{id}/progress; csv has a row per set or assigned
annotator. It may run while gloss serve serves the same data.

` + dbUsage

// progressFormats are gloss progress's formats.
var progressFormats = []string{"text", "json", "csv"}

// progressCmd prints a project's progress.
func progressCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	flags := newFlags("progress", progressUsage, stderr)
	db := addDBFlags(flags, false)
	projectID := flags.String("project", api.DefaultProject, "the project's id")
	format := flags.String("format", "text", "text, json or csv")
	if err := parseFlags(flags, args); err != nil {
		return err
	}
	if flags.NArg() > 0 {
		return usageError{fmt.Errorf("unexpected arguments %q", flags.Args())}
	}
	if !slices.Contains(progressFormats, *format) {
		return usageError{fmt.Errorf("--format %q is not a format (formats: %s)", *format, strings.Join(progressFormats, ", "))}
	}
	store, p, err := openProject(ctx, db, *projectID)
	if err != nil {
		return err
	}
	defer store.Close()
	prog, err := server.ProjectProgress(ctx, store, p.ID, time.Now())
	if err != nil {
		return err
	}
	switch *format {
	case "json":
		enc := json.NewEncoder(stdout)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", "  ")
		return enc.Encode(prog)
	case "csv":
		return progressCSV(stdout, prog)
	}
	return progressText(stdout, prog)
}

// progressText writes prog as two tables: the articles, then the
// annotators, a disabled account's marked.
func progressText(w io.Writer, prog api.Progress) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ARTICLE\tTITLE\tSTATE\tASSIGNED\tSETS")
	for _, a := range prog.Articles {
		sets := make([]string, len(a.Sets))
		for i, s := range a.Sets {
			sets[i] = s.Annotator + " " + string(s.State)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", a.ArticleID, a.Title, a.State, orNone(strings.Join(a.Assigned, ", ")), orNone(strings.Join(sets, ", ")))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintln(w)
	fmt.Fprintln(tw, "ANNOTATOR\tASSIGNED\tNOT STARTED\tIN PROGRESS\tDONE\tSKIPPED\tTIME SPENT")
	for _, a := range prog.Annotators {
		name := a.Annotator
		if a.Disabled {
			name += " (disabled)"
		}
		fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t%d\t%d\t%s\n", name, a.Assigned, a.NotStarted, a.InProgress, a.Done, a.Skipped, time.Duration(a.Spent)*time.Millisecond)
	}
	return tw.Flush()
}

// orNone is s, or "-" when empty.
func orNone(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// progressCSV writes prog with a row per set of each article and per
// assigned annotator without one (not started); an article with neither
// has a row without annotator.
func progressCSV(w io.Writer, prog api.Progress) error {
	cw := csv.NewWriter(w)
	cw.Write([]string{"article_id", "title", "article_state", "assigned", "annotator", "state", "reason", "entities", "quotes", "stances", "groups", "first", "last", "spent_ms"})
	for _, a := range prog.Articles {
		rows := slices.Clone(a.Sets)
		for _, name := range a.Assigned {
			if !slices.ContainsFunc(a.Sets, func(s annotations.SetProgress) bool { return s.Annotator == name }) {
				rows = append(rows, annotations.SetProgress{Annotator: name, State: annotations.WorkNotStarted})
			}
		}
		head := []string{a.ArticleID, formats.SpreadsheetText(a.Title), string(a.State), formats.SpreadsheetText(strings.Join(a.Assigned, " "))}
		if len(rows) == 0 {
			cw.Write(append(head, make([]string, 10)...))
		}
		for _, s := range rows {
			cw.Write(append(slices.Clone(head), formats.SpreadsheetText(s.Annotator), string(s.State), formats.SpreadsheetText(s.Reason),
				strconv.Itoa(s.Entities), strconv.Itoa(s.Quotes), strconv.Itoa(s.Stances), strconv.Itoa(s.Groups),
				msTime(s.First), msTime(s.Last), strconv.FormatInt(s.Spent, 10)))
		}
	}
	cw.Flush()
	return cw.Error()
}

// msTime is the Unix ms time t in RFC 3339 (UTC), "" for 0 (unknown).
func msTime(t int64) string {
	if t == 0 {
		return ""
	}
	return time.UnixMilli(t).UTC().Format(time.RFC3339)
}
