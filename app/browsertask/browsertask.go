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

// Pacer paces long work done in small steps: Step gives the page its
// thread back (Yield) once the work has held it for the pacer's budget
// since the pacer was made or last yielded. Outside the browser it never
// yields.
type Pacer struct {
	budget, since float64 // milliseconds, on performance.now()'s clock
}

// NewPacer returns a Pacer that lets work hold the page about budgetMS
// milliseconds at a time, plus one step.
func NewPacer(budgetMS float64) *Pacer { return &Pacer{budget: budgetMS, since: now()} }

// Step is called after each step of the work.
func (p *Pacer) Step() {
	if now()-p.since > p.budget {
		Yield()
		p.since = now()
	}
}
