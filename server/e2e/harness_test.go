package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/cookiejar"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/gloss-annotate/gloss/annotations/api"
)

// glossBin is the server binary that TestMain builds for the whole run.
var glossBin string

// moduleRoot is the folder of go.mod.
var moduleRoot string

// TestMain builds the server once, from the module's root, and runs the
// tests and benchmarks against it.
func TestMain(m *testing.M) {
	os.Exit(testMain(m))
}

func testMain(m *testing.M) int {
	out, err := exec.Command("go", "env", "GOMOD").Output()
	if err != nil {
		fmt.Fprintf(os.Stderr, "e2e: go env GOMOD: %v\n", err)
		return 1
	}
	gomod := strings.TrimSpace(string(out))
	if gomod == "" || gomod == os.DevNull {
		fmt.Fprintln(os.Stderr, "e2e: not inside the Gloss module (go env GOMOD is empty)")
		return 1
	}
	moduleRoot = filepath.Dir(gomod)
	wasm := filepath.Join(moduleRoot, "static", "web", "app.wasm")
	if _, err := os.Stat(wasm); err != nil {
		fmt.Fprintf(os.Stderr, "e2e: %s is missing: run make build first (or make test, which builds it)\n", wasm)
		return 1
	}

	dir, err := os.MkdirTemp("", "gloss-e2e-")
	if err != nil {
		fmt.Fprintf(os.Stderr, "e2e: %v\n", err)
		return 1
	}
	defer os.RemoveAll(dir)
	glossBin = filepath.Join(dir, "gloss")
	build := exec.Command("go", "build", "-o", glossBin, "./server/cmd/gloss")
	build.Dir = moduleRoot
	if out, err := build.CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "e2e: go build ./server/cmd/gloss: %v\n%s", err, out)
		return 1
	}
	code := m.Run()
	printBenchReport()
	return code
}

// syncBuffer is a bytes.Buffer that a process writes while a test reads it.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// server is a running `gloss serve` process.
type server struct {
	// URL is the base URL, "http://" + Addr, with no trailing slash.
	URL string
	// Addr is the host:port the server listens on.
	Addr string
	// DataDir is the server's data folder.
	DataDir string

	t      testing.TB
	cmd    *exec.Cmd
	out    *syncBuffer
	exited chan struct{} // closed when the process has exited
	once   sync.Once

	mu      sync.Mutex
	clients map[string]*http.Client // signed in, by login (server.as)
}

// adminLogin is the admin account the suite's own API requests use where
// they read or write every annotator's sets (server.admin).
const adminLogin = "e2e-admin"

// passwordOf is the password the suite gives the account login.
func passwordOf(login string) string { return "e2e password of " + login }

// addUser creates the account login (an admin when admin) in the data
// folder dataDir with the command line, gloss user add, the password
// (passwordOf) on its standard input; an account that exists stays as it
// is. It may run while gloss serve serves dataDir.
func addUser(t testing.TB, dataDir, login string, admin bool) {
	t.Helper()
	args := []string{"user", "add", "--data", dataDir}
	if admin {
		args = append(args, "--admin")
	}
	cmd := exec.Command(glossBin, append(args, login)...)
	cmd.Stdin = strings.NewReader(passwordOf(login) + "\n")
	if out, err := cmd.CombinedOutput(); err != nil && !strings.Contains(string(out), "exists already") {
		t.Fatalf("gloss user add %s: %v\n%s", login, err, out)
	}
}

// makeManager makes login (created first when missing) a manager of the
// Default project, who changes its labels. Call it before login signs in:
// the app keeps the roles it read at sign-in.
func makeManager(t *testing.T, dataDir, login string) {
	t.Helper()
	addUser(t, dataDir, login, false)
	setRole(t, dataDir, login, api.RoleManager)
}

// as returns an HTTP client signed in on s as login (a session cookie), the
// account created first when it is missing. A client is made once per
// login and server start.
func (s *server) as(t testing.TB, login string) *http.Client {
	return s.signedIn(t, login, false)
}

// admin returns an HTTP client signed in as the suite's admin, who reads
// every annotator's sets (export, pull).
func (s *server) admin(t testing.TB) *http.Client {
	return s.signedIn(t, adminLogin, true)
}

func (s *server) signedIn(t testing.TB, login string, admin bool) *http.Client {
	t.Helper()
	s.mu.Lock()
	defer s.mu.Unlock()
	if c := s.clients[login]; c != nil {
		return c
	}
	addUser(t, s.DataDir, login, admin)
	c, err := signInClient(s.URL, login)
	if err != nil {
		t.Fatal(err)
	}
	if s.clients == nil {
		s.clients = map[string]*http.Client{}
	}
	s.clients[login] = c
	return c
}

