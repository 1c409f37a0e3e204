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

// TestEncodings: Fast and Best encode for "br" and "gzip", each decoding to
// the input and smaller than it, Best no larger than Fast; any other token
// is an error.
func TestEncodings(t *testing.T) {
	data := []byte(strings.Repeat("<p class=\"gloss\">Annotate news articles. 😀</p>\n", 300))
	decoders := map[string]func([]byte) (io.Reader, error){
		"br":   func(b []byte) (io.Reader, error) { return brotli.NewReader(bytes.NewReader(b)), nil },
		"gzip": func(b []byte) (io.Reader, error) { return gzip.NewReader(bytes.NewReader(b)) },
	}
	for token, decoder := range decoders {
		sizes := map[string]int{}
		for name, encode := range map[string]func(string, []byte) ([]byte, error){"Fast": Fast, "Best": Best} {
			enc, err := encode(token, data)
			if err != nil {
				t.Fatalf("%s(%q): %v", name, token, err)
			}
			r, err := decoder(enc)
			if err != nil {
				t.Fatalf("%s(%q): %v", name, token, err)
			}
			got, err := io.ReadAll(r)
			if err != nil || !bytes.Equal(got, data) {
				t.Errorf("%s(%q) decodes to %d bytes (%v), want the %d given", name, token, len(got), err, len(data))
			}
			if len(enc) >= len(data)/4 {
				t.Errorf("%s(%q): %d bytes for %d", name, token, len(enc), len(data))
			}
			sizes[name] = len(enc)
		}
		if sizes["Best"] > sizes["Fast"] {
			t.Errorf("%s: Best %d bytes, more than Fast's %d", token, sizes["Best"], sizes["Fast"])
		}
	}
	for _, token := range []string{"", "deflate", "zstd", "BR"} {
		if _, err := Fast(token, data); err == nil {
			t.Errorf("Fast(%q) encoded", token)
		}
		if _, err := Best(token, data); err == nil {
			t.Errorf("Best(%q) encoded", token)
		}
	}
}
