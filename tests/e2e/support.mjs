// Shared pieces of the end-to-end tests: a static server for dist/, Debian's Chromium through
// playwright-core, the CLI, and reading a zip with Python's zipfile (an independent reader).
import { createServer } from 'node:http';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { execFileSync } from 'node:child_process';
import { extname, join, normalize } from 'node:path';
import { gzipSync } from 'node:zlib';
import { before, after } from 'node:test';
import { chromium } from 'playwright-core';

export const ROOT = new URL('../..', import.meta.url).pathname;
const DIST = join(ROOT, 'dist');

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.wasm': 'application/wasm',
  '.css': 'text/css',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
};

/**
 * Serves dist/ on 127.0.0.1 under `base` ('/' or a sub-path such as '/kamal-actions/', as
 * GitHub Pages does for a project) and records every request path; anything outside `base` is
 * a 404, so a root-relative asset URL fails the test. With `pages: true` it answers as GitHub
 * Pages does (gzip when the browser accepts it, `Cache-Control: max-age=600`), which is what
 * Lighthouse must measure: load time follows the bytes on the wire. Paths matching `hide` (a
 * RegExp) are a 404, as a file lost from a deployment would be; paths matching `slow.path` are
 * answered after `slow.ms`, as on a slow network.
 */
export async function serveDist(base = '/', { pages = false, hide, slow } = {}) {
  const requests = [];
  const server = createServer(async (req, res) => {
    const url = new URL(req.url, 'http://localhost');
    requests.push(url.pathname);
    if (!url.pathname.startsWith(base) || hide?.test(url.pathname)) {
      res.writeHead(404).end('not found');
      return;
    }
    if (slow?.path.test(url.pathname)) await new Promise((resolve) => setTimeout(resolve, slow.ms));
    const inside = url.pathname.slice(base.length);
    const path = normalize(join(DIST, inside === '' ? 'index.html' : inside));
    if (!path.startsWith(DIST)) {
      res.writeHead(403).end();
      return;
    }
    try {
      const body = await readFile(path);
      const headers = { 'content-type': TYPES[extname(path)] ?? 'application/octet-stream' };
      if (!pages) {
        res.writeHead(200, headers).end(body);
        return;
      }
      headers['cache-control'] = 'max-age=600';
      headers.vary = 'Accept-Encoding';
      if (/\bgzip\b/.test(req.headers['accept-encoding'] ?? '')) {
        headers['content-encoding'] = 'gzip';
        res.writeHead(200, headers).end(gzipSync(body, { level: 9 }));
      } else {
        res.writeHead(200, headers).end(body);
      }
    } catch {
      res.writeHead(404).end('not found');
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  return { url: `http://127.0.0.1:${port}${base}`, requests, close: () => server.close() };
}

/** The flags that keep Chromium off the (closed) network, shared with the Lighthouse runner. */
export const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Debian's Chromium, headless. */
export function launchChromium() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_FLAGS,
  });
}

const CLI = join(ROOT, 'target', 'debug', 'kamal-actions');

/** Runs the CLI built by the test script and returns {path: contents} of what it wrote. */
export function cliGenerate(configPath, outDir) {
  execFileSync(CLI, ['generate', '--config', configPath, '--out', outDir]);
  return readTree(outDir);
}

/** The default configuration, as the CLI prints it. */
export function cliDefaultConfig() {
  return JSON.parse(execFileSync(CLI, ['init'], { encoding: 'utf8' }));
}

function readTree(dir) {
  const script = `
import json, os, sys
root = sys.argv[1]
out = {}
for base, dirs, files in os.walk(root):
    for name in files:
        full = os.path.join(base, name)
        out[os.path.relpath(full, root)] = open(full, encoding="utf-8").read()
print(json.dumps(out))
`;
  return JSON.parse(execFileSync('python3', ['-c', script, dir], { encoding: 'utf8' }));
}

/** {path: contents} of every entry of a zip file. */
export function readZip(zipPath) {
  const script = `
import json, sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as z:
    assert z.testzip() is None
    print(json.dumps({i.filename: z.read(i).decode("utf-8") for i in z.infolist()}))
`;
  return JSON.parse(execFileSync('python3', ['-c', script, zipPath], { encoding: 'utf8' }));
}

/**
 * Starts the dist/ server and Chromium before a test file's tests and stops them after;
 * returns getters, since both exist only once `before` has run.
 */
export function useServerAndBrowser() {
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
  return { server: () => server, browser: () => browser };
}

/**
 * Selects a file in the tree and returns its preview text (Markdown as its source) once it
 * shows `expect`.
 */
export async function showFile(page, path, expect) {
  await page.locator(`button.file-button[data-path="${path}"]`).click();
  if (path.endsWith('.md') && (await page.locator('#markdown-source[aria-pressed="false"]').count())) {
    await page.locator('#markdown-source').click();
  }
  const code = page.locator(`article.file[data-path="${path}"] .file-contents`);
  if (expect) await code.filter({ hasText: expect }).waitFor();
  return code.textContent();
}

export async function download(page, button) {
  const [file] = await Promise.all([page.waitForEvent('download'), page.locator(button).click()]);
  const dir = await mkdtemp(join(tmpdir(), 'kamal-actions-e2e-'));
  const path = join(dir, file.suggestedFilename());
  await file.saveAs(path);
  return { path, name: file.suggestedFilename(), dir };
}

/**
 * Clicks the notice's button (undo, restore) and waits for what it did: its code is a chunk
 * fetched on first use (src/ui/split.rs), so the form changes a moment after the click.
 */
export async function clickNoticeButton(page) {
  const before = await page.locator('#notice p').textContent();
  await page.locator('#notice-restore').click();
  await page.waitForFunction((text) => document.querySelector('#notice p')?.textContent !== text, before);
}

/**
 * The page once every part has mounted: it mounts a part per task (`src/ui/stages.rs`) and
 * marks its <main> busy until the last. Not the static import box index.html paints until the
 * wasm starts, which is a `main.layout` too (`#loading`).
 */
export const MOUNTED = 'main.layout:not(#loading):not([aria-busy])';

/**
 * A fresh browser context on the page, with every page error and console error collected in
 * `errors` (tests assert it stays empty).
 */
export async function openPage(browser, url, options = {}) {
  const context = await browser.newContext({ acceptDownloads: true, ...options });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  await page.goto(url);
  await page.locator(MOUNTED).waitFor();
  return { page, context, errors };
}
