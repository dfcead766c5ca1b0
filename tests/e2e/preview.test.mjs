// End-to-end: reading the output where it is shown. At 1440 px every line of every file is
// readable without scrolling sideways (long lines wrap, under their own indentation), and the
// setup guide reads as formatted text whose every command block has its own copy button.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useServerAndBrowser, openPage as sharedOpenPage } from './support.mjs';

const { server, browser } = useServerAndBrowser();
const openPage = (options) => sharedOpenPage(browser(), server().url, options);
const GUIDE = 'KAMAL_ACTIONS_SETUP.md';

/** Every file path in the tree. */
const treePaths = (page) =>
  page.locator('button.file-button').evaluateAll((buttons) => buttons.map((b) => b.dataset.path));

/** How many of the open file's lines are wider than what the preview shows of them. */
const cutLines = (page) =>
  page.locator('.file-contents').evaluate((pre) => {
    const visible = pre.clientWidth;
    return [...pre.querySelectorAll('.line')].filter((line) => line.scrollWidth > visible + 1).length;
  });

test('at 1440 px no line of any file is cut: long lines wrap, and the choice is remembered', async () => {
  const { page, context, errors } = await openPage({ viewport: { width: 1440, height: 900 } });
  let cutWithoutWrap = 0;
  let lines = 0;
  for (const path of await treePaths(page)) {
    if (path.endsWith('.md')) continue;
    await page.locator(`button.file-button[data-path="${path}"]`).click();
    const pre = page.locator(`article.file[data-path="${path}"] .file-contents`);
    await pre.waitFor();
    assert.ok(await page.locator('#wrap-lines').isChecked(), 'wrapping is on by default');
    const widths = await pre.evaluate((el) => ({ scroll: el.scrollWidth, client: el.clientWidth }));
    assert.ok(widths.scroll <= widths.client, `${path}: scrolls sideways (${widths.scroll} > ${widths.client})`);
    assert.equal(await cutLines(page), 0, `${path}: a wrapped line is still cut`);
    lines += await pre.locator('.line').count();
    // A continuation line starts under its own text: deeper lines hang deeper.
    const hang = await pre.evaluate((el) => {
      const pad = (n) => {
        const line = el.querySelector(`.line.indent-${n}`);
        return line && parseFloat(getComputedStyle(line).paddingLeft);
      };
      return [pad(0), pad(2)];
    });
    if (hang[0] !== null && hang[1] !== null) assert.ok(hang[1] > hang[0], `${path}: ${hang}`);
    await page.locator('#wrap-lines').uncheck();
    cutWithoutWrap += await cutLines(page);
    await page.locator('#wrap-lines').check();
  }
  const columns = await page.locator('.file-contents').evaluate((pre) => {
    const probe = document.createElement('span');
    probe.textContent = 'x'.repeat(100);
    probe.style.whiteSpace = 'pre';
    probe.style.position = 'absolute';
    pre.querySelector('.line').append(probe);
    const width = probe.getBoundingClientRect().width / 100;
    probe.remove();
    return Math.floor((pre.clientWidth - parseFloat(getComputedStyle(pre.querySelector('.line'), '::before').width)) / width);
  });
  console.log(`# at 1440 px the preview shows ${columns} columns; with wrapping off ${cutWithoutWrap} of ${lines} lines are cut, 0 with it on`);
  await page.locator('#wrap-lines').uncheck();
  await page.reload();
  await page.locator('#wrap-lines').waitFor();
  assert.ok(!(await page.locator('#wrap-lines').isChecked()), 'turning wrapping off is remembered');
  assert.deepEqual(errors, []);
  await context.close();
});

test('the setup guide is formatted text, each command block copies exactly its commands', async () => {
  const { page, context, errors } = await openPage({ viewport: { width: 1440, height: 900 } });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server().url });
  await page.locator('#open-guide').click();
  const guide = page.locator(`article.file[data-path="${GUIDE}"] .markdown`);
  await guide.waitFor();
  assert.equal(await page.locator('.file-contents').count(), 0, 'no raw Markdown by default');
  assert.match(await guide.locator('h4').first().textContent(), /^Setting up GitHub for/);
  const sections = await guide.locator('h5').allTextContents();
  assert.ok(sections.includes('1. GitHub environment production'), sections.join(' | '));
  const text = await guide.textContent();
  assert.doesNotMatch(text, /```|^#+ |\*\*/m, 'no Markdown syntax is left in the formatted text');
  const blocks = guide.locator('.md-code');
  const count = await blocks.count();
  assert.ok(count >= 5, `${count} code blocks`);
  assert.equal(await guide.locator('.md-code button.copy').count(), count, 'a copy button on every block');
  // The source, to compare each copied block with the lines between its fences.
  await page.locator('#markdown-source').click();
  const source = await page.locator('.file-contents').textContent();
  const fenced = [...source.matchAll(/^```[a-z]*\n([\s\S]*?)\n```$/gm)].map((m) => m[1]);
  assert.equal(fenced.length, count);
  await page.locator('#markdown-source').click();
  for (const n of [0, count - 1]) {
    const button = blocks.nth(n).locator('button.copy');
    await button.click();
    await blocks.nth(n).locator('button.copy', { hasText: 'Copied' }).waitFor();
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), fenced[n]);
  }
  // Changed blocks are marked like changed lines.
  await page.locator('#project-repository').fill('acme/shop');
  await guide.locator('.md-block.changed').first().waitFor();
  assert.match(await guide.locator('.md-block.changed').first().textContent(), /acme\/shop/);
  assert.deepEqual(errors, []);
  await context.close();
});
