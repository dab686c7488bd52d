#!/bin/sh
# The container's entry point: runs the suite binary of $VENDOR with the
# arguments given, so its exit code is the container's.
set -eu
bin_dir=${EDCONFORM_BIN_DIR:-$(dirname "$0")}
vendor=${VENDOR:-edfi}
binary="$bin_dir/edconform-$vendor.test"
if [ ! -x "$binary" ]; then
	known=$(cd "$bin_dir" && ls edconform-*.test 2>/dev/null | sed 's/^edconform-//; s/\.test$//' | tr '\n' ' ')
	echo "edconform: VENDOR=$vendor has no suite here; known: $known" >&2
	exit 2
fi
exec "$binary" "$@"
