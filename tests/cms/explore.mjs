// Scratch exploration (not a test): opens the editor and saves screenshots.
import fs from 'node:fs';
import { launch, copySite, newEditorPage, openLocalRepo, cspViolations, syncBack, snapshot, diffSnapshots } from './harness.mjs';
import { startServer } from './server.mjs';
const csp = process.env.NOCSP ? null : undefined;
const { server, base } = await startServer(csp === null ? { csp: null } : {});
const browser = await launch();
const dir = copySite();
const page = await newEditorPage(browser, base);
const before = snapshot(dir);
try {
  await openLocalRepo(page, base, dir);
  await page.waitForTimeout(4000);
  await page.screenshot({ path: '/tmp/cms-1.png' });
  await page.goto(base + '/admin/#/collections/money/entries/setting-up-home', { waitUntil: 'domcontentloaded' });
  await page.waitForTimeout(4000);
  await page.getByRole('button', { name: /Add.*offer/ }).scrollIntoViewIfNeeded();
  await page.waitForTimeout(1500);
  const field = page.getByRole('group', { name: /Amount/ }).first();
  await field.scrollIntoViewIfNeeded();
  await page.waitForTimeout(1500);
  console.log(await field.ariaSnapshot());
  console.log(await field.evaluate((e) => [...e.querySelectorAll('input,textarea,[contenteditable]')].map((i) => i.outerHTML.slice(0, 200) + ' = ' + i.value)));
  await page.screenshot({ path: '/tmp/cms-2.png' });
  fs.writeFileSync('/tmp/cms-aria.txt', await page.locator('body').ariaSnapshot());
} finally {
  console.log('foreign', page.foreign);
  console.log('csp', await cspViolations(page).catch(() => 'n/a'));
  console.log('console', page.consoleErrors.slice(0, 20));
  await browser.close(); server.close();
}
