// End-to-end: the release build served under a sub-path, as GitHub Pages serves a project
// (https://OWNER.github.io/REPO/): every asset loads from there and share links point there.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serveDist, launchChromium, MOUNTED, readZip, download } from './support.mjs';

const BASE = '/kamal-actions/';
let server;
let browser;
before(async () => {
  server = await serveDist(BASE);
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  server?.close();
});

test('under a sub-path the page loads, downloads, and its share links open there', async () => {
  const context = await browser.newContext({ acceptDownloads: true });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(server.url).origin });
  const page = await context.newPage();
  const errors = [];
  const failed = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  page.on('response', (r) => r.status() >= 400 && failed.push(`${r.status()} ${r.url()}`));
  await page.goto(server.url);
  await page.locator(MOUNTED).waitFor();
  assert.deepEqual(failed, []);
  assert.ok(server.requests.every((p) => p.startsWith(BASE)), server.requests.join(', '));
  // The stylesheet applied (it is one of the sub-path's assets).
  const background = await page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
  assert.notEqual(background, 'rgba(0, 0, 0, 0)');

  await page.locator('#project-service').fill('pages-app');
  await page.locator('#share-link').click();
  await page.locator('#share-status', { hasText: 'Link copied' }).waitFor();
  const url = await page.evaluate(() => navigator.clipboard.readText());
  assert.ok(url.startsWith(server.url + '#v1.'), url);
  const zip = readZip((await download(page, '#download-zip')).path);
  assert.ok('KAMAL_ACTIONS_SETUP.md' in zip);

  const other = await context.newPage();
  await other.goto(url);
  await other.locator(MOUNTED).waitFor();
  assert.equal(await other.locator('#project-service').inputValue(), 'pages-app');
  assert.equal(new URL(other.url()).pathname, BASE, 'the link is removed, the sub-path stays');
  assert.deepEqual(errors, []);
  await context.close();
});
