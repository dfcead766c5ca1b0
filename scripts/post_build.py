#!/usr/bin/env python3
"""Trunk post_build hook: splits the page's wasm at its split points, then allows exactly the
inline scripts Trunk wrote into index.html.

Split: functions the page needs only after the user acts (the deploy.yml import, the zip, the
undo's merge, the marks of what an edit changed) are split points (`src/ui/split.rs`). Trunk
0.21 cannot split a wasm, so this hook takes cargo's own output (linked with --emit-relocs,
see build.rs), splits it with wasm-split-cli into the main module, a chunk per split point and
the JavaScript that fetches a chunk on its first call, runs wasm-bindgen (with Trunk's
arguments, keeping the function table the chunks import) and wasm-opt (index.html turns
Trunk's off for this wasm) on the parts, minifies the glue and the loader (terser; Trunk's
minifier is off, see drop_comments), names every file it writes by its contents (the glue
and the main wasm too: Trunk's names hash only cargo's wasm, not what the tools made of it), so
a cached old file never meets a new page, and puts those names with their integrity hashes
into index.html in place of Trunk's. The chunk that reads a draft or a share link is fetched
with the page when there is one to read: index.html's inline script preloads the files named
in place of OPEN_CHUNKS.

CSP: Trunk loads the wasm through an inline <script type="module"> whose text changes with
every build (it names hashed files), so the Content-Security-Policy in index.html carries the
placeholder CSP_SCRIPT_HASHES, replaced here by a 'sha256-...' source per inline script.
"""
import base64
import glob
import hashlib
import os
import re
import shutil
import subprocess
import sys
import tempfile
import tomllib
from concurrent.futures import ThreadPoolExecutor

CSP_PLACEHOLDER = "CSP_SCRIPT_HASHES"
OPEN_PLACEHOLDER = "OPEN_CHUNKS"
PAGE = "kamal-actions-web"
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# wasm-opt for the page's parts: -Oz as Trunk ran it before the split (index.html now turns
# Trunk's off for the page, data-wasm-opt="0": it would optimise the unsplit wasm).
WASM_OPT = ["-Oz", "--low-memory-unused", "--converge"]
# KEEP_NAMES=1 keeps the functions' names, so a profile of the page (scripts/profile-browser.mjs)
# names what it measures; the wasm is then larger than what is served.
if os.environ.get("KEEP_NAMES") == "1":
    WASM_OPT.append("--debuginfo")
# server_fn, which Leptos always builds with its browser feature, links wasm-streams, whose
# #[wasm_bindgen] classes are exported from every wasm that links the crate, so no optimiser
# may drop them. The page calls no server function and never makes one of these: release
# builds drop their exports (with the code only those reach) and their classes in the glue
# (1.6 KB of gzipped wasm, 0.2 KB of glue). A build whose glue has no such class fails here.
UNUSED_CLASSES = ("IntoUnderlyingByteSource", "IntoUnderlyingSink", "IntoUnderlyingSource")
UNUSED_EXPORTS = "*intounderlying*"
TERSER = os.path.join(ROOT, "node_modules", ".bin", "terser")


def content_hash(*paths: str) -> str:
    digest = hashlib.sha256()
    for path in paths:
        with open(path, "rb") as f:
            digest.update(f.read())
    return digest.hexdigest()[:16]


def integrity(path: str) -> str:
    with open(path, "rb") as f:
        return "sha384-" + base64.b64encode(hashlib.sha384(f.read()).digest()).decode()


def run(*command: str) -> None:
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0:
        raise SystemExit(f"post_build: {command[0]} failed:\n{result.stdout}{result.stderr}")


def check_tools() -> None:
    """Trunk checks the versions of the tools it runs; with its wasm-opt off for the page, this
    hook runs wasm-bindgen and wasm-opt itself, so it checks them against Trunk.toml (another
    wasm-opt on PATH, such as Debian's 108, breaks the page)."""
    with open(os.path.join(ROOT, "Trunk.toml"), "rb") as f:
        tools = tomllib.load(f)["tools"]
    for tool, wanted in (("wasm-bindgen", tools["wasm_bindgen"]), ("wasm-opt", tools["wasm_opt"])):
        found = subprocess.run([tool, "--version"], capture_output=True, text=True).stdout
        if wanted not in found:
            raise SystemExit(f"post_build: {tool} on PATH is {found.strip()!r}, Trunk.toml wants {wanted} (source scripts/env.sh)")


