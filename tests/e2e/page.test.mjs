// End-to-end: the release build in a real Chromium, driven like a user.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { useServerAndBrowser, cliGenerate, cliDefaultConfig, readZip, showFile, download, openPage as sharedOpenPage, ROOT } from './support.mjs';

const { server, browser } = useServerAndBrowser();

const openPage = (options) => sharedOpenPage(browser(), server().url, options);

const PRODUCTION = '.github/workflows/deploy-production.yml';

test('typing a name updates the preview', async () => {
  const html = await (await fetch(server().url)).text();
  assert.match(html, /id="loading"/, 'index.html paints a loading line before the wasm arrives');
  const { page, context, errors } = await openPage();
  assert.equal(await page.locator('#loading').count(), 0, 'the page replaces it');
  assert.match(await showFile(page, PRODUCTION, 'Deploys myapp'), /Deploys myapp to production/);
  await page.locator('#project-service').fill('');
  await page.locator('#project-service').pressSequentially('shop');
  assert.match(await showFile(page, PRODUCTION, 'Deploys shop'), /Deploys shop to production/);
  assert.deepEqual(errors, []);
  await context.close();
});

test('an invalid branch shows its message and disables the download', async () => {
  const { page, context } = await openPage();
  const branches = page.locator('#environments-1-trigger-branches');
  await branches.fill('no spaces');
  await page.locator('#environments-1-trigger-branches-error', { hasText: "cannot contain ' '" }).waitFor();
  assert.equal(await page.locator('#download-zip').isDisabled(), true);
  assert.match(await page.locator('#status').textContent(), /1 problem/);
  // The problem list links to the field.
  await page.locator('.problem-list a').first().click();
  assert.equal(await page.evaluate(() => document.activeElement.id), 'environments-1-trigger-branches');
  await branches.fill('staging');
  assert.equal(await page.locator('#download-zip').isEnabled(), true);
  await context.close();
});

/** Clears and types into the field with this id. */
async function set(page, id, value) {
  await page.locator(`#${id}`).fill(value);
}

