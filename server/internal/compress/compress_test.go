package compress

import (
	"bytes"
	"compress/gzip"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/andybalholm/brotli"
)

func TestFileRoundTrip(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "app.wasm")
	data := []byte(strings.Repeat("Gloss annotates news articles. 😀 ", 2000))
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	sizes, err := File(path)
	if err != nil {
		t.Fatal(err)
	}
	if sizes.Raw != len(data) {
		t.Errorf("raw size %d, want %d", sizes.Raw, len(data))
	}

	br, err := os.ReadFile(path + ".br")
	if err != nil {
		t.Fatal(err)
	}
	if len(br) != sizes.Brotli || len(br) >= len(data) {
		t.Errorf("brotli size %d (reported %d) for %d raw bytes", len(br), sizes.Brotli, len(data))
	}
	got, err := io.ReadAll(brotli.NewReader(bytes.NewReader(br)))
	if err != nil || !bytes.Equal(got, data) {
		t.Errorf("brotli round trip: %d bytes, err %v", len(got), err)
	}

	gz, err := os.ReadFile(path + ".gz")
	if err != nil {
		t.Fatal(err)
	}
	if len(gz) != sizes.Gzip || len(gz) >= len(data) {
		t.Errorf("gzip size %d (reported %d) for %d raw bytes", len(gz), sizes.Gzip, len(data))
	}
	zr, err := gzip.NewReader(bytes.NewReader(gz))
	if err != nil {
		t.Fatal(err)
	}
	got, err = io.ReadAll(zr)
	if err != nil || !bytes.Equal(got, data) {
		t.Errorf("gzip round trip: %d bytes, err %v", len(got), err)
	}

	// No temporary file is left behind.
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if want := "app.wasm app.wasm.br app.wasm.gz"; strings.Join(names, " ") != want {
		t.Errorf("files %q, want %q", names, want)
	}
}

func TestFileReplacesOldVariants(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "a.css")
	if err := os.WriteFile(path+".br", []byte("stale"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte("body{color:#1d3557}"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := File(path); err != nil {
		t.Fatal(err)
	}
	br, err := os.ReadFile(path + ".br")
	if err != nil {
		t.Fatal(err)
	}
	got, err := io.ReadAll(brotli.NewReader(bytes.NewReader(br)))
	if err != nil || string(got) != "body{color:#1d3557}" {
		t.Errorf("brotli variant %q, err %v", got, err)
	}
}

func TestFileMissing(t *testing.T) {
	if _, err := File(filepath.Join(t.TempDir(), "nope")); err == nil {
		t.Error("no error for a missing file")
	}
}