def without_unused_classes(glue: str) -> str:
    """The glue without the classes of UNUSED_CLASSES (whose exports wasm-opt removes)."""
    for name in UNUSED_CLASSES:
        glue, classes = re.subn(
            rf"^export class {name} \{{\n.*?^\}}\n(?:if \(Symbol\.dispose\) {name}\.prototype.*?;\n)?",
            "", glue, flags=re.S | re.M)
        glue, registries = re.subn(rf"^const {name}Finalization = .*?;\n", "", glue, flags=re.S | re.M)
        if (classes, registries) != (1, 1):
            raise SystemExit(f"post_build: the glue has no class {name} to drop (see UNUSED_CLASSES)")
    if UNUSED_EXPORTS.strip("*") in glue:
        raise SystemExit("post_build: the glue still calls an export of UNUSED_EXPORTS")
    return glue


def minify(path: str, *options: str) -> None:
    """Minifies the JavaScript module at `path` in place with terser (pinned in package.json)."""
    run(TERSER, path, "--module", *options, "-o", path)


def replaced(text: str, old: str, new: str, what: str) -> str:
    """`text` with `old` replaced by `new`; a build whose files no longer name `old` fails."""
    if old not in text:
        raise SystemExit(f"post_build: {what} does not name {old}")
    return text.replace(old, new)


def write_loader(split: str, chunks: list, base: str, staging: str, release: bool) -> str:
    """Writes the split loader, naming the glue and the chunks by their served names (and, in
    a release build, without its whitespace); returns the loader's own name (a hash of its
    text)."""
    with open(os.path.join(split, "__wasm_split.js"), encoding="utf-8") as f:
        link = replaced(f.read(), f'"./{PAGE}.js"', f'"./{base}.js"', "the split loader")
    for chunk in chunks:
        old = os.path.basename(chunk)
        stem = old[: -len(".wasm")].removeprefix("split_").replace("chunk_", "shared-")
        new = f"{PAGE}-chunk-{stem}-{content_hash(chunk)}.wasm"
        link = replaced(link, f'"./{old}"', f'"./{new}"', "the split loader")
        shutil.copyfile(chunk, os.path.join(staging, new))
    staged = os.path.join(split, "__wasm_split.linked.js")
    with open(staged, "w", encoding="utf-8") as f:
        f.write(link)
    if release:
        # Whitespace only: the loader's names and shape are what chunk_files reads (and
        # scripts/dist-sizes.mjs), and mangling them saves 0.15 KB more.
        minify(staged)
    with open(staged, encoding="utf-8") as f:
        link = f.read()
    name = f"{PAGE}-split-{hashlib.sha256(link.encode()).hexdigest()[:16]}.js"
    shutil.copyfile(staged, os.path.join(staging, name))
    return name


def chunk_files(loader: str, load: str) -> list:
    """The served files the loader fetches for `load` (a `__wasm_split_load_NAME` or a shared
    `__chunk_N`): its own and, before it, those of the chunks it depends on."""
    found = re.search(
        re.escape(load) + r'\s*=\s*(?:wrapAsyncCb\()?makeLoad\(\(\)\s*=>\s*\{\s*const src\s*=\s*fetch\(new URL\("\./([^"]+)".*?\}\s*,\s*\[([^\]]*)\]\)',
        loader,
        flags=re.S,
    )
    if not found:
        raise SystemExit(f"post_build: the split loader has no {load}")
    deps = [d.strip() for d in found.group(2).split(",") if d.strip()]
    return [f for dep in deps for f in chunk_files(loader, dep)] + [found.group(1)]


def preload_open(html: str, staging: str, link_name: str) -> str:
    """index.html with the names of the `open` chunk's files (see src/ui/opening.rs) in place
    of OPEN_CHUNKS, as a JavaScript array."""
    with open(os.path.join(staging, link_name), encoding="utf-8") as f:
        files = chunk_files(f.read(), "__wasm_split_load_open")
    return replaced(html, OPEN_PLACEHOLDER, "[" + ",".join(f'"./{f}"' for f in files) + "]", "index.html")


