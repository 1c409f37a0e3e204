module github.com/gloss-annotate/gloss

go 1.26.8

require (
	github.com/google/uuid v1.6.0
	golang.org/x/text v0.44.0
)

require github.com/maxence-charriere/go-app/v10 v10.1.11
