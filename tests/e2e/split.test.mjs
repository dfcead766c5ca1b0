// End-to-end: code the page needs only after the user acts is split into chunks of its wasm
// (src/ui/split.rs, scripts/post_build.py) that are not part of the first load. Each is fetched
// when first needed, under a name that carries its contents' hash, and a chunk that cannot be
// fetched says so next to the control that needed it while the form keeps working.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { serveDist, launchChromium, openPage, download, readZip, ROOT, clickNoticeButton, MOUNTED } from './support.mjs';

const FIXTURES = join(ROOT, 'crates', 'core', 'tests', 'fixtures', 'deploy');
const CHUNK = /\/kamal-actions-web-chunk-([a-z0-9-]+)-[0-9a-f]{16}\.wasm$/;
/** The chunks fetched so far, by name (`import`, `zip`, `shared-5`...). */
const chunks = (server) => server.requests.map((p) => p.match(CHUNK)?.[1]).filter(Boolean);

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

async function previewImport(page, text) {
  await page.locator('#import-deploy summary').click();
  await page.locator('#deploy-main').fill(text);
  await page.locator('#deploy-preview').click();
}

/** A server option hiding the chunk files `pattern` matches, until `bring()`. */
function lostUntilBrought(pattern) {
  let lost = true;
  return { hide: { test: (path) => lost && pattern.test(path) }, bring: () => { lost = false; } };
}

/** The chunks other than the shared ones (which come with the chunk that needs them). */
const named = (server) => chunks(server).filter((c) => !c.startsWith('shared-'));

test('only the rest of the page comes with it; each other chunk is fetched on first use, and does its work', async () => {
  await withPage({}, async ({ page, server, errors }) => {
    await page.locator('#files .file-contents').first().waitFor();
    assert.deepEqual(named(server), ['rest'], 'the rest of the page, no other chunk at load');
    await page.locator('#section-backup').waitFor();
    await previewImport(page, await readFile(join(FIXTURES, 'rails8-kamal-init.yml'), 'utf8'));
    await page.locator('#deploy-changes').waitFor();
    assert.ok(chunks(server).includes('import'), `${chunks(server)}`);
    await page.locator('#deploy-apply').click();
    await page.locator('#notice').waitFor();
    assert.equal(await page.locator('#project-service').inputValue(), 'blog');
    // What only an action needs (the edit's marks, the undo's merge, the zip) is one chunk,
    // fetched with the first of them.
    await page.locator('button.file-button.changed').first().waitFor();
    assert.deepEqual(named(server), ['rest', 'import', 'later'], 'the edit marks fetched the actions\' chunk');
    await clickNoticeButton(page);
    await page.locator('#notice', { hasText: 'undone' }).waitFor();
    assert.notEqual(await page.locator('#project-service').inputValue(), 'blog');
    const zip = readZip((await download(page, '#download-zip')).path);
    assert.ok(Object.keys(zip).length > 10, `${Object.keys(zip)}`);
    assert.deepEqual(named(server), ['rest', 'import', 'later'], 'the undo and the zip needed no other chunk');
    assert.equal(new Set(chunks(server)).size, chunks(server).length, 'each chunk fetched once');
    assert.deepEqual(errors, []);
  });
});

const GUIDE = 'button.file-button[data-path="KAMAL_ACTIONS_SETUP.md"]';

