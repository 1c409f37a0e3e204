package app

import (
	"context"
	"fmt"

	"github.com/gloss-annotate/gloss/app/replica"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// errOffline reports that the server could not be reached at all.
var errOffline = replica.ErrOffline

// apiClient is the app's one client of the server's API: the sync loop's
// and the pages'. Its calls block: make them from ctx.Async or the sync
// goroutine.
var apiClient = &replica.Client{Transport: fetchTransport{}}

// fetchTransport is replica.Transport over the browser's fetch.
type fetchTransport struct{}

// RoundTrip sends one request with fetch and reads the whole answer. When
// ctx is done first, the request is aborted (an AbortController) and the
// error wraps ErrOffline.
func (fetchTransport) RoundTrip(ctx context.Context, method, path string, body []byte) (int, []byte, error) {
	abort := app.Window().Get("AbortController").New()
	init := map[string]any{"method": method, "credentials": "same-origin", "cache": "no-store", "signal": abort.Get("signal")}
	if body != nil {
		init["body"] = string(body)
		init["headers"] = map[string]any{"Content-Type": "application/json"}
	}
	stop := context.AfterFunc(ctx, func() { abort.Call("abort") })
	defer stop()
	resp, err := awaitPromise(app.Window().Call("fetch", path, init))
	if err != nil {
		return 0, nil, fmt.Errorf("%w (%v)", errOffline, err)
	}
	text, err := awaitPromise(resp.Call("text"))
	if err != nil {
		return 0, nil, fmt.Errorf("%w (reading the answer: %v)", errOffline, err)
	}
	return resp.Get("status").Int(), []byte(text.String()), nil
}
