// Command gloss is Gloss's server and its tools: `gloss serve` serves the
// app and its API, `gloss export` writes the annotations in a training
// format, `gloss import` reads annotations from a file. Every command opens
// the database as serve does: SQLite's gloss.db in the --data folder, or
// with --db postgres://… a PostgreSQL database; they may run while it
// serves (SQLite in WAL mode, with a busy timeout; PostgreSQL's
// transactions).
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"os"
	"os/signal"
	"runtime/debug"
	"strings"
	"syscall"
	"time"

	"github.com/gloss-annotate/gloss/server"
	"github.com/gloss-annotate/gloss/static"
)

// version is set at build time (make build: -ldflags "-X main.version=...")
// to a hash of the web assets.
var version = "dev"

const usage = `Usage: gloss <command> [flags]

Commands:
  serve    serve the app and its API (gloss serve -h for its flags)
  export   write the annotations to a file in a training format (gloss export -h)
  import   store the annotations of a jsonl, doccano, brat, Label Studio or Prodigy file (gloss import -h)
  backup   write a consistent copy of the database, even while serving (gloss backup -h)
  user     add accounts, set their passwords, list them (gloss user -h)
  project  create projects, list them (gloss project -h)
  member   give accounts roles in a project, list its members (gloss member -h)
  assign   assign a project's articles to annotators, by hand or shared out (gloss assign -h)
  progress print where a project's articles and annotators stand (gloss progress -h)
  agreement  write a project's inter-annotator agreement, JSON or CSV (gloss agreement -h)
  migrate  copy a whole deployment between SQLite and PostgreSQL (gloss migrate -h)
  version  print the version of Gloss and of the Go that built it
`

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr, static.Web, static.Articles)
	stop()
	os.Exit(code)
}

// run runs the command args names and returns the exit status: 2 for a
// usage error, 1 for a failure.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer, web, samples fs.FS) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	var err error
	switch args[0] {
	case "serve":
		err = serve(ctx, args[1:], stderr, web, samples)
	case "export":
		err = export(ctx, args[1:], stdout, stderr)
	case "import":
		err = importFile(ctx, args[1:], stdout, stderr)
	case "backup":
		err = backup(ctx, args[1:], stdout, stderr)
	case "user":
		err = user(ctx, args[1:], stdin, stdout, stderr)
	case "project":
		err = project(ctx, args[1:], stdout, stderr)
	case "member":
		err = member(ctx, args[1:], stdout, stderr)
	case "assign":
		err = assign(ctx, args[1:], stdout, stderr)
	case "progress":
		err = progressCmd(ctx, args[1:], stdout, stderr)
	case "agreement":
		err = agreementCommand(ctx, args[1:], stdout, stderr)
	case "migrate":
		err = migrate(ctx, args[1:], stdout, stderr)
	case "-h", "--help", "help":
		fmt.Fprint(stdout, usage)
		return 0
	case "version", "--version", "-version":
		fmt.Fprintln(stdout, versionLine())
		return 0
	default:
		fmt.Fprintf(stderr, "gloss: unknown command %q\n\n%s", args[0], usage)
		return 2
	}
	var usageErr usageError
	switch {
	case errors.Is(err, flag.ErrHelp):
		return 0
	case errors.As(err, &usageErr):
		fmt.Fprintf(stderr, "gloss %s: %v\n", args[0], err)
		return 2
	case err != nil:
		fmt.Fprintf(stderr, "gloss %s: %v\n", args[0], err)
		return 1
	}
	return 0
}

// versionLine describes this build: the version of its web assets (what
// the app shows and the service worker caches by), the commit it was
// built from when Go recorded one, and Go's version.
func versionLine() string {
	line := "gloss " + version
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return line
	}
	var commit, modified string
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			commit = s.Value
		case "vcs.modified":
			if s.Value == "true" {
				modified = ", with uncommitted changes"
			}
		}
	}
	if commit != "" {
		line += fmt.Sprintf(" (commit %.12s%s)", commit, modified)
	}
	return line + ", built with " + info.GoVersion
}

// usageError is a mistake in the command line.
type usageError struct{ error }

// newFlags returns the flag set of a command, whose -h prints synopsis
// and the flags.
func newFlags(name, synopsis string, stderr io.Writer) *flag.FlagSet {
	flags := flag.NewFlagSet("gloss "+name, flag.ContinueOnError)
	flags.SetOutput(stderr)
	flags.Usage = func() {
		fmt.Fprint(stderr, synopsis)
		flags.PrintDefaults()
	}
	return flags
}

