package server

import (
	"net"
	"net/http"
	"strings"

	"github.com/gloss-annotate/gloss/annotations/api"
)

// hostNames is the set of host names a server answers for besides IP
// addresses and localhost, lower case, without a trailing dot.
type hostNames map[string]bool

// newHostNames returns the names of hosts, each a host name, optionally
// with a port.
func newHostNames(hosts []string) hostNames {
	names := hostNames{}
	for _, h := range hosts {
		if name := hostName(h); name != "" {
			names[name] = true
		}
	}
	return names
}

// hostName returns the name in a Host header or an address (host, host:port,
// [v6]:port), lower case, without a trailing dot.
func hostName(host string) string {
	if h, _, err := net.SplitHostPort(host); err == nil {
		host = h
	}
	host = strings.TrimSuffix(strings.TrimSuffix(strings.TrimPrefix(host, "["), "]"), ".")
	return strings.ToLower(host)
}

// serves reports whether a request's Host names this server: an IP
// address (a page on another site cannot make a browser send one of the
// server's own, since that is not a name its DNS answers for), localhost,
// or one of the names the server was given (Options.Hosts).
func (n hostNames) serves(host string) bool {
	name := hostName(host)
	switch {
	case name == "":
		return false
	case name == "localhost", net.ParseIP(name) != nil:
		return true
	}
	return n[name]
}

// checkHost refuses, with 421 misdirected, a request whose Host header the
// server does not serve: a page on another site whose domain was made to
// resolve to this server's address (DNS rebinding) would otherwise reach
// it through the user's browser, as its own origin, past the cross-origin
// check. The health check (api.PathHealth) answers any host: it says only
// whether the database answers, and a load balancer may ask by a name of
// its own (a service's DNS name).
func (s *Server) checkHost(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !s.hosts.serves(r.Host) && !(r.URL.Path == api.PathHealth && (r.Method == http.MethodGet || r.Method == http.MethodHead)) {
			w.Header().Set("Cache-Control", "no-store")
			s.fail(w, r, api.Errorf(api.CodeMisdirected,
				"this server does not answer for the host %q: open it by its address, localhost, or a name given to gloss serve with --public-url", r.Host))
			return
		}
		next.ServeHTTP(w, r)
	})
}
