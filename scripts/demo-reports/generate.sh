#!/usr/bin/env bash
# Regenerates the demo reports that come from real tools run on this repository:
#   - a CycloneDX 1.6 SBOM of the backend plugin (cyclonedx-npm)
#   - ESLint findings on the suite's own code (SARIF, @microsoft/eslint-formatter-sarif)
#   - secretlint findings (SARIF) on the examples, which hold one deliberately leaky file
# Container scans (Trivy, Grype), the SPDX document and the OpenVEX statements in
# examples/reports cannot be produced offline; they are written fixtures.
set -euo pipefail
source "$(dirname "$0")/../env.sh"
cd "$REPO_ROOT"
out=examples/reports
bin=node_modules/.bin

"$bin/cyclonedx-npm" --ignore-npm-errors --omit dev --spec-version 1.6 --output-format JSON \
  --output-reproducible --output-file "$out/security-portal.cdx.json" \
  -w plugins/security-backend 2>/dev/null

# ESLint exits non-zero when it finds problems, which is the point here.
"$bin/eslint" --format @microsoft/eslint-formatter-sarif --output-file "$out/security-portal.eslint.sarif" \
  plugins/*/src packages/*/src || true
# The formatter writes absolute file URIs; make them relative to the repository.
sed -i "s#file://$REPO_ROOT/##g" "$out/security-portal.eslint.sarif"

"$bin/secretlint" --format @secretlint/secretlint-formatter-sarif \
  --output "$out/security-portal.secretlint.sarif" "examples/**/*" || true

echo "demo reports written to $out"