// parseFlags parses args, turning a mistake into a usageError. The flag
// package stops at the first argument, so a flag written after one would
// be taken for an argument: that is refused, naming it, unless "--" ends
// the flags.
func parseFlags(flags *flag.FlagSet, args []string) error {
	if err := flags.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return usageError{err}
	}
	if rest := flags.Args(); len(rest) < len(args) && args[len(args)-len(rest)-1] == "--" {
		return nil
	}
	for _, a := range flags.Args() {
		if len(a) > 1 && a[0] == '-' {
			return usageError{fmt.Errorf("%s comes after an argument: give the flags first (%s -h)", a, flags.Name())}
		}
	}
	return nil
}

const serveUsage = `Usage: gloss serve [--addr host:port] [--data ./data|--db URL] [--public-url URL] [--trusted-proxy CIDR,...] [--max-body bytes] [--max-import bytes]

Serves the app and its API on --addr, with the database of --data or
--db. It answers requests for an IP address, localhost, the host name in
--addr and the one in --public-url (the address users open, behind a
proxy); any other Host is refused with 421, so that no web page can reach
it through a browser by making its own domain resolve to this server (DNS
rebinding).

Behind a load balancer or proxy, --trusted-proxy lists its networks: a
sign-in's failures then count against the client that X-Forwarded-For
names (the nearest address in it that is not a trusted proxy's), not
against the proxy, which every user would share.

Several replicas of gloss serve may run against one PostgreSQL database
(--db), behind a load balancer that needs no sticky sessions: everything
they keep is in the database.

` + dbUsage

// timeouts bound how long a connection may take at each step.
type timeouts struct {
	// ReadHeader and Read bound reading a request's headers and the
	// whole request, body included.
	ReadHeader, Read time.Duration
	// Write bounds writing an answer, counted from the end of the
	// request's headers; an export, which streams, gets Write again
	// before each of its writes (server.Options), so it may run as long
	// as its client keeps reading, and no longer than Write after the
	// client stops.
	Write time.Duration
	// Idle bounds the wait for the next request on a kept-alive
	// connection.
	Idle time.Duration
}

// defaultTimeouts are gloss serve's.
var defaultTimeouts = timeouts{ReadHeader: 10 * time.Second, Read: 60 * time.Second, Write: 2 * time.Minute, Idle: 2 * time.Minute}

// configureServer sets srv's timeouts and error log, as gloss serve does:
// a client that stops reading or sending cannot hold a connection for
// longer than these.
func configureServer(srv *http.Server, t timeouts, log *slog.Logger) {
	srv.ReadHeaderTimeout = t.ReadHeader
	srv.ReadTimeout = t.Read
	srv.WriteTimeout = t.Write
	srv.IdleTimeout = t.Idle
	srv.ErrorLog = slog.NewLogLogger(log.Handler(), slog.LevelWarn)
}

