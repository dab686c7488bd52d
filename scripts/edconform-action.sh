#!/usr/bin/env bash
# The steps of the edconform GitHub Action (action.yml), kept here so they
# can run, and be tested, outside GitHub:
#   edconform-action.sh build   builds the vendor's suite binary from the action's checkout
#   edconform-action.sh run     runs it in the workspace; exits with the suite's exit code
# Inputs come as INPUT_* variables; outputs go to $GITHUB_OUTPUT.
set -euo pipefail

action_path=${GITHUB_ACTION_PATH:?GITHUB_ACTION_PATH is not set}
output=${GITHUB_OUTPUT:-/dev/null}
vendor=${INPUT_VENDOR:-}

# Exit code 2: the suite could not judge (here: it could not even start).
cannot_judge() {
	echo "edconform: $*" >&2
	echo "exit-code=2" >>"$output"
	exit 2
}

if [[ -z $vendor || ! -d $action_path/suites/$vendor ]]; then
	cannot_judge "input vendor is \"$vendor\"; it must be one of: $(cd "$action_path/suites" && echo */ | tr -d /)"
fi

build() {
	local dist=${RUNNER_TEMP:-${TMPDIR:-/tmp}}/edconform-dist
	make -s -C "$action_path" dist VENDORS="$vendor" DIST="$dist" ${EDCONFORM_VERSION:+VERSION="$EDCONFORM_VERSION"} || cannot_judge "building the $vendor suite failed"
	echo "binary=$dist/edconform-$vendor.test" >>"$output"
}

run() {
	local binary=${EDCONFORM_BINARY:?EDCONFORM_BINARY is not set: the build step did not run}
	local reports=${INPUT_REPORTS_DIR:-edconform-reports}
	local args=(--reports-dir="$reports")
	[[ -n ${INPUT_PROFILE:-} ]] && args+=(--profile="$INPUT_PROFILE")
	[[ -n ${INPUT_WAIVERS:-} ]] && args+=(--waivers="$INPUT_WAIVERS")
	[[ -n ${INPUT_LABEL_FILTER:-} ]] && args+=(-ginkgo.label-filter="$INPUT_LABEL_FILTER")
	if [[ -n ${INPUT_SUITE_FLAGS:-} ]]; then
		local extra
		read -r -a extra <<<"$INPUT_SUITE_FLAGS"
		args+=("${extra[@]}")
	fi
	local log code
	log=$(mktemp)
	set +e
	"$binary" "${args[@]}" 2>&1 | tee "$log"
	code=${PIPESTATUS[0]}
	set -e
	{
		echo "exit-code=$code"
		echo "reports-dir=$(cd "$reports" 2>/dev/null && pwd || echo "$reports")"
	} >>"$output"
	if [[ -n ${GITHUB_STEP_SUMMARY:-} ]]; then
		grep '^edconform ' "$log" >>"$GITHUB_STEP_SUMMARY" || true
	fi
	rm -f "$log"
	exit "$code"
}

case ${1:-} in
build) build ;;
run) run ;;
*) cannot_judge "usage: $0 build|run" ;;
esac
