// Package afterjson ends a task of the client's start once encoding/json
// is initialised, when the page has a first paint (see the wasm command's
// documentation): it imports it, so the runtime initialises it right after
// it, and after the standard library's cryptography, whose packages sort
// before it.
package afterjson

import (
	_ "encoding/json" // initialised before this package

	"github.com/gloss-annotate/gloss/app/browsertask"
)

func init() { browsertask.YieldOnFirstPaint() }
