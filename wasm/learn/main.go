//go:build js && wasm

// Command learn is Gloss's learning module: the suggestions of the editor
// (annotations/suggest: the same string, quotes, the learned tagger),
// computed and trained in a Web Worker (static/web/go-worker.js), off the
// page's thread, so that neither training nor proposing ever stalls an
// edit, and app.wasm does not carry the tagger.
//
// The worker keeps, per project, in an IndexedDB database of its own
// (gloss-learn), the examples the annotator made on this device (each
// article's text and mentions), the team's model when the page downloaded
// one, and the model trained from both; so it learns offline and across
// reloads. It trains again after every trainEvery mentions changed, or when
// a set is marked done.
//
// Messages from the page (objects):
//
//	{type: "suggest", seq, project, article, text, set, done, rejected, settings}
//	    text: the article's text (only when it is new to the worker: "" reuses
//	    the last one sent for article); set: JSON {entities, quotes, groups,
//	    schema}; done: the set is done; rejected: JSON, the keys of the
//	    suggestions rejected; settings: JSON, api.SuggestSettings.
//	{type: "team", project, model (Uint8Array, suggest.Model's binary form)}
//
// Messages to the page:
//
//	{type: "suggestions", seq, project, article, packed, strings, total, model}
//	    packed (Uint8Array) and strings: the suggestions as
//	    annotations.PackSuggestions writes them, the first maxSuggestions in
//	    text order of total; model: {articles, team, bytes, train_ms}
//	{type: "error", error}
package main

import (
	"encoding/json"
	"fmt"
	"sync"
	"syscall/js"
	"time"

	"github.com/gloss-annotate/gloss/annotations"
	"github.com/gloss-annotate/gloss/annotations/api"
	"github.com/gloss-annotate/gloss/annotations/suggest"
)

// inbox holds the messages the page sent that the worker has not handled:
// the JavaScript callback only queues them (it must not block), the main
// goroutine handles them in order.
var inbox struct {
	sync.Mutex
	msgs []js.Value
	wake chan struct{}
}

func main() {
	inbox.wake = make(chan struct{}, 1)
	js.Global().Set("glossLearn", js.FuncOf(func(_ js.Value, args []js.Value) any {
		if len(args) == 1 {
			inbox.Lock()
			inbox.msgs = append(inbox.msgs, args[0])
			inbox.Unlock()
			select {
			case inbox.wake <- struct{}{}:
			default:
			}
		}
		return nil
	}))
	w := &worker{learners: map[string]*learner{}, texts: map[string][]rune{}, asked: map[string]js.Value{}}
	for range inbox.wake {
		inbox.Lock()
		msgs := inbox.msgs
		inbox.msgs = nil
		inbox.Unlock()
		w.handle(latestOnly(msgs))
	}
}

// latestOnly drops every "suggest" message that a later one for the same
// article replaces, keeping a text that only the dropped one carried.
func latestOnly(msgs []js.Value) []js.Value {
	var out []js.Value
	for i, m := range msgs {
		if m.Get("type").String() == "suggest" {
			replaced := false
			for _, later := range msgs[i+1:] {
				if later.Get("type").String() == "suggest" && later.Get("article").String() == m.Get("article").String() &&
					later.Get("project").String() == m.Get("project").String() {
					if later.Get("text").String() == "" && m.Get("text").String() != "" {
						later.Set("text", m.Get("text"))
					}
					replaced = true
					break
				}
			}
			if replaced {
				continue
			}
		}
		out = append(out, m)
	}
	return out
}

// worker is the module's state: a learner per project (loaded from
// IndexedDB on first use) and the text of each article it was sent.
type worker struct {
	db       js.Value
	learners map[string]*learner
	texts    map[string][]rune
	// trainMS is how long the last training took.
	trainMS float64
	// asked holds the last "suggest" message of each project, answered
	// again when the team's model comes.
	asked map[string]js.Value
}

func (w *worker) handle(msgs []js.Value) {
	for _, m := range msgs {
		var err error
		switch t := m.Get("type").String(); t {
		case "suggest":
			err = w.suggest(m)
		case "team":
			err = w.team(m)
		default:
			err = fmt.Errorf("unknown message %q", t)
		}
		if err != nil {
			post(map[string]any{"type": "error", "error": "suggestions: " + err.Error()})
		}
	}
}

// learnerOf returns project's learner, loading its examples and models
// from IndexedDB the first time.
func (w *worker) learnerOf(project string) (*learner, error) {
	if l := w.learners[project]; l != nil {
		return l, nil
	}
	l := newLearner()
	if err := w.open(); err != nil {
		return nil, err
	}
	rows, err := getAll(w.db, "examples", project)
	if err != nil {
		return nil, err
	}
	for _, row := range rows {
		var ex example
		if err := json.Unmarshal([]byte(row.Get("json").String()), &ex); err == nil {
			l.examples[row.Get("article").String()] = ex
		}
	}
	for name, dst := range map[string]**suggest.Model{"team": &l.team, "own": &l.model} {
		b, err := getBytes(w.db, "models", name+"\x00"+project)
		if err != nil {
			return nil, err
		}
		if b != nil {
			var m suggest.Model
			if m.UnmarshalBinary(b) == nil {
				*dst = &m
				if name == "own" {
					l.size = len(b)
				}
			}
		}
	}
	w.learners[project] = l
	return l, nil
}

