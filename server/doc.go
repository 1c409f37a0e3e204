// Package server is Gloss's HTTP server: the JSON API over a Store and the
// progressive web app (go-app's handler, Gloss's service worker and the
// precompressed WebAssembly client). Everything the web app sends is
// compressed when the browser accepts it: the wasm modules from the .br/.gz
// files make build writes, the other /web/ text assets and go-app's
// scripts once per release in memory, its pages per request (pwa.go).
//
// # Export and import, measured
//
// On the project's 2-core machine, 2026-12-04 (make bench):
//
//   - BenchmarkExportStore: 10,000 articles × 50 mentions in SQLite,
//     exported as JSONL to io.Discard, against the same store reads
//     marshalled by encoding/json in the same run: 1.17 × the throughput of
//     encoding/json (goal ≥ 0.5 ×), heap flat during the export.
//   - BenchmarkExport (annotations/formats), the encoders alone, 10,000
//     records of 50 annotations: jsonl 0.44 × the time of json.Marshal of
//     the same records; conll 3.9 ×, w3c 5.2 × (tokenizing, selectors).
//
// Peak resident memory of the benchmark's process (VmHWM):
//
//   - BenchmarkImportMemory/brat-within-caps, a brat zip of 10 articles of
//     1.5 MB with 1,500 mentions each (15 MiB inflated, under the 16 MiB
//     cap), posted to the import endpoint and stored: 176 MB (goal
//     ≤ 256 MB).
//   - brat-bomb, a 0.5 MB zip of one 480 MiB member: 31 MB, a 413 in 19 ms;
//     1.3 GB before the caps.
//   - doccano-within-caps, the same articles as doccano JSONL with UTF-16
//     offsets, 15.6 MB: 197-205 MB (231 MB while the offset index held ints
//     rather than int32s; 213 MB with code point offsets).
//   - BenchmarkExportStore/format=conll with -benchsets=20000 (1,000,000
//     revisions, a problem reported every third mention): 44 MB (goal
//     ≤ 128 MB; 464 MB before exports were streamed set by set).
package server
