package server

// APIRoutes lists the API's route table (apiRoutes) as "METHOD pattern",
// for the authorization matrix test (authz_test.go), which fails when a
// route has no row.
func APIRoutes() []string {
	var out []string
	for _, rt := range (&Server{}).apiRoutes() {
		out = append(out, rt.method+" "+rt.pattern)
	}
	return out
}