func (w *worker) open() error {
	if w.db.Truthy() {
		return nil
	}
	db, err := openDB()
	if err != nil {
		return fmt.Errorf("could not open the device's store of models: %v", err)
	}
	w.db = db
	return nil
}

// suggest records the article's example, answers with its suggestions,
// and, when training is due, trains, keeps the model and answers again.
func (w *worker) suggest(m js.Value) error {
	project, article := m.Get("project").String(), m.Get("article").String()
	key := project + "\x00" + article
	if t := m.Get("text").String(); t != "" {
		w.texts[key] = []rune(t)
	}
	text, ok := w.texts[key]
	if !ok {
		return fmt.Errorf("no text for article %s", article)
	}
	w.asked[project] = m
	var set annotations.Set
	if err := json.Unmarshal([]byte(m.Get("set").String()), &set); err != nil {
		return fmt.Errorf("the set is not readable: %v", err)
	}
	var settings api.SuggestSettings
	if err := json.Unmarshal([]byte(m.Get("settings").String()), &settings); err != nil {
		return fmt.Errorf("the suggestion settings are not readable: %v", err)
	}
	var keys []string
	if err := json.Unmarshal([]byte(m.Get("rejected").String()), &keys); err != nil {
		return fmt.Errorf("the rejected suggestions are not readable: %v", err)
	}
	rejected := make(map[string]bool, len(keys))
	for _, k := range keys {
		rejected[k] = true
	}
	l, err := w.learnerOf(project)
	if err != nil {
		return err
	}
	ex := example{Text: string(text), Mentions: set.Entities, Done: m.Get("done").Bool()}
	if l.update(article, ex) {
		b, _ := json.Marshal(ex)
		if err := put(w.db, "examples", key, map[string]any{"project": project, "article": article, "json": string(b)}); err != nil {
			return err
		}
	}
	answer := func() {
		got := propose(text, set, l.model, settings, rejected)
		total := len(got.Entities) + len(got.Quotes)
		got.cap(maxSuggestions)
		packed, strs := annotations.PackSuggestions(got.Entities, got.Quotes)
		bytes := js.Global().Get("Uint8Array").New(len(packed))
		js.CopyBytesToJS(bytes, packed)
		names := make([]any, len(strs))
		for i, s := range strs {
			names[i] = s
		}
		post(map[string]any{"type": "suggestions", "seq": m.Get("seq"), "project": project, "article": article,
			"packed": bytes, "strings": names, "total": total, "model": w.info(l)})
	}
	answer()
	if settings.TaggerOff || !l.due() {
		return nil
	}
	if err := w.train(project, l); err != nil {
		return err
	}
	answer()
	return nil
}

// train trains project's model, timing it, and keeps it in IndexedDB.
func (w *worker) train(project string, l *learner) error {
	start := time.Now()
	model := l.train()
	w.trainMS = float64(time.Since(start).Microseconds()) / 1000
	b, err := model.MarshalBinary()
	if err != nil {
		return err
	}
	l.size = len(b)
	return putBytes(w.db, "models", "own\x00"+project, b)
}

// team keeps the team's model for project and trains the device's from it.
func (w *worker) team(m js.Value) error {
	project := m.Get("project").String()
	src := m.Get("model")
	b := make([]byte, src.Get("length").Int())
	js.CopyBytesToGo(b, src)
	var model suggest.Model
	if err := model.UnmarshalBinary(b); err != nil {
		return fmt.Errorf("the team's model is not readable: %v", err)
	}
	l, err := w.learnerOf(project)
	if err != nil {
		return err
	}
	if err := putBytes(w.db, "models", "team\x00"+project, b); err != nil {
		return err
	}
	l.team = &model
	if err := w.train(project, l); err != nil {
		return err
	}
	if last, ok := w.asked[project]; ok {
		return w.suggest(last) // the open article's suggestions, from the new model
	}
	return nil
}

// info says what the suggestions came from, for the page to show: how
// many articles taught the model (the team's too), whether it started from
// the team's, its size, and how long its last training took here.
func (w *worker) info(l *learner) map[string]any {
	info := map[string]any{"team": l.team != nil, "train_ms": w.trainMS, "articles": 0, "bytes": l.size}
	if l.model != nil {
		info["articles"] = l.model.Articles
	}
	return info
}

// post sends msg to the page.
func post(msg map[string]any) { js.Global().Call("postMessage", msg) }
