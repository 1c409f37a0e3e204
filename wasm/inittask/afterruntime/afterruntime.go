// Package afterruntime ends a task of the client's start right after the
// Go runtime's own start, when the page has a first paint (see the wasm
// command's documentation). It imports nothing but what the yield needs,
// so the runtime initialises it as soon as syscall/js.
package afterruntime

import "github.com/gloss-annotate/gloss/app/browsertask"

func init() { browsertask.YieldOnFirstPaint() }
