// Package postgres is Gloss's PostgreSQL store (issue 16), for
// deployments that run several replicas of the server against one
// database. It is being built: today it keeps articles (PutArticle,
// Article, Articles, UpdateArticle, CountArticles), checked by the same
// contract tests as the SQLite store (server/storetest); the revisions,
// sets, projects and accounts, and the `--db postgres://…` flag that
// selects it, come next. Until then `gloss serve` runs on SQLite only.
//
// # Schema and migrations
//
// The schema is one versioned list of steps (migrations), applied on Open
// in one transaction that first takes a transaction-scoped advisory lock,
// so that replicas starting together apply each step once. Times are kept
// as text in the SQLite store's fixed-width UTC format (nanoseconds, so an
// article's creation time round-trips exactly and text order is time
// order); articles keep an insertion sequence that breaks ties of equal
// times as SQLite's rowid does.
//
// # Tests
//
// The tests start a throwaway cluster of their own (server/postgres/
// pgtest), a database per test; `make postgres` installs Debian's
// postgresql when its server programs are missing, and `make test` runs it.
package postgres
