package app

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gloss-annotate/gloss/annotations"
	"github.com/gloss-annotate/gloss/app/browsertask"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// ExportModuleURL is where the export module is served: the encoders of
// every export format compiled on their own (wasm/export), so that app.wasm
// does not carry them. It is not in the service worker's install list, which
// a first visit downloads while the page starts: the page puts it into the
// worker's cache itself once it is idle (keepModulesOffline).
const ExportModuleURL = "/web/export.wasm"

// exportModuleURL is ExportModuleURL as this release's pages name it
// (versionedAsset).
func exportModuleURL() string { return versionedAsset(ExportModuleURL) }

// exportStepMS is how long, in milliseconds, the page writes an export's
// records as JSON before it gives the browser its thread back.
const exportStepMS = 30

// modulesCacheDelay is how long after a page starts it puts the export and
// learning modules into the service worker's cache: after the start, so as
// not to compete with it.
const modulesCacheDelay = 3 * time.Second

// keepModulesOffline waits for the service worker, then adds the export
// and learning modules to every cache of the worker's (named "gloss-" and
// the version) that lacks them, so that downloads and suggestions work
// offline from the first visit on, and again after an update installs a
// new cache. It runs once per page, in the background, modulesCacheDelay
// after the page started.
var keepModulesOffline = sync.OnceFunc(func() {
	go func() {
		time.Sleep(modulesCacheDelay)
		win := app.Window()
		sw := win.Get("navigator").Get("serviceWorker")
		caches := win.Get("caches")
		if !sw.Truthy() || !caches.Truthy() {
			return // no worker here (plain http on another host, say): nothing to fill
		}
		if _, err := awaitPromise(sw.Get("ready")); err != nil {
			return
		}
		keys, err := awaitPromise(caches.Call("keys"))
		if err != nil {
			return
		}
		for i := range keys.Length() {
			name := keys.Index(i).String()
			if !strings.HasPrefix(name, "gloss-") {
				continue
			}
			cache, err := awaitPromise(caches.Call("open", name))
			if err != nil {
				continue
			}
			for _, url := range []string{exportModuleURL(), versionedAsset(LearnModuleURL)} {
				if hit, err := awaitPromise(cache.Call("match", url)); err == nil && hit.Truthy() {
					continue
				}
				if _, err := awaitPromise(cache.Call("add", url)); err != nil {
					app.Log("could not keep "+url+" for offline use:", err)
				}
			}
		}
	}()
})

// exportFormat is a format the export module offers.
type exportFormat struct {
	Name        string `json:"name"`
	Description string `json:"description"`
	// Label, when not "", is the choice's name: a format offered more
	// than once, doccano with each unit of its offsets.
	Label string `json:"label"`
	// Offsets is the unit of doccano's offsets this choice writes.
	Offsets string `json:"offsets"`
}

// exportedFile is a download the export module made.
type exportedFile struct {
	name, contentType string
	// blob is the file as a JavaScript Blob.
	blob app.Value
	// notes sums up what the format could not say exactly.
	notes exportNotes
}

// maxShownNotes caps the notes, and the names of entities left out, that
// the download menu lists; it counts the rest.
const maxShownNotes = 20

// exportNotes is the export module's summary of an export's problems
// (formats.ProblemSummary): how many, the first maxShownNotes in words, and
// the entities the file lacks, by their text.
type exportNotes struct {
	Count        int      `json:"count"`
	Lines        []string `json:"lines"`
	LeftOut      []string `json:"left_out"`
	LeftOutCount int      `json:"left_out_count"`
}

// exportModule is the export module once loaded: glossExport, the object its
// main sets, and the formats it lists. Loading happens once per page; a
// failed load is tried again on the next request.
var exportModule struct {
	// loading serialises loads and calls (the module is one instance). An
	// encode's call returns a promise at once, and its work goes on in the
	// module's own goroutine, which keeps nothing between encodes.
	loading sync.Mutex
	api     app.Value
	// formats is read on the UI goroutine, which must never wait for a load.
	formats atomic.Pointer[[]exportFormat]
}

