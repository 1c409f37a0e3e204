package app

import (
	"strings"
	"testing"

	"github.com/gloss-annotate/gloss/annotations"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// TestTakeoverParts: after a first paint, the article page's render is the
// server's markup of its parts, and each step of the takeover puts the
// client's in place of the next one, in order, until none is left.
func TestTakeoverParts(t *testing.T) {
	const text = "Rex Tillerson met Sergei Lavrov in Moscow."
	ed := newTestEditor(t, text, "ana")
	server := takeover{
		top:       `<div class="top">the server's top bar</div>`,
		workspace: `<div class="workspace">the server's workspace</div>`,
		text:      `<div class="article-body">the server's text</div>`,
	}
	for _, tt := range []struct {
		shown                int
		top, workspace, text bool // the client's
	}{
		{0, false, false, false},
		{1, true, false, false},
		{2, true, true, false},
		{3, true, true, true},
	} {
		p := &ArticlePage{id: ed.article.ID, article: ed.article, firstPaint: true,
			paras: annotations.Paragraphs(text), text: []rune(text), take: server}
		p.ed, p.annotator = ed, "ana"
		p.mounted = nextMountEnd(p.paras, 0)
		p.take.shown = tt.shown
		html := app.HTMLString(p)
		for _, part := range []struct {
			name           string
			client         bool
			server, marker string // the server's markup, and something only the client's has
		}{
			{"top bar", tt.top, server.top, `class="topbar"`},
			{"workspace", tt.workspace, server.workspace, `class="toolbar"`},
			{"text", tt.text, server.text, "Sergei Lavrov"},
		} {
			if got := strings.Contains(html, part.marker); got != part.client {
				t.Errorf("%d parts shown: the client's %s %v, want %v", tt.shown, part.name, got, part.client)
			}
			// The server's text is in its workspace: the client's workspace
			// holds it as a part of its own.
			wantServer := !part.client && (part.name != "text" || tt.workspace)
			if got := strings.Contains(html, part.server); got != wantServer {
				t.Errorf("%d parts shown: the server's %s %v, want %v", tt.shown, part.name, got, wantServer)
			}
		}
		if got, want := p.take.active(), tt.shown < takeoverParts; got != want {
			t.Errorf("%d parts shown: active %v, want %v", tt.shown, got, want)
		}
	}
	if (takeover{shown: 0}).active() {
		t.Error("a takeover without the server's markup is active")
	}
}
