package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/gloss-annotate/gloss/annotations"
	"github.com/gloss-annotate/gloss/server"
	"github.com/gloss-annotate/gloss/server/internal/secret"
)

const userUsage = `Usage: gloss user add [--data ./data|--db URL] [--admin] [--display NAME] LOGIN
       gloss user passwd [--data ./data|--db URL] LOGIN
       gloss user disable|enable [--data ./data|--db URL] LOGIN
       gloss user list [--data ./data|--db URL]
       gloss user unlock [--data ./data|--db URL] [--address IP] [LOGIN]

add creates an account, passwd gives one a new password (ending its
sessions, revoking its API tokens and forgetting its failed sign-ins, so
that it need not wait), disable stops an account signing in (ending its
sessions and revoking its API tokens; its sets stay, and its password is
kept for enable), list lists the accounts, unlock lifts the wait
that failed sign-ins put on a login and/or on a client address (the
server logs both when it makes one wait; a whole office behind one
address waits after 20 failures in 15 minutes). The password is read from standard
input (its first line) when that is not a terminal; otherwise one is
generated and printed once. It may run while gloss serve serves the same
data.

` + dbUsage

// user runs gloss user's subcommands.
func user(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, userUsage)
		return usageError{errors.New("give a subcommand: add, passwd, disable, enable, list or unlock")}
	}
	switch args[0] {
	case "add", "passwd", "disable", "enable", "list", "unlock":
	case "-h", "--help", "help":
		fmt.Fprint(stdout, userUsage)
		return flag.ErrHelp
	default:
		return usageError{fmt.Errorf("unknown subcommand %q (add, passwd, disable, enable, list or unlock)", args[0])}
	}
	flags := newFlags("user "+args[0], userUsage, stderr)
	db := addDBFlags(flags, args[0] == "add") // the first admin may make the database
	admin := flags.Bool("admin", false, "add: the account is a server admin")
	display := flags.String("display", "", "add: the account's display name")
	address := flags.String("address", "", "unlock: the client's IP address whose failed sign-ins to forget")
	if err := parseFlags(flags, args[1:]); err != nil {
		return err
	}
	if args[0] == "unlock" {
		return unlock(ctx, db, *address, flags.Args(), stdout)
	}
	var login string
	switch {
	case args[0] == "list" && flags.NArg() > 0:
		return usageError{fmt.Errorf("unexpected arguments %q", flags.Args())}
	case args[0] != "list" && flags.NArg() != 1:
		return usageError{fmt.Errorf("give one login name (got %d arguments)", flags.NArg())}
	case args[0] != "list":
		login = annotations.NormalizeLogin(flags.Arg(0))
		if err := annotations.ValidateLogin(login); err != nil {
			return usageError{err}
		}
	}
	displayName := annotations.NormalizeLine(*display)
	if err := annotations.ValidateDisplayName(displayName); err != nil {
		return usageError{err}
	}
	store, err := db.open(ctx)
	if err != nil {
		return err
	}
	defer store.Close()
	switch args[0] {
	case "list":
		return listUsers(ctx, store, stdout)
	case "add":
		if _, err := store.UserByLogin(ctx, login); err == nil {
			return fmt.Errorf("a user with the login %q exists already (gloss user passwd %s gives it a new password)", login, login)
		}
		password, generated, err := readPassword(stdin)
		if err != nil {
			return err
		}
		u, err := server.NewAccount(login, displayName, password, *admin, time.Now())
		if err != nil {
			return usageError{err}
		}
		if err := store.CreateUser(ctx, u); err != nil {
			if errors.Is(err, server.ErrExists) {
				return fmt.Errorf("a user with the login or annotator name %q exists already", login)
			}
			return err
		}
		role := "user"
		if *admin {
			role = "admin"
		}
		fmt.Fprintf(stdout, "added %s %s\n", role, login)
		if generated {
			fmt.Fprintf(stdout, "password: %s\n(shown once: hand it to %s, who can change it in the app)\n", password, login)
		}
		return nil
	}
	u, err := store.UserByLogin(ctx, login)
	if errors.Is(err, server.ErrNotFound) {
		return fmt.Errorf("no user has the login %q (gloss user list lists them)", login)
	} else if err != nil {
		return err
	}
	switch args[0] {
	case "disable":
		if u.Disabled() {
			return fmt.Errorf("%s is disabled already (gloss user enable %s enables it)", login, login)
		}
		// What signed in ends, and scripts' tokens are revoked; the
		// password is kept, marked, for enable.
		_, n, err := server.SetDisabled(ctx, store, u, true)
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "disabled %s: it can no longer sign in; its sessions are ended and its API tokens (%d) revoked; its annotations stay\n", login, n)
		return nil
	case "enable":
		if !u.Disabled() {
			return fmt.Errorf("%s is not disabled", login)
		}
		if _, _, err := server.SetDisabled(ctx, store, u, false); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "enabled %s: it signs in with its password again\n", login)
		return nil
	}
	// passwd
	password, generated, err := readPassword(stdin)
	if err != nil {
		return err
	}
	hash, err := secret.HashPassword(password)
	if err != nil {
		return err
	}
	still := ""
	if u.Disabled() { // a new password does not enable the account
		hash, still = server.DisabledHash(hash), fmt.Sprintf(" (%s stays disabled: gloss user enable %s)", login, login)
	}
	if err := store.SetPassword(ctx, u.ID, hash); err != nil {
		return err
	}
	// An operator resets a password that was forgotten or leaked: what
	// signed in with the old one, scripts' tokens too, ends.
	n, err := server.RevokeTokens(ctx, store, u.ID)
	if err != nil {
		return err
	}
	// The one who forgot it may have run into the sign-in limit: the new
	// password can be tried at once.
	if err := store.ClearSignInFailures(ctx, u.Login); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "new password set for %s; its sessions are ended, its API tokens (%d) revoked and its failed sign-ins forgotten%s\n", login, n, still)
	if generated {
		fmt.Fprintf(stdout, "password: %s\n(shown once)\n", password)
	}
	return nil
}

