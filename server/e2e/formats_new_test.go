package e2e

import (
	"archive/zip"
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/chromedp"
	"github.com/gloss-annotate/gloss/annotations"
)

// offsetsText has characters that JavaScript counts as two UTF-16 units
// (an astronaut emoji of four code points, an astral letter) and a
// combining mark NFC keeps apart, before and inside its mentions.
const offsetsText = "👩🏽‍🚀 Zoë Ag\u0303ustín met Ruiz in 𝔑airobi."

// TestDownloadLabelStudioProdigy tags two mentions in the browser and
// downloads the set from the page (the export module) as Label Studio JSON
// and Prodigy JSONL. JavaScript, Label Studio's language, slices the
// Label Studio text at each region's offsets and gets the region's text;
// Prodigy's offsets are code points (Python's), and its tokens give the
// text back.
func TestDownloadLabelStudioProdigy(t *testing.T) {
	srv := startServer(t, t.TempDir(), "")
	id := postArticle(t, srv, "Offsets", offsetsText)
	ctx := openArticleAs(t, srv, id, "eve")
	mentions := []string{"Zoë Ag\u0303ustín", "𝔑airobi"}
	for i, sub := range mentions {
		s, e := codePoints(t, offsetsText, sub)
		evalJS[string](t, ctx, fmt.Sprintf(selectCodePointsJS, s, e))
		press(t, ctx, "1", 1)
		waitFor(t, ctx, fmt.Sprintf(`document.getElementById("annotation-list").dataset.count === "%d"`, i+1), 10*time.Second)
	}
	dir := t.TempDir()
	if _, err := chromedp.CallBrowser(ctx, browser.SetDownloadBehavior, browser.SetDownloadBehaviorParams{Behavior: browser.SetDownloadBehaviorBehaviorAllow, DownloadPath: dir}); err != nil {
		t.Fatal(err)
	}
	openDownloads(t, ctx)
	for _, name := range []string{"labelstudio", "prodigy"} {
		if !evalJS[bool](t, ctx, fmt.Sprintf(`!!document.querySelector('#download-formats [data-format="%s"]')`, name)) {
			t.Fatalf("the download menu does not offer %s", name)
		}
	}

	evalJS[bool](t, ctx, `document.querySelector('#download-formats [data-format="labelstudio"]').click() || true`)
	ls := downloaded(t, ctx, dir, "*.json")
	sliced := evalJS[[]string](t, ctx, `((tasks) => tasks.flatMap(task => task.annotations.flatMap(a =>
	  a.result.map(r => task.data.text.slice(r.value.start, r.value.end) + " = " + r.value.text))))(`+string(ls)+`)`)
	var want []string
	for _, m := range mentions {
		want = append(want, m+" = "+m)
	}
	if fmt.Sprint(sliced) != fmt.Sprint(want) {
		t.Errorf("JavaScript slices the Label Studio text at its regions' offsets into %q, want %q:\n%s", sliced, want, ls)
	}

	evalJS[bool](t, ctx, `document.querySelector('#download-formats [data-format="prodigy"]').click() || true`)
	pr := downloaded(t, ctx, dir, "*.jsonl")
	sc := bufio.NewScanner(bytes.NewReader(pr))
	type prodigyTask struct {
		Text   string `json:"text"`
		Tokens []struct {
			Text string `json:"text"`
			WS   bool   `json:"ws"`
		} `json:"tokens"`
		Spans []struct {
			Start int    `json:"start"`
			End   int    `json:"end"`
			Text  string `json:"text"`
		} `json:"spans"`
		Answer string `json:"answer"`
	}
	var tasks []prodigyTask
	for sc.Scan() {
		var task prodigyTask
		if err := json.Unmarshal(sc.Bytes(), &task); err != nil {
			t.Fatalf("Prodigy line %q: %v", sc.Text(), err)
		}
		tasks = append(tasks, task)
	}
	if len(tasks) != 1 || tasks[0].Answer != "accept" || len(tasks[0].Spans) != len(mentions) {
		t.Fatalf("Prodigy download %s, want one accepted task with %d spans", pr, len(mentions))
	}
	text := []rune(tasks[0].Text)
	for i, s := range tasks[0].Spans {
		if got := string(text[s.Start:s.End]); got != mentions[i] || s.Text != mentions[i] {
			t.Errorf("Prodigy span %d: code points %d-%d are %q (text %q), want %q", i, s.Start, s.End, got, s.Text, mentions[i])
		}
	}
	var b strings.Builder
	for _, tok := range tasks[0].Tokens {
		b.WriteString(tok.Text)
		if tok.WS {
			b.WriteString(" ")
		}
	}
	if b.String() != tasks[0].Text {
		t.Errorf("the Prodigy tokens with their ws are %q, want the text %q", b.String(), tasks[0].Text)
	}
}

