package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/gloss-annotate/gloss/annotations"
	"github.com/gloss-annotate/gloss/annotations/agreement"
	"github.com/gloss-annotate/gloss/annotations/agreement/agreementtest"
	"github.com/gloss-annotate/gloss/server/sqlite"
	"github.com/google/go-cmp/cmp"
)

// agreementData stores three synthetic articles whose sets are all done
// in a new database in dir, and returns its folder and the report
// expected of them.
func agreementData(t *testing.T, dir string) (string, agreement.Report) {
	t.Helper()
	data := filepath.Join(dir, "data")
	store, err := sqlite.Open(data)
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	articles, sets := agreementtest.Project(3)
	var revs []annotations.Revision
	var want []agreement.ArticleSets
	for i, a := range articles {
		for _, s := range sets[i] {
			r, err := agreementtest.Revisions("", s, annotations.WorkDone)
			if err != nil {
				t.Fatal(err)
			}
			revs = append(revs, r...)
		}
		want = append(want, agreement.ArticleSets{Article: a, Sets: sets[i]})
	}
	if _, err := store.Import(context.Background(), articles, revs); err != nil {
		t.Fatal(err)
	}
	// The report lists the articles by ID.
	slices.SortFunc(want, func(a, b agreement.ArticleSets) int { return strings.Compare(a.Article.ID, b.Article.ID) })
	return data, agreement.Compute(want)
}

func TestAgreementCommand(t *testing.T) {
	dir := t.TempDir()
	data, want := agreementData(t, dir)

	code, stdout, stderr := gloss(t, "agreement", "--data", data)
	if code != 0 {
		t.Fatalf("exit status %d: %s", code, stderr)
	}
	var got agreement.Report
	if err := json.Unmarshal([]byte(stdout), &got); err != nil {
		t.Fatalf("standard output is no report: %v", err)
	}
	g, _ := json.Marshal(got)
	w, _ := json.Marshal(want)
	if diff := cmp.Diff(string(w), string(g)); diff != "" {
		t.Errorf("report (-want +got):\n%s", diff)
	}
	if !strings.Contains(stderr, "agreement of 3 articles by 3 annotators") {
		t.Errorf("stderr %q lacks the summary", stderr)
	}

	out := filepath.Join(dir, "agreement.csv")
	if code, _, stderr := gloss(t, "agreement", "--data", data, "--project", "default", "--format", "csv", "--out", out); code != 0 {
		t.Fatalf("exit status %d: %s", code, stderr)
	}
	body, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	var csv strings.Builder
	if err := agreement.WriteCSV(&csv, want); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(csv.String(), string(body)); diff != "" {
		t.Errorf("CSV (-want +got):\n%s", diff)
	}
}

func TestAgreementCommandUsage(t *testing.T) {
	dir := t.TempDir()
	data, _ := agreementData(t, dir)
	tests := []struct {
		name       string
		args       []string
		wantCode   int
		wantStderr string
	}{
		{"unknown format", []string{"--data", data, "--format", "xml"}, 2, `--format "xml": the agreement is json or csv`},
		{"bad project ID", []string{"--data", data, "--project", "Not An ID"}, 2, "project"},
		{"unknown project", []string{"--data", data, "--project", "climate"}, 1, `no project "climate"`},
		{"no database", []string{"--data", filepath.Join(dir, "nowhere")}, 1, "no database in"},
		{"extra argument", []string{"--data", data, "now"}, 2, `unexpected arguments ["now"]`},
		{"help", []string{"-h"}, 0, "Usage: gloss agreement"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, stderr := gloss(t, append([]string{"agreement"}, tt.args...)...)
			if code != tt.wantCode || !strings.Contains(stderr, tt.wantStderr) {
				t.Errorf("exit status %d, stderr %q; want %d and %q", code, stderr, tt.wantCode, tt.wantStderr)
			}
		})
	}
}

func TestArticleProgress(t *testing.T) {
	var b strings.Builder
	p := articleProgress(&b)
	p(0, 3)
	p(1, 3) // within 100 ms of the last: not drawn
	if got := b.String(); got != "\rtallying agreement: 0/3 articles" {
		t.Errorf("progress %q", got)
	}
	p(3, 3)
	if got := b.String(); !strings.HasSuffix(got, "\r\033[K") {
		t.Errorf("progress %q does not end by clearing its line", got)
	}
}
