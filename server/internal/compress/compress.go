// Package compress makes the precompressed variants of static files that the
// server sends to browsers: Brotli (.br) and gzip (.gz), both at their best
// quality. The build (cmd/precompress) and the benchmarks share it, so both
// measure the same bytes. The server uses it too, for the pages and scripts
// that go-app makes (Best once per release for a script, Fast for a page).
package compress

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/andybalholm/brotli"
)

// Fast returns data encoded for the Content-Encoding token ("br" or
// "gzip") at a middle quality (Brotli 5, gzip 6): for what a server makes
// per request, where Brotli at 11 would take tens of milliseconds a page.
func Fast(token string, data []byte) ([]byte, error) {
	var buf bytes.Buffer
	var w io.WriteCloser
	switch token {
	case "br":
		w = brotli.NewWriterLevel(&buf, 5)
	case "gzip":
		w, _ = gzip.NewWriterLevel(&buf, 6) // a valid level: no error
	default:
		return nil, fmt.Errorf("unknown content encoding %q", token)
	}
	if _, err := w.Write(data); err != nil {
		return nil, fmt.Errorf("%s: %w", token, err)
	}
	if err := w.Close(); err != nil {
		return nil, fmt.Errorf("%s: %w", token, err)
	}
	return buf.Bytes(), nil
}

// Best returns data encoded for the Content-Encoding token ("br" or
// "gzip") at the best quality: Brotli or Gzip.
func Best(token string, data []byte) ([]byte, error) {
	switch token {
	case "br":
		return Brotli(data)
	case "gzip":
		return Gzip(data)
	}
	return nil, fmt.Errorf("unknown content encoding %q", token)
}

// Brotli returns data compressed with Brotli at quality 11 and a 16 MiB
// window (the largest window that browsers decode).
func Brotli(data []byte) ([]byte, error) {
	var buf bytes.Buffer
	w := brotli.NewWriterOptions(&buf, brotli.WriterOptions{Quality: 11, LGWin: 24})
	if _, err := w.Write(data); err != nil {
		return nil, fmt.Errorf("brotli: %w", err)
	}
	if err := w.Close(); err != nil {
		return nil, fmt.Errorf("brotli: %w", err)
	}
	return buf.Bytes(), nil
}

// Gzip returns data compressed with gzip at gzip.BestCompression.
func Gzip(data []byte) ([]byte, error) {
	var buf bytes.Buffer
	w, err := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	if err != nil {
		return nil, err
	}
	if _, err := w.Write(data); err != nil {
		return nil, fmt.Errorf("gzip: %w", err)
	}
	if err := w.Close(); err != nil {
		return nil, fmt.Errorf("gzip: %w", err)
	}
	return buf.Bytes(), nil
}

// Sizes are the byte counts of a file and of its compressed variants.
type Sizes struct {
	Raw, Gzip, Brotli int
}

// File writes path+".br" and path+".gz" next to path, each atomically (a
// temporary file in the same folder, then a rename), and returns the sizes.
func File(path string) (Sizes, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return Sizes{}, err
	}
	br, err := Brotli(data)
	if err != nil {
		return Sizes{}, fmt.Errorf("%s: %w", path, err)
	}
	gz, err := Gzip(data)
	if err != nil {
		return Sizes{}, fmt.Errorf("%s: %w", path, err)
	}
	if err := WriteFileAtomic(path+".br", br); err != nil {
		return Sizes{}, err
	}
	if err := WriteFileAtomic(path+".gz", gz); err != nil {
		return Sizes{}, err
	}
	return Sizes{Raw: len(data), Gzip: len(gz), Brotli: len(br)}, nil
}

// WriteFileAtomic writes data to path through a temporary file in the same
// folder that it renames to path, so a reader never sees a partial file.
// The file gets mode 0644.
func WriteFileAtomic(path string, data []byte) error {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp*")
	if err != nil {
		return err
	}
	tmp := f.Name()
	defer os.Remove(tmp) // fails harmlessly after the rename
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	if err := f.Chmod(0o644); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}
