// End-to-end: share links, drafts, hostile input and the page's network behaviour.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { useServerAndBrowser, MOUNTED, readZip, showFile, download, clickNoticeButton } from './support.mjs';

const { server, browser } = useServerAndBrowser();

async function newPage() {
  const context = await browser().newContext({ acceptDownloads: true });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server().url });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  return { context, page, errors };
}

async function load(page, fragment = '') {
  await page.goto('about:blank');
  await page.goto(server().url + fragment);
  await page.locator(MOUNTED).waitFor();
}

async function zipOf(page) {
  return readZip((await download(page, '#download-zip')).path);
}

const link = (json) => 'v1.' + deflateRawSync(Buffer.from(json)).toString('base64url');

test('a copied share link opens the same configuration in a fresh browser', async () => {
  const a = await newPage();
  await load(a.page);
  await a.page.locator('#project-service').fill('shared-app');
  await a.page.locator('#environments-1-trigger-branches').fill('develop, release');
  await a.page.locator('button[aria-label="Add accessory reboot NAME"]').click();
  await a.page.locator('#commands-2').fill('accessory reboot redis');
  await a.page.locator('#status', { hasText: 'Ready' }).waitFor();
  await a.page.locator('#share-link').click();
  await a.page.locator('#share-status', { hasText: 'Link copied' }).waitFor();
  const url = await a.page.evaluate(() => navigator.clipboard.readText());
  assert.ok(url.startsWith(server().url + '#v1.'), url);
  assert.ok(url.length < 1000, `${url.length} characters`);
  // The browser deflated it: plain raw deflate, which zlib (like the CLI's flate2) reads.
  const carried = JSON.parse(inflateRawSync(Buffer.from(url.split('#v1.')[1], 'base64url')));
  assert.equal(carried.project.service, 'shared-app');
  const zipA = await zipOf(a.page);

  const b = await newPage();
  await b.page.goto(url);
  await b.page.locator(MOUNTED).waitFor();
  assert.equal(await b.page.locator('#project-service').inputValue(), 'shared-app');
  assert.equal(await b.page.locator('#environments-1-trigger-branches').inputValue(), 'develop, release');
  assert.equal(new URL(b.page.url()).hash, '', 'the link leaves the address bar once opened');
  for (const path of ['.github/workflows/deploy-staging.yml', '.github/workflows/kamal-run-command.yml']) {
    assert.equal(await showFile(b.page, path), await showFile(a.page, path), path);
  }
  assert.deepEqual(await zipOf(b.page), zipA);
  assert.deepEqual([...a.errors, ...b.errors], []);
  await a.context.close();
  await b.context.close();
});

test('a reload restores the draft', async () => {
  const { context, page } = await newPage();
  await load(page);
  await page.locator('#project-service').fill('draft-app');
  await page.locator('#checks-specs').fill('bin/rails test:all');
  await page.reload();
  await page.locator('#project-service').waitFor();
  assert.equal(await page.locator('#project-service').inputValue(), 'draft-app');
  assert.equal(await page.locator('#checks-specs').inputValue(), 'bin/rails test:all');
  // An edit and the reload in one task, with no paint between: leaving the page saves it.
  await page.locator(MOUNTED).waitFor();
  await Promise.all([
    page.waitForEvent('load'),
    page.evaluate(() => {
      const input = document.querySelector('#checks-specs');
      input.value = 'bin/rails test:system';
      input.dispatchEvent(new Event('input', { bubbles: true }));
      location.reload();
    }),
  ]);
  await page.locator(MOUNTED).waitFor();
  assert.equal(await page.locator('#checks-specs').inputValue(), 'bin/rails test:system');
  await context.close();
});

test('opening a link over a different draft offers the draft back', async () => {
  const { context, page } = await newPage();
  await load(page);
  await page.locator('#project-service').fill('my-draft');
  // The draft is saved after the paint that shows the edit: the link is made from it once it is.
  const draft = await page.waitForFunction(() => {
    const saved = localStorage.getItem('kamal-actions.draft');
    return saved?.includes('my-draft') && saved;
  });
  const shared = link(JSON.stringify({ ...JSON.parse(await draft.jsonValue()), project: { service: 'theirs' } }));
  await load(page, '#' + shared);
  assert.equal(await page.locator('#project-service').inputValue(), 'theirs');
  await page.locator('#notice', { hasText: 'Opened the shared configuration' }).waitFor();
  await clickNoticeButton(page);
  assert.equal(await page.locator('#project-service').inputValue(), 'my-draft');
  await context.close();
});

