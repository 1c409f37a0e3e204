package main

import (
	"context"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/gloss-annotate/gloss/server"
	"github.com/gloss-annotate/gloss/server/internal/secret"
	"github.com/gloss-annotate/gloss/server/sqlite"
	"github.com/google/uuid"
)

// glossIn runs the command line with stdin and returns its exit status,
// standard output and standard error.
func glossIn(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var stdout, stderr syncBuffer
	code := run(context.Background(), args, strings.NewReader(stdin), &stdout, &stderr, web, samples)
	return code, stdout.String(), stderr.String()
}

// adminToken makes an admin account in the data folder (which gloss serve
// may be serving) and returns an API token of it, to send as
// "Authorization: Bearer TOKEN".
func adminToken(t *testing.T, data string) string {
	t.Helper()
	s, err := sqlite.Open(data)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	return adminTokenIn(t, s)
}

// adminTokenIn is adminToken in the store s.
func adminTokenIn(t *testing.T, s server.Store) string {
	t.Helper()
	ctx := context.Background()
	u := server.User{ID: uuid.NewString(), Login: "tester", Annotator: "tester", Admin: true, Created: time.Now()}
	if existing, err := s.UserByLogin(ctx, u.Login); err == nil {
		u = existing
	} else if err := s.CreateUser(ctx, u); err != nil {
		t.Fatal(err)
	}
	token, hash, err := secret.NewToken()
	if err != nil {
		t.Fatal(err)
	}
	if err := s.CreateToken(ctx, server.APIToken{ID: uuid.NewString(), UserID: u.ID, Name: "tests", Created: time.Now()}, hash); err != nil {
		t.Fatal(err)
	}
	return token
}

