package annotations

import (
	"bytes"
	"encoding/json"
	"reflect"
)

// SameValue reports whether revisions a and b give their item the same
// value: the same item and kind, both deletions or both with bodies equal
// as JSON values (white space and the order of keys aside), but for the
// context of their spans. A span's prefix and suffix may be any length
// that matches the text (a client of the API may send none), and the
// span's start, end and exact text say the same on the article whatever
// they are. Their parents may differ.
func SameValue(a, b Revision) bool {
	if a.Item != b.Item || a.Kind != b.Kind || a.Deleted != b.Deleted {
		return false
	}
	if a.Deleted {
		return true
	}
	va, errA := valueWithoutContext(a.Body)
	vb, errB := valueWithoutContext(b.Body)
	return errA == nil && errB == nil && reflect.DeepEqual(va, vb)
}

// valueWithoutContext decodes body as a plain JSON value (numbers as
// written), each span's prefix and suffix left out: a span is an object
// with an "exact".
func valueWithoutContext(body json.RawMessage) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, err
	}
	var drop func(v any)
	drop = func(v any) {
		switch v := v.(type) {
		case map[string]any:
			if _, ok := v["exact"]; ok {
				delete(v, "prefix")
				delete(v, "suffix")
			}
			for _, x := range v {
				drop(x)
			}
		case []any:
			for _, x := range v {
				drop(x)
			}
		}
	}
	drop(v)
	return v, nil
}
