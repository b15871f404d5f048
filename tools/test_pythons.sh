#!/usr/bin/env bash
# Run `import discourse` and the fast test subset on every other CPython 3.10-3.13 installed
# here (PATH, pyenv, /usr/bin, /usr/local/bin). Each version gets its own venv, .venv-3.X;
# absent versions are skipped and reported.
# Usage: tools/test_pythons.sh [3.10 3.12 ...]   (default: 3.10 3.11 3.12 3.13 minus the
# version of .venv, which `make test` covers). Exit status: non-zero if any version failed.
# (Re)installs when pyproject.toml's checksum differs from the one the venv was built from.
set -uo pipefail
cd "$(dirname "$0")/.."

own=""
[ -x .venv/bin/python ] && own=$(.venv/bin/python -c 'import sys; print("%d.%d" % sys.version_info[:2])')
versions=("$@")
[ ${#versions[@]} -eq 0 ] && versions=(3.10 3.11 3.12 3.13)

find_python() {  # the first interpreter that really is CPython $1
  local v=$1 c
  for c in "$(command -v "python$v" 2>/dev/null)" \
           "$(pyenv root 2>/dev/null)"/versions/"$v".*/bin/"python$v" \
           /usr/local/bin/"python$v" /usr/bin/"python$v"; do
    [ -n "$c" ] && [ -x "$c" ] && "$c" -c 'import sys, venv' >/dev/null 2>&1 && { echo "$c"; return; }
  done
}

ran=() skipped=() failed=()
for v in "${versions[@]}"; do
  if [ "$v" = "$own" ] && [ $# -eq 0 ]; then skipped+=("$v (the main .venv: make test)"); continue; fi
  py=$(find_python "$v")
  if [ -z "$py" ]; then skipped+=("$v (not installed)"); continue; fi
  venv=".venv-$v"
  stamp="$venv/.discourse-installed"
  want=$(sha256sum pyproject.toml | cut -d" " -f1)
  if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
    echo "== $v: installing into $venv ($py)"
    { [ -x "$venv/bin/python" ] || "$py" -m venv "$venv"; } &&
      "$venv/bin/python" -m pip install --quiet --upgrade pip &&
      "$venv/bin/python" -m pip install --quiet -e ".[test]" && echo "$want" >"$stamp" ||
      { failed+=("$v (install)"); continue; }
  fi
  echo "== $v: $("$venv/bin/python" --version), pandas $("$venv/bin/python" -c 'import pandas; print(pandas.__version__)')"
  if "$venv/bin/python" -c "import discourse" &&
     "$venv/bin/python" -m pytest -q -p no:cacheprovider -m "not browser and not slow" -n 2; then
    ran+=("$v")
  else
    failed+=("$v (tests)")
  fi
done
echo "== Pythons passed: ${ran[*]:-none}"
echo "== skipped: ${skipped[*]:-none}"
echo "== failed: ${failed[*]:-none}"
[ ${#failed[@]} -eq 0 ]
