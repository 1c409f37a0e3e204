//go:build js && wasm

package main

import (
	"errors"
	"syscall/js"
)

// The worker's IndexedDB database: "examples" holds one record per
// project and article ({project, article, json}: an example's JSON), under
// the key project NUL article; "models" holds models' binary forms (a
// Uint8Array) under "own" or "team", NUL, the project.
const (
	dbName    = "gloss-learn"
	dbVersion = 1
)

// await waits for an IndexedDB request and returns its result.
func await(req js.Value) (js.Value, error) {
	type result struct {
		v   js.Value
		err error
	}
	done := make(chan result, 1)
	ok := js.FuncOf(func(js.Value, []js.Value) any { done <- result{v: req.Get("result")}; return nil })
	fail := js.FuncOf(func(js.Value, []js.Value) any {
		msg := "the request failed"
		if e := req.Get("error"); e.Truthy() {
			msg = e.Get("message").String()
		}
		done <- result{err: errors.New(msg)}
		return nil
	})
	defer ok.Release()
	defer fail.Release()
	req.Set("onsuccess", ok)
	req.Set("onerror", fail)
	r := <-done
	return r.v, r.err
}

// openDB opens the worker's database, making its stores the first time.
func openDB() (js.Value, error) {
	idb := js.Global().Get("indexedDB")
	if !idb.Truthy() {
		return js.Value{}, errors.New("this browser has no IndexedDB in workers")
	}
	req := idb.Call("open", dbName, dbVersion)
	upgrade := js.FuncOf(func(js.Value, []js.Value) any {
		db := req.Get("result")
		names := db.Get("objectStoreNames")
		for _, s := range []string{"examples", "models"} {
			if !names.Call("contains", s).Bool() {
				db.Call("createObjectStore", s)
			}
		}
		return nil
	})
	defer upgrade.Release()
	req.Set("onupgradeneeded", upgrade)
	return await(req)
}

// store returns the object store name in a new transaction of mode.
func store(db js.Value, name, mode string) js.Value {
	return db.Call("transaction", name, mode).Call("objectStore", name)
}

// getAll returns the records of store name whose keys start with prefix
// and a NUL.
func getAll(db js.Value, name, prefix string) ([]js.Value, error) {
	keys := js.Global().Get("IDBKeyRange").Call("bound", prefix+"\x00", prefix+"\x01")
	v, err := await(store(db, name, "readonly").Call("getAll", keys))
	if err != nil {
		return nil, err
	}
	out := make([]js.Value, v.Length())
	for i := range out {
		out[i] = v.Index(i)
	}
	return out, nil
}

// put stores value under key in store name.
func put(db js.Value, name, key string, value any) error {
	_, err := await(store(db, name, "readwrite").Call("put", value, key))
	return err
}

// putBytes stores b, as a Uint8Array, under key in store name.
func putBytes(db js.Value, name, key string, b []byte) error {
	arr := js.Global().Get("Uint8Array").New(len(b))
	js.CopyBytesToJS(arr, b)
	return put(db, name, key, arr)
}

// getBytes returns the bytes kept under key in store name, nil when none.
func getBytes(db js.Value, name, key string) ([]byte, error) {
	v, err := await(store(db, name, "readonly").Call("get", key))
	if err != nil || !v.Truthy() {
		return nil, err
	}
	b := make([]byte, v.Get("length").Int())
	js.CopyBytesToGo(b, v)
	return b, nil
}
