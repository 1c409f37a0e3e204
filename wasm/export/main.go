//go:build js && wasm

// Command export is Gloss's export module: the encoders of every export
// format (annotations/formats) as a WebAssembly module of their own, which
// the app loads the first time a user asks for a download, so that app.wasm,
// which every page load needs, does not carry them. The service worker
// caches it with the app, so downloads work offline.
//
// It sets globalThis.glossExport to an object with two functions, then
// waits for calls:
//
//	formats() → JSON: [{"name", "description"}, ...], sorted by name
//	encode(format, base, recordsJSON) → {name, type, bytes (Uint8Array), problems (JSON)}
//	                                    or {error} when it cannot
//
// recordsJSON is a JSON array of annotations.ExportRecord.
package main

import (
	"encoding/json"
	"fmt"
	"syscall/js"

	"github.com/gloss-annotate/gloss/annotations"
	"github.com/gloss-annotate/gloss/annotations/formats"
)

// formatEntry is a format as formats() lists it.
type formatEntry struct {
	Name        string `json:"name"`
	Description string `json:"description"`
}

func main() {
	api := js.Global().Get("Object").New()
	api.Set("formats", js.FuncOf(func(js.Value, []js.Value) any {
		var list []formatEntry
		for _, f := range formats.Catalog() {
			list = append(list, formatEntry{f.Name, f.Description})
		}
		b, _ := json.Marshal(list)
		return string(b)
	}))
	api.Set("encode", js.FuncOf(encode))
	js.Global().Set("glossExport", api)
	select {}
}

// encode is glossExport.encode. A panic (a bug) becomes an error, so the
// module stays up for the next call.
func encode(_ js.Value, args []js.Value) (result any) {
	out := js.Global().Get("Object").New()
	defer func() {
		if r := recover(); r != nil {
			out := js.Global().Get("Object").New()
			out.Set("error", fmt.Sprint("the export failed: ", r))
			result = out
		}
	}()
	if len(args) != 3 || args[0].Type() != js.TypeString || args[1].Type() != js.TypeString || args[2].Type() != js.TypeString {
		out.Set("error", "encode takes a format, a base name and the records as JSON")
		return out
	}
	var recs []annotations.ExportRecord
	if err := json.Unmarshal([]byte(args[2].String()), &recs); err != nil {
		out.Set("error", "the records are not valid JSON: "+err.Error())
		return out
	}
	file, err := formats.EncodeFile(args[0].String(), args[1].String(), recs)
	if err != nil {
		out.Set("error", err.Error())
		return out
	}
	problems, _ := json.Marshal(file.Problems)
	bin := js.Global().Get("Uint8Array").New(len(file.Bytes))
	js.CopyBytesToJS(bin, file.Bytes)
	out.Set("name", file.Name)
	out.Set("type", file.ContentType)
	out.Set("bytes", bin)
	out.Set("problems", string(problems))
	out.Set("problem_count", file.ProblemCount)
	return out
}
