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
# Where make dist links first: go skips a link whose output there is up to
# date, so building the same version again only copies.
DIST_LINKS := build/dist

.PHONY: help dist bench bench-latency catalogue suites conformance conformance-generated fuzz race test vet lint labels list rerun reference clean

help: ## list the targets
	@grep -E '^[a-z%-]+:.*## ' $(firstword $(MAKEFILE_LIST)) | sed 's/:.*## /\t/'

# Each suite is linked once into build/suites/<vendor>.test and relinked only
# when a file of a package it is built from changed (build/suites/<vendor>.d,
# written by `go list` at link time, lists them); `make conformance` then runs
# the binaries from the suite folders. GINKGO_FLAGS become -ginkgo.* flags of
# the binary; a parallel run (-p, --procs) goes through the Ginkgo CLI, which
# runs the same binary.
SUITE_BINS := build/suites
PARALLEL_FLAGS := $(filter -p --p -procs --procs -procs=% --procs=% -nodes=% --nodes=%,$(GINKGO_FLAGS))
BINARY_FLAGS := $(foreach w,$(GINKGO_FLAGS),$(if $(filter -%,$(w)),-ginkgo.$(patsubst -%,%,$(patsubst --%,%,$(w))),$(w)))
MODULE_FILES := {{with .Module}}{{if .Main}}{{$$d := $$.Dir}}{{$$d}}/. {{range $$.GoFiles}}{{$$d}}/{{.}} {{end}}{{range $$.EmbedFiles}}{{$$d}}/{{.}} {{end}}{{end}}{{end}}

-include $(wildcard $(SUITE_BINS)/*.d)

$(SUITE_BINS)/%.test: go.mod go.sum
	@mkdir -p $(@D)
	$(GO) test -c -o $@ ./suites/$*
	@files=$$($(GO) list -deps -test -f '$(MODULE_FILES)' ./suites/$* | tr ' ' '\n' | sed "s|^$(CURDIR)/||" | grep -v // | sort -u | grep .); \
		{ echo "$@:" $$files; for f in $$files; do echo "$$f:"; done; } > $(SUITE_BINS)/$*.d

# run_suite runs one vendor's linked suite with the make variables' flags.
# $(2) are further -ginkgo.* flags, $(3) further suite flags.
ifeq ($(PARALLEL_FLAGS),)
run_suite = (cd suites/$(1) && ../../$(SUITE_BINS)/$(1).test -ginkgo.no-color $(BINARY_FLAGS) $(2) $(SUITE_FLAGS) $(3))
else
run_suite = $(GINKGO) run --no-color $(GINKGO_FLAGS) $(subst -ginkgo.,--,$(2)) $(SUITE_BINS)/$(1).test -- $(SUITE_FLAGS) $(3)
endif

suites: $(VENDORS:%=$(SUITE_BINS)/%.test) ## link every vendor suite into build/suites/ (only those whose code changed)

conformance: suites ## run every vendor suite (embedded reference servers unless a profile names a target); reports in reports/<profile>/
	@status=0; for v in $(VENDORS); do \
		$(call run_suite,$$v) || status=1; \
	done; \
	echo "reports written under reports/"; exit $$status

conformance-generated: $(SUITE_BINS)/edfi.test ## run the Ed-Fi specs generated from the target's metadata (every resource x rule); reports in reports/<profile>-generated/
	$(call run_suite,edfi,-ginkgo.label-filter='$(GENERATED_FILTER)',--generated)

conformance-%: $(SUITE_BINS)/%.test ## run one vendor suite, e.g. make conformance-edfi
	$(call run_suite,$*)

test: vet ## the project's own tests: harness, reference servers, every suite against its reference server and its deviations
	@rm -rf build/pinning
	$(GO) test -count=1 ./...
	@cat build/pinning/*.txt 2>/dev/null || true

# One go command links every vendor's binary, in parallel, as $(DIST)/<vendor>.test;
# each is then renamed edconform-<vendor>.test. -w leaves out the DWARF tables: a
# dist binary is run, not stepped through in a debugger (stack traces and spec
# locations keep file:line), and without them it links in about two thirds of the
# time and is a quarter smaller.
dist: ## build dist/edconform-<vendor>.test (or DIST=folder), one static suite binary per vendor with the profiles embedded, runnable from any folder; VERSION=x.y.z stamps it
	@mkdir -p $(DIST) $(DIST_LINKS)
	@CGO_ENABLED=0 $(GO) test -c -trimpath -ldflags '-w -X github.com/edconform/edconform/version.Version=$(VERSION)' \
		-o $(DIST_LINKS)/ $(VENDORS:%=./suites/%)
	@for v in $(VENDORS); do \
		cp -f $(DIST_LINKS)/$$v.test $(DIST)/edconform-$$v.test && echo "$(DIST)/edconform-$$v.test ($(VERSION))" || exit 1; \
	done

bench: ## print the speed and memory figures of the reference servers (also with 30k/50k documents preloaded), the Ed-Fi suite run empty vs preloaded, the problem matcher, and the generated Ed-Fi specs serially and at -p 4
	$(GO) test -run '^$$' -bench . -benchmem ./reference/... ./harness/... ./suites/edfi/proof ./suites/edfi/generatedproof

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

rerun: ## rerun what failed or ended in a set-up error last time: make rerun PROFILE=<name> (its profiles/<name>.yaml, or PROFILE_FILE=...)
	@test -n "$(PROFILE)" || { echo "usage: make rerun PROFILE=<profile name> [PROFILE_FILE=path/to/profile.yaml]"; exit 2; }
	@test -f reports/$(PROFILE)/summary.json || { echo "no reports/$(PROFILE)/summary.json: run the profile once first"; exit 2; }
	@vendor=$$(sed -n 's/^ *"vendor": *"\([a-z]*\)".*/\1/p' reports/$(PROFILE)/summary.json | head -1); \
	profile=$(or $(PROFILE_FILE),profiles/$(PROFILE).yaml); \
	$(MAKE) --no-print-directory $(SUITE_BINS)/$$vendor.test && $(call run_suite,$$vendor,,--profile=$$profile --rerun)

list: suites ## print every spec's id, labels and documented case, without sending a request
	@for v in $(VENDORS); do $(SUITE_BINS)/$$v.test --list | grep -v "^PASS$$" || exit 1; done

labels: ## list the labels of every suite
	@for v in $(VENDORS); do $(GINKGO) labels ./suites/$$v; done

reference: ## serve a reference server for exploring with curl: make reference VENDOR=edfi ADDR=127.0.0.1:8765
	$(GO) run ./reference/cmd/edconform-reference --vendor $(or $(VENDOR),edfi) --addr $(or $(ADDR),127.0.0.1:8765)

clean: ## remove the reports
	rm -rf reports/*/ reports/index.html

bench-latency: suites ## each suite against its reference server behind a 50 ms proxy, serially and at -p 4: requests, floor, wall (DELAY=, PROCS=, RUNS=)
	$(GO) run ./bench/latency --suites $(SUITE_BINS) $(if $(DELAY),--delay $(DELAY)) $(if $(PROCS),--procs $(PROCS)) $(if $(RUNS),--runs $(RUNS))