test("fill every section to the seed's setup, then export, download and compare with the CLI", async () => {
  const { page, context, errors } = await openPage();
  // Project
  await set(page, 'project-service', 'onetribe');
  await set(page, 'project-repository', 'jetrockets/onetribe');
  await page.locator('#project-kamal_version').selectOption('2');
  await page.locator('#project-kamal_install').selectOption('bin/kamal');
  await set(page, 'project-ruby_version', '.ruby-version');
  await set(page, 'project-runner', 'ubuntu-latest');
  await set(page, 'project-timeout_minutes', '20');
  await page.locator('#project-layout').selectOption('actions');
  await page.locator('#project-numbered_workflows').check();
  // Environments
  await set(page, 'environments-0-name', 'production');
  await set(page, 'environments-0-url', 'https://onetribe.team');
  await page.locator('#environments-0-trigger').selectOption('release');
  await page.locator('#environments-0-concurrency').selectOption('queue');
  await page.locator('fieldset.card').nth(0).locator('details.overrides summary').click();
  await set(page, 'environments-0-secret_overrides-DATABASE_URL', 'DATABASE_URL_PRODUCTION_ADMIN');
  await set(page, 'environments-0-secret_overrides-REDIS_URL', 'REDIS_URL_PRODUCTION_ADMIN');
  await set(page, 'environments-1-name', 'staging');
  await page.locator('#environments-1-trigger').selectOption('branches');
  await set(page, 'environments-1-trigger-branches', 'staging');
  await page.locator('fieldset.card').nth(1).locator('details.overrides summary').click();
  await set(page, 'environments-1-secret_overrides-DATABASE_URL', 'DATABASE_URL_STAGING');
  await set(page, 'environments-1-secret_overrides-REDIS_URL', 'REDIS_URL_STAGING');
  // Secrets
  await set(page, 'secrets-ssh_private_key', 'SSH_PRIVATE_KEY');
  await page.locator('#secrets-known_hosts').selectOption('variable');
  await set(page, 'secrets-known_hosts-name', 'SSH_KNOWN_HOSTS');
  // Registry and AWS
  await page.locator('#registry').selectOption('ecr');
  await set(page, 'registry-account_id', '123456789012');
  await page.locator('#registry-region').selectOption('us-east-1');
  await set(page, 'registry-role_arn', 'arn:aws:iam::123456789012:role/github-actions-deploy');
  // Build
  await page.locator('#build-setup_buildx').check();
  await page.locator('#build-gha_cache').uncheck();
  // Commands: proxy reboot, accessory reboot pg_hero, lock release
  await page.locator('button[aria-label="Add accessory reboot NAME"]').click();
  await set(page, 'commands-2', 'accessory reboot pg_hero');
  await page.locator('button[aria-label="Move command 3 up"]').click();
  // Checks
  await set(page, 'checks-specs', 'bin/rspec');
  await set(page, 'checks-lint', 'bin/rubocop');
  // Backup
  await page.locator('#backup-enabled').check();
  await page.locator('#backup-environment').selectOption('production');
  await set(page, 'backup-cron', '0 3 * * *');
  await page.locator('#backup-dump').selectOption('command');
  await set(page, 'backup-dump-command-command', "accessory exec pg_hero --reuse --raw 'pg_dumpall --clean'");
  await page.locator('#backup-encryption').selectOption('age');
  await set(page, 'backup-encryption-age-recipient', 'age1ssqwyg0yv9a6mks73xjkta046pgpxv83ty0nv0l7zzwq6y645d2qdwpqsl');
  await page.locator('#backup-store').selectOption('s3');
  await set(page, 'backup-store-s3-bucket', 'onetribe-backups');
  await set(page, 'backup-store-s3-prefix', 'database/');
  await set(page, 'backup-store-s3-region', 'us-east-1');
  await set(page, 'backup-store-s3-role_arn', 'arn:aws:iam::123456789012:role/github-actions-deploy');

  await page.locator('#status', { hasText: 'Ready' }).waitFor();
  // The preview of several files.
  const deploy = await showFile(page, '.github/workflows/01.build_deploy_production.yml', 'onetribe');
  assert.match(deploy, /url: https:\/\/onetribe\.team/);
  assert.match(deploy, /DATABASE_URL: \$\{\{ secrets\.DATABASE_URL_PRODUCTION_ADMIN \}\}/);
  const run = await showFile(page, '.github/workflows/06.kamal_run_command.yml', 'pg_hero');
  assert.match(run, /'accessory reboot pg_hero'\) ;;/);
  const runAction = await showFile(page, '.github/actions/run-command/action.yml', 'pg_hero');
  assert.match(runAction, /'accessory reboot pg_hero'\)\n\s+args=\(accessory reboot pg_hero\)/);
  const preBuild = await showFile(page, '.github/actions/pre-build/action.yml', 'docker_password');
  assert.match(preBuild, /docker_password_123456789012_dkr_ecr_us_east_1_amazonaws_com/);
  // The GitHub setup panel lists the overridden secret for production only.
  const setup = await page.locator('#setup').textContent();
  assert.match(setup, /DATABASE_URL_PRODUCTION_ADMIN/);
  assert.match(setup, /DATABASE_URL_STAGING/);

  // Export: the same document as the example written by hand.
  const exported = await download(page, '#export-json');
  assert.equal(exported.name, 'onetribe-kamal-actions.json');
  const config = JSON.parse(await readFile(exported.path, 'utf8'));
  const example = JSON.parse(await readFile(join(ROOT, 'examples', 'seed-kamal2.json'), 'utf8'));
  assert.deepEqual(config, example);

  // Download: every entry equals what the CLI writes for the exported configuration.
  const zip = await download(page, '#download-zip');
  assert.equal(zip.name, 'onetribe-kamal-actions.zip');
  const zipped = readZip(zip.path);
  const written = cliGenerate(exported.path, join(zip.dir, 'out'));
  assert.ok(Object.keys(zipped).length >= 14, Object.keys(zipped).join(', '));
  assert.deepEqual(zipped, written);
  assert.deepEqual(errors, []);
  await context.close();
});

