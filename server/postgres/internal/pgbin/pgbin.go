// Package pgbin finds PostgreSQL's programs, for the store (pg_dump) and
// its tests' throwaway clusters (initdb, pg_ctl, pg_restore).
package pgbin

import (
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
)

// Find returns the path of one of PostgreSQL's programs: the one on the
// PATH, else the one in the newest /usr/lib/postgresql/VERSION/bin (where
// Debian's packages put them, the server's programs only there); false
// when there is none.
func Find(name string) (string, bool) {
	if p, err := exec.LookPath(name); err == nil {
		return p, true
	}
	dirs, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	sort.Slice(dirs, func(i, j int) bool {
		vi, _ := strconv.Atoi(filepath.Base(filepath.Dir(dirs[i])))
		vj, _ := strconv.Atoi(filepath.Base(filepath.Dir(dirs[j])))
		return vi > vj
	})
	for _, d := range dirs {
		p := filepath.Join(d, name)
		if _, err := os.Stat(p); err == nil {
			return p, true
		}
	}
	return "", false
}
