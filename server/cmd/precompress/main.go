// Command precompress writes Brotli (FILE.br) and gzip (FILE.gz) variants
// next to each file named on its command line, at the best quality of each,
// so that the server can send them with Content-Encoding and no work per
// request. Each variant is written atomically.
//
// Usage:
//
//	go run ./server/cmd/precompress FILE...
package main

import (
	"fmt"
	"io"
	"os"

	"github.com/gloss-annotate/gloss/server/internal/compress"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// run compresses each file of args, reports the sizes on stdout and returns
// the exit status.
func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprintln(stderr, "usage: precompress FILE...")
		return 2
	}
	status := 0
	for _, path := range args {
		s, err := compress.File(path)
		if err != nil {
			fmt.Fprintf(stderr, "precompress: %v\n", err)
			status = 1
			continue
		}
		fmt.Fprintf(stdout, "%s: %d bytes, gzip %d (%.1f%%), brotli %d (%.1f%%)\n",
			path, s.Raw, s.Gzip, pct(s.Gzip, s.Raw), s.Brotli, pct(s.Brotli, s.Raw))
	}
	return status
}

func pct(n, of int) float64 {
	if of == 0 {
		return 0
	}
	return 100 * float64(n) / float64(of)
}
