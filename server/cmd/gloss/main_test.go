package main

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"regexp"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"
)

// syncBuffer is a bytes.Buffer safe for the server's goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

var web = fstest.MapFS{
	"app.wasm": {Data: []byte("\x00asm")},
	"app.css":  {Data: []byte("body {}")},
}

var samples = fstest.MapFS{
	"one.txt": {Data: []byte("Published on\n\nA Sample Headline Here\n\nSample text.")},
}

func TestRunUsage(t *testing.T) {
	tests := []struct {
		name       string
		args       []string
		web        fstest.MapFS
		wantCode   int
		wantStderr string
	}{
		{"no command", nil, web, 2, "Usage: gloss <command>"},
		{"unknown command", []string{"launch"}, web, 2, `unknown command "launch"`},
		{"unknown flag", []string{"serve", "--port", "80"}, web, 2, "flag provided but not defined: -port"},
		{"extra argument", []string{"serve", "now"}, web, 2, `unexpected arguments ["now"]`},
		{"bad max-body", []string{"serve", "--max-body", "0"}, web, 2, "--max-body must be a number of bytes above 0"},
		{"no app.wasm", []string{"serve", "--data", t.TempDir()}, fstest.MapFS{"app.css": {}}, 1, "app.wasm is missing: run make build"},
		{"help", []string{"serve", "-h"}, web, 0, "-max-body"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr syncBuffer
			code := run(context.Background(), tt.args, &stdout, &stderr, tt.web, samples)
			if code != tt.wantCode {
				t.Errorf("exit status %d, want %d", code, tt.wantCode)
			}
			if !strings.Contains(stderr.String(), tt.wantStderr) {
				t.Errorf("stderr %q lacks %q", stderr.String(), tt.wantStderr)
			}
		})
	}
}

var urlInLog = regexp.MustCompile(`url=(http://127\.0\.0\.1:\d+)`)

// startServe runs `gloss serve` on a free port and returns its URL and a
// function that stops it (as SIGTERM would) and returns its exit status.
func startServe(t *testing.T, data string) (string, func() int) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	var stderr syncBuffer
	done := make(chan int, 1)
	go func() {
		done <- run(ctx, []string{"serve", "--addr", "127.0.0.1:0", "--data", data}, &stderr, &stderr, web, samples)
	}()
	stop := func() int {
		cancel()
		select {
		case code := <-done:
			return code
		case <-time.After(10 * time.Second):
			t.Fatalf("serve did not stop within 10s:\n%s", stderr.String())
		}
		return -1
	}
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		if m := urlInLog.FindStringSubmatch(stderr.String()); m != nil {
			return m[1], stop
		}
		select {
		case code := <-done:
			t.Fatalf("serve exited with %d:\n%s", code, stderr.String())
		default:
		}
	}
	stop()
	t.Fatalf("serve logged no URL:\n%s", stderr.String())
	return "", nil
}

func listTitles(t *testing.T, url string) []string {
	t.Helper()
	resp, err := http.Get(url + "/api/v1/articles")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var list struct {
		Articles []struct {
			Title  string `json:"title"`
			Source string `json:"source"`
		} `json:"articles"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&list); err != nil {
		t.Fatal(err)
	}
	var titles []string
	for _, a := range list.Articles {
		titles = append(titles, a.Title+" ("+a.Source+")")
	}
	return titles
}

// TestServe starts the server twice on one data folder: the samples are
// loaded into the empty store once, and it stops cleanly.
func TestServe(t *testing.T) {
	data := t.TempDir() + "/data"
	url, stop := startServe(t, data)
	want := "A Sample Headline Here (sample)"
	if got := listTitles(t, url); len(got) != 1 || got[0] != want {
		t.Errorf("articles after the first start %q, want [%q]", got, want)
	}
	resp, err := http.Post(url+"/api/v1/articles", "application/json", strings.NewReader(`{"text":"Another article."}`))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 201 {
		t.Errorf("post: %s", resp.Status)
	}
	if code := stop(); code != 0 {
		t.Errorf("exit status %d after the stop, want 0", code)
	}

	url, stop = startServe(t, data)
	defer stop()
	if got := listTitles(t, url); len(got) != 2 {
		t.Errorf("articles after a restart %q, want the sample and the posted one", got)
	}
}
