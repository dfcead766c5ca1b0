// Takes the README screenshots of the release build (run `trunk build --release` first): the
// page at 1440x900 and 390x844, each in the light and the dark theme, and the setup guide as the
// page formats it. Usage: node scripts/screenshot.mjs   (or: scripts/screenshot, which builds first)
import { serveDist, launchChromium, MOUNTED, ROOT } from '../tests/e2e/support.mjs';
import { join } from 'node:path';

const WIDE = { width: 1440, height: 900 };
const NARROW = { width: 390, height: 844 };
const shots = [
  { file: 'screenshot-wide.png', viewport: WIDE, scheme: 'light' },
  { file: 'screenshot-wide-dark.png', viewport: WIDE, scheme: 'dark' },
  { file: 'screenshot-narrow.png', viewport: NARROW, scheme: 'light' },
  { file: 'screenshot-narrow-dark.png', viewport: NARROW, scheme: 'dark' },
  { file: 'screenshot-guide.png', viewport: WIDE, scheme: 'light', guide: true },
];

const server = await serveDist();
const browser = await launchChromium();
try {
  for (const shot of shots) {
    const page = await browser.newPage({ viewport: shot.viewport, colorScheme: shot.scheme });
    await page.goto(server.url);
    await page.locator(MOUNTED).waitFor();
    if (shot.guide) {
      await page.locator('#open-guide').click();
      await page.locator('.markdown').waitFor();
      await page.locator('article.file').evaluate((el) => el.scrollIntoView());
    }
    const path = join(ROOT, 'docs', shot.file);
    await page.screenshot({ path });
    console.log(`wrote ${path}`);
    await page.close();
  }
} finally {
  await browser.close();
  server.close();
}