// loadExportModule fetches, compiles and starts the export module (once per
// page) and returns its formats. It blocks: call it inside ctx.Async.
func loadExportModule() ([]exportFormat, error) {
	exportModule.loading.Lock()
	defer exportModule.loading.Unlock()
	if exportModule.api != nil {
		return *exportModule.formats.Load(), nil
	}
	win := app.Window()
	api := win.Get("glossExport")
	if !api.Truthy() {
		goClass := win.Get("Go")
		if !goClass.Truthy() {
			return nil, errors.New("the page has no Go WebAssembly support (wasm_exec.js)")
		}
		runtime := goClass.New()
		res, err := awaitPromise(win.Get("WebAssembly").Call("instantiateStreaming",
			win.Call("fetch", exportModuleURL()), runtime.Get("importObject")))
		if err != nil {
			return nil, errors.New("could not load the export module: " + err.Error())
		}
		// run returns once the module's main waits for calls, with
		// glossExport set.
		runtime.Call("run", res.Get("instance"))
		api = win.Get("glossExport")
		if !api.Truthy() {
			return nil, errors.New("the export module did not start")
		}
	}
	var list []exportFormat
	if err := json.Unmarshal([]byte(api.Call("formats").String()), &list); err != nil {
		return nil, errors.New("the export module's formats are not readable: " + err.Error())
	}
	exportModule.api = api
	exportModule.formats.Store(&list)
	return list, nil
}

// loadedExportFormats returns the export module's formats when it is
// loaded, nil before.
func loadedExportFormats() []exportFormat {
	if list := exportModule.formats.Load(); list != nil {
		return *list
	}
	return nil
}

// callExportModule calls a function of the loaded export module; a
// JavaScript exception (the module exited, say) becomes an error.
func callExportModule(fn string, args ...any) (out app.Value, err error) {
	exportModule.loading.Lock()
	defer exportModule.loading.Unlock()
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("the export module failed: %v", r)
		}
	}()
	return exportModule.api.Call(fn, args...), nil
}

// encodeExport has the export module write recs in format, in a file named
// after base, with doccano's offsets counting offsets (utf16, grapheme,
// codepoint; "" for the default, UTF-16) and hf's labels numbered from
// schemas, the sets' (schemasJSON), as the server's export numbers them. It
// loads the module if need be, and blocks: call it inside ctx.Async.
func encodeExport(format, base, offsets, schemas string, recs []annotations.ExportRecord) (exportedFile, error) {
	if _, err := loadExportModule(); err != nil {
		return exportedFile{}, err
	}
	// The records become JSON one by one, in steps (a device's hundreds
	// of sets take tens of milliseconds), and the call, which copies
	// them, is a task of its own.
	var b strings.Builder
	b.WriteByte('[')
	pacer := browsertask.NewPacer(exportStepMS)
	for i, rec := range recs {
		if i > 0 {
			b.WriteByte(',')
		}
		r, err := json.Marshal(rec)
		if err != nil {
			return exportedFile{}, err
		}
		b.Write(r)
		pacer.Step()
	}
	b.WriteByte(']')
	browsertask.Yield()
	// A promise: the module reads the records in steps, giving the page
	// its thread back between them.
	promise, err := callExportModule("encode", format, base, b.String(), offsets, maxShownNotes, schemas)
	if err != nil {
		return exportedFile{}, err
	}
	out, err := awaitPromise(promise)
	if err != nil {
		return exportedFile{}, errors.New("the export module failed: " + err.Error())
	}
	if msg := out.Get("error"); msg.Truthy() {
		return exportedFile{}, errors.New(msg.String())
	}
	f := exportedFile{name: out.Get("name").String(), contentType: out.Get("type").String()}
	if err := json.Unmarshal([]byte(out.Get("notes").String()), &f.notes); err != nil {
		return exportedFile{}, errors.New("the export module's problems are not readable: " + err.Error())
	}
	f.blob = app.Window().Get("Blob").New([]any{out.Get("bytes")}, map[string]any{"type": f.contentType})
	return f, nil
}