// signInClient signs in at base as login (password passwordOf) and returns
// an HTTP client that sends the session's cookie.
func signInClient(base, login string) (*http.Client, error) {
	jar, err := cookiejar.New(nil)
	if err != nil {
		return nil, err
	}
	c := &http.Client{Jar: jar, Timeout: 30 * time.Second}
	body, _ := json.Marshal(api.SignInRequest{Login: login, Password: passwordOf(login)})
	resp, err := c.Post(base+api.PathSignIn, "application/json", bytes.NewReader(body))
	if err != nil {
		return nil, fmt.Errorf("sign in as %s: %w", login, err)
	}
	answer, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("sign in as %s: %s: %s", login, resp.Status, answer)
	}
	return c, nil
}

// freeAddr returns a loopback address with a port that was free a moment ago.
func freeAddr(t testing.TB) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("pick a free port: %v", err)
	}
	addr := l.Addr().String()
	l.Close()
	return addr
}

// startServer runs the server on addr (a free loopback port when addr is "")
// with dataDir as its data folder, and waits until its API answers. The
// server stops when the test ends; its output is logged if the test failed.
// Starting again on the same addr and dataDir after stop works (the
// "offline" tests do that).
func startServer(t testing.TB, dataDir, addr string) *server {
	t.Helper()
	if addr == "" {
		addr = freeAddr(t)
	}
	if glossBin == "" {
		t.Fatal("the server binary was not built: TestMain did not run")
	}
	s := &server{
		URL:     "http://" + addr,
		Addr:    addr,
		DataDir: dataDir,
		t:       t,
		out:     &syncBuffer{},
		exited:  make(chan struct{}),
	}
	s.cmd = exec.Command(glossBin, "serve", "--addr", addr, "--data", dataDir)
	s.cmd.Dir = dataDir
	s.cmd.Stdout = s.out
	s.cmd.Stderr = s.out
	if err := s.cmd.Start(); err != nil {
		t.Fatalf("start %s: %v", glossBin, err)
	}
	go func() {
		s.cmd.Wait()
		close(s.exited)
	}()
	t.Cleanup(func() {
		s.stop()
		if t.Failed() {
			t.Logf("output of gloss serve --addr %s:\n%s", addr, s.out.String())
		}
	})

	client := &http.Client{Timeout: 2 * time.Second}
	deadline := time.Now().Add(20 * time.Second)
	var lastErr error
	for time.Now().Before(deadline) {
		select {
		case <-s.exited:
			t.Fatalf("gloss serve --addr %s exited before it answered (%v):\n%s", addr, s.cmd.ProcessState, s.out.String())
		default:
		}
		resp, err := client.Get(s.URL + api.PathMe)
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusUnauthorized {
				return s // the API answers, and wants a sign-in
			}
			err = fmt.Errorf("GET %s: status %s, want 401 without a session", api.PathMe, resp.Status)
		}
		lastErr = err
		time.Sleep(50 * time.Millisecond)
	}
	s.stop()
	t.Fatalf("gloss serve --addr %s did not answer within 20s: %v\n%s", addr, lastErr, s.out.String())
	return nil
}

// stop sends SIGTERM to the server and waits for it to exit, killing it
// after 5 s. Calling stop more than once is harmless.
func (s *server) stop() {
	s.once.Do(func() {
		select {
		case <-s.exited:
			return
		default:
		}
		s.cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-s.exited:
		case <-time.After(5 * time.Second):
			s.t.Logf("gloss serve --addr %s did not stop within 5s of SIGTERM: killed", s.Addr)
			s.cmd.Process.Kill()
			<-s.exited
		}
	})
}

