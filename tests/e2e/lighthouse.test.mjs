// End-to-end: Lighthouse's accessibility category scores 100 on the release build, on a phone
// and a desktop, in both colour schemes, served as GitHub Pages serves it. axe (a11y.test.mjs)
// walks the states a user meets; Lighthouse adds its own audits of the loaded page (viewport
// zoom, document language, tap targets) and is the figure the page issue names.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serveDist } from './support.mjs';
import { runLighthouse, failingAudits } from './lighthouse.mjs';

let server;
before(async () => {
  server = await serveDist('/', { pages: true });
});
after(() => server?.close());

for (const preset of ['mobile', 'desktop']) {
  for (const dark of [false, true]) {
    test(`Lighthouse accessibility is 100, ${preset}, ${dark ? 'dark' : 'light'}`, async () => {
      const lhr = await runLighthouse(server.url, { preset, dark, categories: ['accessibility'] });
      assert.deepEqual(failingAudits(lhr, 'accessibility'), [], 'every weighted audit passes');
      assert.equal(lhr.categories.accessibility.score, 1);
      // The audits ran on the rendered form, not on the loading line: with no form controls
      // the label audit would be "not applicable".
      assert.equal(lhr.audits.label.scoreDisplayMode, 'binary');
      assert.equal(lhr.audits.label.score, 1);
      assert.ok(server.requests.some((path) => path.endsWith('.wasm')), 'the page loaded its wasm');
    });
  }
}
