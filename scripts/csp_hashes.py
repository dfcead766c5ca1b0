#!/usr/bin/env python3
"""Trunk post_build hook: allow exactly the inline scripts Trunk wrote into index.html.

Trunk 0.21 loads the wasm through an inline <script type="module"> whose text changes with every
build (it names hashed files), so the Content-Security-Policy in index.html carries the
placeholder CSP_SCRIPT_HASHES, replaced here by a 'sha256-...' source per inline script.
"""
import base64
import hashlib
import os
import re
import sys

PLACEHOLDER = "CSP_SCRIPT_HASHES"


def main() -> int:
    staging = os.environ.get("TRUNK_STAGING_DIR")
    if not staging:
        print("csp_hashes: TRUNK_STAGING_DIR is not set (run me as a Trunk hook)", file=sys.stderr)
        return 1
    path = os.path.join(staging, "index.html")
    with open(path, encoding="utf-8") as f:
        html = f.read()
    if PLACEHOLDER not in html:
        print(f"csp_hashes: no {PLACEHOLDER} in index.html", file=sys.stderr)
        return 1
    scripts = re.findall(r"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", html, flags=re.S)
    hashes = sorted(
        {"'sha256-" + base64.b64encode(hashlib.sha256(s.encode("utf-8")).digest()).decode() + "'" for s in scripts}
    )
    html = html.replace(PLACEHOLDER, " ".join(hashes))
    with open(path, "w", encoding="utf-8") as f:
        f.write(html)
    print(f"csp_hashes: allowed {len(hashes)} inline script(s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
