// Package e2e holds Gloss's end-to-end tests and browser benchmarks: they
// build the server (server/cmd/gloss, which embeds static/web), run it as a
// separate process on a loopback port with its own data folder, and drive
// the WebAssembly client in headless Chromium through chromedp.
//
// The tests need the built client (static/web/app.wasm and its .br/.gz
// variants: run `make build`) and Debian's Chromium (`apt-get install -y
// chromium`). `make test` does both and runs them with every other test;
// `make bench` runs the benchmarks, which compare Gloss with a go-app hello
// world (testdata/hello) built in the same run: wasm sizes and cold load to
// interactive.
//
// The package has no code outside its tests.
package e2e
