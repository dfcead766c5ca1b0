// End-to-end: the release build in a real Chromium, driven like a user.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serveDist, launchChromium, cliGenerate, cliDefaultConfig, readZip } from './support.mjs';

let server;
let browser;

before(async () => {
  server = await serveDist();
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  server?.close();
});

async function openPage() {
  const context = await browser.newContext({ acceptDownloads: true });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  await page.goto(server.url);
  await page.locator('#service').waitFor();
  return { page, context, errors };
}

const PRODUCTION = '.github/workflows/deploy-production.yml';

test('typing a name updates the preview', async () => {
  const { page, context, errors } = await openPage();
  const preview = page.locator(`article[data-path="${PRODUCTION}"] .file-contents`);
  await assert.doesNotReject(preview.waitFor());
  assert.match(await preview.textContent(), /Deploys myapp to production/);
  await page.locator('#service').fill('');
  await page.locator('#service').pressSequentially('shop');
  assert.match(await preview.textContent(), /Deploys shop to production/);
  assert.deepEqual(errors, []);
  await context.close();
});

test('an invalid branch shows its message and disables the download', async () => {
  const { page, context } = await openPage();
  await page.locator('#env-0-branch').fill('main');
  await page.locator('#env-0-branch').fill('no spaces');
  await assert.doesNotReject(page.locator('#env-0-branch-error', { hasText: "cannot contain ' '" }).waitFor());
  assert.equal(await page.locator('#download-zip').isDisabled(), true);
  await page.locator('#env-0-branch').fill('main');
  assert.equal(await page.locator('#download-zip').isEnabled(), true);
  await context.close();
});

test('the downloaded zip holds exactly what the CLI writes', async () => {
  const { page, context } = await openPage();
  await page.locator('#service').fill('shop');
  await page.locator('#env-0-name').fill('live');
  await page.locator('#env-0-branch').fill('develop');
  await assert.doesNotReject(page.locator('.file-path', { hasText: 'deploy-live.yml' }).waitFor());

  const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#download-zip').click()]);
  assert.equal(download.suggestedFilename(), 'shop-kamal-actions.zip');
  const dir = await mkdtemp(join(tmpdir(), 'kamal-actions-e2e-'));
  const zipPath = join(dir, download.suggestedFilename());
  await download.saveAs(zipPath);
  const zipped = readZip(zipPath);

  const config = cliDefaultConfig();
  config.project.service = 'shop';
  Object.assign(config.environments[0], {
    name: 'live',
    destination: 'live',
    github_environment: 'live',
    trigger: { on: 'branches', branches: ['develop'] },
  });
  const configPath = join(dir, 'config.json');
  await writeFile(configPath, JSON.stringify(config));
  const written = cliGenerate(configPath, join(dir, 'out'));
  assert.ok(Object.keys(zipped).length >= 10, Object.keys(zipped).join(', '));
  assert.deepEqual(Object.keys(zipped).sort(), Object.keys(written).sort());
  assert.deepEqual(zipped, written);
  assert.match(zipped['.github/workflows/deploy-live.yml'], /destination: live\n/);
  assert.match(zipped['.kamal/secrets.live'], /^RAILS_MASTER_KEY=\$RAILS_MASTER_KEY$/m);
  await context.close();
});
