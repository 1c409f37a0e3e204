//go:build js && wasm

package main

import (
	"encoding/json"
	"syscall/js"

	"github.com/gloss-annotate/gloss/annotations/htmltext"
	"github.com/gogs/chardet"
)

// init sets globalThis.glossDetectEncoding, the export module's charset
// detector, for text files that are neither UTF-8 nor marked by a byte
// order mark:
//
//	glossDetectEncoding(bytes Uint8Array[, html bool]) → JSON: [{"Charset", "Language",
//	        "Confidence", "Declared"}, ...], likeliest first; "[]" when none
//
// For an HTML page (html true), the encoding its first 1024 bytes declare
// (htmltext.DeclaredCharset), as browsers read it, comes first, with
// Declared true and a confidence of 100.
//
// It lives here rather than in app.wasm: chardet (github.com/gogs/chardet, a
// port of ICU's detector) is needed only for such files, and this module is
// loaded on demand and kept for offline use. A global of its own, set
// before main runs, keeps it apart from glossExport's functions.
func init() {
	js.Global().Set("glossDetectEncoding", js.FuncOf(detectEncoding))
}

// detectEncoding is glossDetectEncoding.
func detectEncoding(_ js.Value, args []js.Value) any {
	if len(args) < 1 || len(args) > 2 || args[0].Type() != js.TypeObject {
		return "[]"
	}
	b := make([]byte, args[0].Get("length").Int())
	js.CopyBytesToGo(b, args[0])
	var results []detected
	if len(args) == 2 && args[1].Truthy() {
		if c := htmltext.DeclaredCharset(b); c != "" {
			results = append(results, detected{Result: chardet.Result{Charset: c, Confidence: 100}, Declared: true})
		}
	}
	guesses, err := chardet.NewTextDetector().DetectAll(b)
	if err == nil {
		for _, g := range guesses {
			results = append(results, detected{Result: g})
		}
	}
	if results == nil {
		return "[]"
	}
	out, _ := json.Marshal(results)
	return string(out)
}

// detected is one of glossDetectEncoding's answers: the detector's, or
// the page's own declaration.
type detected struct {
	chardet.Result
	Declared bool
}
