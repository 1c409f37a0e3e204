package app

import (
	"fmt"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// requestPersistentStorage asks the browser not to evict this site's data
// (IndexedDB, the service worker's cache) under storage pressure, and
// reports whether it agreed. It blocks: call it from ctx.Async.
func requestPersistentStorage() bool {
	storage := app.Window().Get("navigator").Get("storage")
	if !storage.Truthy() || !storage.Get("persist").Truthy() {
		return false
	}
	granted, err := awaitPromise(storage.Call("persist"))
	return err == nil && granted.Truthy()
}

// storageSummary says how much the browser stores for Gloss, of how much it
// allows, and whether the storage is persistent: "" when the browser cannot
// tell. It blocks: call it from ctx.Async.
func storageSummary() string {
	storage := app.Window().Get("navigator").Get("storage")
	if !storage.Truthy() || !storage.Get("estimate").Truthy() {
		return ""
	}
	est, err := awaitPromise(storage.Call("estimate"))
	if err != nil || !est.Truthy() {
		return ""
	}
	persistent := false
	if storage.Get("persisted").Truthy() {
		if v, err := awaitPromise(storage.Call("persisted")); err == nil {
			persistent = v.Truthy()
		}
	}
	kind := "may be cleared by the browser when space runs low"
	if persistent {
		kind = "persistent"
	}
	return fmt.Sprintf("Storage on this device: %s used of %s available · %s",
		formatBytes(est.Get("usage").Float()), formatBytes(est.Get("quota").Float()), kind)
}

// formatBytes writes a byte count in B, kB, MB or GB.
func formatBytes(n float64) string {
	switch {
	case n >= 1e9:
		return fmt.Sprintf("%.1f GB", n/1e9)
	case n >= 1e6:
		return fmt.Sprintf("%.1f MB", n/1e6)
	case n >= 1e3:
		return fmt.Sprintf("%.0f kB", n/1e3)
	}
	return fmt.Sprintf("%.0f B", n)
}
