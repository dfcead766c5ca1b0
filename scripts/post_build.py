#!/usr/bin/env python3
"""Trunk post_build hook: names the import's worker by its contents, then allows exactly the
inline scripts Trunk wrote into index.html.

Worker: Trunk 0.21 does not hash a worker's file names (the page must know them), so a cached
old worker could meet a new page. Its three files (the loader shim, the wasm-bindgen glue and
the wasm) are renamed here with a hash of the glue and the wasm, the loader is rewritten to
name them (and to report a wasm that fails to start), and the loader's name replaces IMPORT_WORKER_LOADER in index.html's meta tag, where
the page reads it.

CSP: Trunk loads the wasm through an inline <script type="module"> whose text changes with
every build (it names hashed files), so the Content-Security-Policy in index.html carries the
placeholder CSP_SCRIPT_HASHES, replaced here by a 'sha256-...' source per inline script.
"""
import base64
import hashlib
import os
import re
import sys

CSP_PLACEHOLDER = "CSP_SCRIPT_HASHES"
WORKER_PLACEHOLDER = "IMPORT_WORKER_LOADER"
WORKER = "kamal-actions-import-worker"


def name_worker(staging: str, html: str) -> str:
    glue = os.path.join(staging, f"{WORKER}.js")
    wasm = os.path.join(staging, f"{WORKER}_bg.wasm")
    loader = os.path.join(staging, f"{WORKER}_loader.js")
    for path in (glue, wasm, loader):
        if not os.path.exists(path):
            raise SystemExit(f"post_build: {os.path.basename(path)} was not built")
    digest = hashlib.sha256()
    for path in (glue, wasm):
        with open(path, "rb") as f:
            digest.update(f.read())
    base = f"{WORKER}-{digest.hexdigest()[:16]}"
    os.replace(glue, os.path.join(staging, f"{base}.js"))
    os.replace(wasm, os.path.join(staging, f"{base}_bg.wasm"))
    os.remove(loader)
    with open(os.path.join(staging, f"{base}_loader.js"), "w", encoding="utf-8") as f:
        # A glue file that fails to load throws, which the page sees as the worker's error
        # event; a wasm that fails only rejects a promise, which nothing would see: say so.
        f.write(
            f'importScripts("./{base}.js");wasm_bindgen("./{base}_bg.wasm")'
            '.catch((e)=>postMessage(JSON.stringify({Failed:{message:String(e)}})));'
        )
    if WORKER_PLACEHOLDER not in html:
        raise SystemExit(f"post_build: no {WORKER_PLACEHOLDER} in index.html")
    print(f"post_build: the import's worker is {base}_loader.js")
    return html.replace(WORKER_PLACEHOLDER, f"./{base}_loader.js")


def allow_inline_scripts(html: str) -> str:
    if CSP_PLACEHOLDER not in html:
        raise SystemExit(f"post_build: no {CSP_PLACEHOLDER} in index.html")
    scripts = re.findall(r"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", html, flags=re.S)
    hashes = sorted(
        {"'sha256-" + base64.b64encode(hashlib.sha256(s.encode("utf-8")).digest()).decode() + "'" for s in scripts}
    )
    print(f"post_build: allowed {len(hashes)} inline script(s)")
    return html.replace(CSP_PLACEHOLDER, " ".join(hashes))


def main() -> int:
    staging = os.environ.get("TRUNK_STAGING_DIR")
    if not staging:
        print("post_build: TRUNK_STAGING_DIR is not set (run me as a Trunk hook)", file=sys.stderr)
        return 1
    path = os.path.join(staging, "index.html")
    with open(path, encoding="utf-8") as f:
        html = f.read()
    html = allow_inline_scripts(name_worker(staging, html))
    with open(path, "w", encoding="utf-8") as f:
        f.write(html)
    return 0


if __name__ == "__main__":
    sys.exit(main())