def renew_integrity(html: str, staging: str, name: str) -> str:
    """index.html with the integrity hash of the one element naming `name` renewed from the
    file's contents in `staging`."""
    path = os.path.join(staging, name)
    pattern = re.compile(r'(href="\./' + re.escape(name) + r'"[^>]*?integrity=")[^"]*(")')
    html, count = pattern.subn(lambda m: m.group(1) + integrity(path) + m.group(2), html)
    if count != 1:
        raise SystemExit(f"post_build: no integrity attribute for {name} in index.html")
    return html


def point_index_at(html: str, trunk_base: str, base: str, link_name: str, staging: str) -> str:
    """index.html with Trunk's names replaced by the served ones, the loader preloaded with the
    glue (it imports the loader: without a preload the loader's fetch would wait for the
    glue's, one more round trip before the wasm can start) and every integrity hash renewed."""
    if html.count(trunk_base) < 3:
        raise SystemExit(f"post_build: index.html does not name {trunk_base} (loader, preloads)")
    html = html.replace(trunk_base, base)
    loader = os.path.join(staging, link_name)
    glue_preload = re.compile(r'<link rel="modulepreload" href="\./' + re.escape(f"{base}.js") + r'"[^>]*>')
    html, count = glue_preload.subn(
        lambda m: m.group(0) + f'<link rel="modulepreload" href="./{link_name}" crossorigin="anonymous" integrity="{integrity(loader)}">',
        html,
    )
    if count != 1:
        raise SystemExit("post_build: no modulepreload of the page's glue in index.html")
    for name in (f"{base}.js", f"{base}_bg.wasm"):
        html = renew_integrity(html, staging, name)
    return html


def split_page(staging: str, html: str, release: bool) -> str:
    check_tools()
    target = os.environ.get("CARGO_TARGET_DIR") or os.path.join(ROOT, "target")
    raw = os.path.join(target, "wasm32-unknown-unknown", "release" if release else "debug", f"{PAGE}.wasm")
    glues = glob.glob(os.path.join(staging, f"{PAGE}-*.js"))
    if len(glues) != 1 or not os.path.exists(raw):
        raise SystemExit(f"post_build: expected one {PAGE} glue in the staging dir and {raw}")
    trunk_base = os.path.basename(glues[0])[: -len(".js")]
    with tempfile.TemporaryDirectory() as tmp:
        split, bindgen = os.path.join(tmp, "split"), os.path.join(tmp, "bindgen")
        run("wasm-split-cli", raw, split, "--out-name", PAGE)
        run("wasm-bindgen", "--target=web", f"--out-dir={bindgen}", f"--out-name={PAGE}",
            "--no-typescript", "--keep-lld-exports", os.path.join(split, f"{PAGE}.wasm"))
        # A chunk per split point (split_NAME.wasm) and one per set of split points sharing code
        # only they use (chunk_N.wasm), which the loader fetches with each of them.
        chunks = sorted(p for p in glob.glob(os.path.join(split, "*.wasm")) if os.path.basename(p) != f"{PAGE}.wasm")
        main_wasm, glue_path = os.path.join(bindgen, f"{PAGE}_bg.wasm"), os.path.join(bindgen, f"{PAGE}.js")
        if release:
            def optimise(path: str) -> None:
                unused = [f"--remove-exports={UNUSED_EXPORTS}"] if path == main_wasm else []
                run("wasm-opt", *unused, *WASM_OPT, path, "-o", path)

            with ThreadPoolExecutor(max_workers=2) as pool:
                list(pool.map(optimise, [main_wasm] + chunks))
            with open(glue_path, encoding="utf-8") as f:
                glue = without_unused_classes(f.read())
            with open(glue_path, "w", encoding="utf-8") as f:
                f.write(glue)
            minify(glue_path, "--compress", "--mangle")
        # Trunk's name hashes cargo's wasm; the files here also change with the tools and their
        # flags, so they are named by what is served (the glue before it names the loader, whose
        # name in turn follows from the glue's: the two cannot each hash the other).
        base = f"{PAGE}-{content_hash(main_wasm, glue_path)}"
        link_name = write_loader(split, chunks, base, staging, release)
        with open(glue_path, encoding="utf-8") as f:
            glue = f.read()
        # The glue's import statements name the loader's file; the wasm's import module (the
        # key of the glue's imports object) stays "./__wasm_split.js".
        glue, count = re.subn(r'(\bfrom\s*)"\./__wasm_split\.js"', lambda m: f'{m.group(1)}"./{link_name}"', glue)
        if count == 0:
            raise SystemExit("post_build: the page's glue imports no split loader (no split point, or built without the split feature)")
        os.remove(glues[0])
        os.remove(os.path.join(staging, f"{trunk_base}_bg.wasm"))
        with open(os.path.join(staging, f"{base}.js"), "w", encoding="utf-8") as f:
            f.write(glue)
        shutil.copyfile(main_wasm, os.path.join(staging, f"{base}_bg.wasm"))
    print(f"post_build: split the page's wasm into {base}_bg.wasm and {len(chunks)} chunk(s), loaded by {link_name}")
    return preload_open(point_index_at(html, trunk_base, base, link_name, staging), staging, link_name)


