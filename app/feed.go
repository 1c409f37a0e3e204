package app

import "sync"

// feed holds a value and calls its subscribers with each one sent: the
// sync status, the revisions a pull or another tab brought, the database
// notice. Subscribers run on the sending goroutine; a component's
// subscriber dispatches to its own. (Values are any, not a type parameter:
// three instantiations of a generic feed cost app.wasm 13 kB of Brotli.)
type feed struct {
	mu    sync.Mutex
	value any
	next  int
	subs  map[int]func(any)
}

// get returns the value last set.
func (f *feed) get() any {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.value
}

// set keeps v as the value and sends it.
func (f *feed) set(v any) {
	f.mu.Lock()
	f.value = v
	f.mu.Unlock()
	f.send(v)
}

// send calls every subscriber with v, without keeping it.
func (f *feed) send(v any) {
	f.mu.Lock()
	subs := make([]func(any), 0, len(f.subs))
	for _, fn := range f.subs {
		subs = append(subs, fn)
	}
	f.mu.Unlock()
	for _, fn := range subs {
		fn(v)
	}
}

// subscribe calls fn with each value sent until the returned function is
// called. A nil fn subscribes nothing.
func (f *feed) subscribe(fn func(any)) (unsubscribe func()) {
	if fn == nil {
		return func() {}
	}
	f.mu.Lock()
	if f.subs == nil {
		f.subs = map[int]func(any){}
	}
	id := f.next
	f.next++
	f.subs[id] = fn
	f.mu.Unlock()
	return func() {
		f.mu.Lock()
		delete(f.subs, id)
		f.mu.Unlock()
	}
}
