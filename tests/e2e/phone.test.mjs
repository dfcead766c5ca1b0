// End-to-end on a phone (390 x 844): the files are one tap away from anywhere in the form, and
// a compact selector replaces the long tree.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useServerAndBrowser, serveDist, openPage as sharedOpenPage } from './support.mjs';

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
  // The marks follow the edit once the line diff's chunk is in (src/ui/split.rs).
  const marked = /^\.github\/workflows\/deploy-production\.yml \(\+\d+ −\d+\)$/;
  await page.locator('#file-select option', { hasText: marked }).waitFor({ state: 'attached' });
  assert.deepEqual(errors, []);
  await context.close();
});

// The phone's largest paint comes before the wasm: index.html paints the import box's opening
// words in the app's place and classes, and the app's own (equal-sized) copy is no larger paint.
test('the first paint is the import box, and it stays the largest paint', async () => {
  const slow = { path: /kamal-actions-web-[0-9a-f]{16}_bg\.wasm$/, ms: 1500 };
  const slowServer = await serveDist('/', { slow });
  const context = await browser().newContext(PHONE);
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.addInitScript(() => {
    window.largestPaints = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.largestPaints.push({ time: e.startTime, size: e.size, id: e.element?.id, text: e.element?.textContent });
    }).observe({ type: 'largest-contentful-paint', buffered: true });
  });
  try {
    await page.goto(slowServer.url);
    const still = await page.locator('#loading .about').textContent();
    assert.equal(await page.locator('#loading .loading').textContent(), 'Loading the form…');
    await page.locator('#project-service').waitFor();
    assert.equal(await page.locator('#loading').count(), 0, 'the app replaced it');
    // The words match the app's (an untouched draft's heading), so the swap shows no change.
    assert.equal(await page.locator('#import-title').textContent(), 'Start from your config/deploy.yml');
    assert.equal(await page.locator('.import-start .about').textContent(), still);
    const wasmEnd = await page.evaluate(
      () => performance.getEntriesByType('resource').find((r) => /kamal-actions-web-[0-9a-f]{16}_bg\.wasm$/.test(r.name)).responseEnd,
    );
    // A paint after the wasm could only come from the app; let one frame pass for it.
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 100))));
    const paints = await page.evaluate(() => window.largestPaints);
    const last = paints.at(-1);
    console.log(`# largest paint at ${Math.round(last.time)} ms (${last.size} px²: "${last.text?.slice(0, 30)}…"), main wasm in at ${Math.round(wasmEnd)} ms`);
    assert.ok(last.time < wasmEnd, `the largest paint (${JSON.stringify(paints)}) comes before the wasm (${wasmEnd} ms)`);
    assert.match(last.text ?? '', /^Drop config\/deploy\.yml/, 'the largest paint is the import box\'s words');
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
    slowServer.close();
  }
});

test('an address naming a part of the page (/#setup) opens there once the page has mounted', async () => {
  for (const [options, anchors] of [
    [PHONE, ['setup', 'files', 'section-backup']],
    [{ viewport: { width: 1440, height: 900 } }, ['setup', 'section-registry']],
  ]) {
    for (const anchor of anchors) {
      const { page, context, errors } = await sharedOpenPage(browser(), `${server().url}#${anchor}`, options);
      // The browser looked for the element before the page drew it; the page goes there itself.
      // In view: at the top, below the phone's sticky switch, or as far as the page (or the
      // wide screen's sticky files column) scrolls for the last part.
      await page.waitForFunction((id) => {
        const top = document.getElementById(id)?.getBoundingClientRect().top;
        return top !== undefined && top > -2 && top < window.innerHeight * 0.6;
      }, anchor);
      assert.ok(await page.evaluate(() => window.scrollY) > 0, `${anchor}: the page scrolled`);
      assert.deepEqual(errors, []);
      await context.close();
    }
  }
  // A page opened at its top stays there.
  const { page, context } = await sharedOpenPage(browser(), server().url, PHONE);
  await page.waitForTimeout(300);
  assert.equal(await page.evaluate(() => window.scrollY), 0);
  await context.close();
});
