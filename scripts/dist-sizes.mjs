// Prints the raw, gzip (level 9) and brotli (quality 11) size of every file the release build
// serves, and four totals:
// - first load: index.html, every file it names, and every file those name in turn, for HTML,
//   JS and CSS: what the browser fetches before the first screen is usable on a first visit;
// - full page: the first load and the chunk of the rest of the page (src/ui/later_parts.rs),
//   which every visit fetches, without a click, while the first screen mounts;
// - returning load: the first load and the chunks index.html preloads when there is a saved
//   draft or a share link to read (src/ui/opening.rs), needed before the first screen;
// - total: everything.
// Any other chunk of the split wasm (named only in the split loader, which fetches it when one
// of its functions is first called) is fetched later, on use.
// --budget-first-load, --budget-full-page, --budget-returning and --budget-total (BYTES) exit 1
// when that gzip total is larger. --dist=DIR measures another build than dist/ (to compare two).
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { gzipSync, brotliCompressSync, constants } from 'node:zlib';

const flag = (name) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
const dist = flag('dist') ?? new URL('../dist/', import.meta.url).pathname;
const budgets = {
  'first load': flag('budget-first-load'),
  'full page': flag('budget-full-page'),
  'returning load': flag('budget-returning'),
  total: flag('budget-total'),
};
/** A chunk of the split wasm: fetched on first use, or (named in index.html) with a draft. */
const CHUNK = /-chunk-[a-z0-9-]+-[0-9a-f]+\.wasm$/;
/** The split point whose chunk every visit fetches while the first screen mounts. */
const REST = '__wasm_split_load_rest';

function files(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
}

const rows = files(dist)
  .sort()
  .map((path) => {
    const bytes = readFileSync(path);
    return {
      file: relative(dist, path),
      raw: bytes.length,
      gzip: gzipSync(bytes, { level: 9 }).length,
      brotli: brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
    };
  });
/** The files fetched at load: index.html and, transitively, the files HTML, JS and CSS name
 * (chunks named in index.html included: the returning load). */
function fetchedAtLoad() {
  const names = new Set(['index.html']);
  const queue = ['index.html'];
  while (queue.length) {
    const file = queue.pop();
    if (!/\.(html|js|css)$/.test(file)) continue;
    const text = readFileSync(join(dist, file), 'utf8');
    const splitLoader = /-split-[0-9a-f]+\.js$/.test(file);
    for (const row of rows) {
      if (splitLoader && row.file.endsWith('.wasm')) continue;
      if (!names.has(row.file) && text.includes(row.file)) {
        names.add(row.file);
        queue.push(row.file);
      }
    }
  }
  return names;
}

/** The files the split loader fetches for `load` (a `__wasm_split_load_NAME`): its own and
 * those of the chunks it depends on, as scripts/post_build.py reads them for index.html's
 * preload (it is asked, so the loader is read one way). */
function loadedBy(loaderPath, load) {
  const script = new URL('./post_build.py', import.meta.url).pathname;
  return execFileSync('python3', [script, '--chunk-files', loaderPath, load], { encoding: 'utf8' })
    .split('\n')
    .filter(Boolean);
}

const sum = (file, list) =>
  list.reduce((t, r) => ({ file, raw: t.raw + r.raw, gzip: t.gzip + r.gzip, brotli: t.brotli + r.brotli }), {
    raw: 0,
    gzip: 0,
    brotli: 0,
  });
const atLoad = fetchedAtLoad();
const first = new Set([...atLoad].filter((file) => !CHUNK.test(file)));
const loaderFile = rows.find((r) => /-split-[0-9a-f]+\.js$/.test(r.file))?.file;
const rest = new Set(loaderFile ? loadedBy(join(dist, loaderFile), REST) : []);
const totals = {
  'first load': sum('first load', rows.filter((r) => first.has(r.file))),
  'full page': sum('full page', rows.filter((r) => first.has(r.file) || rest.has(r.file))),
  'returning load': sum('returning load', rows.filter((r) => atLoad.has(r.file))),
  total: sum('total', rows),
};
const when = (file) => {
  if (first.has(file)) return file;
  const tags = [rest.has(file) && 'full page', atLoad.has(file) && 'with a draft'].filter(Boolean);
  return `${file} (${tags.length ? tags.join(', ') : 'later'})`;
};
const line = (r) => `${r.file.padEnd(48)} ${String(r.raw).padStart(10)} ${String(r.gzip).padStart(10)} ${String(r.brotli).padStart(10)}`;
console.log(line({ file: 'file', raw: 'raw', gzip: 'gzip', brotli: 'brotli' }));
rows.forEach((r) => console.log(line({ ...r, file: when(r.file) })));
Object.values(totals).forEach((t) => console.log(line(t)));
// A failed or half-finished build must not pass as a small one.
if (![...first].some((file) => file.endsWith('.wasm')) || !rows.some((r) => r.file === 'index.html')) {
  console.error(`${dist} holds no complete build (index.html loading a .wasm): run trunk build --release`);
  process.exit(1);
}
let over = false;
for (const [name, budget] of Object.entries(budgets)) {
  if (budget === undefined) continue;
  const { gzip } = totals[name];
  console.log(`${name}: ${gzip} bytes gzip, budget ${budget}`);
  if (gzip > Number(budget)) {
    console.error(`${name} is ${gzip} bytes gzip, over its budget of ${budget} bytes`);
    over = true;
  }
}
if (over) process.exit(1);
