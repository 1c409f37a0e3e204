package server

import (
	"bytes"
	"errors"
)

// goRun is the line of go-app's app.js that starts the Go program, right
// after the module is compiled and instantiated.
var goRun = []byte("go.run(wasm.instance);")

// goRunInItsOwnTask is goRun after a yield to the browser.
var goRunInItsOwnTask = []byte("await new Promise((resolve) => setTimeout(resolve)); // Gloss: the Go runtime's start in a task of its own\n    go.run(wasm.instance);")

// startGoInItsOwnTask rewrites go-app's app.js so that the Go program
// starts in a task of its own, not in the task in which the browser
// finished compiling the module: go-app calls go.run in the continuation
// of the await on the module's instantiation, which runs in that task, and
// the two made the page's longest task (157 ms in a Lighthouse trace
// unthrottled, 76 of them the compilation's end). Split, the browser can
// paint and take input between them. It returns the script unchanged, with
// an error, when the line is not there once (another go-app version).
func startGoInItsOwnTask(script []byte) ([]byte, error) {
	if bytes.Count(script, goRun) != 1 {
		return script, errors.New("app.js does not call go.run(wasm.instance) once")
	}
	return bytes.Replace(script, goRun, goRunInItsOwnTask, 1), nil
}