// chromiumPath returns the path of Chromium, failing the test with the way
// to install it when it is missing.
func chromiumPath(t testing.TB) string {
	t.Helper()
	if fi, err := os.Stat("/usr/bin/chromium"); err == nil && !fi.IsDir() {
		return "/usr/bin/chromium"
	}
	for _, name := range []string{"chromium", "chromium-browser"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	t.Fatal("Chromium not found: install Debian's chromium (apt-get install -y chromium) or run make test, which installs it")
	return ""
}

// newBrowser starts headless Chromium with the profile userDataDir (a new
// temporary one when "") and returns the context of its tab. The page's
// console messages and uncaught exceptions go to t.Log. The browser closes
// when the test ends, and that waits for Chromium to exit, so a later
// newBrowser on the same userDataDir reopens the same profile.
func newBrowser(t testing.TB, userDataDir string) context.Context {
	t.Helper()
	ctx, closeBrowser := openBrowser(t, userDataDir)
	t.Cleanup(closeBrowser)
	return ctx
}

// openBrowser is newBrowser with the closing left to the caller: the
// returned func closes Chromium gracefully (so it writes its profile) and
// waits for it to exit. Calling it more than once is harmless.
func openBrowser(t testing.TB, userDataDir string) (context.Context, func()) {
	t.Helper()
	if userDataDir == "" {
		userDataDir = t.TempDir()
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromiumPath(t)),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("no-first-run", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(userDataDir),
		chromedp.WindowSize(1280, 900),
		// A machine busy with the other packages' tests can take longer
		// than the default 20 s to start Chromium.
		chromedp.WSURLReadTimeout(90*time.Second),
	)
	// Start the browser, and stop at its error. (Calling Console first,
	// which starts the browser too, hid a failed start: the next call
	// started a second Chromium on the same context, and chromedp v0.23.0
	// then panics with "close of closed channel".) The tab shows
	// about:blank until the test navigates, so subscribing to its console
	// after the start misses nothing. Chromium that exits as it starts
	// (seen once in a CI run, the machine busy with the other packages'
	// tests) is started again, twice at most, and the test log says so.
	var ctx context.Context
	var cancel, allocCancel context.CancelFunc
	for attempt := 1; ; attempt++ {
		var allocCtx context.Context
		allocCtx, allocCancel = chromedp.NewExecAllocator(context.Background(), opts...)
		ctx, cancel = chromedp.NewContext(allocCtx)
		err := chromedp.Do(ctx)
		if err == nil {
			break
		}
		cancel()
		allocCancel()
		if attempt == 3 || !strings.Contains(err.Error(), "failed to start") {
			t.Fatalf("start Chromium (profile %s): %v", userDataDir, err)
		}
		t.Logf("Chromium exited as it started (attempt %d of 3), starting it again: %v", attempt, err)
		time.Sleep(time.Second)
	}
	messages := chromedp.Console(ctx)

	// Forward the console until the browser closes. The goroutine never
	// calls t.Log after the browser is closed, which the test's end awaits.
	var mu sync.Mutex
	closed := false
	logf := func(format string, args ...any) {
		mu.Lock()
		defer mu.Unlock()
		if !closed {
			t.Logf(format, args...)
		}
	}
	// A benchmark's log is cut to 10 lines: keep only errors for it.
	_, quiet := t.(*testing.B)
	consoleDone := make(chan struct{})
	go func() {
		defer close(consoleDone)
		for m, err := range messages {
			if err != nil {
				return
			}
			if quiet && m.Type != chromedp.ConsoleError && !m.IsException() {
				continue
			}
			where := ""
			if m.URL != "" {
				where = fmt.Sprintf(" (%s:%d)", m.URL, m.Line+1)
			}
			if stack := stackString(m); m.IsException() && stack != "" {
				where += stack
			}
			logf("browser %s: %s%s", m.Type, m.Text, where)
		}
	}()

	// Say when a dialog opens: a page left while an edit is being written
	// asks first (beforeunload), and an unanswered dialog holds every
	// navigation of the test.
	go func() {
		for ev, err := range chromedp.Events(ctx, page.JavascriptDialogOpening) {
			if err != nil {
				return
			}
			logf("browser opened a %s dialog %q: a test that leaves a page right after an edit waits with waitKept first", ev.Type, ev.Message)
		}
	}()

	var once sync.Once
	closeBrowser := func() {
		once.Do(func() {
			// Close Chromium gracefully, so it writes its profile
			// (IndexedDB, the service worker's caches) before it exits;
			// then make sure that it has.
			closeCtx, closeCancel := context.WithTimeout(ctx, 10*time.Second)
			err := chromedp.Cancel(closeCtx)
			closeCancel()
			cancel()
			allocCancel() // waits for the process to exit
			mu.Lock()
			closed = true
			mu.Unlock()
			select {
			case <-consoleDone:
			case <-time.After(5 * time.Second):
			}
			if err != nil && !errors.Is(err, context.Canceled) && !errors.Is(err, context.DeadlineExceeded) {
				t.Logf("close Chromium: %v", err)
			}
		})
	}
	return ctx, closeBrowser
}

// stackString formats the stack of an exception, one frame a line, or
// gives "" when it has no frame with a place.
func stackString(m chromedp.ConsoleMessage) string {
	if m.Stack == nil {
		return ""
	}
	var b strings.Builder
	for i, f := range m.Stack.CallFrames {
		if i == 10 {
			b.WriteString("\n\t...")
			break
		}
		if f.URL == "" {
			continue
		}
		fn := f.FunctionName
		if fn == "" {
			fn = "(anonymous)"
		}
		fmt.Fprintf(&b, "\n\tat %s (%s:%d)", fn, f.URL, f.LineNumber+1)
	}
	return b.String()
}

// evalJS evaluates the expression js in the page and returns its value,
// failing the test on an error or an exception.
func evalJS[T any](t testing.TB, ctx context.Context, js string) T {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](js))
	if err != nil {
		t.Fatalf("evaluate %s: %v", js, err)
	}
	return v
}

