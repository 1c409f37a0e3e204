// Package browsertask lets long work in the browser give the page its
// thread back between steps, so that no single task holds it long: the
// browser paints and handles input between them. It imports nothing but
// syscall/js, so that the Go runtime's start can use it too, before the
// packages that make up the client are initialised (wasm/inittask).
package browsertask

// FirstPaintID is the id of the hidden element whose text is a page's
// first paint data: a page the server rendered for its user, which the
// client takes over.
const FirstPaintID = "first-paint"
