package app

import (
	"time"

	"github.com/gloss-annotate/gloss/annotations/api"
)

// tokenRows are the cells of the token list: name, created, last used.
func tokenRows(tokens []api.Token) [][]string {
	rows := make([][]string, len(tokens))
	for i, t := range tokens {
		used := "never"
		if t.LastUsed != nil {
			used = shortTime(*t.LastUsed)
		}
		rows[i] = []string{t.Name, shortTime(t.Created), used}
	}
	return rows
}

// userRows are the cells of the user list: login, name, admin, whether a
// password is set.
func userRows(users []api.User) [][]string {
	rows := make([][]string, len(users))
	for i, u := range users {
		admin, password := "", "set"
		if u.Admin {
			admin = "admin"
		}
		if !u.HasPassword {
			password = "not set"
		}
		rows[i] = []string{u.Login, u.DisplayName, admin, password}
	}
	return rows
}

// shortTime is t as the account page shows it, in the device's time zone.
func shortTime(t time.Time) string {
	return t.Local().Format("2 Jan 2006 15:04")
}
