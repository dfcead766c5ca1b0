// End-to-end: the deploy.yml import runs in a Web Worker that is not part of the first load.
// It is fetched when the import is opened, under a name that carries its contents' hash, and a
// worker that cannot start says so next to the import instead of leaving a dead panel.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { serveDist, launchChromium, openPage, ROOT } from './support.mjs';

const FIXTURES = join(ROOT, 'crates', 'core', 'tests', 'fixtures', 'deploy');
const WORKER = /kamal-actions-import-worker-[0-9a-f]{16}(_loader\.js|\.js|_bg\.wasm)$/;

async function withPage(serverOptions, body) {
  const server = await serveDist('/', serverOptions);
  const browser = await launchChromium();
  try {
    const opened = await openPage(browser, server.url);
    await body({ ...opened, server });
    await opened.context.close();
  } finally {
    await browser.close();
    server.close();
  }
}

test('the worker is fetched when the import opens, not with the page, and imports', async () => {
  await withPage({}, async ({ page, server, errors }) => {
    await page.locator('#files .file-contents').first().waitFor();
    assert.deepEqual(server.requests.filter((p) => WORKER.test(p)), [], 'no worker file at load');
    await page.locator('#import-deploy summary').click();
    await page.locator('#deploy-main').fill(await readFile(join(FIXTURES, 'rails8-kamal-init.yml'), 'utf8'));
    await page.locator('#deploy-preview').click();
    await page.locator('#deploy-changes').waitFor();
    const fetched = server.requests.filter((p) => WORKER.test(p)).map((p) => p.replace(/-[0-9a-f]{16}/, '-HASH'));
    assert.deepEqual(fetched.sort(), [
      '/kamal-actions-import-worker-HASH.js',
      '/kamal-actions-import-worker-HASH_bg.wasm',
      '/kamal-actions-import-worker-HASH_loader.js',
    ]);
    await page.locator('#deploy-apply').click();
    await page.locator('#notice').waitFor();
    assert.equal(await page.locator('#project-service').inputValue(), 'blog');
    assert.deepEqual(errors, []);
  });
});

for (const [lost, pattern] of [
  ['its wasm', /kamal-actions-import-worker-[0-9a-f]{16}_bg\.wasm$/],
  ['its script', /kamal-actions-import-worker-[0-9a-f]{16}\.js$/],
]) {
  test(`a worker that lost ${lost} says so next to the import, and the form keeps working`, async () => {
    await withPage({ hide: pattern }, async ({ page }) => {
      await page.locator('#import-deploy summary').click();
      await page.locator('#deploy-main').fill('service: shop\nimage: acme/shop\n');
      await page.locator('#deploy-preview').click();
      const message = page.locator('#deploy-import-error');
      await message.waitFor();
      assert.match(await message.textContent(), /^The deploy.yml import could not start \(.+\): reload the page to try again\.$/);
      assert.equal(await page.locator('#deploy-report').count(), 0, 'no preview, so nothing to apply');
      await page.locator('#project-service').fill('still-editable');
      await page.locator('#files .file-contents', { hasText: 'still-editable' }).first().waitFor();
    });
  });
}

test('while the worker downloads, the import says it is reading the files', async () => {
  const slow = { path: /kamal-actions-import-worker-[0-9a-f]{16}_bg\.wasm$/, ms: 1500 };
  await withPage({ slow }, async ({ page, errors }) => {
    await page.locator('#import-deploy summary').click();
    await page.locator('#deploy-main').fill(await readFile(join(FIXTURES, 'rails8-kamal-init.yml'), 'utf8'));
    await page.locator('#deploy-preview').click();
    assert.equal(await page.locator('#deploy-pending').textContent(), 'Reading the files…');
    await page.locator('#deploy-changes').waitFor();
    assert.equal(await page.locator('#deploy-pending').count(), 0, 'gone once the answer is in');
    assert.deepEqual(errors, []);
  });
});
