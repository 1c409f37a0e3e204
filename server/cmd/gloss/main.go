// Command gloss is Gloss's server: `gloss serve` serves the app and its API.
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
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/gloss-annotate/gloss/server"
	"github.com/gloss-annotate/gloss/server/sqlite"
	"github.com/gloss-annotate/gloss/static"
)

// version is set at build time (make build) to a hash of the web assets.
var version = "dev"

const usage = `Usage: gloss <command> [flags]

Commands:
  serve   serve the app and its API (gloss serve -h for its flags)
`

func main() {
	if len(os.Args) < 2 {
		fmt.Fprint(os.Stderr, usage)
		os.Exit(2)
	}
	var err error
	switch os.Args[1] {
	case "serve":
		err = serve(os.Args[2:], os.Stderr)
	case "-h", "--help", "help":
		fmt.Fprint(os.Stdout, usage)
		return
	default:
		fmt.Fprintf(os.Stderr, "gloss: unknown command %q\n\n%s", os.Args[1], usage)
		os.Exit(2)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "gloss:", err)
		os.Exit(1)
	}
}

func serve(args []string, stderr io.Writer) error {
	flags := flag.NewFlagSet("serve", flag.ExitOnError)
	addr := flags.String("addr", "127.0.0.1:8080", "address to listen on")
	data := flags.String("data", "./data", "folder of the database (created if missing)")
	maxBody := flags.Int64("max-body", server.DefaultMaxBodyBytes, "largest request body accepted, in bytes")
	flags.Parse(args)

	log := slog.New(slog.NewTextHandler(stderr, nil))
	if _, err := fs.Stat(static.Web, "app.wasm"); err != nil {
		return errors.New("app.wasm is missing: run make build")
	}
	store, err := sqlite.Open(*data)
	if err != nil {
		return err
	}
	defer store.Close()

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if n, err := server.LoadSamples(ctx, store, static.Articles); err != nil {
		return fmt.Errorf("load the sample articles: %w", err)
	} else if n > 0 {
		log.Info("loaded sample articles", "count", n)
	}

	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	srv := &http.Server{
		Handler:           server.NewHandler(store, server.Options{Version: version, MaxBodyBytes: *maxBody, Web: static.Web, Logger: log}),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       60 * time.Second,
		IdleTimeout:       120 * time.Second,
	}
	log.Info("serving Gloss", "url", "http://"+ln.Addr().String(), "data", *data, "version", version)
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
