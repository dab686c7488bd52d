# edconform: `make conformance` runs every vendor suite, `make test` the project's own tests.
GO        ?= go
# Ginkgo's CLI is pinned by the `tool` directive in go.mod: `go tool` builds it, no install step.
GINKGO    := $(GO) tool ginkgo
VENDORS   := $(patsubst suites/%/,%,$(sort $(wildcard suites/*/)))
# Extra Ginkgo flags, e.g. GINKGO_FLAGS="-p --label-filter=authentication".
GINKGO_FLAGS ?=
# Which generated specs make conformance-generated runs, e.g. GENERATED_FILTER="generated && students".
GENERATED_FILTER ?= generated
# Extra suite flags after --, e.g. make conformance-edfi SUITE_FLAGS="--profile=profiles/acme.yaml".
SUITE_FLAGS ?=
# The version the binaries of `make dist` report; "dev" outside a git checkout.
VERSION   ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
# Where `make dist` writes edconform-<vendor>.test.
DIST      ?= dist

.PHONY: help dist bench catalogue conformance conformance-generated race test vet lint labels list rerun reference clean

help: ## list the targets
	@grep -E '^[a-z%-]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/'

conformance: ## run every vendor suite (embedded reference servers unless a profile names a target); reports in reports/<profile>/
	@status=0; for v in $(VENDORS); do \
		$(GINKGO) run --no-color $(GINKGO_FLAGS) ./suites/$$v -- $(SUITE_FLAGS) || status=1; \
	done; \
	echo "reports written under reports/"; exit $$status

conformance-generated: ## run the Ed-Fi specs generated from the target's metadata (every resource x rule); reports in reports/<profile>-generated/
	$(GINKGO) run --no-color --label-filter='$(GENERATED_FILTER)' $(GINKGO_FLAGS) ./suites/edfi -- --generated $(SUITE_FLAGS)

conformance-%: ## run one vendor suite, e.g. make conformance-edfi
	$(GINKGO) run --no-color $(GINKGO_FLAGS) ./suites/$* -- $(SUITE_FLAGS)

test: vet ## the project's own tests: harness, reference servers, every suite against its reference server and its deviations
	@rm -rf build/pinning
	$(GO) test -count=1 ./...
	@cat build/pinning/*.txt 2>/dev/null || true

dist: ## build dist/edconform-<vendor>.test (or DIST=folder), one static suite binary per vendor with the profiles embedded, runnable from any folder; VERSION=x.y.z stamps it
	@mkdir -p $(DIST)
	@for v in $(VENDORS); do \
		echo "$(DIST)/edconform-$$v.test ($(VERSION))"; \
		CGO_ENABLED=0 $(GO) test -c -trimpath -ldflags '-X github.com/edconform/edconform/version.Version=$(VERSION)' \
			-o $(DIST)/edconform-$$v.test ./suites/$$v || exit 1; \
	done

bench: ## print the speed and memory figures of the reference servers and the problem matcher, and the time of the generated Ed-Fi specs serially and at -p 4
	$(GO) test -run '^$$' -bench . -benchmem ./reference/... ./harness/... ./suites/edfi/generatedproof

race: ## the project's own tests under the race detector
	$(GO) test -race -count=1 ./...

vet:
	@unformatted=$$(gofmt -l $$(git ls-files --cached --others --exclude-standard '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$unformatted" ]; then echo "not gofmt-formatted:"; echo "$$unformatted"; exit 1; fi
	$(GO) vet ./...

lint: ## staticcheck (pinned in go.mod) and a check that go.mod and go.sum are tidy
	$(GO) mod tidy -diff
	$(GO) tool staticcheck ./...

catalogue: ## regenerate docs/catalogue/<vendor>.md from the specs
	EDCONFORM_UPDATE_CATALOGUE=1 $(GO) test -count=1 -run 'TestCatalogue' ./suites/...

rerun: ## rerun what failed or ended in a set-up error last time: make rerun PROFILE=<name> (its profiles/<name>.yaml, or PROFILE_FILE=...)
	@test -n "$(PROFILE)" || { echo "usage: make rerun PROFILE=<profile name> [PROFILE_FILE=path/to/profile.yaml]"; exit 2; }
	@test -f reports/$(PROFILE)/summary.json || { echo "no reports/$(PROFILE)/summary.json: run the profile once first"; exit 2; }
	@vendor=$$(sed -n 's/^ *"vendor": *"\([a-z]*\)".*/\1/p' reports/$(PROFILE)/summary.json | head -1); \
	profile=$(or $(PROFILE_FILE),profiles/$(PROFILE).yaml); \
	$(GINKGO) run --no-color $(GINKGO_FLAGS) ./suites/$$vendor -- --profile=$$profile --rerun $(SUITE_FLAGS)

list: ## print every spec's id, labels and documented case, without sending a request
	@mkdir -p bin; for v in $(VENDORS); do $(GO) test -c -o bin/edconform-$$v.test ./suites/$$v && bin/edconform-$$v.test --list | grep -v "^PASS$$" || exit 1; done

labels: ## list the labels of every suite
	@for v in $(VENDORS); do $(GINKGO) labels ./suites/$$v; done

reference: ## serve a reference server for exploring with curl: make reference VENDOR=edfi ADDR=127.0.0.1:8765
	$(GO) run ./reference/cmd/edconform-reference --vendor $(or $(VENDOR),edfi) --addr $(or $(ADDR),127.0.0.1:8765)

clean: ## remove the reports
	rm -rf reports/*/ reports/index.html
