// Prints the raw, gzip (level 9) and brotli (quality 11) size of every file the release build
// serves, and the totals. With --budget-gzip=BYTES, exits 1 when the gzip total is larger.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { gzipSync, brotliCompressSync, constants } from 'node:zlib';

const dist = new URL('../dist/', import.meta.url).pathname;
const budget = process.argv.find((a) => a.startsWith('--budget-gzip='))?.split('=')[1];

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
const total = rows.reduce((t, r) => ({ file: 'total', raw: t.raw + r.raw, gzip: t.gzip + r.gzip, brotli: t.brotli + r.brotli }), {
  raw: 0,
  gzip: 0,
  brotli: 0,
});
const line = (r) => `${r.file.padEnd(48)} ${String(r.raw).padStart(10)} ${String(r.gzip).padStart(10)} ${String(r.brotli).padStart(10)}`;
console.log(line({ file: 'file', raw: 'raw', gzip: 'gzip', brotli: 'brotli' }));
rows.forEach((r) => console.log(line(r)));
console.log(line(total));
// A failed or half-finished build must not pass as a small one.
if (!rows.some((r) => r.file.endsWith('.wasm')) || !rows.some((r) => r.file === 'index.html')) {
  console.error(`${dist} holds no complete build (index.html and a .wasm): run trunk build --release`);
  process.exit(1);
}
if (budget && total.gzip > Number(budget)) {
  console.error(`gzip total ${total.gzip} bytes is over the budget of ${budget} bytes`);
  process.exit(1);
}
