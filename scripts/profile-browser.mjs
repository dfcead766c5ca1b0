// CPU profile of 100 keystrokes in the service field with the 20-environment configuration,
// printed as self time per function (the whole profile goes to /tmp/keystroke.cpuprofile, which
// Chromium's DevTools open). A benchmark aid, not a test:
//   KEEP_NAMES=1 trunk build --release && cargo build -p kamal-actions-cli
//   node scripts/profile-browser.mjs [CONFIG.json]
// Without KEEP_NAMES the wasm's functions show as wasm-function[N].
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { serveDist, launchChromium, MOUNTED, ROOT } from '../tests/e2e/support.mjs';
const cli = join(ROOT, 'target', 'debug', 'kamal-actions');
const file = process.argv[2] || 'crates/core/benches/large.json';
const link = execFileSync(cli, ['link', '--config', join(ROOT, file)], { encoding: 'utf8' }).trim();
const server = await serveDist();
const browser = await launchChromium();
const page = await browser.newPage();
await page.goto(`${server.url}#${link}`);
await page.locator(MOUNTED).waitFor();
const cdp = await page.context().newCDPSession(page);
await cdp.send('Profiler.enable');
await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
await cdp.send('Profiler.start');
await page.evaluate(async () => {
  const input = document.querySelector('#project-service');
  for (let i = 0; i < 100; i++) {
    input.value = `bench${i}`;
    input.dispatchEvent(new Event('input', { bubbles: true }));
    await new Promise((r) => setTimeout(r, 0));
  }
});
const { profile } = await cdp.send('Profiler.stop');
writeFileSync('/tmp/keystroke.cpuprofile', JSON.stringify(profile));
// Self time per function, top 40.
const self = new Map();
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const dt = profile.timeDeltas; const counts = new Map();
profile.samples.forEach((id, i) => counts.set(id, (counts.get(id) || 0) + (dt[i] || 0)));
for (const [id, us] of counts) {
  const n = byId.get(id); const key = `${n.callFrame.functionName || '(anon)'} ${n.callFrame.url.split('/').pop()}`;
  self.set(key, (self.get(key) || 0) + us);
}
const total = [...self.values()].reduce((a, b) => a + b, 0);
console.log(`total ${(total / 1000).toFixed(0)} ms`);
for (const [k, v] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 45)) console.log(`${(v / 1000).toFixed(1).padStart(8)} ms ${(100 * v / total).toFixed(1).padStart(5)}%  ${k.slice(0, 120)}`);
await browser.close(); server.close();
