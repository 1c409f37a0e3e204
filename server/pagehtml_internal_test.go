package server

import (
	"strings"
	"testing"
)

func TestCorrectHTML(t *testing.T) {
	for _, c := range []struct{ name, in, want string }{
		{"doctype and text kept", "<!doctype html>\n<p>a &amp; b</p>", "<!doctype html>\n<p>a &amp; b</p>"},
		{"Go literal to HTML", `<a title="say \"hi\" & <go>">x</a>`, `<a title="say &#34;hi&#34; &amp; &lt;go&gt;">x</a>`},
		{"escaped newline and unicode", `<p title="a\nb" data-x="é\u00a0">x</p>`, "<p title=\"a\nb\" data-x=\"é\u00a0\">x</p>"},
		{"false boolean left out", `<div hidden="false" id="x"></div>`, `<div id="x"></div>`},
		{"true boolean bare", `<input disabled readonly>`, `<input disabled readonly>`},
		{"bare aria gets true", `<button aria-pressed class="b">x</button>`, `<button aria-pressed="true" class="b">x</button>`},
		{"aria false kept", `<button aria-pressed="false">x</button>`, `<button aria-pressed="false">x</button>`},
		{"self-closing and end tags", `<br><img src="/a.png" alt></p>`, `<br><img src="/a.png" alt></p>`},
		{"raw HTML quoted plainly", `<nav class="team-links" aria-label="Team"><a href="/p">P</a></nav>`, `<nav class="team-links" aria-label="Team"><a href="/p">P</a></nav>`},
	} {
		t.Run(c.name, func(t *testing.T) {
			got, err := correctHTML([]byte(c.in))
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != c.want {
				t.Errorf("correctHTML(%q)\n got %q\nwant %q", c.in, got, c.want)
			}
		})
	}
	for _, bad := range []string{`<p title="open`, `<p title=x>`, `<p`, `a < b`, `<!doctype html`} {
		if got, err := correctHTML([]byte(bad)); err == nil {
			t.Errorf("correctHTML(%q) = %q, want an error", bad, got)
		}
	}
}

// TestRewriteAppScript: go-app's app.js gets the module compiled by a
// worker (glossCompiledModule in place of fetchWithProgress, an
// instantiateStreaming that only instantiates) and a yield before go.run;
// a script without one of the lines, or with one twice, is left as it is.
func TestRewriteAppScript(t *testing.T) {
	const (
		streaming = "  let instantiateStreaming = WebAssembly.instantiateStreaming;\n"
		load      = "    const wasm = await instantiateStreaming(\n      fetchWithProgress(\"/web/v/app.wasm\", showProgress),\n      go.importObject\n    );\n\n"
		run       = "    go.run(wasm.instance);\n    loader.remove();\n"
		fetcher   = "async function fetchWithProgress(url, progess) {\n  const response = await fetch(url);\n"
		goapp     = streaming + load + run + fetcher
	)
	want := []string{
		"let instantiateStreaming = async (module, importObject) => ({ instance: await WebAssembly.instantiate(await module, importObject) });",
		"glossCompiledModule(\"/web/v/app.wasm\", showProgress),",
		"await new Promise((resolve) => setTimeout(resolve)); // Gloss: the Go runtime's start in a task of its own\n    go.run(wasm.instance);",
		"async function glossCompiledModule(url, progress) {",
		"new Worker(new URL(\"module-worker.js\", at))",
		"return WebAssembly.compileStreaming(fetchWithProgress(url, progress));", // where no worker can
		fetcher, // kept for that
	}
	got, err := rewriteAppScript([]byte(goapp))
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range want {
		if !strings.Contains(string(got), w) {
			t.Errorf("the rewritten script lacks %q:\n%s", w, got)
		}
	}
	if strings.Contains(string(got), "fetchWithProgress(\"") {
		t.Errorf("the page still downloads the module itself:\n%s", got)
	}
	for _, c := range []struct{ name, in string }{
		{"no go.run", streaming + load + fetcher},
		{"go.run twice", goapp + run},
		{"no instantiateStreaming", load + run + fetcher},
		{"no download", streaming + run + fetcher},
		{"no fetchWithProgress", streaming + load + run},
		{"fetchWithProgress twice", goapp + fetcher},
	} {
		t.Run(c.name, func(t *testing.T) {
			got, err := rewriteAppScript([]byte(c.in))
			if err == nil || string(got) != c.in {
				t.Errorf("got %q, %v; want the script unchanged and an error", got, err)
			}
		})
	}
}
