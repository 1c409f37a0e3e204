//go:build !(js && wasm)

package main

import (
	"fmt"
	"os"
)

// main outside a browser says where the module runs: its logic
// (learner.go) builds natively for its tests.
func main() {
	fmt.Fprintln(os.Stderr, "learn is a WebAssembly module for a browser's Web Worker: build it with GOOS=js GOARCH=wasm (make build)")
	os.Exit(2)
}
