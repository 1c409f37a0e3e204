package e2e

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// newsPageHTML returns a long news page as a site serves it: a menu of a
// hundred links, an article of paragraphs paragraphs full of inline
// markup, a share bar, lists of related stories, comments and a footer.
func newsPageHTML(paragraphs int) string {
	var b strings.Builder
	b.WriteString(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Leaders Meet in Paris | The Daily Example</title>`)
	for i := range 20 {
		fmt.Fprintf(&b, `<link rel="stylesheet" href="/css/%d.css"><script src="/js/%d.js"></script>`, i, i)
	}
	b.WriteString(`</head><body><header><nav class="site-nav"><ul>`)
	for i := range 100 {
		fmt.Fprintf(&b, `<li class="nav-item"><a href="/section/%d">Section %d</a></li>`, i, i)
	}
	b.WriteString(`</ul></nav></header><main><div class="share-bar social"><a href="#">Share on Facebook</a> <a href="#">Share on X</a></div><article><h1>Leaders Meet in Paris</h1>`)
	for i := range paragraphs {
		fmt.Fprintf(&b, `<p class="story-body__paragraph">Paragraph %d: <a href="/people/merkel">Angela Merkel</a> met <span class="name">Emmanuel Macron</span> in <em>Paris</em> on Tuesday to discuss the future of the <a href="/topics/eu">European Union</a>, its budget and the common defence policy that both leaders have championed for years, officials said.</p>`, i)
		if i%10 == 9 {
			fmt.Fprintf(&b, `<figure><img src="/img/%d.jpg" alt=""><figcaption>Photograph %d</figcaption></figure>`, i, i)
		}
	}
	b.WriteString(`</article><aside class="related"><h2>Related stories</h2><ul>`)
	for i := range 40 {
		fmt.Fprintf(&b, `<li><a href="/story/%d"><img src="/thumb/%d.jpg" alt=""><span>Another story number %d about the summit</span></a></li>`, i, i, i)
	}
	b.WriteString(`</ul></aside><section class="comments">`)
	for i := range 50 {
		fmt.Fprintf(&b, `<div class="comment"><div class="author">reader%d</div><div class="body">I think comment %d is right about this.</div></div>`, i, i)
	}
	b.WriteString(`</section></main><footer><p>© The Daily Example. All rights reserved.</p></footer></body></html>`)
	return b.String()
}

// BenchmarkHTMLUpload adds a long news page (a 300-paragraph article,
// about 250 kB of HTML) from a file in a new profile, which loads the
// export module to read it, and reports the longest task from the choice
// of the file to the article's page.
func BenchmarkHTMLUpload(b *testing.B) {
	chromiumPath(b)
	page := newsPageHTML(300)
	var longestTask float64
	for b.Loop() {
		srv := startServer(b, b.TempDir(), "")
		ctx := newBrowser(b, "")
		navigate(b, ctx, srv.URL+"/")
		waitApp(b, ctx)
		signIn(b, ctx, srv, "bench")
		time.Sleep(time.Second)
		before := evalAsync[[][2]float64](b, ctx, longTasksJS)
		uploadFile(b, ctx, writeFile(b, "page.html", []byte(page)))
		waitFor(b, ctx, `(location.pathname.startsWith("/articles/") && `+articleReadyJS+`) || document.getElementById("article-review")?.hidden === false`, 30*time.Second)
		if evalJS[bool](b, ctx, `!location.pathname.startsWith("/articles/")`) {
			click(b, ctx, "#article-confirm")
			waitFor(b, ctx, `location.pathname.startsWith("/articles/") && `+articleReadyJS, 30*time.Second)
		}
		if text := evalJS[string](b, ctx, `document.getElementById("article-text").textContent`); !strings.Contains(text, "Paragraph 299: Angela Merkel") || strings.Contains(text, "Section 5") {
			b.Fatalf("the article's text is not the page's article: %.300q", text)
		}
		time.Sleep(time.Second)
		longestTask = max(longestTask, longest(evalAsync[[][2]float64](b, ctx, longTasksJS), len(before)))
	}
	b.ReportMetric(0, "ns/op")
	b.ReportMetric(longestTask, "longest-task-ms")
	reportf("a news page of %d kB added from a file, the export module loaded to read it: longest task %.0f ms (%s)\n\n",
		len(page)/1000, longestTask, atMost(longestTask, longTaskGoal, "ms"))
}