test('the first screen works before the rest of the page arrives, which then shows the edits and the setup kit', async () => {
  const server = await serveDist('/', { slow: { path: /-chunk-rest-/, ms: 2500 } });
  const browser = await launchChromium();
  try {
    const context = await browser.newContext({ acceptDownloads: true });
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(server.url);
    await page.locator('#files .file-contents').first().waitFor();
    assert.equal(await page.locator('#section-environments').count(), 0, 'the rest is still on its way');
    assert.equal(await page.locator('main.layout').getAttribute('aria-busy'), 'true', 'and the page says it is busy');
    await page.locator('#later-parts-pending', { hasText: 'The rest of the form is on its way…' }).waitFor();
    await page.locator('#project-service').fill('early-edit');
    await page.locator('#files .file-contents', { hasText: 'early-edit' }).first().waitFor();
    assert.equal(await page.locator(GUIDE).count(), 0, 'the setup kit comes with the rest');
    // A download before the kit's code arrives waits for it rather than leave the kit out.
    const early = download(page, '#download-zip');
    await page.locator(MOUNTED).waitFor();
    const zip = readZip((await early).path);
    assert.match(zip['KAMAL_ACTIONS_SETUP.md'], /early-edit/, 'the zip has the guide');
    assert.ok(Object.keys(zip).some((p) => p.startsWith('kamal-actions-setup/iam/')), `${Object.keys(zip)}`);
    await page.locator(GUIDE).waitFor();
    assert.equal(await page.locator('button.file-button.changed').count(), 0, "the kit's arrival is no edit: nothing is marked");
    for (const id of ['environments', 'secrets', 'registry', 'build', 'commands', 'checks', 'backup']) {
      assert.equal(await page.locator(`#section-${id}`).count(), 1, id);
    }
    assert.equal(await page.locator('#setup').count(), 1, 'the GitHub setup panel');
    assert.equal(await page.locator('#later-parts-pending').count(), 0, 'the line goes once they are in');
    assert.match(await page.locator('#environments-0-name').inputValue(), /\S/, 'the sections show the configuration');
    assert.equal(await page.locator('#project-service').inputValue(), 'early-edit', 'the early edit is kept');
    assert.deepEqual(errors, []);
    await context.close();
  } finally {
    await browser.close();
    server.close();
  }
});

test('a lost rest of the page says so in the form, the first screen keeps working, and trying again brings it', async () => {
  const { hide, bring } = lostUntilBrought(/-chunk-rest-/);
  await withPage({ hide }, async ({ page }) => {
    const message = page.locator('#later-parts-failed');
    await message.waitFor();
    assert.match(await message.locator('p.error').textContent(), /^Part of this page could not be fetched to show the rest of the form, the GitHub setup and its files: check the connection and try again/);
    assert.equal(await page.locator('#section-environments').count(), 0);
    assert.equal(await page.locator(GUIDE).count(), 0, 'no setup kit without its code');
    await page.locator('#download-zip').click();
    assert.match(
      await page.locator('#download-zip ~ p.error').textContent(),
      /^Part of this page could not be fetched to add the setup kit to the zip: check the connection/,
      'no zip without the kit',
    );
    assert.equal(await page.locator('#later-parts-pending').count(), 0, 'no longer on its way');
    await page.locator('#project-service').fill('still-editable');
    await page.locator('#files .file-contents', { hasText: 'still-editable' }).first().waitFor();
    bring();
    await message.getByRole('button', { name: 'Try again' }).click();
    await page.locator('#section-backup').waitFor();
    await page.locator('#setup').waitFor();
    await page.locator(GUIDE).waitFor();
    assert.equal(await message.count(), 0, 'the message goes');
    assert.equal(await page.locator('#project-service').inputValue(), 'still-editable');
  });
});

test('a lost import chunk says so next to the import, and the form keeps working', async () => {
  await withPage({ hide: /-chunk-import-/ }, async ({ page }) => {
    await previewImport(page, 'service: shop\nimage: acme/shop\n');
    const message = page.locator('#deploy-import-error');
    await message.waitFor();
    assert.equal(
      await message.textContent(),
      'The deploy.yml import could not start (its code did not arrive): check the connection and show the changes again, or reload the page if it was updated since you opened it (the pasted files are not kept).',
    );
    assert.equal(await page.locator('#deploy-report').count(), 0, 'no preview, so nothing to apply');
    await page.locator('#project-service').fill('still-editable');
    await page.locator('#files .file-contents', { hasText: 'still-editable' }).first().waitFor();
  });
});

test('a lost zip chunk says so next to the download, and a later click tries again', async () => {
  const { hide, bring } = lostUntilBrought(/-chunk-later-/);
  await withPage({ hide }, async ({ page }) => {
    await page.locator('#download-zip').click();
    const message = page.locator('#download-zip ~ p.error');
    await message.waitFor();
    assert.match(await message.textContent(), /^Part of this page could not be fetched to make the zip: check the connection and try again, or reload the page if it was updated since you opened it \(your settings are kept\)\.$/);
    bring();
    const zip = readZip((await download(page, '#download-zip')).path);
    assert.ok(Object.keys(zip).length > 10, `${Object.keys(zip)}`);
  });
});

