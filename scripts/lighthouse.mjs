// Lighthouse benchmark of the release build (run `trunk build --release` first):
//   node scripts/lighthouse.mjs [--runs=3] [--desktop]
// Serves dist/ as GitHub Pages does (gzip, max-age=600) and runs Lighthouse 12.2.3 (pinned in
// package.json) in Debian's Chromium with its mobile preset (150 ms RTT, 1.6 Mbps, 4x CPU,
// simulated), or the desktop one; prints each run, then the median and range of each figure on
// its own (one run's figures disagree: a run with the median LCP need not have the median TBT). A benchmark,
// not a test: the figures vary a little with the machine.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { serveDist, ROOT } from '../tests/e2e/support.mjs';
import { runLighthouse } from '../tests/e2e/lighthouse.mjs';

const { version } = JSON.parse(readFileSync(join(ROOT, 'node_modules', 'lighthouse', 'package.json'), 'utf8'));
const runs = Number(process.argv.find((a) => a.startsWith('--runs='))?.split('=')[1] ?? 3);
const preset = process.argv.includes('--desktop') ? 'desktop' : 'mobile';
// --devtools: real throttling of the load (Lighthouse's default simulates it).
const throttling = process.argv.includes('--devtools') ? 'devtools' : 'simulate';

/** Lighthouse 12.2.3's element gatherer fails on Chromium 156's traces; say so, not "none". */
function lcpElement(audit) {
  if (audit.scoreDisplayMode === 'error') return `not reported (${audit.errorMessage.split(':')[0]})`;
  return audit.details?.items?.[0]?.items?.[0]?.node?.snippet ?? 'none';
}

const ms = (audit) => `${(audit.numericValue / 1000).toFixed(2)} s`;
function figures(lhr) {
  const a = lhr.audits;
  return {
    performance: Math.round(lhr.categories.performance.score * 100),
    accessibility: Math.round(lhr.categories.accessibility.score * 100),
    fcp: a['first-contentful-paint'].numericValue,
    lcp: a['largest-contentful-paint'].numericValue,
    tti: a.interactive.numericValue,
    tbt: a['total-blocking-time'].numericValue,
    cls: a['cumulative-layout-shift'].numericValue,
    bytes: a['total-byte-weight'].numericValue,
    line:
      `Performance ${Math.round(lhr.categories.performance.score * 100)}, ` +
      `Accessibility ${Math.round(lhr.categories.accessibility.score * 100)}; ` +
      `FCP ${ms(a['first-contentful-paint'])}, LCP ${ms(a['largest-contentful-paint'])}, ` +
      `TTI ${ms(a.interactive)}, TBT ${Math.round(a['total-blocking-time'].numericValue)} ms, ` +
      `CLS ${a['cumulative-layout-shift'].numericValue.toFixed(3)}, ` +
      `${(a['total-byte-weight'].numericValue / 1000).toFixed(1)} KB transferred; ` +
      `LCP element: ${lcpElement(a['largest-contentful-paint-element'])}`,
  };
}

const server = await serveDist('/', { pages: true });
try {
  const results = [];
  for (let i = 1; i <= runs; i++) {
    const lhr = await runLighthouse(server.url, { preset, throttling, categories: ['performance', 'accessibility'] });
    const f = figures(lhr);
    results.push(f);
    console.log(`run ${i} (${preset}): ${f.line}`);
  }
  const spread = (key, show) => {
    const values = results.map((r) => r[key]).sort((x, y) => x - y);
    const median = values[Math.floor(values.length / 2)];
    return `${show(median)} (${show(values[0])}-${show(values[values.length - 1])})`;
  };
  const s = (v) => `${(v / 1000).toFixed(2)} s`;
  console.log(
    `medians of ${runs} (${preset}, ${throttling} throttling, Lighthouse ${version}), each figure on its own, range in brackets: ` +
      `Performance ${spread('performance', String)}, FCP ${spread('fcp', s)}, LCP ${spread('lcp', s)}, ` +
      `TTI ${spread('tti', s)}, TBT ${spread('tbt', (v) => `${Math.round(v)} ms`)}, CLS ${spread('cls', (v) => v.toFixed(3))}`,
  );
} finally {
  server.close();
}
