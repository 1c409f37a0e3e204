package e2e

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/chromedp"
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
