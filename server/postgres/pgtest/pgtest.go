// Package pgtest starts a throwaway PostgreSQL cluster for tests (issue 16):
// initialised in a temporary folder, listening on a Unix socket in it and on
// no TCP port, run as an unprivileged user when the tests run as root
// (PostgreSQL refuses root), and removed when the tests end. Each test gets
// a database of its own. It needs PostgreSQL's server programs (initdb,
// pg_ctl), which `make postgres` installs from Debian's packages; a test
// that cannot start the cluster fails with the reason.
package pgtest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"

	"github.com/gloss-annotate/gloss/server/postgres/internal/pgbin"
	"github.com/jackc/pgx/v5"
)

// Role is the superuser the cluster is made with, whom tests connect as
// (trust authentication, over the socket only).
const Role = "gloss"

// Cluster is a running throwaway cluster.
type Cluster struct {
	dir    string // the cluster's temporary folder, its data and socket
	bin    string // the folder of initdb, pg_ctl and postgres
	cred   *syscall.Credential
	socket string
	dbs    atomic.Int64
}

// shared is the package's cluster, started by the first test that asks.
var shared struct {
	once    sync.Once
	cluster *Cluster
	err     error
}

// Main runs the tests of m, then stops the shared cluster if a test
// started one. A test package that uses Database calls it from TestMain:
// func TestMain(m *testing.M) { os.Exit(pgtest.Main(m)) }.
func Main(m *testing.M) int {
	code := m.Run()
	if shared.cluster != nil {
		shared.cluster.Stop()
	}
	return code
}

// Database creates a database of its own for the test in the shared
// cluster (started the first time) and returns its connection string.
// It fails tb when the cluster cannot start, saying why.
func Database(tb testing.TB) string {
	tb.Helper()
	shared.once.Do(func() { shared.cluster, shared.err = Start() })
	if shared.err != nil {
		tb.Fatalf("PostgreSQL: %v", shared.err)
	}
	dsn, err := shared.cluster.NewDatabase(context.Background())
	if err != nil {
		tb.Fatalf("PostgreSQL: %v", err)
	}
	return dsn
}

// binDir finds PostgreSQL's server programs: the folder of initdb
// (pgbin.Find; Debian links it from the PATH into its version's
// folder, beside pg_ctl).
func binDir() (string, error) {
	p, ok := pgbin.Find("initdb")
	if !ok {
		return "", errors.New("its server programs (initdb, pg_ctl) are not installed: run make postgres (apt-get install -y postgresql)")
	}
	if real, err := filepath.EvalSymlinks(p); err == nil {
		p = real
	}
	return filepath.Dir(p), nil
}

// Start initialises and starts a cluster in a new temporary folder,
// without syncing to disk (fsync off): a test's data need not survive a
// crash of the machine.
func Start() (*Cluster, error) { return start(false) }

// StartDurable is Start with PostgreSQL's durable defaults (fsync and full
// page writes on), as a deployment runs: for benchmarks.
func StartDurable() (*Cluster, error) { return start(true) }

func start(durable bool) (*Cluster, error) {
	bin, err := binDir()
	if err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp("", "gloss-pg-")
	if err != nil {
		return nil, err
	}
	c := &Cluster{dir: dir, bin: bin, socket: filepath.Join(dir, "socket")}
	if err := os.Mkdir(c.socket, 0o700); err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	if os.Geteuid() == 0 {
		// PostgreSQL refuses to run as root: as nobody, who owns the
		// folder.
		u, err := user.Lookup("nobody")
		if err != nil {
			os.RemoveAll(dir)
			return nil, fmt.Errorf("running as root, and no unprivileged user to run it as: %v", err)
		}
		uid, _ := strconv.Atoi(u.Uid)
		gid, _ := strconv.Atoi(u.Gid)
		c.cred = &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid)}
		for _, p := range []string{dir, c.socket} {
			if err := os.Chown(p, uid, gid); err != nil {
				os.RemoveAll(dir)
				return nil, err
			}
		}
	}
	data := filepath.Join(dir, "data")
	if err := c.run("initdb", "--pgdata", data, "--username", Role, "--auth", "trust", "--encoding", "UTF8", "--locale", "C.UTF-8", "--no-sync"); err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	opts := "-c listen_addresses='' -c unix_socket_directories=" + c.socket + " -c max_connections=200"
	if !durable {
		opts += " -c fsync=off -c full_page_writes=off"
	}
	if err := c.run("pg_ctl", "start", "--pgdata", data, "--wait", "--log", filepath.Join(dir, "log"), "-o", opts); err != nil {
		log, _ := os.ReadFile(filepath.Join(dir, "log"))
		os.RemoveAll(dir)
		return nil, fmt.Errorf("%v\n%s", err, log)
	}
	return c, nil
}

// run runs one of the cluster's programs as the cluster's user.
func (c *Cluster) run(name string, args ...string) error {
	cmd := exec.Command(filepath.Join(c.bin, name), args...)
	cmd.Dir = c.dir
	if c.cred != nil {
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: c.cred}
	}
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("%s: %v\n%s", name, err, out.String())
	}
	return nil
}

// DSN returns the connection string of database name.
func (c *Cluster) DSN(name string) string {
	return "host=" + c.socket + " user=" + Role + " dbname=" + name + " sslmode=disable"
}

// NewDatabase creates a new, empty database and returns its connection
// string.
func (c *Cluster) NewDatabase(ctx context.Context) (string, error) {
	conn, err := pgx.Connect(ctx, c.DSN("postgres"))
	if err != nil {
		return "", err
	}
	defer conn.Close(ctx)
	name := "test_" + strconv.FormatInt(c.dbs.Add(1), 10)
	if _, err := conn.Exec(ctx, "CREATE DATABASE "+name); err != nil {
		return "", err
	}
	return c.DSN(name), nil
}

// DropDatabase drops the database of dsn, one NewDatabase made: a
// benchmark's, so that autovacuum leaves it alone in the runs after it.
func (c *Cluster) DropDatabase(ctx context.Context, dsn string) error {
	name := ""
	for _, kv := range strings.Fields(dsn) {
		if v, ok := strings.CutPrefix(kv, "dbname="); ok {
			name = v
		}
	}
	if !strings.HasPrefix(name, "test_") {
		return fmt.Errorf("%q is no database of NewDatabase's", dsn)
	}
	conn, err := pgx.Connect(ctx, c.DSN("postgres"))
	if err != nil {
		return err
	}
	defer conn.Close(ctx)
	_, err = conn.Exec(ctx, "DROP DATABASE "+name+" WITH (FORCE)")
	return err
}

// Stop stops the cluster at once and removes its folder.
func (c *Cluster) Stop() {
	c.run("pg_ctl", "stop", "--pgdata", filepath.Join(c.dir, "data"), "--mode", "immediate", "--wait")
	os.RemoveAll(c.dir)
}
