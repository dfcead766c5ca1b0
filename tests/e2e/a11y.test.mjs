// End-to-end: axe-core (the engine the issue measured with) finds no violation in the page's
// states a user meets: the defaults in both colour schemes and on a phone, a form with
// problems, the import's preview, the notice after an import, the change marks and the share
// link's box.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { useServerAndBrowser, MOUNTED, ROOT } from './support.mjs';

const { server, browser } = useServerAndBrowser();
const AXE = await readFile(join(ROOT, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');
const FIXTURES = join(ROOT, 'crates', 'core', 'tests', 'fixtures', 'deploy');

/** The violations axe finds on the page as it is now, as "rule: selector" lines. */
async function violations(page) {
  // The page's Content-Security-Policy forbids injected scripts; the context bypasses it.
  await page.evaluate(AXE);
  return page.evaluate(async () => {
    const result = await window.axe.run(document, { resultTypes: ['violations'] });
    return result.violations.flatMap((v) => v.nodes.map((n) => `${v.id}: ${n.target.join(' ')}`));
  });
}

async function open(options = {}) {
  const context = await browser().newContext({ bypassCSP: true, ...options });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server().url });
  const page = await context.newPage();
  await page.goto(server().url);
  await page.locator(MOUNTED).waitFor();
  return { context, page };
}

for (const [name, options] of [
  ['light, 1440 px', { viewport: { width: 1440, height: 900 }, colorScheme: 'light' }],
  ['dark, 1440 px', { viewport: { width: 1440, height: 900 }, colorScheme: 'dark' }],
  ['dark, 390 px', { viewport: { width: 390, height: 844 }, colorScheme: 'dark' }],
]) {
  test(`axe: no violations, ${name}, through the states a user meets`, async () => {
    const { context, page } = await open(options);
    assert.deepEqual(await violations(page), [], 'the defaults');
    await page.locator('#project-service').fill('Not valid!');
    await page.locator('#status', { hasText: 'problem' }).waitFor();
    assert.deepEqual(await violations(page), [], 'with a problem');
    await page.locator('#project-service').fill('shop');
    await page.locator('#registry').selectOption('ghcr');
    await page.locator('#edit-summary button').waitFor();
    assert.deepEqual(await violations(page), [], 'with change marks');
    await page.locator('#share-link').click();
    await page.locator('#share-url').waitFor();
    assert.deepEqual(await violations(page), [], "with the share link's box");
    await page.locator('#share-close').click();
    await page.locator('#import-deploy summary').click();
    await page.locator('#deploy-main').fill(await readFile(join(FIXTURES, 'rails8-kamal-init.yml'), 'utf8'));
    await page.locator('#deploy-preview').click();
    await page.locator('#deploy-changes').waitFor();
    assert.deepEqual(await violations(page), [], "with the import's preview");
    await page.locator('#deploy-apply').click();
    await page.locator('#notice').waitFor();
    assert.deepEqual(await violations(page), [], 'with the notice');
    await context.close();
  });
}
