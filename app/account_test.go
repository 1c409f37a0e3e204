package app

import (
	"errors"
	"testing"

	"github.com/gloss-annotate/gloss/annotations"
)

// TestSafeNext: the sign-in page returns only to a path of this site.
func TestSafeNext(t *testing.T) {
	tests := []struct{ next, want string }{
		{"", "/"},
		{"/", "/"},
		{"/articles/0123456789abcdef0123456789abcdef", "/articles/0123456789abcdef0123456789abcdef"},
		{"https://example.com/evil", "/"},
		{"//evil.example/", "/"},
		{"/\\evil.example/", "/"},
		{"javascript:alert(1)", "/"},
	}
	for _, tt := range tests {
		if got := safeNext(tt.next); got != tt.want {
			t.Errorf("safeNext(%q) = %q, want %q", tt.next, got, tt.want)
		}
	}
}

// TestSignInHref: the link to sign in returns where the user was.
func TestSignInHref(t *testing.T) {
	tests := []struct{ path, want string }{
		{"/", "/signin"},
		{"/signin", "/signin"},
		{"/articles/ab", "/signin?next=%2Farticles%2Fab"},
	}
	for _, tt := range tests {
		if got := signInHref(tt.path); got != tt.want {
			t.Errorf("signInHref(%q) = %q, want %q", tt.path, got, tt.want)
		}
	}
}

// TestSignInStatusText: a sync that waits for a sign-in says so, with the
// count of changes waiting.
func TestSignInStatusText(t *testing.T) {
	tests := []struct {
		pending int
		want    string
	}{
		{0, "Sign in to sync"},
		{3, "Sign in to sync · 3 pending"},
	}
	for _, tt := range tests {
		if got := (SyncStatus{State: syncSignIn, Pending: tt.pending}).Text(); got != tt.want {
			t.Errorf("Text with %d pending = %q, want %q", tt.pending, got, tt.want)
		}
	}
}

// TestFieldProblems: a rule's problem goes beside its field, named; any
// other error is the form's own.
func TestFieldProblems(t *testing.T) {
	p := fieldProblems{}
	p.setFrom("login", "Login", annotations.ValidateLogin(""))
	p.setFrom("password", "Password", annotations.ValidatePassword("short"))
	p.setFrom("display_name", "Display name", annotations.ValidateDisplayName("Ana"))
	p.setFrom("x", "X", errors.New("the server is down"))
	want := fieldProblems{
		"login":    "Login is empty: choose a login name",
		"password": "Password is shorter than 10 characters",
		"":         "the server is down",
	}
	if len(p) != len(want) {
		t.Errorf("problems = %q, want %q", p, want)
	}
	for k, v := range want {
		if p[k] != v {
			t.Errorf("problem of %q = %q, want %q", k, p[k], v)
		}
	}
}
