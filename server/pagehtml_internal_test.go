package server

import "testing"

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

// TestRewriteAppScript: go-app's go.run line gets a yield before it, and
// its read loop one after each piece it hands on; a script without either
// line, or with one twice, is left as it is.
func TestRewriteAppScript(t *testing.T) {
	const (
		read = "            controller.enqueue(value);\n          }"
		run  = "    const wasm = await instantiateStreaming(f, go.importObject);\n\n    go.run(wasm.instance);\n    loader.remove();"
	)
	for _, c := range []struct{ name, in, want string }{
		{"go-app's", read + "\n" + run,
			"            for (let at = 0; at < value.byteLength; at += 262144) { // Gloss: the module compiles a piece at a time, each in a task of its own\n" +
				"              controller.enqueue(value.subarray(at, at + 262144));\n" +
				"              await (globalThis.scheduler?.yield ? scheduler.yield() : new Promise((resolve) => setTimeout(resolve)));\n" +
				"            }\n          }\n" +
				"    const wasm = await instantiateStreaming(f, go.importObject);\n\n    await new Promise((resolve) => setTimeout(resolve)); // Gloss: the Go runtime's start in a task of its own\n    go.run(wasm.instance);\n    loader.remove();"},
		{"no go.run", read + "\ngo.run(instance);", ""},
		{"go.run twice", read + "\ngo.run(wasm.instance);go.run(wasm.instance);", ""},
		{"no read loop", run, ""},
		{"read loop twice", read + read + run, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			got, err := rewriteAppScript([]byte(c.in))
			if c.want == "" {
				if err == nil || string(got) != c.in {
					t.Errorf("got %q, %v; want the script unchanged and an error", got, err)
				}
				return
			}
			if err != nil || string(got) != c.want {
				t.Errorf("got %q, %v; want %q", got, err, c.want)
			}
		})
	}
}
