// Checks every page of the built site in headless Chromium: axe-core at 320
// and 1280 pixels, sideways scrolling, the skip link, focus (every focusable
// element tabbed to at 320 and 1280 pixels: a visible indicator and focused
// text at 4.5:1 or more), one h1, unique
// titles, no requests to other hosts, no CSP violations, and content
// without JavaScript. SITE_DIR names the built site (default ../../public).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { launch, pagesOf, axeProblems, pageProblems, focusProblems } from './checks.mjs';
import { startServer } from './server.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const siteDir = path.resolve(process.env.SITE_DIR || path.join(here, '../../public'));
const netlifyToml = path.join(here, '../../netlify.toml');
const pages = pagesOf(siteDir);
let browser, server, base;
const titles = new Map();

before(async () => {
  browser = await launch();
  ({ server, base } = await startServer(siteDir, netlifyToml));
});
after(async () => {
  await browser?.close();
  server?.close();
});

test('the site has pages', () => assert.ok(pages.length > 10, `only ${pages.length} pages in ${siteDir}`));

for (const p of pages) {
  test(`page ${p}`, async () => {
    const url = base + p;
    const [a320, a1280, other] = await Promise.all([
      axeProblems(browser, url, 320), axeProblems(browser, url, 1280), pageProblems(browser, url, base),
    ]);
    // Tabbing is many round trips; one width at a time keeps a loaded
    // machine from timing out.
    const f320 = await focusProblems(browser, url, 320);
    const f1280 = await focusProblems(browser, url, 1280);
    const problems = [...a320, ...a1280, ...other.problems, ...f320, ...f1280];
    if (p !== '/404.html') {
      if (titles.has(other.title)) problems.push(`title "${other.title}" is also the title of ${titles.get(other.title)}`);
      titles.set(other.title, p);
    }
    assert.deepEqual(problems, [], `${p}:\n  ${problems.join('\n  ')}`);
  });
}
