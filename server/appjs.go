package server

import (
	"bytes"
	"fmt"
)

// appScriptRewrite is one change to go-app's app.js: a line that must be
// in the script exactly once, and what it becomes.
type appScriptRewrite struct {
	line, with []byte
}

// yieldJS is a JavaScript expression that lets the browser run a task
// before the script goes on: scheduler.yield where the browser has it (a
// continuation ahead of other tasks, and not clamped as nested timers
// are), a timeout elsewhere.
const yieldJS = "(globalThis.scheduler?.yield ? scheduler.yield() : new Promise((resolve) => setTimeout(resolve)))"

// compilePiece is the most bytes of the module app.js hands to the
// compilation at once (256 KiB): the download arrives in pieces of a
// megabyte and more over a fast link, a task of up to 30 ms each.
const compilePiece = "262144"

// appScriptRewrites are Gloss's changes to go-app v10's app.js, each for
// the same reason: to cut the client's start into tasks, so that none
// holds the page long while the server's markup is on screen (the page's
// total blocking time).
//
// The first hands the module's download to the compilation in pieces of
// at most compilePiece bytes, and yields after each: app.js reads the
// download itself (for its progress label) and passes each piece it reads
// to the compilation, which works on it on the page's thread in the same
// task, and a fast download queued many pieces in one task (a Lighthouse
// trace, unthrottled: tasks of 52, 16 and 61 ms; with a yield after each
// piece read, tasks of 13-32 and the compilation's end of 12-60).
//
// The second starts the Go program in a task of its own, not in the task
// in which the browser finished compiling the module: go-app calls go.run
// in the continuation of its await on the instantiation, which runs in
// that task, and the two made the page's longest task (157 ms, 76 of them
// the compilation's end).
var appScriptRewrites = []appScriptRewrite{
	{[]byte("controller.enqueue(value);"),
		[]byte("for (let at = 0; at < value.byteLength; at += " + compilePiece + ") { // Gloss: the module compiles a piece at a time, each in a task of its own\n" +
			"              controller.enqueue(value.subarray(at, at + " + compilePiece + "));\n" +
			"              await " + yieldJS + ";\n" +
			"            }")},
	{[]byte("go.run(wasm.instance);"),
		[]byte("await new Promise((resolve) => setTimeout(resolve)); // Gloss: the Go runtime's start in a task of its own\n    go.run(wasm.instance);")},
}

// rewriteAppScript applies appScriptRewrites to go-app's app.js. It returns
// the script unchanged, with an error, when a line is not there exactly
// once (another go-app version): all or none of the changes are made.
func rewriteAppScript(script []byte) ([]byte, error) {
	for _, rw := range appScriptRewrites {
		if n := bytes.Count(script, rw.line); n != 1 {
			return script, fmt.Errorf("app.js has %q %d times, not once", rw.line, n)
		}
	}
	out := script
	for _, rw := range appScriptRewrites {
		out = bytes.Replace(out, rw.line, rw.with, 1)
	}
	return out, nil
}
