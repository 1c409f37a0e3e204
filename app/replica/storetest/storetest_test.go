package storetest_test

import (
	"os"
	"os/exec"
	"slices"
	"strings"
	"testing"
)

// TestNotInTheApp: storetest (and the testing package it brings) is for
// tests only; the wasm client must not link it.
func TestNotInTheApp(t *testing.T) {
	cmd := exec.Command("go", "list", "-deps", "github.com/gloss-annotate/gloss/wasm")
	cmd.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm")
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("GOOS=js GOARCH=wasm go list -deps ./wasm: %v", err)
	}
	deps := strings.Fields(string(out))
	if !slices.Contains(deps, "github.com/gloss-annotate/gloss/app/replica") {
		t.Fatalf("go list -deps ./wasm does not list app/replica: not the client's dependencies?\n%s", out)
	}
	for _, pkg := range []string{"github.com/gloss-annotate/gloss/app/replica/storetest", "testing"} {
		if slices.Contains(deps, pkg) {
			t.Errorf("the wasm client depends on %s", pkg)
		}
	}
}