// authGet GETs url with the API token.
func authGet(t *testing.T, url, token string) *http.Response {
	t.Helper()
	req, err := http.NewRequest("GET", url, nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	return resp
}

// storedUser opens the data folder and returns the user login's stored
// password hash and admin flag.
func storedUser(t *testing.T, data, login string) (hash string, admin bool) {
	t.Helper()
	s, err := sqlite.Open(data)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	u, err := s.UserByLogin(context.Background(), login)
	if err != nil {
		t.Fatalf("user %q: %v", login, err)
	}
	return u.PasswordHash, u.Admin
}

func TestUserCommands(t *testing.T) {
	data := filepath.Join(t.TempDir(), "data")
	const pw = "a long enough password"
	if code, out, errOut := glossIn(t, pw+"\n", "user", "add", "--data", data, "--admin", "--display", "Ana  María", "Ana"); code != 0 || !strings.Contains(out, "added admin ana") || strings.Contains(out, pw) {
		t.Fatalf("user add: %d %q %q", code, out, errOut)
	}
	hash, admin := storedUser(t, data, "ana")
	if ok, err := secret.CheckPassword(hash, pw); !ok || err != nil || !admin {
		t.Errorf("ana's stored password checks %v (%v), admin %v; want the password given, admin", ok, err, admin)
	}

	// From a stdin that has nothing to read and is a device, as
	// `< /dev/null` or a terminal: a password is generated and printed once.
	devNull, err := os.Open(os.DevNull)
	if err != nil {
		t.Fatal(err)
	}
	defer devNull.Close()
	var stdout, stderr syncBuffer
	if code := run(context.Background(), []string{"user", "add", "--data", data, "bob"}, devNull, &stdout, &stderr, web, samples); code != 0 {
		t.Fatalf("user add bob: %d %s", code, stderr.String())
	}
	m := regexp.MustCompile(`password: (\S+)`).FindStringSubmatch(stdout.String())
	if m == nil {
		t.Fatalf("user add without a password printed none: %q", stdout.String())
	}
	hash, admin = storedUser(t, data, "bob")
	if ok, _ := secret.CheckPassword(hash, m[1]); !ok || admin {
		t.Errorf("bob's generated password %q does not check (or bob is an admin)", m[1])
	}

	// passwd gives a new password, and revokes bob's API tokens: an
	// operator resets a password that was forgotten or leaked.
	tokens := func() int {
		s, err := sqlite.Open(data)
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		u, err := s.UserByLogin(context.Background(), "bob")
		var list []server.APIToken
		if err == nil {
			list, err = s.Tokens(context.Background(), u.ID)
		}
		if err != nil {
			t.Fatal(err)
		}
		return len(list)
	}
	func() {
		s, err := sqlite.Open(data)
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		u, err := s.UserByLogin(context.Background(), "bob")
		if err == nil {
			err = s.CreateToken(context.Background(), server.APIToken{ID: "00000000-0000-4000-8000-000000000001", UserID: u.ID, Name: "script", Created: time.Now()}, secret.HashToken("bob's script"))
		}
		for range 7 { // past the free failures: bob would have to wait
			if err == nil {
				err = s.AddSignInFailure(context.Background(), "bob", "192.0.2.1", time.Now(), 24*time.Hour, 15*time.Minute)
			}
		}
		if err != nil {
			t.Fatal(err)
		}
	}()
	failures := func() int {
		s, err := sqlite.Open(data)
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		lf, _, err := s.SignInFailures(context.Background(), "bob", "192.0.2.1")
		if err != nil {
			t.Fatal(err)
		}
		return lf.Count
	}
	if n, f := tokens(), failures(); n != 1 || f != 7 {
		t.Fatalf("bob has %d tokens and %d failed sign-ins, want the 1 and 7 made", n, f)
	}
	if code, out, errOut := glossIn(t, "another good password\r\n", "user", "passwd", "--data", data, "BOB"); code != 0 || !strings.Contains(out, "sessions are ended, its API tokens (1) revoked and its failed sign-ins forgotten") {
		t.Fatalf("user passwd: %d %q %q", code, out, errOut)
	}
	if n, f := tokens(), failures(); n != 0 || f != 0 {
		t.Errorf("after passwd bob has %d tokens and %d failed sign-ins, want none", n, f)
	}
	hash, _ = storedUser(t, data, "bob")
	if ok, _ := secret.CheckPassword(hash, "another good password"); !ok {
		t.Error("bob's new password does not check")
	}

	code, out, _ := glossIn(t, "", "user", "list", "--data", data)
	if code != 0 || !regexp.MustCompile(`(?m)^ana\s+Ana María\s+ana\s+admin\s+set`).MatchString(out) || !regexp.MustCompile(`(?m)^bob\s+bob\s+set`).MatchString(out) {
		t.Errorf("user list: %d\n%s", code, out)
	}

	tests := []struct {
		name, stdin string
		args        []string
		code        int
		stderr      string
	}{
		{"no subcommand", "", []string{"user"}, 2, "give a subcommand"},
		{"unknown subcommand", "", []string{"user", "remove", "x"}, 2, `unknown subcommand "remove"`},
		{"no login", pw, []string{"user", "add", "--data", data}, 2, "give one login name"},
		{"two logins", pw, []string{"user", "add", "--data", data, "a", "b"}, 2, "give one login name"},
		{"taken login", pw, []string{"user", "add", "--data", data, "ANA"}, 1, `"ana" exists already`},
		{"empty login", pw, []string{"user", "add", "--data", data, "  "}, 2, "login: is empty"},
		{"no password", "", []string{"user", "add", "--data", data, "cy"}, 2, "no password on standard input"},
		{"short password", "short\n", []string{"user", "add", "--data", data, "cy"}, 2, "shorter than 10"},
		{"passwd of nobody", pw, []string{"user", "passwd", "--data", data, "zed"}, 1, `no user has the login "zed"`},
		{"list with arguments", "", []string{"user", "list", "--data", data, "x"}, 2, "unexpected arguments"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, errOut := glossIn(t, tt.stdin, tt.args...)
			if code != tt.code || !strings.Contains(errOut, tt.stderr) {
				t.Errorf("exit %d, stderr %q; want %d and %q", code, errOut, tt.code, tt.stderr)
			}
		})
	}
	// Nothing of the refused commands was stored.
	if _, out, _ := glossIn(t, "", "user", "list", "--data", data); strings.Count(out, "\n") != 3 {
		t.Errorf("after refused commands, user list:\n%s\nwant ana and bob only", out)
	}
}

var setupLink = regexp.MustCompile(`(http://127\.0\.0\.1:\d+)/setup#([A-Za-z0-9_-]{43})`)

// TestServePrintsTheSetupLink: an empty database's gloss serve prints a
// one-time link to create the first admin, a new one at each start; once
// an admin exists, none.
func TestServePrintsTheSetupLink(t *testing.T) {
	data := filepath.Join(t.TempDir(), "data")
	var links []string
	for range 2 {
		url, stop, log := startServeLog(t, data)
		m := setupLink.FindStringSubmatch(log())
		stop()
		if m == nil || m[1] != url {
			t.Fatalf("serve on an empty database printed no setup link for %s:\n%s", url, log())
		}
		links = append(links, m[2])
	}
	if links[0] == links[1] {
		t.Error("two starts printed the same setup token")
	}
	if code, _, errOut := glossIn(t, "a long enough password\n", "user", "add", "--data", data, "--admin", "root"); code != 0 {
		t.Fatal(errOut)
	}
	_, stop, log := startServeLog(t, data)
	defer stop()
	if strings.Contains(log(), "/setup#") {
		t.Errorf("serve printed a setup link although an admin exists:\n%s", log())
	}
}

