//go:build linux || darwin || freebsd

package sqlite_test

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/gloss-annotate/gloss/server/sqlite"
)

// backupChildEnv, set to a data folder and a backup file, makes
// TestBackupFileSizeLimit the process that backs up the one to the other
// with a limit on the size of the files it writes.
const backupChildEnv = "GLOSS_TEST_BACKUP_CHILD"

// backupSizeLimit is the size, in bytes, past which the child's writes
// fail (RLIMIT_FSIZE, which the child's SQLite cannot write past).
const backupSizeLimit = 64<<10 + 100

// TestBackupFileSizeLimit: a real VACUUM INTO that cannot write the whole
// copy (the files its process writes are limited in size, which SQLite
// meets as a failed write, as on a full disk) fails, and leaves no file
// behind. The limit is the process's, so the backup runs in a child
// process, this test run again.
func TestBackupFileSizeLimit(t *testing.T) {
	if child := os.Getenv(backupChildEnv); child != "" {
		data, path, _ := strings.Cut(child, string(os.PathListSeparator))
		s, err := sqlite.Open(data)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(3)
		}
		defer s.Close()
		// After Open, which writes the write-ahead log's index.
		if err := syscall.Setrlimit(syscall.RLIMIT_FSIZE, &syscall.Rlimit{Cur: backupSizeLimit, Max: backupSizeLimit}); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(3)
		}
		n, err := s.Backup(context.Background(), path)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		fmt.Printf("backed up %d articles\n", n)
		return
	}

	data := t.TempDir()
	s := openStore(t, data)
	for i := range 60 { // about 4 KiB each, well past the limit
		text := strings.Repeat(fmt.Sprintf("Angela Merkel met Emmanuel Macron in Paris, time %d. ", i), 80)
		storeArticle(t, s, article(t, fmt.Sprintf("Headline %d", i), text, t0.Add(time.Duration(i)*time.Minute)))
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	out := t.TempDir()
	path := filepath.Join(out, "bk.db")
	cmd := exec.Command(os.Args[0], "-test.run=^TestBackupFileSizeLimit$")
	cmd.Env = append(os.Environ(), backupChildEnv+"="+data+string(os.PathListSeparator)+path)
	output, err := cmd.CombinedOutput()
	if exit, ok := err.(*exec.ExitError); !ok || exit.ExitCode() != 1 {
		t.Fatalf("the backup with its files limited to %d bytes: %v, want it to fail\n%s", backupSizeLimit, err, output)
	}
	if !strings.Contains(string(output), "back up to "+path) {
		t.Errorf("the failed backup said %q, want it to name %s", output, path)
	}
	if got := names(t, out); len(got) != 0 {
		t.Errorf("the failed backup left %q", got)
	}
}

// TestBackupModeWhateverTheUmask: the copy is 0600, whatever the umask.
func TestBackupModeWhateverTheUmask(t *testing.T) {
	s := openStore(t, t.TempDir())
	storeArticle(t, s, article(t, "Stored", "Angela Merkel met Emmanuel Macron in Paris.", t0))
	for _, umask := range []int{0, 0o022, 0o077, 0o277} {
		t.Run(fmt.Sprintf("%04o", umask), func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "bk.db")
			old := syscall.Umask(umask)
			n, err := s.Backup(context.Background(), path)
			syscall.Umask(old)
			if err != nil || n != 1 {
				t.Fatalf("Backup = %d, %v; want 1 article", n, err)
			}
			if info, err := os.Stat(path); err != nil || info.Mode().Perm() != 0o600 {
				t.Errorf("the copy's mode: %v (%v), want 0600", info.Mode(), err)
			}
		})
	}
}
