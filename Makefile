# Gloss: build, run, test and benchmark. GNU make; a fresh machine needs
# only Go (and root or sudo, for `make chromium`, which the tests need).
#
#   make build     the wasm client (+ .br/.gz) and bin/gloss
#   make run       build, then serve on 127.0.0.1:8080 with ./data
#   make test      go vet and every test, the browser tests in Chromium
#   make bench     the Go benchmarks, then Gloss vs go-app hello world
#   make soak      the sync simulation over 10,000 seeds (make test runs 200)
#   make chromium  install Debian's chromium when it is missing
#   make postgres  install Debian's postgresql when it is missing
#   make axe       install axe-core (pinned, from npm) for the browser tests
#   make lighthouse  install Lighthouse (pinned, from npm) for make bench
#   make clean     remove what build made

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := build

GO      ?= go
WEB     := static/web
WASM    := $(WEB)/app.wasm
EXPORT  := $(WEB)/export.wasm
LEARN   := $(WEB)/learn.wasm
BIN     := bin/gloss
ADDR    ?= 127.0.0.1:8080
DATA    ?= ./data

# The version is a hash of the names and contents of the web assets (the
# wasm, the CSS, the icons: everything in static/web but the compressed
# variants), computed after the wasm is built. Same assets, same version, on
# every machine: clients see a new release only when the assets change.
VERSION_CMD := cd $(WEB) && find . -type f ! -name '*.br' ! -name '*.gz' ! -name '.*' \
	| LC_ALL=C sort | xargs -d '\n' sha256sum | sha256sum | cut -c1-16

.PHONY: build run test bench soak chromium postgres axe lighthouse clean FORCE

build: $(WASM).br $(WASM).gz $(EXPORT).br $(EXPORT).gz $(LEARN).br $(LEARN).gz FORCE
	@v=$$($(VERSION_CMD)); echo "version $$v"; \
	$(GO) build -trimpath -ldflags "-X main.version=$$v" -o $(BIN) ./server/cmd/gloss

# The wasm modules carry no Go build ID (-buildid=): a hash of every
# source file, which the browser never reads, whose 60-odd bytes at a
# module's start swayed Brotli's choices for the whole file, by up to
# ±10 kB for app.wasm on a change of a comment (go doc ./app, "Size").
# Without it a module changes only when its code does.
#
# The wasm modules are linked every time (Go caches the compiled packages)
# but a file is only replaced when its bytes changed, so the slow Brotli step
# below runs only for a new module. app.wasm is the client; export.wasm holds
# the export encoders, which the client loads when a user downloads. The app
# package (components, UI code) is compiled without inlining: 37 kB less
# Brotli, no measurable change in edit latency (go doc ./app, "Size"). So are
# the standard packages below, none on the editor's hot path (JSON, fmt,
# regexp, time, and crypto the browser never runs): 67 kB less Brotli.
# So are go-app, reflect, unicode/utf8 and the curation package: 43 kB
# less, edit latency the same within the noise (go doc ./app, "Size"). So are strings and the sync client (app/replica):
# 12.7 kB less. So is annotations since the suggestions (issue 15) came:
# 28 kB less. So are bytes, annotations/api, uuid and the AES, DES and RC4
# code net/http drags in: 9.9 kB less. runtime and syscall/js keep inlining.
NOINLINE_STD := encoding/json fmt internal/fmtsort log regexp regexp/syntax mime net/url \
	math/big time syscall html hash/crc32 crypto/sha3 crypto/internal/fips140/nistec \
	crypto/internal/fips140/ecdsa crypto/internal/fips140/ecdh crypto/internal/fips140/ed25519 \
	crypto/internal/fips140/bigmod crypto/internal/fips140/rsa crypto/internal/fips140/sha512 \
	github.com/maxence-charriere/go-app/v10/pkg/app reflect unicode/utf8 \
	crypto/internal/fips140/edwards25519 crypto/internal/fips140/edwards25519/field \
	crypto/internal/fips140/mlkem github.com/gloss-annotate/gloss/annotations/curation \
	strings github.com/gloss-annotate/gloss/app/replica github.com/gloss-annotate/gloss/annotations \
	bytes github.com/gloss-annotate/gloss/annotations/api github.com/google/uuid \
	crypto/internal/fips140/aes crypto/internal/fips140/aes/gcm crypto/des crypto/rc4
APP_GCFLAGS := -gcflags=github.com/gloss-annotate/gloss/app=-l $(foreach p,$(NOINLINE_STD),-gcflags=$(p)=-l)
$(WASM): FORCE
	@mkdir -p $(WEB)
	GOOS=js GOARCH=wasm $(GO) build -trimpath -ldflags="-s -w -buildid=" $(APP_GCFLAGS) -o $(WASM).new ./wasm
	@if cmp -s $(WASM).new $(WASM); then rm -f $(WASM).new; echo "$(WASM) unchanged"; \
	else mv -f $(WASM).new $(WASM); fi

$(EXPORT): FORCE
	@mkdir -p $(WEB)
	GOOS=js GOARCH=wasm $(GO) build -trimpath -ldflags="-s -w -buildid=" -o $(EXPORT).new ./wasm/export
	@if cmp -s $(EXPORT).new $(EXPORT); then rm -f $(EXPORT).new; echo "$(EXPORT) unchanged"; \
	else mv -f $(EXPORT).new $(EXPORT); fi