func TestReachableAddr(t *testing.T) {
	for _, tt := range []struct{ listen, want string }{
		{"127.0.0.1:8080", "127.0.0.1:8080"},
		{"0.0.0.0:8080", "127.0.0.1:8080"},
		{"[::]:8081", "127.0.0.1:8081"},
		{"[::1]:8082", "[::1]:8082"},
	} {
		addr, err := net.ResolveTCPAddr("tcp", tt.listen)
		if err != nil {
			t.Fatal(err)
		}
		if got := reachableAddr(addr); got != tt.want {
			t.Errorf("reachableAddr(%s) = %s, want %s", tt.listen, got, tt.want)
		}
	}
}

func TestMemberCommands(t *testing.T) {
	data := filepath.Join(t.TempDir(), "data")
	for _, login := range []string{"ana", "bob"} {
		if code, _, errOut := glossIn(t, "a long enough password\n", "user", "add", "--data", data, login); code != 0 {
			t.Fatal(errOut)
		}
	}
	if code, out, errOut := glossIn(t, "", "member", "set", "--data", data, "ANA", "manager"); code != 0 || out != "ana is manager of Default\n" {
		t.Fatalf("member set: %d %q %q", code, out, errOut)
	}
	if code, out, errOut := glossIn(t, "", "member", "remove", "--data", data, "bob"); code != 0 || !strings.Contains(out, "bob is no longer a member of Default") {
		t.Fatalf("member remove: %d %q %q", code, out, errOut)
	}
	code, out, _ := glossIn(t, "", "member", "list", "--data", data)
	if code != 0 || !regexp.MustCompile(`(?m)^ana\s+manager$`).MatchString(out) || strings.Contains(out, "bob") {
		t.Errorf("member list: %d\n%s", code, out)
	}
	tests := []struct {
		name   string
		args   []string
		code   int
		stderr string
	}{
		{"no subcommand", []string{"member"}, 2, "give a subcommand"},
		{"unknown subcommand", []string{"member", "add", "x"}, 2, `unknown subcommand "add"`},
		{"bad role", []string{"member", "set", "--data", data, "ana", "owner"}, 2, `role "owner" is not a role`},
		{"missing role", []string{"member", "set", "--data", data, "ana"}, 2, "takes 2 arguments, not 1"},
		{"unknown project", []string{"member", "list", "--data", data, "--project", "nope"}, 1, `no project "nope"`},
		{"unknown login", []string{"member", "set", "--data", data, "zed", "curator"}, 1, `no user has the login "zed"`},
		{"remove twice", []string{"member", "remove", "--data", data, "bob"}, 1, "bob is not a member of Default"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, errOut := glossIn(t, "", tt.args...)
			if code != tt.code || !strings.Contains(errOut, tt.stderr) {
				t.Errorf("exit %d, stderr %q; want %d and %q", code, errOut, tt.code, tt.stderr)
			}
		})
	}
}

