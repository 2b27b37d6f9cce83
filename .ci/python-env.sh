#!/usr/bin/env bash
# Creates (or reuses) a Python virtual environment for the tests, outside the clone, keyed by the
# hash of its requirements file (and extra pip arguments and the Python version), and prints the
# path of its interpreter on stdout (everything else goes to stderr).
#   .ci/python-env.sh NAME REQUIREMENTS_FILE [EXTRA_PIP_ARGS...]
# Cache root: $LLEM_CI_CACHE (default ~/.cache/llem-ci). An environment is reused only when it
# has the `.complete` marker written after pip succeeded; a half-built one is rebuilt.
set -euo pipefail
name=$1; req=$2; shift 2
root="${LLEM_CI_CACHE:-$HOME/.cache/llem-ci}/venvs"
hash=$( (cat "$req"; echo "$*"; python3 -c 'import sys; print(sys.version_info[:2])') | sha256sum | cut -c1-12)
dir="$root/$name-$hash"
if [ ! -f "$dir/.complete" ]; then
  rm -rf "$dir"
  mkdir -p "$root"
  echo "ci: building Python environment $name from $req in $dir (cached for later runs)" >&2
  python3 -m venv "$dir" >&2
  "$dir/bin/python" -m pip install --quiet --disable-pip-version-check -r "$req" "$@" >&2 \
    || { rm -rf "$dir"; echo "ci: pip install for $name failed" >&2; exit 1; }
  touch "$dir/.complete"
fi
echo "$dir/bin/python"
