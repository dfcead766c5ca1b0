// Lighthouse (pinned in package.json) against Debian's Chromium, shared by the accessibility
// test and the performance benchmark (scripts/lighthouse.mjs).
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import lighthouse from 'lighthouse';
import desktopConfig from 'lighthouse/core/config/desktop-config.js';
import { CHROMIUM_FLAGS } from './support.mjs';

/**
 * Starts Chromium headless with a DevTools port, which Lighthouse drives (playwright's pipe
 * cannot be shared with it). `dark` sets the page's `prefers-color-scheme` through Blink's
 * own setting, since Lighthouse has no colour-scheme option.
 */
async function startChromium({ dark }) {
  const profile = await mkdtemp(join(tmpdir(), 'kamal-actions-lighthouse-'));
  const args = [
    '--headless=new',
    ...CHROMIUM_FLAGS,
    `--user-data-dir=${profile}`,
    '--remote-debugging-port=0',
    `--blink-settings=preferredColorScheme=${dark ? 0 : 1}`,
    'about:blank',
  ];
  const child = spawn(process.env.CHROMIUM ?? '/usr/bin/chromium', args, { stdio: ['ignore', 'ignore', 'pipe'] });
  const port = await new Promise((resolve, reject) => {
    let seen = '';
    child.stderr.on('data', (chunk) => {
      seen += chunk;
      const found = /DevTools listening on ws:\/\/[^:]+:(\d+)\//.exec(seen);
      if (found) resolve(Number(found[1]));
    });
    child.on('exit', (code) => reject(new Error(`Chromium exited (${code}) before opening DevTools:\n${seen}`)));
  });
  return {
    port,
    async stop() {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill();
      await exited;
      await rm(profile, { recursive: true, force: true });
    },
  };
}

/**
 * One Lighthouse run of `url`: `preset` is 'mobile' (Lighthouse's default: Moto G Power
 * screen, 150 ms RTT, 1.6 Mbps, 4x CPU slowdown, simulated) or 'desktop'. Returns the Lighthouse
 * result object (`lhr`). `throttling` 'devtools' slows the real load instead of simulating it
 * from an unthrottled one, so paints are where the browser put them.
 */
export async function runLighthouse(url, { preset = 'mobile', dark = false, categories, throttling = 'simulate' } = {}) {
  const chromium = await startChromium({ dark });
  try {
    const flags = { port: chromium.port, output: 'json', logLevel: 'error', onlyCategories: categories, throttlingMethod: throttling };
    const result = await lighthouse(url, flags, preset === 'desktop' ? desktopConfig : undefined);
    if (!result) throw new Error('Lighthouse returned no result');
    if (result.lhr.runtimeError) throw new Error(`Lighthouse: ${result.lhr.runtimeError.message}`);
    return result.lhr;
  } finally {
    await chromium.stop();
  }
}

/** The audits of a category that did not pass, as "id: title" lines (empty when it scored 1). */
export function failingAudits(lhr, category) {
  return lhr.categories[category].auditRefs
    .filter((ref) => ref.weight > 0)
    .map((ref) => lhr.audits[ref.id])
    .filter((audit) => audit.score !== null && audit.score < 1)
    .map((audit) => `${audit.id}: ${audit.title}`);
}
