#!/usr/bin/env bash
# Re-fetch the vendored front-end assets from the npm registry into static/vendor/.
#
#   scripts/vendor_assets.sh            # newest release of each pinned major version
#   DEST=/tmp/v scripts/vendor_assets.sh  # write elsewhere (to compare before replacing)
#
# Uses `npm pack` when npm is installed (and VENDOR_WITHOUT_NPM is unset), else downloads the
# registry tarball directly (the highest non-prerelease version within the major). Only the files
# the templates load are kept, with each package's licence, in the layout below;
# static/vendor/README.md records the versions.
set -euo pipefail

cd "$(dirname "$0")/.."
DEST=${DEST:-static/vendor}
REGISTRY=${NPM_REGISTRY:-https://registry.npmjs.org}
PACKAGES=("@tabler/core@1" "htmx.org@2" "echarts@5" "@tabler/icons-webfont@3" "swagger-ui-dist@5")

WORK=$(mktemp -d "${TMPDIR:-/tmp}/qualift-vendor.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

# fetch SPEC -> extracts the package into $WORK/<safe name>/package, prints the exact version
fetch() {
    local spec=$1 name=${1%@*} major=${1##*@} safe tarball version
    safe=$(echo "$name" | tr '@/' '__')
    mkdir -p "$WORK/$safe"
    if [[ -z "${VENDOR_WITHOUT_NPM:-}" ]] && command -v npm >/dev/null 2>&1; then
        tarball=$(cd "$WORK/$safe" && npm pack --silent --registry "$REGISTRY" "$spec" | tail -n 1)
        tarball="$WORK/$safe/$tarball"
    else
        tarball="$WORK/$safe/package.tgz"
        python3 - "$REGISTRY" "$name" "$major" "$tarball" <<'PY'
import json, re, sys, urllib.parse, urllib.request

registry, name, major, out = sys.argv[1:]
url = f"{registry}/{urllib.parse.quote(name, safe='@')}"
with urllib.request.urlopen(url, timeout=60) as response:  # noqa: S310 (registry URL)
    meta = json.load(response)
releases = [v for v in meta["versions"] if re.fullmatch(rf"{re.escape(major)}\.\d+\.\d+", v)]
if not releases:
    sys.exit(f"{name}: no release {major}.x.y on {registry}")
best = max(releases, key=lambda v: tuple(int(p) for p in v.split(".")))
urllib.request.urlretrieve(meta["versions"][best]["dist"]["tarball"], out)  # noqa: S310
PY
    fi
    tar -xzf "$tarball" -C "$WORK/$safe"
    version=$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["version"])' \
        "$WORK/$safe/package/package.json")
    echo "$version"
}

# put SRC DEST_RELATIVE: copy one file, failing loudly if the package layout changed
put() {
    local src=$1 dst="$STAGE/$2"
    if [[ ! -f "$src" ]]; then
        echo "vendor: expected file missing from the package: ${src#"$WORK"/}" >&2
        exit 1
    fi
    mkdir -p "$(dirname "$dst")"
    cp "$src" "$dst"
}

STAGE="$WORK/stage"
mkdir -p "$STAGE"
declare -A VERSION
for spec in "${PACKAGES[@]}"; do
    echo "fetching $spec ..."
    VERSION[$spec]=$(fetch "$spec")
done

# @tabler/core ships no LICENSE file; its MIT notice is in the CSS/JS headers.
P="$WORK/_tabler_core/package"
put "$P/dist/css/tabler.min.css" tabler/css/tabler.min.css
put "$P/dist/js/tabler.min.js" tabler/js/tabler.min.js

P="$WORK/htmx.org/package"
put "$P/dist/htmx.min.js" htmx/htmx.min.js
put "$P/LICENSE" htmx/LICENSE

P="$WORK/echarts/package"
put "$P/dist/echarts.min.js" echarts/echarts.min.js
put "$P/LICENSE" echarts/LICENSE

P="$WORK/_tabler_icons-webfont/package"
put "$P/dist/tabler-icons.min.css" tabler-icons/tabler-icons.min.css
for font in woff2 woff ttf; do
    put "$P/dist/fonts/tabler-icons.$font" "tabler-icons/fonts/tabler-icons.$font"
done
put "$P/LICENSE" tabler-icons/LICENSE

P="$WORK/swagger-ui-dist/package"
for file in swagger-ui.css swagger-ui-bundle.js swagger-ui-standalone-preset.js favicon-32x32.png \
    LICENSE; do
    put "$P/$file" "swagger-ui/$file"
done

cat >"$STAGE/README.md" <<MD
# Vendored front-end assets
Copied from the npm registry (no CDN at run time) by \`make vendor\` (scripts/vendor_assets.sh).
Versions: @tabler/core ${VERSION["@tabler/core@1"]}, @tabler/icons-webfont ${VERSION["@tabler/icons-webfont@3"]},
htmx.org ${VERSION["htmx.org@2"]}, echarts ${VERSION["echarts@5"]}, swagger-ui-dist ${VERSION["swagger-ui-dist@5"]}.
Refresh with \`make vendor\`.
MD

# Replace only the directories this script manages; anything else under DEST stays.
mkdir -p "$DEST"
for dir in tabler tabler-icons htmx echarts swagger-ui; do
    rm -rf "${DEST:?}/$dir"
    cp -r "$STAGE/$dir" "$DEST/$dir"
done
cp "$STAGE/README.md" "$DEST/README.md"
for spec in "${PACKAGES[@]}"; do
    echo "  ${spec%@*} ${VERSION[$spec]}"
done
echo "vendored into $DEST"