# learn.wasm is the learning worker's module (wasm/learn): the suggestions
# and the tagger's training, off the page's thread.
$(LEARN): FORCE
	@mkdir -p $(WEB)
	GOOS=js GOARCH=wasm $(GO) build -trimpath -ldflags="-s -w -buildid=" -o $(LEARN).new ./wasm/learn
	@if cmp -s $(LEARN).new $(LEARN); then rm -f $(LEARN).new; echo "$(LEARN) unchanged"; \
	else mv -f $(LEARN).new $(LEARN); fi

$(LEARN).br $(LEARN).gz &: $(LEARN)
	$(GO) run ./server/cmd/precompress $(LEARN)

$(WASM).br $(WASM).gz &: $(WASM)
	$(GO) run ./server/cmd/precompress $(WASM)

$(EXPORT).br $(EXPORT).gz &: $(EXPORT)
	$(GO) run ./server/cmd/precompress $(EXPORT)

run: build
	./$(BIN) serve --addr $(ADDR) --data $(DATA)

# apt_install installs Debian's package $(1) unless the shell test $(2)
# finds it, as root or with sudo.
define apt_install
	@if $(2); then \
		echo "$(1): found"; \
	else \
		if [ "$$(id -u)" = 0 ]; then sudo=""; \
		elif command -v sudo >/dev/null 2>&1; then sudo="sudo"; \
		else echo "$(1) is missing and installing it needs root or sudo: apt-get install -y $(1)" >&2; exit 1; fi; \
		$$sudo apt-get update; \
		$$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y $(1); \
	fi
endef

# Debian's chromium, for the browser tests (a test tool's own browser
# download cannot work offline).
chromium:
	$(call apt_install,chromium,[ -x /usr/bin/chromium ] || command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1)

# PostgreSQL's server programs, with which the PostgreSQL store's tests
# start a throwaway cluster of their own (server/postgres/pgtest): Debian's
# postgresql when initdb is on neither the PATH nor /usr/lib/postgresql.
postgres:
	$(call apt_install,postgresql,command -v initdb >/dev/null 2>&1 || ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1)

# axe-core, which the browser tests run in each page state they reach
# (server/e2e/axe_test.go): the version .ci/axe/package-lock.json pins,
# from the npm registry, into .ci/axe/node_modules; again only when the
# lockfile changes.
AXE := .ci/axe/node_modules/axe-core/axe.min.js
axe: $(AXE)
$(AXE): .ci/axe/package.json .ci/axe/package-lock.json
	@command -v npm >/dev/null 2>&1 || { echo "npm is missing: install Node.js and npm (apt-get install -y nodejs npm)" >&2; exit 1; }
	cd .ci/axe && npm ci --no-audit --no-fund
	@touch $(AXE)

# Lighthouse, which make bench runs on Gloss and the hello world
# (server/e2e's BenchmarkLighthouse): pinned by .ci/lighthouse's lockfile to
# 12.8.2, the last release that runs on Node.js 20.
LIGHTHOUSE := .ci/lighthouse/node_modules/.bin/lighthouse
lighthouse: $(LIGHTHOUSE)
$(LIGHTHOUSE): .ci/lighthouse/package.json .ci/lighthouse/package-lock.json
	@command -v npm >/dev/null 2>&1 || { echo "npm is missing: install Node.js and npm (apt-get install -y nodejs npm)" >&2; exit 1; }
	cd .ci/lighthouse && npm ci --no-audit --no-fund
	@touch $(LIGHTHOUSE)

test: build chromium postgres axe
	$(GO) vet ./...
	GOOS=js GOARCH=wasm $(GO) vet ./app/... ./wasm/...
	$(GO) test -count=1 -timeout 20m ./...

# Go benchmarks of the packages, the sync load benchmarks (N devices running
# the real client against the real server, beside a raw SQLite insert; and
# against SQLite and 1, 2 and 4 replicas over one PostgreSQL), then
# the browser benchmark (wasm sizes, cold load to interactive and
# Lighthouse's mobile and desktop scores, Gloss against a go-app hello world
# built here).
bench: build chromium postgres lighthouse
	$(GO) test -run '^$$' -bench . -skip 'SyncLoad|PushIntoLargeSet|ReplicasLoad' -benchmem $$($(GO) list ./annotations/... ./server/... | grep -v '/server/e2e$$')
	$(GO) test -run '^$$' -bench 'SyncLoad|PushIntoLargeSet|ReplicasLoad' -benchtime 1x -timeout 60m ./server
	$(GO) test -run '^$$' -bench . -benchtime 1x -timeout 30m ./server/e2e

# The randomized sync simulation (app/replica) over 10,000 seeds; it prints how many passed.
soak:
	$(GO) test -count=1 -timeout 90m -run '^TestSimulation$$' -v ./app/replica -seeds=10000

clean:
	rm -f $(WASM) $(WASM).new $(WASM).br $(WASM).gz
	rm -f $(EXPORT) $(EXPORT).new $(EXPORT).br $(EXPORT).gz
	rm -f $(LEARN) $(LEARN).new $(LEARN).br $(LEARN).gz
	rm -rf bin

FORCE:
