#!/usr/bin/env bash
# Refresh the vendored NHS.UK frontend build from the npm registry.
# Needs Node's npm only when run; the site itself never needs Node.
set -euo pipefail
version="${NHSUK_FRONTEND_VERSION:?set NHSUK_FRONTEND_VERSION}"
dest="static/vendor/nhsuk-frontend"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

(cd "$tmp" && npm pack --silent "nhsuk-frontend@${version}" >/dev/null && tar xzf "nhsuk-frontend-${version}.tgz")
dist="$tmp/package/dist/nhsuk"
rm -rf "$dest"
mkdir -p "$dest/assets"
cp "$dist/nhsuk-frontend.min.js" "$dest/"
cp -R "$dist/assets/." "$dest/assets/"
# The compiled CSS points icons at /assets/…; make them relative to the CSS
# file so they resolve under STATIC_URL (and whitenoise's manifest hashes them).
# Source maps are dropped: they reference files we do not ship.
sed -e 's#url(/assets/#url(assets/#g' -e 's#/\*\# sourceMappingURL=[^*]*\*/##' \
  "$dist/nhsuk-frontend.min.css" > "$dest/nhsuk-frontend.min.css"
sed -i -e 's#//\# sourceMappingURL=.*$##' "$dest/nhsuk-frontend.min.js"
cp "$tmp/package/package.json" "$dest/package.json"
echo "nhsuk-frontend ${version}" > "$dest/VERSION"
echo "Vendored nhsuk-frontend ${version} into ${dest}"
