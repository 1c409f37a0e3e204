// Package static embeds Gloss's web assets and sample articles, so that the
// server is one binary.
package static

import (
	"embed"
	"io/fs"
)

//go:embed web articles
var files embed.FS

// Web holds the client's assets: app.wasm (with its .br and .gz variants,
// made by make build), app.css and the icons. Its root is the /web/ URL
// path.
var Web = mustSub("web")

// Articles holds the sample articles, plain text, loaded into an empty
// store on the server's first start.
var Articles = mustSub("articles")

func mustSub(dir string) fs.FS {
	sub, err := fs.Sub(files, dir)
	if err != nil {
		panic(err)
	}
	return sub
}