func TestProjectCommands(t *testing.T) {
	data := filepath.Join(t.TempDir(), "data")
	if code, _, errOut := glossIn(t, "a long enough password\n", "user", "add", "--data", data, "ana"); code != 0 {
		t.Fatal(errOut)
	}
	if code, out, errOut := glossIn(t, "", "project", "add", "--data", data, "--manager", "Ana", "Climate desk"); code != 0 || out != "created the project Climate desk (ID climate-desk), managed by ana\n" {
		t.Fatalf("project add: %d %q %q", code, out, errOut)
	}
	if code, out, errOut := glossIn(t, "", "member", "list", "--data", data, "--project", "climate-desk"); code != 0 || !regexp.MustCompile(`(?m)^ana\s+manager$`).MatchString(out) {
		t.Errorf("the new project's members: %d %q %q", code, out, errOut)
	}
	code, out, _ := glossIn(t, "", "project", "list", "--data", data)
	if code != 0 || !regexp.MustCompile(`(?m)^climate-desk\s+Climate desk\s+1$`).MatchString(out) || !regexp.MustCompile(`(?m)^default\s+Default\s+1$`).MatchString(out) {
		t.Errorf("project list: %d\n%s", code, out)
	}
	// An import lands in the project it names; an export reads one.
	file := filepath.Join(t.TempDir(), "paris.jsonl")
	if err := os.WriteFile(file, []byte(`{"text":"Paris in spring.","label":[[0,5,"LOC"]]}`+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, out, errOut := glossIn(t, "", "import", "--data", data, "--format", "doccano", "--annotator", "ana", "--project", "climate-desk", file); code != 0 {
		t.Fatalf("import into the project: %d %q %q", code, out, errOut)
	}
	// Its article is on the project's list: its progress and library
	// show it, as its export does its set.
	if code, out, errOut := glossIn(t, "", "project", "articles", "--data", data, "climate-desk"); code != 0 || !strings.Contains(out, "Paris in spring.") {
		t.Errorf("the project's articles after the import: %d %q %q, want the imported one", code, out, errOut)
	}
	for _, tt := range []struct {
		project string
		records int
	}{{"climate-desk", 1}, {"default", 0}} {
		code, out, errOut := glossIn(t, "", "export", "--data", data, "--project", tt.project, "--out", "-")
		if code != 0 || strings.Count(out, "\n") != tt.records || (tt.records > 0 && !strings.Contains(out, `"project":"climate-desk"`)) {
			t.Errorf("export of %s: %d %q %q; want %d records", tt.project, code, out, errOut, tt.records)
		}
	}
	// Its one manager leaves: the command says nobody manages it now.
	if code, out, errOut := glossIn(t, "", "member", "remove", "--data", data, "--project", "climate-desk", "ana"); code != 0 || !strings.Contains(out, "Climate desk has no manager now") {
		t.Errorf("member remove of the only manager: %d %q %q", code, out, errOut)
	}
	// An annotator leaves Default, which never had a manager: nothing to
	// say about managers.
	if code, out, errOut := glossIn(t, "", "member", "remove", "--data", data, "ana"); code != 0 || !strings.Contains(out, "ana is no longer a member of Default") || strings.Contains(out, "no manager") {
		t.Errorf("member remove of an annotator of Default: %d %q %q", code, out, errOut)
	}
	tests := []struct {
		name   string
		args   []string
		code   int
		stderr string
	}{
		{"no subcommand", []string{"project"}, 2, "give a subcommand"},
		{"unknown subcommand", []string{"project", "remove", "x"}, 2, `unknown subcommand "remove"`},
		{"no manager", []string{"project", "add", "--data", data, "Health"}, 2, "--manager is missing"},
		{"no name", []string{"project", "add", "--data", data, "--manager", "ana"}, 2, "takes 1 arguments, not 0"},
		{"bad ID", []string{"project", "add", "--data", data, "--manager", "ana", "--id", "Health!", "Health"}, 2, "not a project ID"},
		{"ID taken", []string{"project", "add", "--data", data, "--manager", "ana", "--id", "climate-desk", "Climate desk 2"}, 1, `another project has the ID "climate-desk"`},
		{"a flag after the name", []string{"project", "add", "--data", data, "Climate desk 3", "--id", "climate-desk-3"}, 2, "--id comes after an argument"},
		{"ID taken, flags first", []string{"project", "add", "--data", data, "--manager", "ana", "--id", "climate-desk", "Climate desk 2"}, 1, `another project has the ID "climate-desk"`},
		{"name taken", []string{"project", "add", "--data", data, "--manager", "ana", "--id", "climate-2", "CLIMATE DESK"}, 1, `another project is named "CLIMATE DESK"`},
		{"unknown manager", []string{"project", "add", "--data", data, "--manager", "zed", "Health"}, 1, `no user has the login "zed"`},
		{"import into no project", []string{"import", "--data", data, "--format", "doccano", "--annotator", "ana", "--project", "nope", file}, 1, `no project "nope"`},
		{"export of a bad project ID", []string{"export", "--data", data, "--project", "No!", "--out", "-"}, 2, "not a project ID"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, errOut := glossIn(t, "", tt.args...)
			if code != tt.code || !strings.Contains(errOut, tt.stderr) {
				t.Errorf("exit %d, stderr %q; want %d and %q", code, errOut, tt.code, tt.stderr)
			}
		})
	}
}

func TestProjectArticleCommands(t *testing.T) {
	data := filepath.Join(t.TempDir(), "data")
	if code, _, errOut := glossIn(t, "a long enough password\n", "user", "add", "--data", data, "ana"); code != 0 {
		t.Fatal(errOut)
	}
	if code, _, errOut := glossIn(t, "", "project", "add", "--data", data, "--manager", "ana", "--id", "climate", "Climate"); code != 0 {
		t.Fatal(errOut)
	}
	file := filepath.Join(t.TempDir(), "paris.jsonl")
	if err := os.WriteFile(file, []byte(`{"text":"Paris in spring.","label":[[0,5,"LOC"]]}`+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, _, errOut := glossIn(t, "", "import", "--data", data, "--format", "doccano", "--annotator", "ana", file); code != 0 {
		t.Fatal(errOut)
	}
	code, out, _ := glossIn(t, "", "project", "articles", "--data", data, "default")
	m := regexp.MustCompile(`(?m)^([0-9a-f]{32})\s+Paris in spring\.`).FindStringSubmatch(out)
	if code != 0 || m == nil {
		t.Fatalf("Default's articles: %d\n%s", code, out)
	}
	id := m[1]
	if code, out, errOut := glossIn(t, "", "project", "add-article", "--data", data, "climate", id); code != 0 || out != id+" is in Climate\n" {
		t.Fatalf("add-article: %d %q %q", code, out, errOut)
	}
	if code, out, _ := glossIn(t, "", "project", "articles", "--data", data, "climate"); code != 0 || !strings.Contains(out, id) {
		t.Errorf("climate's articles: %d\n%s", code, out)
	}
	if code, out, errOut := glossIn(t, "", "project", "remove-article", "--data", data, "climate", id); code != 0 || !strings.Contains(out, "no longer in Climate") {
		t.Errorf("remove-article: %d %q %q", code, out, errOut)
	}
	for _, tt := range []struct {
		name   string
		args   []string
		code   int
		stderr string
	}{
		{"no article", []string{"project", "add-article", "--data", data, "climate"}, 2, "one or more article IDs"},
		{"bad article", []string{"project", "add-article", "--data", data, "climate", "nope"}, 2, "not an article ID"},
		{"unknown article", []string{"project", "add-article", "--data", data, "climate", strings.Repeat("0", 32)}, 1, "no article"},
		{"unknown project", []string{"project", "articles", "--data", data, "nope"}, 1, `no project "nope"`},
		{"Default", []string{"project", "add-article", "--data", data, "default", id}, 1, "every article"},
		{"remove twice", []string{"project", "remove-article", "--data", data, "climate", id}, 1, "no article"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			code, _, errOut := glossIn(t, "", tt.args...)
			if code != tt.code || !strings.Contains(errOut, tt.stderr) {
				t.Errorf("exit %d, stderr %q; want %d and %q", code, errOut, tt.code, tt.stderr)
			}
		})
	}
}

// TestUserUnlock: gloss user unlock forgets a login's failed sign-ins, a
// client address's (an IPv6 address's /64 network, as the server counts
// them), or both; the others keep theirs.
func TestUserUnlock(t *testing.T) {
	data := filepath.Join(t.TempDir(), "data")
	if code, out, errOut := glossIn(t, "a long enough password\n", "user", "add", "--data", data, "bob"); code != 0 {
		t.Fatalf("user add: %d %q %q", code, out, errOut)
	}
	type counts struct{ bob, zed, office, v6, other int }
	failures := func() counts {
		t.Helper()
		s, err := sqlite.Open(data)
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		var c counts
		for _, q := range []struct {
			login, addr           string
			loginCount, addrCount *int
		}{
			{"bob", "192.0.2.1", &c.bob, &c.office},
			{"zed", "2001:db8::/64", &c.zed, &c.v6},
			{"", "192.0.2.9", nil, &c.other},
		} {
			lf, af, err := s.SignInFailures(context.Background(), q.login, q.addr)
			if err != nil {
				t.Fatal(err)
			}
			if q.loginCount != nil {
				*q.loginCount = lf.Count
			}
			*q.addrCount = af.Count
		}
		return c
	}
	func() {
		s, err := sqlite.Open(data)
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		for _, f := range []struct{ login, addr string }{{"bob", "192.0.2.1"}, {"zed", "192.0.2.1"}, {"zed", "2001:db8::/64"}, {"", "192.0.2.9"}} {
			if err := s.AddSignInFailure(context.Background(), f.login, f.addr, time.Now(), 24*time.Hour, 15*time.Minute); err != nil {
				t.Fatal(err)
			}
		}
	}()
	if got, want := failures(), (counts{bob: 1, zed: 2, office: 2, v6: 1, other: 1}); got != want {
		t.Fatalf("failures %+v, want %+v", got, want)
	}
	for _, tt := range []struct {
		args     []string
		code     int
		out, err string
		want     counts
	}{
		{[]string{"BOB"}, 0, "bob may sign in again at once", "", counts{zed: 2, office: 2, v6: 1, other: 1}},
		{[]string{"--address", "192.0.2.1"}, 0, "sign-ins from 192.0.2.1 may go on at once", "", counts{zed: 2, v6: 1, other: 1}},
		{[]string{"--address", "2001:db8::7", "zed"}, 1, "", `no user has the login "zed"`, counts{zed: 2, v6: 1, other: 1}},
		{[]string{"--address", "2001:db8::7"}, 0, "sign-ins from 2001:db8::/64 may go on at once", "", counts{zed: 2, other: 1}},
		{nil, 2, "", "give a login, an --address, or both", counts{zed: 2, other: 1}},
		{[]string{"--address", "office"}, 2, "", `"office" is no IP address`, counts{zed: 2, other: 1}},
	} {
		code, out, errOut := glossIn(t, "", append([]string{"user", "unlock", "--data", data}, tt.args...)...)
		if code != tt.code || !strings.Contains(out, tt.out) || !strings.Contains(errOut, tt.err) {
			t.Errorf("user unlock %q: %d %q %q; want %d, %q, %q", tt.args, code, out, errOut, tt.code, tt.out, tt.err)
		}
		if got := failures(); got != tt.want {
			t.Errorf("after user unlock %q: failures %+v, want %+v", tt.args, got, tt.want)
		}
	}
}

// TestUserDisable: disable stops an account signing in, ends its sessions
// and revokes its API tokens, and keeps its password for enable; passwd
// does not enable it; list says so; disabling twice, or enabling an
// account that is not disabled, is an error.
func TestUserDisable(t *testing.T) {
	data := filepath.Join(t.TempDir(), "data")
	const pw = "a long enough password"
	if code, _, errOut := glossIn(t, pw+"\n", "user", "add", "--data", data, "dee"); code != 0 {
		t.Fatalf("user add: %d %s", code, errOut)
	}
	func() {
		s, err := sqlite.Open(data)
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		u, err := s.UserByLogin(context.Background(), "dee")
		if err == nil {
			err = s.CreateToken(context.Background(), server.APIToken{ID: "00000000-0000-4000-8000-000000000001", UserID: u.ID, Name: "script", Created: time.Now()}, secret.HashToken("dee's script"))
		}
		if err != nil {
			t.Fatal(err)
		}
	}()
	steps := []struct {
		stdin    string
		args     []string
		code     int
		out      string // part of stdout, or of stderr when code is not 0
		disabled bool
		password string // the password that checks after the step
	}{
		{"", []string{"disable", "DEE"}, 0, "disabled dee: it can no longer sign in; its sessions are ended and its API tokens (1) revoked", true, pw},
		{"", []string{"disable", "dee"}, 1, "dee is disabled already (gloss user enable dee enables it)", true, pw},
		{"a new long password\n", []string{"passwd", "dee"}, 0, "(dee stays disabled: gloss user enable dee)", true, "a new long password"},
		{"", []string{"list"}, 0, "disabled (gloss user enable)", true, "a new long password"},
		{"", []string{"enable", "dee"}, 0, "enabled dee: it signs in with its password again", false, "a new long password"},
		{"", []string{"enable", "dee"}, 1, "dee is not disabled", false, "a new long password"},
		{"", []string{"disable", "nobody"}, 1, `no user has the login "nobody"`, false, "a new long password"},
	}
	for _, st := range steps {
		args := append([]string{"user", st.args[0], "--data", data}, st.args[1:]...)
		code, out, errOut := glossIn(t, st.stdin, args...)
		if code != 0 {
			out = errOut
		}
		if code != st.code || !strings.Contains(out, st.out) {
			t.Errorf("gloss user %s: %d %q, want %d and %q", strings.Join(st.args, " "), code, out, st.code, st.out)
		}
		hash, _ := storedUser(t, data, "dee")
		if disabled := strings.HasPrefix(hash, "!"); disabled != st.disabled {
			t.Errorf("after gloss user %s: disabled %v, want %v", strings.Join(st.args, " "), disabled, st.disabled)
		}
		if ok, _ := secret.CheckPassword(server.EnabledHash(hash), st.password); !ok {
			t.Errorf("after gloss user %s: the password kept is not %q", strings.Join(st.args, " "), st.password)
		}
	}
}