test('a link pasted into an open page opens without a reload', async () => {
  const { context, page } = await newPage();
  await load(page);
  await page.locator('#project-service').fill('open-tab');
  const shared = link(JSON.stringify({ version: 1, project: { service: 'pasted' }, environments: [{ name: 'production', github_environment: 'production', trigger: { on: 'release' } }], secrets: { ssh_private_key: 'K' }, registry: { type: 'ghcr' } }));
  await page.evaluate((fragment) => { window.__sameDocument = true; location.hash = fragment; }, shared);
  await page.waitForFunction(() => document.querySelector('#project-service').value === 'pasted');
  assert.equal(await page.evaluate(() => window.__sameDocument), true, 'no reload happened');
  await clickNoticeButton(page);
  assert.equal(await page.locator('#project-service').inputValue(), 'open-tab');
  await context.close();
});

test('every kind of broken link says what is wrong and keeps the draft', async () => {
  const { context, page, errors } = await newPage();
  await load(page);
  await page.locator('#project-service').fill('keep-me');
  const good = link(JSON.stringify({ version: 1, project: { service: 'x' }, environments: [], secrets: { ssh_private_key: 'K' }, registry: { type: 'ghcr' } }));
  const cases = [
    ['truncated', good.slice(0, good.length - 9), 'incomplete'],
    ['corrupted', good.slice(0, 10) + '%%$$' + good.slice(10), 'damaged'],
    ['wrong version', 'v7.' + good.slice(3), 'newer kamal-actions'],
    ['oversized', 'v1.' + 'A'.repeat(100_000), 'characters long'],
    ['decompression bomb', 'v1.' + deflateRawSync(Buffer.alloc(8 * 1024 * 1024, 32)).toString('base64url'), 'more than 64 KB'],
    ['invalid JSON', link('{"version": 1, "project": '), 'cannot be read'],
    ['unknown field', link('{"version":1,"project":{"service":"x","colour":"red"},"environments":[],"secrets":{"ssh_private_key":"K"},"registry":{"type":"ghcr"}}'), 'unknown field `colour`'],
    ['newer format', link('{"version":99}'), 'format version 99'],
  ];
  for (const [kind, fragment, expected] of cases) {
    await load(page, '#' + fragment);
    const notice = page.locator('#notice');
    await notice.waitFor();
    const text = await notice.textContent();
    assert.ok(text.includes(expected), `${kind}: ${text}`);
    assert.ok(text.includes('Your draft is unchanged'), `${kind}: ${text}`);
    assert.equal(await page.locator('#project-service').inputValue(), 'keep-me', kind);
  }
  assert.deepEqual(errors, []);
  await context.close();
});

test('reset to defaults can be undone', async () => {
  const { context, page } = await newPage();
  await load(page);
  await page.locator('#project-service').fill('before-reset');
  await page.locator('#reset').click();
  assert.equal(await page.locator('#project-service').inputValue(), 'myapp');
  await page.locator('#notice', { hasText: 'Reset to the defaults' }).waitFor();
  await clickNoticeButton(page);
  // The undo's code is fetched on its first use (src/ui/split.rs).
  await page.waitForFunction(() => document.querySelector('#project-service').value === 'before-reset');
  await context.close();
});

test('text from the user is shown as text and runs nothing', async () => {
  const { context, page, errors } = await newPage();
  await page.addInitScript(() => {
    window.__pwned = 0;
    window.alert = () => (window.__pwned += 1);
  });
  await load(page);
  const hostile = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>';
  await page.locator('#checks-specs').fill(`echo '${hostile}'`);
  await page.locator('#project-service').fill(hostile);
  const specs = await showFile(page, '.github/workflows/_specs.yml');
  assert.ok(specs.includes(hostile), specs);
  assert.equal(await page.locator('.file-contents img, .file-contents script').count(), 0);
  assert.equal(await page.locator('#project-service').inputValue(), hostile);
  assert.ok((await page.locator('.problem-list').textContent()).includes('Project → Service name'));
  // The same strings arriving through a share link.
  const shared = link(JSON.stringify({ version: 1, project: { service: hostile }, environments: [], secrets: { ssh_private_key: 'K' }, registry: { type: 'ghcr' } }));
  await load(page, '#' + shared);
  assert.equal(await page.locator('#project-service').inputValue(), hostile);
  assert.equal(await page.evaluate(() => window.__pwned), 0);
  assert.equal(await page.locator('img:not([src^="/"])').count(), 0);
  assert.deepEqual(errors, []);
  await context.close();
});