def drop_comments(staging: str, html: str) -> str:
    """index.html without its whole-line comments, and its stylesheet without comments: they
    are for the next engineer, not for every visitor (1.4 KB of the first load, gzip). Trunk's
    own minifier stays off: this hook did not find the glue's modulepreload link in the markup
    it rewrote, and it would touch the whitespace of the static first screen, which must match
    the app's."""
    scripts = "".join(re.findall(r"<script\b.*?</script>", html, flags=re.S))
    if "<!--" in scripts:
        raise SystemExit("post_build: an inline script holds '<!--'; comments would be cut from it")
    html = re.sub(r"\n[ \t]*<!--.*?-->[ \t]*(?=\n)", "", html, flags=re.S)
    sheets = re.findall(r'<link rel="stylesheet" href="\./([^"]+\.css)"', html)
    if not sheets:
        raise SystemExit("post_build: index.html links no stylesheet")
    for name in sheets:
        path = os.path.join(staging, name)
        with open(path, encoding="utf-8") as f:
            css = f.read()
        if re.search(r"[\"'][^\"'\n]*/\*", css):
            raise SystemExit(f"post_build: {name} has '/*' inside a string; comments would be cut from it")
        css = re.sub(r"\n?[ \t]*/\*.*?\*/", "", css, flags=re.S)
        css = re.sub(r"\n\s*\n", "\n", css)
        with open(path, "w", encoding="utf-8") as f:
            f.write(css)
        html = renew_integrity(html, staging, name)
    return html


def allow_inline_scripts(html: str) -> str:
    if CSP_PLACEHOLDER not in html:
        raise SystemExit(f"post_build: no {CSP_PLACEHOLDER} in index.html")
    scripts = re.findall(r"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", html, flags=re.S)
    hashes = sorted(
        {"'sha256-" + base64.b64encode(hashlib.sha256(s.encode("utf-8")).digest()).decode() + "'" for s in scripts}
    )
    print(f"post_build: allowed {len(hashes)} inline script(s)")
    return html.replace(CSP_PLACEHOLDER, " ".join(hashes))


def print_chunk_files(loader_path: str, load: str) -> int:
    """`post_build.py --chunk-files LOADER LOAD`: the served files the split loader at
    LOADER_PATH fetches for LOAD, a line each, for scripts/dist-sizes.mjs (one reading of the
    loader for both)."""
    with open(loader_path, encoding="utf-8") as f:
        print("\n".join(chunk_files(f.read(), load)))
    return 0


def main() -> int:
    if sys.argv[1:2] == ["--chunk-files"] and len(sys.argv) == 4:
        return print_chunk_files(sys.argv[2], sys.argv[3])
    staging = os.environ.get("TRUNK_STAGING_DIR")
    if not staging:
        print("post_build: TRUNK_STAGING_DIR is not set (run me as a Trunk hook)", file=sys.stderr)
        return 1
    path = os.path.join(staging, "index.html")
    with open(path, encoding="utf-8") as f:
        html = f.read()
    release = os.environ.get("TRUNK_PROFILE") == "release"
    html = split_page(staging, html, release)
    if release:
        html = drop_comments(staging, html)
    html = allow_inline_scripts(html)
    with open(path, "w", encoding="utf-8") as f:
        f.write(html)
    return 0


if __name__ == "__main__":
    sys.exit(main())
