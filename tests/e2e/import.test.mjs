// End-to-end: importing a Kamal config/deploy.yml, confirming it, and the setup kit in the zip.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { useServerAndBrowser, cliGenerate, readZip, showFile, download, openPage as sharedOpenPage, ROOT, clickNoticeButton } from './support.mjs';

const { server, browser } = useServerAndBrowser();
const FIXTURES = join(ROOT, 'crates', 'core', 'tests', 'fixtures', 'deploy');
const fixture = (name) => readFile(join(FIXTURES, name), 'utf8');

async function openPage() {
  const opened = await sharedOpenPage(browser(), server().url);
  await opened.page.locator('#import-deploy summary').click();
  return opened;
}

async function addDestination(page, index, name, text) {
  await page.locator('#deploy-add-destination').click();
  await page.locator(`#deploy-dest-${index}-name`).fill(name);
  await page.locator(`#deploy-dest-${index}-text`).fill(text);
}

test('paste deploy.yml and destinations, review the changes, confirm, download the zip with the kit', async () => {
  const { page, context, errors } = await openPage();
  await page.locator('#deploy-main').fill(await fixture('ecr.yml'));
  await addDestination(page, 0, 'production', await fixture('ecr.production.yml'));
  await addDestination(page, 1, 'staging', await fixture('ecr.staging.yml'));
  await page.locator('#deploy-preview').click();

  const report = page.locator('#deploy-report');
  await report.waitFor();
  const reportText = await report.textContent();
  assert.match(reportText, /registry.server is Amazon ECR, account 210987654321, region eu-central-1/);
  assert.match(reportText, /x-defaults \(a YAML extension for anchors; Kamal skips it\)/);
  assert.match(reportText, /config\/deploy.yml: not deployed on its own/);
  const rows = page.locator('#deploy-changes tbody tr');
  const serviceRow = rows.filter({ hasText: 'Project → Service name' });
  assert.deepEqual(await serviceRow.locator('td').allTextContents(), ['Project → Service name', 'myapp', 'onetribe']);
  // Nothing has changed yet.
  assert.equal(await page.locator('#project-service').inputValue(), 'myapp');

  await page.locator('#deploy-apply').click();
  await page.locator('#deploy-report').waitFor({ state: 'detached' });
  assert.equal(await page.locator('#project-service').inputValue(), 'onetribe');
  assert.equal(await page.locator('#registry-account_id').inputValue(), '210987654321');
  assert.match(await page.locator('#notice').textContent(), /Imported config\/deploy\.yml: \d+ field\(s\) changed/);

  // The guide opens from the setup panel, and the zip holds exactly what the CLI writes for
  // the same import.
  await page.locator('#open-guide').click();
  await page.locator('article.file[data-path="KAMAL_ACTIONS_SETUP.md"]').waitFor();
  const header = await page.locator('article.file .file-path').boundingBox();
  const viewport = page.viewportSize();
  assert.ok(header.y >= 0 && header.y < viewport.height, `the guide's first line is in view: ${header.y}`);
  assert.match(await showFile(page, 'KAMAL_ACTIONS_SETUP.md', 'onetribe'), /gh secret set SENTRY_DSN --env production/);
  const zip = await download(page, '#download-zip');
  const zipped = readZip(zip.path);
  const imported = execFileSync(join(ROOT, 'target', 'debug', 'kamal-actions'), [
    'import', '--deploy', join(FIXTURES, 'ecr.yml'),
    '--destination', `production=${join(FIXTURES, 'ecr.production.yml')}`,
    '--destination', `staging=${join(FIXTURES, 'ecr.staging.yml')}`,
  ], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  const configPath = join(zip.dir, 'imported.json');
  await writeFile(configPath, imported);
  assert.deepEqual(zipped, cliGenerate(configPath, join(zip.dir, 'out')));
  for (const path of [
    'KAMAL_ACTIONS_SETUP.md',
    'kamal-actions-setup/iam/github-actions-deploy-trust-policy.json',
    'kamal-actions-setup/iam/ecr-push-policy.json',
    '.github/dependabot.yml',
  ]) {
    assert.ok(path in zipped, `${path} in the zip: ${Object.keys(zipped).join(', ')}`);
  }
  const push = JSON.parse(zipped['kamal-actions-setup/iam/ecr-push-policy.json']);
  assert.equal(push.Statement[1].Resource, 'arn:aws:ecr:eu-central-1:210987654321:repository/onetribe');

  // Undo brings the form back as it was.
  await clickNoticeButton(page);
  assert.equal(await page.locator('#project-service').inputValue(), 'myapp');
  assert.deepEqual(errors, []);
  await context.close();
});

test('a lone Rails 8 deploy.yml plus staging: the mapping is shown, can be changed, and the zip equals the CLI with the same choices', async () => {
  const { page, context, errors } = await openPage();
  await page.locator('#deploy-main').fill(await fixture('rails8-staging.yml'));
  await addDestination(page, 0, 'staging', await fixture('rails8-staging.staging.yml'));
  await page.locator('#deploy-preview').click();
  await page.locator('#deploy-mapping').waitFor();
  assert.equal(await page.locator('#import-main').inputValue(), 'production');
  assert.equal(await page.locator('#import-destination-staging').inputValue(), 'staging');
  // Send the lone deploy.yml to staging and the destination file to production: the zip must
  // equal the CLI's output for the same choices.
  await page.locator('#import-main').selectOption('staging');
  await page.locator('#import-destination-staging').selectOption('production');
  await page.locator('#deploy-apply').click();
  await page.locator('#deploy-report').waitFor({ state: 'detached' });
  const zip = await download(page, '#download-zip');
  const zipped = readZip(zip.path);
  const imported = execFileSync(join(ROOT, 'target', 'debug', 'kamal-actions'), [
    'import', '--deploy', join(FIXTURES, 'rails8-staging.yml'),
    '--destination', `staging=${join(FIXTURES, 'rails8-staging.staging.yml')}`,
    '--main-environment', 'staging', '--map', 'staging=production',
  ], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  const configPath = join(zip.dir, 'imported.json');
  await writeFile(configPath, imported);
  assert.deepEqual(zipped, cliGenerate(configPath, join(zip.dir, 'out')));
  assert.ok('.kamal/secrets' in zipped, 'deploy.yml alone reads .kamal/secrets');
  assert.ok('.kamal/secrets.staging' in zipped);
  assert.match(zipped['.github/workflows/deploy-production.yml'], /bin\/kamal|build-deploy/);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a broken deploy.yml says why, cannot be applied and changes nothing', async () => {
  const { page, context, errors } = await openPage();
  await page.locator('#project-service').fill('typed-by-hand');
  await page.locator('#deploy-main').fill(await fixture('broken-indentation.yml'));
  await page.locator('#deploy-preview').click();
  const report = page.locator('#deploy-report');
  assert.match(await report.locator('ul.error').textContent(), /config\/deploy\.yml could not be read as YAML: .*line 4/);
  assert.equal(await page.locator('#deploy-apply').isDisabled(), true);
  await page.locator('#deploy-cancel').click();
  await report.waitFor({ state: 'detached' });
  assert.equal(await page.locator('#project-service').inputValue(), 'typed-by-hand');
  assert.deepEqual(errors, []);
  await context.close();
});

test('the preview follows the form: edits made while reviewing are not lost by Apply', async () => {
  const { page, context, errors } = await openPage();
  await page.locator('#deploy-main').fill(await fixture('rails8-kamal-init.yml'));
  await page.locator('#deploy-preview').click();
  await page.locator('#deploy-changes').waitFor();
  // Typed after the preview opened: the import is recomputed over it, and Apply keeps it.
  await page.locator('#project-repository').fill('jane/blog');
  await page.locator('#deploy-apply').click();
  assert.equal(await page.locator('#project-service').inputValue(), 'blog');
  assert.equal(await page.locator('#project-repository').inputValue(), 'jane/blog');
  assert.deepEqual(errors, []);
  await context.close();
});

test('after Apply the confirmation is in view and focused, and Undo takes back the import only', async () => {
  const { page, context, errors } = await openPage();
  await page.locator('#deploy-main').fill(await fixture('rails8-kamal-init.yml'));
  await page.locator('#deploy-preview').click();
  await page.locator('#deploy-changes').waitFor();
  await page.locator('#deploy-apply').click();
  const notice = page.locator('#notice');
  await notice.waitFor();
  await page.waitForFunction(() => document.activeElement?.id === 'notice');
  const box = await notice.boundingBox();
  const viewport = page.viewportSize();
  assert.ok(box.y >= 0 && box.y + box.height <= viewport.height, `the notice is in view: ${JSON.stringify(box)}`);
  // Three edits after the import: undo must keep all of them.
  await page.locator('#project-repository').fill('jane/blog');
  await page.locator('#project-service').fill('blog-two');
  await page.locator('#project-runner').fill('ubuntu-24.04');
  await clickNoticeButton(page);
  assert.equal(await page.locator('#project-repository').inputValue(), 'jane/blog');
  assert.equal(await page.locator('#project-service').inputValue(), 'blog-two');
  assert.equal(await page.locator('#project-runner').inputValue(), 'ubuntu-24.04');
  // What the import set and was not edited since is back as before.
  assert.equal(await page.locator('#registry').inputValue(), 'ecr');
  assert.match(await notice.textContent(), /Import undone\. Kept what you changed since in: Project → Service name/);
  assert.deepEqual(errors, []);
  await context.close();
});

test('an untouched draft invites the import; picked files land in their places and show their changes', async () => {
  const { page, context, errors } = await sharedOpenPage(browser(), server().url);
  const start = page.locator('#import-start');
  assert.equal(await page.locator('#import-title').textContent(), 'Start from your config/deploy.yml');
  assert.ok(await start.evaluate((el) => el.classList.contains('invite')));
  // The header's first link leads to it.
  assert.equal(await page.locator('nav.jump a').first().getAttribute('href'), '#import-start');
  // A file the import cannot place is named, with what it expects; nothing changes.
  await page.locator('#import-files').setInputFiles([{ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('hi') }]);
  await page.locator('#import-files-error', { hasText: 'Not imported: notes.txt' }).waitFor();
  await page.locator('#import-files').setInputFiles([
    { name: 'deploy.yml', mimeType: 'text/yaml', buffer: Buffer.from(await fixture('ecr.yml')) },
    { name: 'deploy.production.yml', mimeType: 'text/yaml', buffer: Buffer.from(await fixture('ecr.production.yml')) },
    { name: 'deploy.staging.yml', mimeType: 'text/yaml', buffer: Buffer.from(await fixture('ecr.staging.yml')) },
  ]);
  const report = page.locator('#deploy-report');
  await report.waitFor();
  assert.equal(await page.locator('#import-files-error').textContent(), '');
  assert.ok(await page.locator('#import-deploy').evaluate((d) => d.open), 'the review is open');
  assert.equal(await page.locator('#deploy-main').inputValue(), await fixture('ecr.yml'));
  assert.deepEqual(
    [await page.locator('#deploy-dest-0-name').inputValue(), await page.locator('#deploy-dest-1-name').inputValue()],
    ['production', 'staging'],
  );
  assert.match(await report.textContent(), /registry.server is Amazon ECR, account 210987654321/);
  assert.equal(await page.locator('#project-service').inputValue(), 'myapp', 'nothing applied before Apply');
  await page.locator('#deploy-apply').click();
  await page.locator('#notice', { hasText: 'Imported config/deploy.yml' }).waitFor();
  assert.equal(await page.locator('#import-title').textContent(), 'Import');
  assert.deepEqual(errors, []);
  await context.close();
});

/** Drops `files` ({name, text}) on the page's body as a browser does: dragenter/over, drop. */
async function dropFiles(page, files) {
  await page.evaluate((files) => {
    const data = new DataTransfer();
    for (const f of files) data.items.add(new File([f.text], f.name));
    const target = document.querySelector('#section-environments');
    for (const type of ['dragenter', 'dragover', 'drop']) {
      target.dispatchEvent(new DragEvent(type, { dataTransfer: data, bubbles: true, cancelable: true }));
    }
  }, files);
}

test('files dropped anywhere on the page are imported: deploy.yml to its review, a configuration with an undo', async () => {
  const { page, context, errors } = await sharedOpenPage(browser(), server().url);
  await dropFiles(page, [{ name: 'deploy.yml', text: await fixture('rails8-kamal-init.yml') }]);
  await page.locator('#deploy-report').waitFor();
  assert.equal(await page.locator('#deploy-main').inputValue(), await fixture('rails8-kamal-init.yml'));
  await page.locator('#deploy-cancel').click();
  // A configuration replaces the form at once, and can be undone.
  const example = await readFile(join(ROOT, 'examples', 'dockerhub-tags.json'), 'utf8');
  await page.locator('#project-repository').fill('jane/blog');
  await dropFiles(page, [{ name: 'shop-kamal-actions.json', text: example }]);
  await page.locator('#notice', { hasText: 'Imported shop-kamal-actions.json' }).waitFor();
  assert.equal(await page.locator('#project-service').inputValue(), 'shop');
  await clickNoticeButton(page);
  assert.equal(await page.locator('#project-service').inputValue(), 'myapp');
  assert.equal(await page.locator('#project-repository').inputValue(), 'jane/blog');
  // Mixing a configuration with Kamal's files is refused, and says why.
  await dropFiles(page, [{ name: 'a.json', text: example }, { name: 'deploy.yml', text: 'service: x' }]);
  await page.locator('#import-files-error', { hasText: 'replaces the whole form' }).waitFor();
  assert.equal(await page.locator('#project-service').inputValue(), 'myapp');
  assert.deepEqual(errors, []);
  await context.close();
});
