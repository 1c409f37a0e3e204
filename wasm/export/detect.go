//go:build js && wasm

package main

import (
	"encoding/json"
	"syscall/js"

	"github.com/gogs/chardet"
)

// init sets globalThis.glossDetectEncoding, the export module's charset
// detector, for text files that are neither UTF-8 nor marked by a byte
// order mark:
//
//	glossDetectEncoding(bytes Uint8Array) → JSON: [{"Charset", "Language", "Confidence"}, ...],
//	                                        likeliest first; "[]" when none
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
	if len(args) != 1 || args[0].Type() != js.TypeObject {
		return "[]"
	}
	b := make([]byte, args[0].Get("length").Int())
	js.CopyBytesToGo(b, args[0])
	results, err := chardet.NewTextDetector().DetectAll(b)
	if err != nil {
		return "[]"
	}
	out, _ := json.Marshal(results)
	return string(out)
}