// unlock forgets the failed sign-ins of a login and/or of a client
// address, so that either may sign in at once.
func unlock(ctx context.Context, db *dbFlags, address string, logins []string, stdout io.Writer) error {
	if len(logins) > 1 || (len(logins) == 0 && address == "") {
		return usageError{errors.New("give a login, an --address, or both")}
	}
	var addr, login string
	if address != "" {
		var err error
		if addr, err = server.SignInAddress(address); err != nil {
			return usageError{err}
		}
	}
	if len(logins) == 1 {
		login = annotations.NormalizeLogin(logins[0])
	}
	store, err := db.open(ctx)
	if err != nil {
		return err
	}
	defer store.Close()
	if login != "" {
		if _, err := store.UserByLogin(ctx, login); errors.Is(err, server.ErrNotFound) {
			return fmt.Errorf("no user has the login %q (gloss user list lists them)", login)
		} else if err != nil {
			return err
		}
		if err := store.ClearSignInFailures(ctx, login); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "%s may sign in again at once\n", login)
	}
	if addr != "" {
		if err := store.ClearAddressFailures(ctx, addr); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "sign-ins from %s may go on at once\n", addr)
	}
	return nil
}

// readPassword reads a password from stdin's first line, or generates one
// when stdin is a terminal (a password typed there would show).
func readPassword(stdin io.Reader) (password string, generated bool, err error) {
	if f, ok := stdin.(*os.File); ok {
		if info, err := f.Stat(); err == nil && info.Mode()&os.ModeCharDevice != 0 {
			p, err := secret.NewPassword()
			return p, true, err
		}
	}
	line, err := bufio.NewReader(io.LimitReader(stdin, annotations.MaxPasswordBytes+2)).ReadString('\n')
	if err != nil && err != io.EOF {
		return "", false, fmt.Errorf("read the password from standard input: %w", err)
	}
	password = strings.TrimSuffix(strings.TrimSuffix(line, "\n"), "\r")
	if password == "" {
		return "", false, usageError{errors.New("no password on standard input: give one on its first line, or run from a terminal to have one generated")}
	}
	if err := annotations.ValidatePassword(password); err != nil {
		return "", false, usageError{err}
	}
	return password, false, nil
}

// listUsers writes the accounts as a table.
func listUsers(ctx context.Context, store server.Accounts, stdout io.Writer) error {
	users, err := store.Users(ctx)
	if err != nil {
		return err
	}
	w := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(w, "LOGIN\tNAME\tANNOTATOR\tADMIN\tPASSWORD\tCREATED")
	for _, u := range users {
		admin, password := "", "set"
		if u.Admin {
			admin = "admin"
		}
		switch {
		case u.Disabled():
			password = "disabled (gloss user enable)"
		case u.PasswordHash == "":
			password = "none (gloss user passwd)"
		}
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\t%s\n", u.Login, u.DisplayName, u.Annotator, admin, password, u.Created.Format("2006-01-02"))
	}
	return w.Flush()
}
