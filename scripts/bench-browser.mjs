// In-browser benchmark of the release build (run `trunk build --release` first):
//   node scripts/bench-browser.mjs
// Reports first contentful paint and time to an interactive form on localhost, and the time
// from a keystroke in a form field to the preview showing the new text, p50/p95 over 200
// keystrokes, for the seed configuration and a 20-environment one.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { serveDist, launchChromium, MOUNTED, ROOT } from '../tests/e2e/support.mjs';
import { typeKeystrokes } from './keystrokes.mjs';

const KEYSTROKES = 200;
const cli = join(ROOT, 'target', 'debug', 'kamal-actions');
const link = (file) => execFileSync(cli, ['link', '--config', join(ROOT, file)], { encoding: 'utf8' }).trim();

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function startup(browser, url) {
  const page = await browser.newPage();
  await page.addInitScript(() => {
    new MutationObserver((_, observer) => {
      if (document.getElementById('project-service')) {
        window.__interactive = performance.now();
        observer.disconnect();
      }
    }).observe(document, { childList: true, subtree: true });
  });
  await page.goto(url);
  await page.locator('#project-service').waitFor();
  await page.waitForFunction(() => performance.getEntriesByName('first-contentful-paint').length > 0);
  const result = await page.evaluate(() => ({
    fcp: performance.getEntriesByName('first-contentful-paint')[0]?.startTime,
    interactive: window.__interactive,
  }));
  await page.close();
  return result;
}

async function keystrokes(browser, url, label) {
  const page = await browser.newPage();
  await page.goto(url);
  await page.locator(MOUNTED).waitFor();
  const times = await typeKeystrokes(page, KEYSTROKES);
  await page.close();
  const sorted = [...times].sort((a, b) => a - b);
  console.log(
    `keystroke -> preview, ${label}: p50 ${percentile(sorted, 50).toFixed(1)} ms, ` +
      `p95 ${percentile(sorted, 95).toFixed(1)} ms, max ${sorted.at(-1).toFixed(1)} ms (${times.length} keystrokes)`,
  );
}

const server = await serveDist();
const browser = await launchChromium();
try {
  const runs = [];
  for (let i = 0; i < 5; i++) runs.push(await startup(browser, server.url));
  const median = (key) => [...runs.map((r) => r[key])].sort((a, b) => a - b)[2].toFixed(0);
  console.log(`first contentful paint: ${median('fcp')} ms; interactive form: ${median('interactive')} ms (median of 5 loads)`);
  await keystrokes(browser, `${server.url}#${link('examples/seed-kamal2.json')}`, 'seed-kamal2');
  await keystrokes(browser, `${server.url}#${link('crates/core/benches/large.json')}`, '20 environments');
} finally {
  await browser.close();
  server.close();
}