test('a lost file-reading chunk says so next to the file picker, and picking again imports', async () => {
  const { hide, bring } = lostUntilBrought(/-chunk-later-/);
  await withPage({ hide }, async ({ page, server }) => {
    const example = join(ROOT, 'examples', 'dockerhub-tags.json');
    await page.locator('#import-files').setInputFiles(example);
    const error = page.locator('#import-files-error');
    await error.filter({ hasText: 'could not be fetched' }).waitFor();
    assert.match(await error.textContent(), /^Part of this page could not be fetched to read the files: check the connection and try again/);
    assert.notEqual(await page.locator('#project-service').inputValue(), 'shop', 'nothing imported');
    bring();
    await page.locator('#import-files').setInputFiles(example);
    await page.waitForFunction(() => document.querySelector('#project-service').value === 'shop');
    assert.equal(await error.textContent(), '', 'the message goes');
    assert.ok(chunks(server).includes('later'), `${chunks(server)}`);
  });
});

test('a lost share chunk says so in the share popover, and a later click makes the link', async () => {
  const { hide, bring } = lostUntilBrought(/-chunk-later-/);
  await withPage({ hide }, async ({ page }) => {
    await page.locator('#share-link').click();
    const status = page.locator('#share-status');
    await status.filter({ hasText: 'could not be fetched' }).waitFor();
    assert.match(await status.textContent(), /^Part of this page could not be fetched to make the link: check the connection and try again/);
    assert.equal(await page.locator('#share-url').inputValue(), '', 'no link');
    bring();
    await page.locator('#share-link').click();
    await page.waitForFunction(() => document.querySelector('#share-url')?.value.includes('#'));
    assert.match(await page.locator('#share-url').inputValue(), /^http:\/\/[^#]+#/);
  });
});

test('a lost chunk of the edit marks says so above the files, and the next edit marks again', async () => {
  const { hide, bring } = lostUntilBrought(/-chunk-later-/);
  await withPage({ hide }, async ({ page }) => {
    await page.locator(MOUNTED).waitFor();
    await page.locator('#project-service').fill('unmarked');
    const message = page.locator('#edit-marks-failed');
    await message.waitFor();
    assert.match(await message.textContent(), /^Part of this page could not be fetched to mark what your last edit changed: check the connection and try again/);
    assert.equal(await page.locator('button.file-button.changed').count(), 0, 'no marks without their code');
    bring();
    await page.locator('#project-service').fill('marked');
    await page.locator('button.file-button.changed').first().waitFor();
    assert.equal(await message.count(), 0, 'the message goes');
  });
});

test('while the import chunk downloads, the import says it is reading the files', async () => {
  const slow = { path: /-chunk-import-/, ms: 1500 };
  await withPage({ slow }, async ({ page, errors }) => {
    await previewImport(page, await readFile(join(FIXTURES, 'rails8-kamal-init.yml'), 'utf8'));
    assert.equal(await page.locator('#deploy-pending').textContent(), 'Reading the files…');
    await page.locator('#deploy-changes').waitFor();
    assert.equal(await page.locator('#deploy-pending').count(), 0, 'gone once the answer is in');
    assert.deepEqual(errors, []);
  });
});

async function importAndApply(page) {
  await previewImport(page, await readFile(join(FIXTURES, 'rails8-kamal-init.yml'), 'utf8'));
  await page.locator('#deploy-apply').click();
  await page.locator('#notice').waitFor();
  assert.equal(await page.locator('#project-service').inputValue(), 'blog');
}

test('a lost undo chunk says so in the notice and changes nothing', async () => {
  await withPage({ hide: /-chunk-later-/ }, async ({ page }) => {
    await importAndApply(page);
    await page.locator('#notice-restore').click();
    const message = page.locator('#notice-failed');
    await message.waitFor();
    assert.match(await message.textContent(), /^Part of this page could not be fetched to undo: check the connection and try again/);
    assert.equal(await page.locator('#project-service').inputValue(), 'blog', 'the import stays');
    assert.equal(await page.locator('#notice-restore').isEnabled(), true, 'the button can try again');
  });
});

test('an undo dismissed while its code arrives is not done, and the button waits meanwhile', async () => {
  const slow = { path: /-chunk-later-/, ms: 3000 };
  await withPage({ slow }, async ({ page, server, errors }) => {
    await importAndApply(page);
    await page.locator('#notice-restore').click();
    assert.equal(await page.locator('#notice-restore').isDisabled(), true, 'busy while the code arrives');
    await page.locator('#notice-dismiss').click();
    await page.waitForFunction(() => performance.getEntriesByType('resource').some((e) => /-chunk-later-/.test(e.name) && e.responseEnd > 0));
    await page.waitForTimeout(300);
    assert.ok(chunks(server).includes('later'), 'the code did arrive');
    assert.equal(await page.locator('#project-service').inputValue(), 'blog', 'the dismissed undo is not done');
    assert.equal(await page.locator('#notice').count(), 0, 'no notice comes back');
    assert.deepEqual(errors, []);
  });
});

/** Edits the form and waits for the draft to be saved (the next load then has one to read). */
async function leaveADraft(page, service) {
  await page.locator('#project-service').fill(service);
  await page.waitForFunction((s) => localStorage.getItem('kamal-actions.draft')?.includes(s), service);
}

test('a returning visit fetches the reading chunk with the page (preloaded), and a reset draft is not kept', async () => {
  await withPage({}, async ({ page, server, errors }) => {
    await leaveADraft(page, 'returning-app');
    assert.ok(!chunks(server).includes('open'), `a first visit reads nothing: ${chunks(server)}`);
    const before = server.requests.length;
    await page.reload();
    await page.locator(MOUNTED).waitFor();
    assert.equal(await page.locator('#project-service').inputValue(), 'returning-app');
    const fetched = server.requests.slice(before).map((p) => p.match(CHUNK)?.[1]).filter(Boolean);
    assert.ok(fetched.includes('open'), `${fetched}`);
    assert.equal(new Set(fetched).size, fetched.length, 'the preload is the fetch the loader uses');
    const initiator = await page.evaluate(
      () => performance.getEntriesByType('resource').find((e) => /-chunk-open-/.test(e.name))?.initiatorType,
    );
    assert.equal(initiator, 'link', 'fetched by the preload in index.html, with the page');
    // Back to the defaults: no draft is kept, so the next visit is a first one again.
    await page.locator('#project-service').fill('myapp');
    await page.waitForFunction(() => localStorage.getItem('kamal-actions.draft') === null);
    assert.deepEqual(errors, []);
  });
});

test('a lost reading chunk leaves the draft as it was and offers a reload that opens it', async () => {
  let lost = false;
  const hide = { test: (path) => lost && /-chunk-/.test(path) };
  await withPage({ hide }, async ({ page }) => {
    await leaveADraft(page, 'kept-app');
    const draft = await page.evaluate(() => localStorage.getItem('kamal-actions.draft'));
    lost = true;
    await page.reload();
    const message = page.locator('#open-failed');
    await message.waitFor();
    assert.match(await message.textContent(), /^Part of this page could not be fetched to open your saved settings: check the connection and try again/);
    assert.equal(await page.evaluate(() => localStorage.getItem('kamal-actions.draft')), draft, 'the draft is untouched');
    lost = false;
    await page.locator('#open-failed button', { hasText: 'Reload' }).click();
    await page.locator(MOUNTED).waitFor();
    assert.equal(await page.locator('#project-service').inputValue(), 'kept-app');
  });
});

test('a lost reading chunk says so next to the JSON import, and changes nothing', async () => {
  await withPage({ hide: /-chunk-open-/ }, async ({ page }) => {
    await page.locator('#import summary').click();
    await page.locator('#import-text').fill(await readFile(join(ROOT, 'examples', 'dockerhub-tags.json'), 'utf8'));
    await page.locator('#import-apply').click();
    const message = page.locator('#import-errors');
    await message.waitFor();
    assert.match(await message.textContent(), /Part of this page could not be fetched to read the file: check the connection and try again/);
    assert.equal(await page.locator('#project-service').inputValue(), 'myapp');
  });
});