// TestDownloadHFLabelsAsTheServer: with a project schema that adds a
// label to CoNLL-2003's, an annotator's hf download from the page (the
// export module) lists the same labels.json as the server's hf export of
// the same set: the schema's labels, the added one too, though no mention
// uses it.
func TestDownloadHFLabelsAsTheServer(t *testing.T) {
	srv := startServer(t, t.TempDir(), "")
	id := postArticle(t, srv, "Offsets", offsetsText)
	schema := annotations.DefaultSchema()
	schema.EntityLabels = append(schema.EntityLabels, annotations.Label{Name: "CRIME"})
	rev, err := annotations.NewSchemaRevision("", annotations.ProjectKey(""), schema)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := json.Marshal(map[string]any{"revisions": []annotations.Revision{rev}})
	resp, err := srv.admin(t).Post(srv.URL+"/api/v1/sync/push", "application/json", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("push the project's schema: status %d", resp.StatusCode)
	}

	ctx := openArticleAs(t, srv, id, "eve")
	waitFor(t, ctx, `!!document.querySelector('.palette [data-label="CRIME"]')`, 15*time.Second)
	s, e := codePoints(t, offsetsText, "Ruiz")
	evalJS[string](t, ctx, fmt.Sprintf(selectCodePointsJS, s, e))
	press(t, ctx, "1", 1)
	waitFor(t, ctx, `document.getElementById("annotation-list").dataset.count === "1"`, 10*time.Second)
	waitFor(t, ctx, `document.getElementById("sync-status")?.dataset.syncState === "synced" && document.getElementById("sync-status")?.dataset.pending === "0"`, 30*time.Second)
	dir := t.TempDir()
	if _, err := chromedp.CallBrowser(ctx, browser.SetDownloadBehavior, browser.SetDownloadBehaviorParams{Behavior: browser.SetDownloadBehaviorBehaviorAllow, DownloadPath: dir}); err != nil {
		t.Fatal(err)
	}
	openDownloads(t, ctx)
	evalJS[bool](t, ctx, `document.querySelector('#download-formats [data-format="hf"]').click() || true`)
	browserLabels := zippedLabels(t, downloaded(t, ctx, dir, "*.zip"))

	resp, err = srv.admin(t).Get(srv.URL + "/api/v1/export?format=hf&annotator=eve")
	if err != nil {
		t.Fatal(err)
	}
	served, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("the server's hf export: %d %v", resp.StatusCode, err)
	}
	serverLabels := zippedLabels(t, served)
	if !slices.Contains(serverLabels, "B-CRIME") || !slices.Equal(browserLabels, serverLabels) {
		t.Errorf("the page's labels.json %q, the server's %q: want the same, with CRIME", browserLabels, serverLabels)
	}
}

// zippedLabels returns the labels.json of a zipped hf export.
func zippedLabels(t *testing.T, b []byte) []string {
	t.Helper()
	r, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range r.File {
		if f.Name == "labels.json" {
			rc, err := f.Open()
			if err != nil {
				t.Fatal(err)
			}
			defer rc.Close()
			var labels []string
			if err := json.NewDecoder(rc).Decode(&labels); err != nil {
				t.Fatal(err)
			}
			return labels
		}
	}
	t.Fatal("no labels.json in the zip")
	return nil
}
