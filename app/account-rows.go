package app

import (
	"time"

	"github.com/gloss-annotate/gloss/annotations/api"
)

// tokenRows are the lines of the token list: name, created, last used.
func tokenRows(tokens []api.Token) []string {
	rows := make([]string, len(tokens))
	for i, t := range tokens {
		used := "never"
		if t.LastUsed != nil {
			used = shortTime(*t.LastUsed)
		}
		rows[i] = t.Name + " · created " + shortTime(t.Created) + " · last used " + used
	}
	return rows
}

// userRows are the lines of the user list: login, name, admin, whether a
// password is set, whether the account is disabled.
func userRows(users []api.User) []string {
	rows := make([]string, len(users))
	for i, u := range users {
		row := u.Login
		if u.DisplayName != "" {
			row += " (" + u.DisplayName + ")"
		}
		if u.Admin {
			row += " · admin"
		}
		if !u.HasPassword {
			row += " · no password set"
		}
		if u.Disabled {
			row += " · disabled"
		}
		rows[i] = row
	}
	return rows
}

// shortTime is t as the account page shows it, in the device's time zone.
func shortTime(t time.Time) string {
	return t.Local().Format("2 Jan 2006 15:04")
}

// memberRows are the lines of the member list: login, name, role, and
// whether the account is disabled.
func memberRows(members []api.Member) []string {
	rows := make([]string, len(members))
	for i, m := range members {
		row := m.User.Login
		if m.User.DisplayName != "" {
			row += " (" + m.User.DisplayName + ")"
		}
		rows[i] = row + " · " + string(m.Role)
		if m.User.Disabled {
			rows[i] += " · disabled"
		}
	}
	return rows
}
