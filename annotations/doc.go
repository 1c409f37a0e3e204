// Package annotations is Gloss's domain model: articles, spans, entity
// mentions, label schemas, annotation sets, the revisions that carry every
// change between devices, and the encoders that export labeled data.
//
// Every offset that leaves the package counts Unicode code points of the
// article's NFC-normalized text, end exclusive. Conversions to UTF-16 units
// (the browser's DOM) and bytes (Go strings) live in offsets.go, in one place.
//
// A mention is in at most one entity group (CheckGroupMembers). The editor
// refuses a second group, since it knows the set as its user sees it
// (CheckBatch with a WholeSets), and an import refuses a file that puts a
// mention in two clusters (CheckImportedGroups); a store does not, because
// two devices may group one mention differently at the same time and
// neither edit may be lost: the set flags both groups for review instead.
// Spans are checked against word boundaries (SpanBoundary) for a warning,
// never refused; a schema may ask the editor to snap them (SnapToWords).
//
// The package does no I/O and depends only on the standard library, uuid and
// golang.org/x/text, so the WebAssembly client and the server share it. Its
// Unicode normalization is annotations/normform: x/text's tables on the
// server, the browser's (the same results) in the client.
package annotations
