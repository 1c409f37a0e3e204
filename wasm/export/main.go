//go:build js && wasm

// Command export is Gloss's export module: the encoders of every export
// format (annotations/formats) as a WebAssembly module of their own, which
// the app loads the first time a user asks for a download, so that app.wasm,
// which every page load needs, does not carry them. The service worker
// caches it with the app, so downloads work offline. It also writes the
// HTML of the team pages (/progress, /agreement: app/teamview), which
// need package agreement and with it annotations/formats.
//
// It sets globalThis.glossExport to an object with three functions, then
// waits for calls:
//
//	formats() → JSON: [{"name", "description", "label", "offsets"}, ...], sorted by name;
//	            a format whose offsets come in a unit to choose (doccano) once per
//	            unit (formats.OffsetUnits, the default first), with a label naming it
//	encode(format, base, recordsJSON[, offsets, maxNotes]) → {name, type, bytes (Uint8Array),
//	        problems (JSON), problem_count, notes (JSON: formats.ProblemSummary)} or {error}
//	teamHTML(page, answerJSON, project, path) → {html} or {error}: the app's team
//	        page "progress" or "agreement" from the server's answer to path (app/teamview)
//
// recordsJSON is a JSON array of annotations.ExportRecord; offsets, when
// given and not "", is what doccano's offsets count (formats.OffsetUnits);
// maxNotes caps the lines and names of notes (20 when not given).
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
	Label       string `json:"label,omitempty"`
	Offsets     string `json:"offsets,omitempty"`
}

// unitLabels name the choices of a format's offsets.
var unitLabels = map[formats.OffsetUnit]string{
	formats.UnitUTF16:     "UTF-16, as doccano counts",
	formats.UnitGrapheme:  "grapheme clusters, doccano's option",
	formats.UnitCodePoint: "code points, as Python counts",
}

func main() {
	api := js.Global().Get("Object").New()
	api.Set("formats", js.FuncOf(func(js.Value, []js.Value) any {
		var list []formatEntry
		for _, f := range formats.Catalog() {
			if !formats.TakesOffsets(f.Name) {
				list = append(list, formatEntry{Name: f.Name, Description: f.Description})
				continue
			}
			for i, u := range formats.OffsetUnits {
				e := formatEntry{Name: f.Name, Description: f.Description, Offsets: string(u)}
				if i > 0 {
					e.Label = f.Name + " (" + unitLabels[u] + ")"
				}
				list = append(list, e)
			}
		}
		b, _ := json.Marshal(list)
		return string(b)
	}))
	api.Set("encode", js.FuncOf(encode))
	api.Set("teamHTML", js.FuncOf(teamHTML))
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
	if len(args) < 3 || len(args) > 5 || args[0].Type() != js.TypeString || args[1].Type() != js.TypeString || args[2].Type() != js.TypeString ||
		len(args) >= 4 && args[3].Type() != js.TypeString || len(args) == 5 && args[4].Type() != js.TypeNumber {
		out.Set("error", "encode takes a format, a base name, the records as JSON and, maybe, the unit of doccano's offsets and the most notes to list")
		return out
	}
	maxNotes := 20
	if len(args) == 5 {
		maxNotes = args[4].Int()
	}
	var opts formats.Options
	if len(args) >= 4 && args[3].String() != "" {
		unit, err := formats.ParseOffsetUnit(args[3].String())
		if err != nil {
			out.Set("error", err.Error())
			return out
		}
		opts.Offsets = unit
	}
	var recs []annotations.ExportRecord
	if err := json.Unmarshal([]byte(args[2].String()), &recs); err != nil {
		out.Set("error", "the records are not valid JSON: "+err.Error())
		return out
	}
	file, err := formats.EncodeFileWith(args[0].String(), args[1].String(), recs, opts)
	if err != nil {
		out.Set("error", err.Error())
		return out
	}
	problems, _ := json.Marshal(file.Problems)
	notes, _ := json.Marshal(formats.SummarizeProblems(file.Problems, file.ProblemCount, recs, maxNotes))
	bin := js.Global().Get("Uint8Array").New(len(file.Bytes))
	js.CopyBytesToJS(bin, file.Bytes)
	out.Set("name", file.Name)
	out.Set("type", file.ContentType)
	out.Set("bytes", bin)
	out.Set("problems", string(problems))
	out.Set("problem_count", file.ProblemCount)
	out.Set("notes", string(notes))
	return out
}
