// End-to-end on a phone (390 x 844): the files are one tap away from anywhere in the form, and
// a compact selector replaces the long tree.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useServerAndBrowser, openPage as sharedOpenPage } from './support.mjs';

const { server, browser } = useServerAndBrowser();
const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };

const inView = async (page, selector) => {
  const box = await page.locator(selector).boundingBox();
  const { height } = page.viewportSize();
  return box !== null && box.y >= 0 && box.y < height;
};

test('on a phone the switch stays in view, and Files shows a file at once', async () => {
  const { page, context, errors } = await sharedOpenPage(browser(), server().url, PHONE);
  assert.equal(await page.locator('.file-tree').isVisible(), false, 'no long tree on a phone');
  // Deep in the form, the switch is still there.
  await page.locator('#section-backup').scrollIntoViewIfNeeded();
  assert.ok(await inView(page, 'nav.switch'), 'the switch is in view deep in the form');
  const before = await page.locator('.file-contents').evaluate((el) => el.getBoundingClientRect().top + window.scrollY);
  await page.locator('nav.switch a', { hasText: 'Files' }).click();
  await page.waitForFunction(() => document.querySelector('#files').getBoundingClientRect().top < 100);
  assert.ok(await inView(page, '#file-select'), 'the file selector is in view');
  assert.ok(await inView(page, '.file-contents'), 'the open file starts in the first screen');
  const belowFiles = await page.evaluate(
    () => document.querySelector('.file-contents').getBoundingClientRect().top - document.querySelector('#files').getBoundingClientRect().top,
  );
  console.log(`# on a phone the file starts ${Math.round(before)} px down the page, ${Math.round(belowFiles)} px below the Files switch's target`);
  // The selector opens any file, and marks what the last edit changed.
  await page.locator('#file-select').selectOption('.kamal/secrets.production');
  await page.locator('article.file[data-path=".kamal/secrets.production"]').waitFor();
  await page.locator('nav.switch a', { hasText: 'Settings' }).click();
  await page.locator('#project-service').fill('shop');
  const options = await page.locator('#file-select option').allTextContents();
  assert.ok(options.some((o) => /^\.github\/workflows\/deploy-production\.yml \(\+\d+ −\d+\)$/.test(o)), options.join('\n'));
  assert.deepEqual(errors, []);
  await context.close();
});
