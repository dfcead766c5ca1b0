// Takes the README screenshots of the release build (run `trunk build --release` first):
// docs/screenshot-wide.png (1440x900) and docs/screenshot-narrow.png (390x844).
// Usage: node scripts/screenshot.mjs   (or: scripts/screenshot, which builds first)
import { serveDist, launchChromium, ROOT } from '../tests/e2e/support.mjs';
import { join } from 'node:path';

const shots = [
  { file: 'screenshot-wide.png', viewport: { width: 1440, height: 900 }, scheme: 'light' },
  { file: 'screenshot-narrow.png', viewport: { width: 390, height: 844 }, scheme: 'dark' },
];

const server = await serveDist();
const browser = await launchChromium();
try {
  for (const shot of shots) {
    const page = await browser.newPage({ viewport: shot.viewport, colorScheme: shot.scheme });
    await page.goto(server.url);
    await page.locator('.file-contents').first().waitFor();
    const path = join(ROOT, 'docs', shot.file);
    await page.screenshot({ path });
    console.log(`wrote ${path}`);
    await page.close();
  }
} finally {
  await browser.close();
  server.close();
}
