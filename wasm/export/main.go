//go:build js && wasm

// Command export is Gloss's export module: the encoders of every export
// format (annotations/formats) as a WebAssembly module of their own, which
// the app loads the first time a user asks for a download, so that app.wasm,
// which every page load needs, does not carry them. The service worker
// caches it with the app, so downloads work offline. It also writes the
// HTML of the team pages (/progress, /agreement: app/teamview), which
// need package agreement and with it annotations/formats. In a worker of
// the app's (static/web/go-worker.js), it reads HTML pages
// (glossPageText, pagetext.go).
//
// It sets globalThis.glossExport to an object with three functions, then
// waits for calls:
//
//	formats() → JSON: [{"name", "description", "label", "offsets"}, ...], sorted by name;
//	            a format whose offsets come in a unit to choose (doccano) once per
//	            unit (formats.OffsetUnits, the default first), with a label naming it
//	encode(format, base, recordsJSON[, offsets, maxNotes, schemasJSON]) → a Promise of
//	        {name, type, bytes (Uint8Array), problems (JSON), problem_count, notes
//	        (JSON: formats.ProblemSummary)} or {error}
//	teamHTML(page, answerJSON, project, path) → {html} or {error}: the app's team
//	        page "progress" or "agreement" from the server's answer to path (app/teamview)
//
// recordsJSON is a JSON array of annotations.ExportRecord; offsets, when
// given and not "", is what doccano's offsets count (formats.OffsetUnits);
// maxNotes caps the lines and names of notes (20 when not given);
// schemasJSON, a JSON array of the exported sets' schemas
// (annotations.Schema), gives hf its labels (encodeFile).
//
// encode begins in a task of its own, then reads the records one by one
// and writes them one by one, giving the page its thread back
// (browsertask.Pacer) whenever it has worked for taskStepMS: reading them
// was most of an export's time (222 of 272 ms for 300 sets of 50 mentions,
// one task of 292-440 ms), more than a page may be blocked for. The
// longest task of such a download (BenchmarkDeviceDownload) went from 339
// to 69 ms with the reading in steps. The page's side did the rest: it
// wrote the records as JSON in one go (27 ms), then called encode, which
// copied them and read for 30 ms, in the same task (93 ms in all). With
// the page writing the records in steps too, the call a task of its own
// and the writing in steps, the longest task is 52-56 ms (three runs).
package main

import (
	"encoding/json"
	"fmt"
	"syscall/js"
	"time"

	"github.com/gloss-annotate/gloss/annotations/formats"
	"github.com/gloss-annotate/gloss/app/browsertask"
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
	api.Set("encode", js.FuncOf(func(_ js.Value, args []js.Value) any {
		// The arguments are read now; the work goes on in a goroutine
		// that yields, and resolves the promise when done.
		req, problem := readEncodeArgs(args)
		executor := js.FuncOf(func(_ js.Value, settle []js.Value) any {
			resolve := settle[0]
			if problem != "" {
				resolve.Invoke(errorResult(problem))
				return nil
			}
			go func() {
				// The call itself copied the records: the work
				// begins in a task of its own.
				browsertask.Yield()
				resolve.Invoke(encode(req))
			}()
			return nil
		})
		defer executor.Release() // the Promise calls it at once
		return js.Global().Get("Promise").New(executor)
	}))
	api.Set("teamHTML", js.FuncOf(teamHTML))
	js.Global().Set("glossExport", api)
	select {}
}

// taskStepMS is how long, in milliseconds, encode works before it yields.
const taskStepMS = 30

// readEncodeArgs reads encode's arguments, or says what is wrong with them.
func readEncodeArgs(args []js.Value) (encodeRequest, string) {
	if len(args) < 3 || len(args) > 6 || args[0].Type() != js.TypeString || args[1].Type() != js.TypeString || args[2].Type() != js.TypeString ||
		len(args) >= 4 && args[3].Type() != js.TypeString || len(args) >= 5 && args[4].Type() != js.TypeNumber || len(args) == 6 && args[5].Type() != js.TypeString {
		return encodeRequest{}, "encode takes a format, a base name, the records as JSON and, maybe, the unit of doccano's offsets, the most notes to list and the sets' schemas as JSON"
	}
	req := encodeRequest{format: args[0].String(), base: args[1].String(), records: args[2].String(), maxNotes: 20}
	req.opts.Modified = time.Now() // the date of a zip's files
	if len(args) >= 5 {
		req.maxNotes = args[4].Int()
	}
	if len(args) == 6 {
		req.schemas = args[5].String()
	}
	if len(args) >= 4 && args[3].String() != "" {
		unit, err := formats.ParseOffsetUnit(args[3].String())
		if err != nil {
			return encodeRequest{}, err.Error()
		}
		req.opts.Offsets = unit
	}
	return req, ""
}

// errorResult is encode's answer {error: message}.
func errorResult(message string) js.Value {
	out := js.Global().Get("Object").New()
	out.Set("error", message)
	return out
}

// encode does glossExport.encode's work. A panic (a bug) becomes an
// error, so the module stays up for the next call.
func encode(req encodeRequest) (result js.Value) {
	defer func() {
		if r := recover(); r != nil {
			result = errorResult(fmt.Sprint("the export failed: ", r))
		}
	}()
	file, recs, err := encodeFile(req, browsertask.NewPacer(taskStepMS).Step)
	if err != nil {
		return errorResult(err.Error())
	}
	problems, _ := json.Marshal(file.Problems)
	notes, _ := json.Marshal(formats.SummarizeProblems(file.Problems, file.ProblemCount, recs, req.maxNotes))
	bin := js.Global().Get("Uint8Array").New(len(file.Bytes))
	js.CopyBytesToJS(bin, file.Bytes)
	out := js.Global().Get("Object").New()
	out.Set("name", file.Name)
	out.Set("type", file.ContentType)
	out.Set("bytes", bin)
	out.Set("problems", string(problems))
	out.Set("problem_count", file.ProblemCount)
	out.Set("notes", string(notes))
	return out
}
