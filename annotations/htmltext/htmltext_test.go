package htmltext

import (
	"errors"
	"strings"
	"testing"

	"github.com/gloss-annotate/gloss/annotations"
)

// page is a news page with the chrome the extractor drops (navigation, a
// share bar, an appeal beside the article, a footer) and a line of
// furniture inside the article, which it keeps.
const page = `<!doctype html>
<html><head><meta charset="utf-8"><title>Leaders Meet in Paris | The Daily Example</title>
<script>trackEverything()</script></head>
<body>
<nav><a href="/">Home</a> <a href="/world">World</a></nav>
<div class="share-bar social"><a href="#">Share on Facebook</a></div>
<article>
<h1>Leaders Meet in Paris</h1>
<p>Angela Merkel met Emmanuel Macron in Paris on Tuesday to discuss the future of the European Union,
its budget and the common defence policy that both leaders have championed for years.</p>
<p>Share This Article</p>
<p>“We are determined to move forward together,” Macron told reporters at the Élysée Palace,
standing next to the German chancellor after more than three hours of talks.<br>Merkel nodded.</p>
</article>
<aside class="donate-appeal"><p>Support independent journalism: donate today!</p></aside>
<footer><p>© The Daily Example. All rights reserved.</p></footer>
</body></html>`

func TestMainText(t *testing.T) {
	text, title, err := MainText(page)
	if err != nil {
		t.Fatal(err)
	}
	want := "Angela Merkel met Emmanuel Macron in Paris on Tuesday to discuss the future of the European Union, " +
		"its budget and the common defence policy that both leaders have championed for years.\n\n" +
		"Share This Article\n\n" +
		"“We are determined to move forward together,” Macron told reporters at the Élysée Palace, " +
		"standing next to the German chancellor after more than three hours of talks.\n\n" +
		"Merkel nodded."
	if text != want {
		t.Errorf("text:\n%s\nwant:\n%s", text, want)
	}
	if title != "Leaders Meet in Paris" { // the site's name left: the rest is the <h1>
		t.Errorf("title %q", title)
	}
	// The furniture line is the caller's to drop or to show.
	if got := annotations.Boilerplate(text); len(got) != 1 || got[0].Text != "Share This Article" {
		t.Errorf("Boilerplate(text) = %+v, want the share line only", got)
	}
}

func TestMainTextWithoutArticle(t *testing.T) {
	for _, p := range []string{
		"",
		`<html><head><title>Menu</title></head><body><nav><a href="/">Home</a></nav><img src="a.png"></body></html>`,
		// A menu, not marked as navigation: the extractor's fallback
		// would make it the article.
		`<html><head><title>Site map</title></head><body><header><h1>Example</h1></header><div><ul class="menu">` +
			`<li><a href="/">Home</a></li><li><a href="/world">World</a></li><li><a href="/business">Business</a></li>` +
			`<li><a href="/sport">Sport</a></li><li><a href="/culture">Culture</a></li><li><a href="/weather">Weather</a></li>` +
			`</ul></div><footer><p>©</p></footer></body></html>`,
	} {
		if text, _, err := MainText(p); !errors.Is(err, annotations.ErrNoArticleText) {
			t.Errorf("MainText(%.40q) = %q, %v; want ErrNoArticleText", p, text, err)
		}
	}
}

// TestMainTextNotText: a PNG named page.html is not a page without an
// article but no text at all, which the HTML parser, dropping its NULs,
// would read as a text of garbage.
func TestMainTextNotText(t *testing.T) {
	page := "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x06\x00\x00\x00\x1f\xf3\xffa" +
		"\x00\x00\x00\x19tEXtSoftware\x00Adobe ImageReadyq\xc9e<\x00\x00\x01\x0eIDATx\xda\xa4\x93\xbfJ"
	if text, _, err := MainText(page); !errors.Is(err, annotations.ErrNotText) {
		t.Errorf("MainText(a PNG) = %q, %v; want ErrNotText", text, err)
	}
}

