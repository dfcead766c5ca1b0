// CPU profile of what the keystroke benchmark times (`keystrokes.mjs`): keystrokes in the
// service field, the next after the paint and the rest of the files, with only the time from
// each keystroke to the preview showing it counted. Prints time per keystroke by function,
// self and inclusive (the whole profile goes to /tmp/keystroke.cpuprofile, which Chromium's
// DevTools open). A benchmark aid, not a test:
//   KEEP_NAMES=1 trunk build --release && cargo build -p kamal-actions-cli
//   node scripts/profile-browser.mjs [CONFIG.json] [KEYSTROKES]
// Without KEEP_NAMES the wasm's functions show as wasm-function[N].
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { serveDist, launchChromium, MOUNTED, ROOT } from '../tests/e2e/support.mjs';
import { typeKeystrokes } from './keystrokes.mjs';

const cli = join(ROOT, 'target', 'debug', 'kamal-actions');
const file = process.argv[2] || 'examples/seed-kamal2.json';
const keystrokes = Number(process.argv[3] || 200);
const link = execFileSync(cli, ['link', '--config', join(ROOT, file)], { encoding: 'utf8' }).trim();

const server = await serveDist();
const browser = await launchChromium();
const page = await browser.newPage();
await page.goto(`${server.url}#${link}`);
await page.locator(MOUNTED).waitFor();
// Each keystroke's window opens and closes with a native call that takes about a millisecond,
// so that the profile has samples in it: V8 may inline a marker written in JS into its caller,
// and then no sample names it.
await page.evaluate(() => {
  const objects = Array.from({ length: 20000 }, (_, i) => ({ i }));
  const text = 'x'.repeat(400000);
  window.keystrokeStarts = () => structuredClone(objects);
  window.keystrokeShown = () => btoa(text);
});
const cdp = await page.context().newCDPSession(page);
await cdp.send('Profiler.enable');
await cdp.send('Profiler.setSamplingInterval', { interval: 50 });
await cdp.send('Profiler.start');
const times = await typeKeystrokes(page, keystrokes);
const { profile } = await cdp.send('Profiler.stop');
await browser.close();
server.close();
writeFileSync('/tmp/keystroke.cpuprofile', JSON.stringify(profile));

const sorted = [...times].sort((a, b) => a - b);
const at = (p) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))].toFixed(2);
console.log(`keystroke -> preview while profiled: p50 ${at(0.5)} ms, p95 ${at(0.95)} ms`);

const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map();
for (const n of profile.nodes) for (const c of n.children || []) parent.set(c, n.id);
const name = (n) => (n.callFrame.functionName || '(anon)').replace(/::h[0-9a-f]{16}$/, '').slice(0, 140);
const stack = (id) => {
  const names = [];
  for (let at = id; at !== undefined; at = parent.get(at)) names.push(name(byId.get(at)));
  return names;
};
// The samples between a window's opening and closing marks.
const windows = [];
let open = null;
profile.samples.forEach((id, i) => {
  const names = stack(id);
  if (names.some((n) => n.includes('keystrokeStarts'))) {
    open = open ?? { us: 0, samples: [] };
    if (!windows.includes(open)) windows.push(open);
    return;
  }
  if (names.some((n) => n.includes('keystrokeShown'))) {
    open = null;
    return;
  }
  if (!open) return;
  const us = profile.timeDeltas[i + 1] || 0;
  open.us += us;
  open.samples.push([names, us]);
});
const self = new Map();
const inclusive = new Map();
for (const w of windows) {
  for (const [names, us] of w.samples) {
    self.set(names[0], (self.get(names[0]) || 0) + us);
    for (const n of new Set(names)) inclusive.set(n, (inclusive.get(n) || 0) + us);
  }
}
const total = windows.reduce((sum, w) => sum + w.us, 0);
console.log(`${windows.length} windows found of ${keystrokes}, ${(total / 1000 / windows.length).toFixed(2)} ms per window`);
const show = (title, map) => {
  console.log(`--- ${title}, ms per keystroke`);
  for (const [k, us] of [...map].sort((a, b) => b[1] - a[1]).slice(0, 40)) {
    console.log(`${(us / 1000 / windows.length).toFixed(3).padStart(7)} ${((100 * us) / total).toFixed(1).padStart(5)}%  ${k}`);
  }
};
show('self', self);
show('inclusive', inclusive);
