// Package annotations is Gloss's domain model: articles, spans, entity
// mentions, label schemas, annotation sets, the revisions that carry every
// change between devices, and the encoders that export labeled data.
//
// Every offset that leaves the package counts Unicode code points of the
// article's NFC-normalized text, end exclusive. Conversions to UTF-16 units
// (the browser's DOM) and bytes (Go strings) live in offsets.go, in one place.
//
// The package does no I/O and depends only on the standard library, uuid and
// golang.org/x/text, so the WebAssembly client and the server share it.
package annotations