test('the page requests only its own files, and after load only chunks of its own code', async () => {
  const { context, page, errors } = await newPage();
  const requests = [];
  const sent = [];
  page.on('request', (r) => {
    requests.push(r.url());
    if (r.method() !== 'GET' || r.postData()) sent.push(`${r.method()} ${r.url()}`);
  });
  const violations = [];
  page.on('console', (m) => /Content Security Policy|Refused/.test(m.text()) && violations.push(m.text()));
  await load(page);
  await page.waitForLoadState('networkidle');
  const atLoad = requests.filter((u) => !u.startsWith('about:'));
  for (const url of atLoad) {
    assert.ok(url.startsWith(server().url), `request to another origin: ${url}`);
    const path = new URL(url).pathname;
    assert.match(path, /^\/([\w.-]+\.(js|wasm|css|svg)|)$/, `not a static file of the page: ${path}`);
  }
  const before = requests.length;
  const served = server().requests.length;
  // Typing, copying, downloading, sharing, importing.
  await page.locator('#project-service').fill('quiet');
  await page.locator('#environments-0-url').fill('https://example.com/');
  await showFile(page, '.github/workflows/_lint.yml');
  await page.locator('#copy-file').click();
  await page.locator('#copy-file', { hasText: 'Copied' }).waitFor();
  await page.locator('#share-link').click();
  await page.locator('#share-status', { hasText: 'Link copied' }).waitFor();
  await zipOf(page);
  const [json] = await Promise.all([page.waitForEvent('download'), page.locator('#export-json').click()]);
  assert.equal(json.suggestedFilename(), 'quiet-kamal-actions.json');
  await page.waitForTimeout(300);
  // What the user did fetched code the page needs only then (src/ui/split.rs): plain GETs of
  // the page's own files, no query, nothing of what was typed, each file once.
  const after = requests.slice(before).filter((u) => !u.startsWith('blob:'));
  assert.ok(after.length > 0, 'the zip and the edit marks come in chunks');
  for (const url of after) {
    assert.ok(url.startsWith(server().url), `request to another origin: ${url}`);
    assert.match(new URL(url).pathname, /^\/kamal-actions-web-chunk-[a-z0-9-]+-[0-9a-f]{16}\.wasm$/, 'only a chunk of the page after load');
  }
  assert.equal(new Set(after).size, after.length, `each chunk once: ${after}`);
  assert.equal(server().requests.length, served + after.length, 'the server saw only those');
  assert.deepEqual(sent, [], 'nothing sent but GETs without a body');
  assert.deepEqual(violations, []);
  assert.deepEqual(errors, []);
  await context.close();
});

test('copying the share link moves nothing, and the link is in a field to select', async () => {
  const { context, page, errors } = await newPage();
  await load(page);
  // Every layout shift, with or without recent input, from here on.
  await page.evaluate(() => {
    window.__shifts = 0;
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) window.__shifts += entry.value;
    }).observe({ type: 'layout-shift' });
  });
  const before = await page.locator('.file-tree').boundingBox();
  await page.locator('#share-link').click();
  await page.locator('#share-status', { hasText: 'Link copied' }).waitFor();
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  assert.equal(await page.locator('#share-url').inputValue(), copied);
  await page.locator('#share-url').focus();
  const selected = await page.evaluate(() => {
    const input = document.getElementById('share-url');
    return input.selectionEnd - input.selectionStart;
  });
  assert.equal(selected, copied.length, 'focusing the field selects the whole link');
  await page.waitForTimeout(4500);
  await page.locator('#share-close').click();
  const after = await page.locator('.file-tree').boundingBox();
  assert.equal(after.y, before.y, 'the tree did not move');
  const shifts = await page.evaluate(() => window.__shifts);
  assert.ok(shifts < 0.001, `layout shift ${shifts}`);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a browser without CompressionStream says so for links and still downloads every file', async () => {
  const old = await newPage();
  await old.page.addInitScript(() => {
    delete window.CompressionStream;
    delete window.DecompressionStream;
  });
  const shared = link(JSON.stringify({ version: 1, project: { service: 'old-browser' }, environments: [], secrets: { ssh_private_key: 'K' }, registry: { type: 'ghcr' } }));
  await load(old.page, '#' + shared);
  await old.page.locator('#notice', { hasText: 'cannot unpack share links' }).waitFor();
  assert.equal(await old.page.locator('#project-service').inputValue(), 'myapp', 'the draft (defaults) stays');
  await old.page.locator('#share-link').click();
  await old.page.locator('#share-status', { hasText: 'cannot make share links' }).waitFor();
  // The zip's files are stored instead of deflated: the same files, and Python's zipfile checks
  // every CRC.
  const current = await newPage();
  await load(current.page);
  assert.deepEqual(await zipOf(old.page), await zipOf(current.page));
  assert.deepEqual([...old.errors, ...current.errors], []);
  await old.context.close();
  await current.context.close();
});