// servedHosts returns the host names gloss serve answers for besides IP
// addresses and localhost (server.Options.Hosts): the host of --addr and
// of --public-url, when given.
func servedHosts(addr, publicURL string) ([]string, error) {
	var hosts []string
	if h, _, err := net.SplitHostPort(addr); err == nil && h != "" {
		hosts = append(hosts, h)
	}
	if publicURL != "" {
		u, err := url.Parse(publicURL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Hostname() == "" {
			return nil, fmt.Errorf("--public-url must be an http or https URL with a host, such as https://gloss.example.org, not %q", publicURL)
		}
		if (u.Path != "" && u.Path != "/") || u.RawQuery != "" || u.Fragment != "" {
			return nil, fmt.Errorf("--public-url %q has a path: Gloss is served at the root of its host (its pages name their files from /), so give the URL without one, such as %s://%s, and proxy that host's root", publicURL, u.Scheme, u.Host)
		}
		hosts = append(hosts, u.Hostname())
	}
	return hosts, nil
}

// serve serves Gloss until ctx is done, then shuts down gracefully.
func serve(ctx context.Context, args []string, stderr io.Writer, web, samples fs.FS) error {
	flags := newFlags("serve", serveUsage, stderr)
	addr := flags.String("addr", "127.0.0.1:8080", "address to listen on")
	db := addDBFlags(flags, true)
	maxBody := flags.Int64("max-body", server.DefaultMaxBodyBytes, "largest request body accepted, in bytes")
	maxImport := flags.Int64("max-import", server.DefaultMaxImportBytes, "largest file accepted by POST /api/v1/import, in bytes")
	publicURL := flags.String("public-url", "", "the URL users open when it is not --addr (behind a proxy): its host name is served too")
	var trusted []netip.Prefix
	flags.Func("trusted-proxy", "the networks (CIDR, comma-separated, or an address) of the proxies in front of the server, whose X-Forwarded-For is read", func(v string) error {
		for _, part := range strings.Split(v, ",") {
			p, err := parseNetwork(strings.TrimSpace(part))
			if err != nil {
				return err
			}
			trusted = append(trusted, p)
		}
		return nil
	})
	if err := parseFlags(flags, args); err != nil {
		return err
	}
	if flags.NArg() > 0 {
		return usageError{fmt.Errorf("unexpected arguments %q", flags.Args())}
	}
	if _, _, err := net.SplitHostPort(*addr); err != nil {
		return usageError{fmt.Errorf("--addr %q is not an address to listen on: give host:port, such as 127.0.0.1:8080 or :8080", *addr)}
	}
	hosts, err := servedHosts(*addr, *publicURL)
	if err != nil {
		return usageError{err}
	}
	if *maxBody <= 0 {
		return usageError{fmt.Errorf("--max-body must be a number of bytes above 0, not %d", *maxBody)}
	}
	if *maxImport <= 0 {
		return usageError{fmt.Errorf("--max-import must be a number of bytes above 0, not %d", *maxImport)}
	}
	if _, err := fs.Stat(web, "app.wasm"); err != nil {
		return errors.New("app.wasm is missing: run make build")
	}

	// Listen first: a port in use fails before the data folder is touched.
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	defer ln.Close()
	log := slog.New(slog.NewTextHandler(stderr, nil))
	store, err := db.open(ctx)
	if err != nil {
		return err
	}
	defer store.Close()
	if n, err := server.LoadSamples(ctx, store, samples); err != nil {
		return fmt.Errorf("load the sample articles: %w", err)
	} else if n > 0 {
		log.Info("loaded sample articles into the empty store", "count", n)
	}

	srv := &http.Server{Handler: server.NewHandler(store, server.Options{Version: version, MaxBodyBytes: *maxBody, MaxImportBytes: *maxImport, Web: web, Logger: log, Hosts: hosts, PublicURL: *publicURL, TrustedProxies: trusted})}
	configureServer(srv, defaultTimeouts, log)
	base := "http://" + reachableAddr(ln.Addr())
	if *publicURL != "" {
		base = strings.TrimSuffix(*publicURL, "/")
	}
	if err := printSetupLink(ctx, store, base, stderr); err != nil {
		return err
	}
	log.Info("serving Gloss", "url", "http://"+ln.Addr().String(), "database", store.String(), "version", version)
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	log.Info("shutting down")
	shutdown, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	return srv.Shutdown(shutdown)
}

// printSetupLink prints the one-time link that creates the first admin,
// when no account is an admin yet (server.NewSetupToken): a new link at
// each start (of each replica), each valid for a day or until an admin
// is created.
func printSetupLink(ctx context.Context, accounts server.Accounts, base string, w io.Writer) error {
	token, err := server.NewSetupToken(ctx, accounts, time.Now())
	if err != nil || token == "" {
		return err
	}
	_, err = fmt.Fprintf(w, "\nNo admin account yet. Open this link to create the first one (it works once):\n\n    %s%s#%s\n\nor run: gloss user add --admin LOGIN\n\n", base, server.SetupPath, token)
	return err
}

// parseNetwork reads a network, 10.0.0.0/8, or an address, 10.0.0.7 (a
// network of one).
func parseNetwork(v string) (netip.Prefix, error) {
	if p, err := netip.ParsePrefix(v); err == nil {
		return p.Masked(), nil
	}
	a, err := netip.ParseAddr(v)
	if err != nil {
		return netip.Prefix{}, fmt.Errorf("%q is no network (10.0.0.0/8) or address (10.0.0.7)", v)
	}
	return netip.PrefixFrom(a.Unmap(), a.Unmap().BitLen()), nil
}

// reachableAddr is the host:port of a listener as a browser on this machine
// opens it: a wildcard address (0.0.0.0, ::) is reached on the loopback.
func reachableAddr(addr net.Addr) string {
	tcp, ok := addr.(*net.TCPAddr)
	if !ok || !tcp.IP.IsUnspecified() {
		return addr.String()
	}
	return net.JoinHostPort("127.0.0.1", fmt.Sprint(tcp.Port))
}
