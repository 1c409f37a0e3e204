package app

import (
	"encoding/json"
	"strings"

	"github.com/gloss-annotate/gloss/annotations"
	"github.com/gloss-annotate/gloss/annotations/api"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// GoWorkerURL is the script of the workers that run a Go module off the
// page's thread: the learning worker, and LearnModuleURL the WebAssembly
// module it runs (wasm/learn): the suggestions and the tagger's training,
// off the page's thread and out of app.wasm; and the page reader
// (readPageText). The worker's script is in the service worker's install
// list; the module is added to its cache as the export module is
// (keepModulesOffline).
const (
	GoWorkerURL    = "/web/go-worker.js"
	LearnModuleURL = "/web/learn.wasm"
)

// versionedAsset returns the URL under /web/ as this release's pages name
// it: under the versioned URL of the assets (GOAPP_STATIC_RESOURCES_URL,
// /web/VERSION, server/assets.go), which the service worker caches too.
func versionedAsset(url string) string {
	if base := app.Getenv("GOAPP_STATIC_RESOURCES_URL"); strings.HasPrefix(base, "/web/") {
		return base + strings.TrimPrefix(url, "/web")
	}
	return url
}

// learnWorker is the page's learning worker, started on first use. Its
// answers go to listener, the open article page's. It is used on the UI
// goroutine, and by fetchTeamModel, which never blocks between reading and
// writing it (WebAssembly runs one goroutine at a time, switching only
// where one blocks).
var learnWorker struct {
	worker   app.Value
	failed   bool
	listener func(msg app.Value)
	// sent holds the articles (project NUL article) whose text the worker
	// has: a request for them sends none.
	sent map[string]bool
	seq  int
}

// startLearnWorker starts the worker once per page; it reports false when
// the browser cannot run one.
func startLearnWorker() bool {
	if learnWorker.worker != nil {
		return true
	}
	if learnWorker.failed {
		return false
	}
	w := startGoWorker(LearnModuleURL, "glossLearn", func(msg app.Value) {
		if learnWorker.listener != nil {
			learnWorker.listener(msg)
		}
	})
	if w == nil {
		learnWorker.failed = true
		return false
	}
	learnWorker.worker = w
	learnWorker.sent = map[string]bool{}
	return true
}

// startGoWorker starts a worker (GoWorkerURL) running the module at url
// (unversioned) with the global function entry taking the page's messages,
// whose answers go to onMessage. It returns nil when the browser cannot
// run one.
func startGoWorker(url, entry string, onMessage func(msg app.Value)) app.Value {
	win := app.Window()
	exec := win.Get("document").Call("querySelector", `script[src*="wasm_exec.js"]`)
	if !win.Get("Worker").Truthy() || !exec.Truthy() {
		return nil
	}
	w := win.Get("Worker").New(versionedAsset(GoWorkerURL))
	w.Set("onmessage", app.FuncOf(func(_ app.Value, args []app.Value) any {
		if len(args) == 1 {
			onMessage(args[0].Get("data"))
		}
		return nil
	}))
	w.Call("postMessage", map[string]any{"type": "start", "exec": exec.Get("src").String(),
		"module": win.Get("location").Get("origin").String() + versionedAsset(url), "entry": entry})
	return w
}

// suggestSettingsKey is the localStorage key of project id's suggestion
// settings, as the server last gave them: the editor needs them offline.
func suggestSettingsKey(id string) string { return "gloss.suggest." + id }

// keepSuggestSettings keeps p's suggestion settings on the device.
func keepSuggestSettings(p api.Project) {
	b, _ := json.Marshal(p.Suggest)
	app.Window().Get("localStorage").Call("setItem", suggestSettingsKey(p.ID), string(b))
}

// storedSuggestSettings returns project id's suggestion settings kept on
// the device, the defaults when none are.
func storedSuggestSettings(id string) api.SuggestSettings {
	var s api.SuggestSettings
	if v := localStorageItem(suggestSettingsKey(id)); v != "" {
		json.Unmarshal([]byte(v), &s)
	}
	return s
}

// suggestionsOff reports whether settings turn every source off.
func suggestionsOff(s api.SuggestSettings) bool { return s.SameStringOff && s.QuotesOff && s.TaggerOff }

// rejectedKey is the localStorage key of the suggestions rejected on the
// set setID.
func rejectedKey(setID string) string { return "gloss.rejected." + setID }

// maxRejected caps the rejections kept per set.
const maxRejected = 5000

// keepRejected keeps the suggestions rejected on the set setID.
func keepRejected(setID string, rejected map[string]bool) {
	keys := make([]string, 0, len(rejected))
	for k := range rejected {
		keys = append(keys, k)
	}
	if len(keys) > maxRejected {
		keys = keys[:maxRejected]
	}
	b, _ := json.Marshal(keys)
	app.Window().Get("localStorage").Call("setItem", rejectedKey(setID), string(b))
}

// storedRejected returns the suggestions rejected on the set setID.
func storedRejected(setID string) map[string]bool {
	var keys []string
	json.Unmarshal([]byte(localStorageItem(rejectedKey(setID))), &keys)
	out := make(map[string]bool, len(keys))
	for _, k := range keys {
		out[k] = true
	}
	return out
}

// suggestedSet is the part of a set the worker reads: the mentions (which
// it learns from and proposes around), quotes and groups (for the quotes'
// speakers) and the schema.
type suggestedSet struct {
	Schema   annotations.Schema        `json:"schema"`
	Entities []annotations.Entity      `json:"entities"`
	Quotes   []annotations.Quote       `json:"quotes"`
	Groups   []annotations.EntityGroup `json:"groups"`
}

// askSuggestions sends the worker the open set, for its suggestions (and
// to learn from), as project's settings say. It returns the request's
// number, 0 when nothing was asked.
func askSuggestions(ed *editor, project string, settings api.SuggestSettings, rejected map[string]bool) int {
	if ed == nil || suggestionsOff(settings) || !startLearnWorker() {
		return 0
	}
	set, err := json.Marshal(suggestedSet{Schema: ed.set.Schema, Entities: ed.set.Entities, Quotes: ed.set.Quotes, Groups: ed.set.Groups})
	if err != nil {
		return 0
	}
	keys := make([]string, 0, len(rejected))
	for k := range rejected {
		keys = append(keys, k)
	}
	rejectedJSON, _ := json.Marshal(keys)
	settingsJSON, _ := json.Marshal(settings)
	learnWorker.seq++
	msg := map[string]any{"type": "suggest", "seq": learnWorker.seq, "project": project, "article": ed.article.ID,
		"set": string(set), "done": ed.set.State() == annotations.WorkDone, "rejected": string(rejectedJSON), "text": "",
		"settings": string(settingsJSON)}
	if sentKey := project + "\x00" + ed.article.ID; !learnWorker.sent[sentKey] {
		msg["text"] = ed.article.Text
		learnWorker.sent[sentKey] = true
	}
	learnWorker.worker.Call("postMessage", msg)
	return learnWorker.seq
}

// teamModelETagKey is the localStorage key of the ETag of the team's model
// of project id the worker was last given.
func teamModelETagKey(id string) string { return "gloss.model-etag." + id }

// fetchTeamModel asks the server for the team's model of project (trained
// on its done and curated sets) and gives it to the worker when it is new
// to this device. Offline, or when the project has none, nothing happens.
// It blocks: call it inside ctx.Async.
func fetchTeamModel(project string) {
	if !startLearnWorker() {
		return
	}
	init := map[string]any{"credentials": "same-origin", "cache": "no-store"}
	if etag := localStorageItem(teamModelETagKey(project)); etag != "" {
		init["headers"] = map[string]any{"If-None-Match": etag}
	}
	resp, err := awaitPromise(app.Window().Call("fetch", api.ModelPath(project), init))
	if err != nil || resp.Get("status").Int() != 200 {
		return // offline, unchanged (304), or no model yet (404)
	}
	buf, err := awaitPromise(resp.Call("arrayBuffer"))
	if err != nil {
		return
	}
	bytes := app.Window().Get("Uint8Array").New(buf)
	learnWorker.worker.Call("postMessage", map[string]any{"type": "team", "project": project, "model": bytes})
	if etag := resp.Get("headers").Call("get", "ETag"); etag.Truthy() {
		app.Window().Get("localStorage").Call("setItem", teamModelETagKey(project), etag.String())
	}
}
