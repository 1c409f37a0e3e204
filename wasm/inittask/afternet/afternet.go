// Package afternet ends a task of the client's start once net/netip and
// the packages before it are initialised, when the page has a first paint
// (see the wasm command's documentation): it imports net/netip, so the
// runtime initialises it right after it. net, net/http, go-app and Gloss's
// own packages follow.
package afternet

import (
	_ "net/netip" // initialised before this package

	"github.com/gloss-annotate/gloss/app/browsertask"
)

func init() { browsertask.YieldOnFirstPaint() }