test('copy puts the selected file on the clipboard', async () => {
  const { page, context } = await openPage();
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server().url });
  const text = await showFile(page, '.kamal/secrets.production', 'RAILS_MASTER_KEY');
  await page.locator('#copy-file').click();
  await page.locator('#copy-file', { hasText: 'Copied' }).waitFor();
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  assert.equal(copied, text);
  assert.match(copied, /^KAMAL_REGISTRY_PASSWORD=\$KAMAL_REGISTRY_PASSWORD$/m);
  await context.close();
});

test('import: invalid input changes nothing, a valid file replaces the form', async () => {
  const { page, context } = await openPage();
  await page.locator('#import summary').click();
  await page.locator('#import-text').fill('{"version": 1, "project": {"service": "x"}');
  await page.locator('#import-apply').click();
  await page.locator('#import-errors').waitFor();
  assert.equal(await page.locator('#project-service').inputValue(), 'myapp');
  const example = await readFile(join(ROOT, 'examples', 'dockerhub-tags.json'), 'utf8');
  await page.locator('#import-text').fill(example.replace('"acme"', '"Not Valid!"'));
  await page.locator('#import-apply').click();
  await page.locator('#import-errors', { hasText: 'Registry → Username' }).waitFor();
  assert.equal(await page.locator('#project-service').inputValue(), 'myapp');
  await page.locator('#import-files').setInputFiles(join(ROOT, 'examples', 'dockerhub-tags.json'));
  await page.locator('#project-service[value="shop"], #project-service').first().waitFor();
  await page.waitForFunction(() => document.querySelector('#project-service').value === 'shop');
  assert.equal(await page.locator('#registry').inputValue(), 'docker_hub');
  assert.equal(await page.locator('#environments-1-trigger').inputValue(), 'manual');
  await context.close();
});

test('keyboard only: reach, edit and add with Tab, typing, Enter and Space', async () => {
  const { page, context } = await openPage();
  /** Presses Tab until the element with `id` has focus; fails after `limit` presses. */
  async function tabTo(id, limit = 200) {
    for (let i = 0; i < limit; i++) {
      if ((await page.evaluate(() => document.activeElement?.id)) === id) return;
      await page.keyboard.press('Tab');
    }
    assert.fail(`Tab never reached #${id}`);
  }
  await tabTo('project-service');
  const outline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
  assert.notEqual(outline, 'none', 'focus is visible');
  await page.keyboard.press('Control+A');
  await page.keyboard.type('kbd');
  await tabTo('add-environment');
  await page.keyboard.press('Enter');
  await page.locator('#environments-2-name').waitFor();
  await page.waitForFunction(() => document.activeElement?.id === 'environments-2-name');
  await tabTo('environments-2-trigger');
  await page.keyboard.press('ArrowUp'); // manual -> tags
  await page.locator('#environments-2-trigger-tags').waitFor();
  await tabTo('build-gha_cache');
  await page.keyboard.press('Space');
  assert.equal(await page.locator('#build-gha_cache').isChecked(), true);
  await tabTo('download-zip');
  const [file] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
  assert.equal(file.suggestedFilename(), 'kbd-kamal-actions.zip');
  await context.close();
});

test('the default setup downloads exactly what the CLI writes', async () => {
  const { page, context } = await openPage();
  const zip = await download(page, '#download-zip');
  const configPath = join(zip.dir, 'config.json');
  await writeFile(configPath, JSON.stringify(cliDefaultConfig()));
  assert.deepEqual(readZip(zip.path), cliGenerate(configPath, join(zip.dir, 'out')));
  await context.close();
});
