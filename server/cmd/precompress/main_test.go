package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestRun(t *testing.T) {
	dir := t.TempDir()
	a := filepath.Join(dir, "app.css")
	if err := os.WriteFile(a, []byte(strings.Repeat("mark{background:#ffd166}\n", 100)), 0o644); err != nil {
		t.Fatal(err)
	}
	var out, errs strings.Builder
	if code := run([]string{a}, &out, &errs); code != 0 {
		t.Fatalf("exit %d, stderr %q", code, errs.String())
	}
	for _, ext := range []string{".br", ".gz"} {
		if fi, err := os.Stat(a + ext); err != nil || fi.Size() == 0 {
			t.Errorf("%s: %v", ext, err)
		}
	}
	if !strings.Contains(out.String(), "app.css: 2500 bytes") {
		t.Errorf("report %q", out.String())
	}
}

func TestRunErrors(t *testing.T) {
	var out, errs strings.Builder
	if code := run(nil, &out, &errs); code != 2 {
		t.Errorf("no arguments: exit %d, want 2", code)
	}
	errs.Reset()
	if code := run([]string{filepath.Join(t.TempDir(), "missing")}, &out, &errs); code != 1 || !strings.Contains(errs.String(), "missing") {
		t.Errorf("missing file: exit %d, stderr %q", code, errs.String())
	}
}
