package main

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/gloss-annotate/gloss/annotations"
	"github.com/gloss-annotate/gloss/server"
	"github.com/gloss-annotate/gloss/server/sqlite"
)

// smallBuffers is a listener whose connections have a small send buffer,
// so that a client that stops reading blocks the server's writes after a
// few kilobytes rather than after the megabytes loopback buffers hold.
type smallBuffers struct{ net.Listener }

func (l smallBuffers) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if tc, ok := c.(*net.TCPConn); ok {
		tc.SetWriteBuffer(16 << 10)
	}
	return c, err
}

// testTimeouts are short, so that the tests wait little.
var testTimeouts = timeouts{ReadHeader: 5 * time.Second, Read: 5 * time.Second, Write: 500 * time.Millisecond, Idle: 300 * time.Millisecond}

// timeoutServer serves a store of 20 articles of 40,000 characters (an
// export of about 800 kB) on a real listener configured as gloss serve
// does (configureServer), with testTimeouts. Each request's handler sends
// to handled when it returns. It returns the server and the export's bytes;
// requests sent with dial are an admin's.
func timeoutServer(t *testing.T) (*httptest.Server, chan string, []byte) {
	t.Helper()
	ctx := context.Background()
	dir := t.TempDir()
	store, err := sqlite.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	dialToken = adminToken(t, dir)
	for i := range 20 {
		a, err := annotations.NewArticle("", fmt.Sprintf("Article %d.\n", i)+strings.Repeat("Angela Merkel met Emmanuel Macron. ", 40000/35), time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
		if err != nil {
			t.Fatal(err)
		}
		if _, _, err := store.PutArticle(ctx, a); err != nil {
			t.Fatal(err)
		}
		if _, err := store.PutRevisions(ctx, []annotations.Revision{entityAt(t, a, i)}); err != nil {
			t.Fatal(err)
		}
	}
	params, err := server.ParseExportQuery(nil)
	if err != nil {
		t.Fatal(err)
	}
	x, err := server.NewExport(ctx, store, params)
	if err != nil {
		t.Fatal(err)
	}
	var want bytes.Buffer
	if _, err := x.Write(ctx, &want, nil); err != nil {
		t.Fatal(err)
	}

	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	h := server.NewHandler(store, server.Options{Logger: log})
	handled := make(chan string, 10)
	ts := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() { handled <- r.URL.Path }()
		h.ServeHTTP(w, r)
	}))
	configureServer(ts.Config, testTimeouts, log)
	ts.Listener = smallBuffers{ts.Listener}
	ts.Start()
	t.Cleanup(ts.Close)
	return ts, handled, want.Bytes()
}

// entityAt returns a mention of Angela Merkel in a.
func entityAt(t *testing.T, a annotations.Article, i int) annotations.Revision {
	t.Helper()
	at := len([]rune(fmt.Sprintf("Article %d.\n", i)))
	span, err := annotations.NewSpan([]rune(a.Text), at, at+13)
	if err != nil {
		t.Fatal(err)
	}
	r, err := annotations.NewEntityRevision("", annotations.SetKey{ArticleID: a.ID, Annotator: "ann"}, annotations.Entity{ID: fmt.Sprintf("00000000-0000-4000-8000-%012d", i), Span: span, Label: "PER"})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// dialToken is the API token dial sends: timeoutServer's admin's.
var dialToken string

// dial opens a connection to ts with a small receive buffer and sends a
// GET of path on it.
func dial(t *testing.T, ts *httptest.Server, path string) net.Conn {
	t.Helper()
	c, err := net.Dial("tcp", ts.Listener.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	c.(*net.TCPConn).SetReadBuffer(64 << 10)
	if _, err := fmt.Fprintf(c, "GET %s HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer %s\r\n\r\n", path, dialToken); err != nil {
		t.Fatal(err)
	}
	return c
}

// waitHandled waits for the handler of path to return, failing after a
// bound far above the timeouts.
func waitHandled(t *testing.T, handled chan string, path string) {
	t.Helper()
	select {
	case got := <-handled:
		if got != path {
			t.Fatalf("handled %s, want %s", got, path)
		}
	case <-time.After(30 * time.Second):
		t.Fatalf("the handler of %s still runs: the connection is held", path)
	}
}

// slowReader reads at most 4 KB at a time, pausing 12 ms before each read:
// a client that reads, slowly: 800 kB take more than 2.4 s, far longer
// than the write timeout (more than the socket buffers hold is written
// after it), while each 16 kB the server writes under one deadline takes
// about 50 ms.
type slowReader struct{ r io.Reader }

func (s slowReader) Read(p []byte) (int, error) {
	time.Sleep(12 * time.Millisecond)
	return s.r.Read(p[:min(len(p), 4<<10)])
}

// TestExportToAClientThatStopsReading: the client reads nothing of an
// export; the server's write waits the write timeout, then the handler
// gives up and the connection is cut, so the client, reading at last,
// gets a broken download, not the whole export.
func TestExportToAClientThatStopsReading(t *testing.T) {
	ts, handled, want := timeoutServer(t)
	c := dial(t, ts, "/api/v1/export")
	waitHandled(t, handled, "/api/v1/export")
	c.SetReadDeadline(time.Now().Add(30 * time.Second))
	got, err := io.ReadAll(c)
	if ne, ok := err.(net.Error); ok && ne.Timeout() {
		t.Fatalf("the server kept the connection open after its handler gave up")
	}
	if len(got) >= len(want) {
		t.Errorf("the client got %d bytes, the whole export's %d or more: the write was not cut", len(got), len(want))
	}
}

// TestExportToASlowReader: a client that keeps reading gets the whole
// export, though it takes longer than the write timeout, which each write
// extends.
func TestExportToASlowReader(t *testing.T) {
	ts, handled, want := timeoutServer(t)
	start := time.Now()
	c := dial(t, ts, "/api/v1/export")
	resp, err := http.ReadResponse(bufio.NewReaderSize(slowReader{c}, 4<<10), nil)
	if err != nil {
		t.Fatal(err)
	}
	got, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("the export was cut after %d bytes of %d: %v", len(got), len(want), err)
	}
	if resp.StatusCode != 200 || !bytes.Equal(got, want) {
		t.Errorf("status %d, %d bytes; want 200 and the export's %d bytes", resp.StatusCode, len(got), len(want))
	}
	if took := time.Since(start); took <= 3*testTimeouts.Write {
		t.Errorf("the export took %v, not more than 3 × the write timeout %v: the test proves nothing", took, testTimeouts.Write)
	}
	waitHandled(t, handled, "/api/v1/export")
}

// TestIdleConnectionClosed: a kept-alive connection with no next request
// is closed by the server after the idle timeout.
func TestIdleConnectionClosed(t *testing.T) {
	ts, handled, _ := timeoutServer(t)
	c := dial(t, ts, "/api/v1/articles")
	br := bufio.NewReader(c)
	resp, err := http.ReadResponse(br, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(io.Discard, resp.Body); err != nil || resp.StatusCode != 200 || resp.Close {
		t.Fatalf("status %d, close %v, %v: want a 200 that keeps the connection", resp.StatusCode, resp.Close, err)
	}
	waitHandled(t, handled, "/api/v1/articles")
	c.SetReadDeadline(time.Now().Add(30 * time.Second))
	if n, err := br.Read(make([]byte, 1)); err != io.EOF {
		t.Errorf("read %d bytes, %v on an idle connection; want the server to close it (EOF)", n, err)
	}
}
