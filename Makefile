# edconform: `make conformance` runs every vendor suite, `make test` the project's own tests.
GO        ?= go
# Ginkgo's CLI is pinned by the `tool` directive in go.mod: `go tool` builds it, no install step.
GINKGO    := $(GO) tool ginkgo
VENDORS   := $(patsubst suites/%/,%,$(sort $(wildcard suites/*/)))
# Extra Ginkgo flags, e.g. GINKGO_FLAGS="-p --label-filter=authentication".
GINKGO_FLAGS ?=
# Extra suite flags after --, e.g. make conformance-edfi SUITE_FLAGS="--profile=profiles/acme.yaml".
SUITE_FLAGS ?=

.PHONY: help bench catalogue conformance fuzz race test vet lint labels list reference clean

help: ## list the targets
	@grep -E '^[a-z%-]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/'

conformance: ## run every vendor suite (embedded reference servers unless a profile names a target); reports in reports/<profile>/
	@status=0; for v in $(VENDORS); do \
		$(GINKGO) run --no-color $(GINKGO_FLAGS) ./suites/$$v -- $(SUITE_FLAGS) || status=1; \
	done; \
	echo "reports written under reports/"; exit $$status

conformance-%: ## run one vendor suite, e.g. make conformance-edfi
	$(GINKGO) run --no-color $(GINKGO_FLAGS) ./suites/$* -- $(SUITE_FLAGS)

test: vet ## the project's own tests: harness, reference servers, every suite against its reference server and its deviations
	@rm -rf build/pinning
	$(GO) test -count=1 ./...
	@cat build/pinning/*.txt 2>/dev/null || true

bench: ## print the speed and memory figures of the reference servers and the problem matcher
	$(GO) test -run '^$$' -bench . -benchmem ./reference/... ./harness/...

# Each fuzz target as package:function; `make test` runs their seed corpora
# (f.Add and testdata/fuzz/), `make fuzz` fuzzes each for FUZZTIME.
FUZZTIME ?= 10s
FUZZ_TARGETS := \
	./harness/profile:FuzzLoad \
	./harness/transport:FuzzRedact \
	./harness/edfi:FuzzProblemMatcher \
	./harness/meadowlark:FuzzErrorMatcher \
	./harness/edlink:FuzzErrorMatcher \
	./harness/coursekey:FuzzErrorMatcher \
	./harness/edfi:FuzzProfile \
	./harness/meadowlark:FuzzProfile \
	./harness/edlink:FuzzProfile \
	./harness/coursekey:FuzzProfile \
	./reference/edfi:FuzzServer \
	./reference/meadowlark:FuzzServer \
	./reference/edlink:FuzzServer \
	./reference/coursekey:FuzzServer

fuzz: ## fuzz profile loading (with each vendor's settings check), redaction, each vendor matcher and reference server for FUZZTIME each (default 10s); a finding lands in <package>/testdata/fuzz/: commit it as a seed
	@for t in $(FUZZ_TARGETS); do \
		pkg=$${t%%:*}; fn=$${t##*:}; echo "fuzz $$pkg $$fn ($(FUZZTIME))"; \
		$(GO) test -run '^$$' -fuzz "^$$fn$$" -fuzztime $(FUZZTIME) $$pkg || exit 1; \
	done

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

list: ## print every spec's id, labels and documented case, without sending a request
	@mkdir -p bin; for v in $(VENDORS); do $(GO) test -c -o bin/edconform-$$v.test ./suites/$$v && bin/edconform-$$v.test --list | grep -v "^PASS$$" || exit 1; done

labels: ## list the labels of every suite
	@for v in $(VENDORS); do $(GINKGO) labels ./suites/$$v; done

reference: ## serve a reference server for exploring with curl: make reference VENDOR=edfi ADDR=127.0.0.1:8765
	$(GO) run ./reference/cmd/edconform-reference --vendor $(or $(VENDOR),edfi) --addr $(or $(ADDR),127.0.0.1:8765)

clean: ## remove the reports
	rm -rf reports/*/