// TestMainTextShortArticleWithLinks: a short article whose sentences hold
// links is still an article.
func TestMainTextShortArticleWithLinks(t *testing.T) {
	p := `<html><head><title>Brief</title></head><body><p><a href="/p/merkel">Angela Merkel</a> met <a href="/p/macron">Emmanuel Macron</a> in Paris on Tuesday.</p></body></html>`
	text, _, err := MainText(p)
	if err != nil || text != "Angela Merkel met Emmanuel Macron in Paris on Tuesday." {
		t.Errorf("MainText = %q, %v; want the sentence", text, err)
	}
}

// TestMainTextTitle: the site's name leaves the title when the rest is the
// page's headline, whatever the separator and the headline's length.
func TestMainTextTitle(t *testing.T) {
	body := `<p>Rain fell for three days in the region, and rivers burst their banks in several towns, officials said on Monday.</p>`
	tests := []struct {
		name, head, h1, want string
	}{
		{"short headline, a bar", `<title>Floods hit Valencia | El País</title>`, "Floods hit Valencia", "Floods hit Valencia"},
		{"en dash", `<title>Wahl in Sachsen – tagesschau.de</title>`, "Wahl in Sachsen", "Wahl in Sachsen"},
		{"site first", `<title>El País · Floods hit Valencia</title>`, "Floods  hit valencia", "Floods hit Valencia"},
		{"og:title, no h1", `<title>Floods hit Valencia | El País</title><meta property="og:title" content="Floods hit Valencia">`, "", "Floods hit Valencia"},
		{"no headline to match", `<title>Floods hit Valencia | El País</title>`, "Something else", "Floods hit Valencia | El País"},
		{"no separator", `<title>Floods hit Valencia</title>`, "Floods hit Valencia", "Floods hit Valencia"},
	}
	for _, tt := range tests {
		h1 := ""
		if tt.h1 != "" {
			h1 = "<h1>" + tt.h1 + "</h1>"
		}
		_, title, err := MainText(`<html><head>` + tt.head + `</head><body><article>` + h1 + body + `</article></body></html>`)
		if err != nil || title != tt.want {
			t.Errorf("%s: title %q, %v; want %q", tt.name, title, err, tt.want)
		}
	}
}

func TestDeclaredCharset(t *testing.T) {
	tests := []struct {
		name, page, want string
	}{
		{"meta charset", `<html><head><meta charset="windows-1252"><title>T</title>`, "windows-1252"},
		{"unquoted, upper case, an alias", `<HTML><HEAD><META CHARSET=ISO-8859-1>`, "windows-1252"},
		{"latin1", `<meta charset="latin1">`, "windows-1252"},
		{"utf8", `<meta charset="utf8">`, "utf-8"},
		{"utf-16 in a page of bytes", `<meta charset="utf-16">`, "utf-8"},
		{"x-user-defined", `<meta charset="x-user-defined">`, "windows-1252"},
		{"replacement", `<meta charset="iso-2022-kr">`, ""},
		{"unknown", `<meta charset="klingon">`, ""},
		{"http-equiv", `<meta http-equiv="Content-Type" content="text/html; charset=koi8-r">`, "koi8-r"},
		{"http-equiv, quoted charset", `<meta content='text/html; charset="Shift_JIS"' http-equiv=content-type>`, "shift_jis"},
		{"self-closing", `<meta charset="utf-8"/>`, "utf-8"},
		{"content without http-equiv", `<meta name="x" content="text/html; charset=koi8-r"><meta charset=big5>`, "big5"},
		{"in a comment", `<!-- <meta charset="koi8-r"> --><p>text`, ""},
		{"none", `<html><head><title>T</title></head><body><p>Text</p>`, ""},
		{"after the first 1024 bytes", "<html><head><title>" + strings.Repeat("x", 1024) + `</title><meta charset="koi8-r">`, ""},
		{"empty", "", ""},
	}
	for _, tt := range tests {
		if got := DeclaredCharset([]byte(tt.page)); got != tt.want {
			t.Errorf("%s: DeclaredCharset = %q, want %q", tt.name, got, tt.want)
		}
	}
}