// evalAsync evaluates promiseJS, an expression that gives a promise, waits
// for the promise and returns its value, failing the test if it rejects.
func evalAsync[T any](t testing.TB, ctx context.Context, promiseJS string) T {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](promiseJS, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("evaluate (await) %s: %v", promiseJS, err)
	}
	return v
}

// waitFor polls the boolean expression js every 50 ms until it is true,
// failing the test with the expression when timeout passes first. An
// evaluation that fails (the page is navigating, say) counts as false.
// pageStateJS describes what the page shows to a user, for a failure
// message: the address, where the focus is, the messages shown, the
// selection and the side panel's forms.
const pageStateJS = `(() => {
  const shown = sel => [...document.querySelectorAll(sel)].filter(e => !e.hidden && e.textContent.trim()).map(e => e.textContent.trim());
  const a = document.activeElement;
  return "page " + location.pathname + ", focus " + (a ? (a.id ? "#" + a.id : a.tagName) : "none") +
    ", selection " + JSON.stringify(getSelection().toString()) +
    ", messages " + JSON.stringify(shown("[role=alert], [role=status], .note")) +
    ", forms " + JSON.stringify([...document.querySelectorAll("#speaker-input, #stance-holder, #stance-target")].map(e => e.id));
})()`

// pageState runs pageStateJS, or says why it could not.
func pageState(ctx context.Context) string {
	evalCtx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	s, err := chromedp.Run(evalCtx, chromedp.Evaluate[string](pageStateJS))
	if err != nil {
		return "the page's state is unreadable: " + err.Error()
	}
	return s
}

func waitFor(t testing.TB, ctx context.Context, js string, timeout time.Duration) {
	t.Helper()
	expr := "!!(" + js + ")"
	deadline := time.Now().Add(timeout)
	var lastErr error
	for {
		evalCtx, cancel := context.WithTimeout(ctx, max(time.Until(deadline), 50*time.Millisecond)+time.Second)
		ok, err := chromedp.Run(evalCtx, chromedp.Evaluate[bool](expr))
		cancel()
		if err == nil && ok {
			return
		}
		if err != nil {
			lastErr = err
			if ctx.Err() != nil {
				t.Fatalf("wait for %s: %v", js, err)
			}
		}
		if time.Now().After(deadline) {
			state := pageState(ctx)
			if lastErr != nil {
				t.Fatalf("timed out after %v waiting for %s (last error: %v); %s", timeout, js, lastErr, state)
			}
			t.Fatalf("timed out after %v waiting for %s; %s", timeout, js, state)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// TestHarnessServesApp is the harness's smoke test: the server starts, the
// wasm client renders its page in Chromium, and the client is sent
// Brotli-compressed to a client that accepts it.
func TestHarnessServesApp(t *testing.T) {
	srv := startServer(t, t.TempDir(), "")
	ctx := newBrowser(t, "")
	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/")); err != nil {
		t.Fatalf("open %s/: %v", srv.URL, err)
	}
	// go-app's page has only a loading screen until the wasm runs and
	// renders the route's component, which is a <main> on every page.
	waitFor(t, ctx, `document.querySelector("main") !== null && !document.getElementById("app-wasm-loader")`, 30*time.Second)

	// The page's own request for the wasm comes back Brotli-compressed.
	if enc := evalAsync[string](t, ctx, `fetch("/web/app.wasm", {cache: "no-store"}).then(r => String(r.headers.get("content-encoding")))`); enc != "br" {
		t.Errorf("the page's fetch of /web/app.wasm: Content-Encoding %q, want br", enc)
	}

	req, err := http.NewRequest("GET", srv.URL+"/web/app.wasm", nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Accept-Encoding", "br")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET /web/app.wasm: %s", resp.Status)
	}
	if got := resp.Header.Get("Content-Encoding"); got != "br" {
		t.Errorf("GET /web/app.wasm with Accept-Encoding br: Content-Encoding %q, want br", got)
	}
	br, err := os.Stat(filepath.Join(moduleRoot, "static", "web", "app.wasm.br"))
	if err != nil {
		t.Fatal(err)
	}
	if resp.ContentLength >= 0 && resp.ContentLength != br.Size() {
		t.Errorf("GET /web/app.wasm with Accept-Encoding br: Content-Length %d, want %d (app.wasm.br)", resp.ContentLength, br.Size())
	}
}
