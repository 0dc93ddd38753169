// Scratch: change one field of one entry, save, print the file's diff.
import fs from 'node:fs';
import { execFileSync } from 'node:child_process';
import { launch, copySite, newEditorPage, openLocalRepo, cspViolations, syncBack } from './harness.mjs';
import { startServer } from './server.mjs';
const [coll, slug] = (process.argv[2] || 'money/setting-up-home').split('/');
const { server, base } = await startServer(process.env.ADMIN ? { adminDir: process.env.ADMIN } : {});
const browser = await launch();
const dir = copySite();
execFileSync('git', ['init', '-q', dir]); execFileSync('git', ['-C', dir, 'add', '-A']); execFileSync('git', ['-C', dir, '-c', 'user.name=t', '-c', 'user.email=t@t', 'commit', '-qm', 'x']);
const page = await newEditorPage(browser, base);
try {
  await openLocalRepo(page, base, dir);
  await page.getByRole('heading', { name: /Education/ }).or(page.getByText('Collections')).first().waitFor();
  await page.goto(base + `/admin/#/collections/${coll}/entries/${slug}`, { waitUntil: 'domcontentloaded' });
  const d = page.getByRole('textbox', { name: 'Description' });
  await d.waitFor();
  await d.fill((await d.inputValue()) + ' ZZ');
  await page.getByRole('button', { name: 'Save' }).click();
  await page.waitForTimeout(3000);
  await page.screenshot({ path: '/tmp/cms-3.png' });
  await syncBack(page, dir);
  console.log(execFileSync('git', ['-C', dir, 'diff', '--stat'], { encoding: 'utf8' }));
  console.log(execFileSync('git', ['-C', dir, 'diff'], { encoding: 'utf8' }));
  console.log(execFileSync('git', ['-C', dir, 'status', '--short'], { encoding: 'utf8' }));
} finally {
  console.log('foreign', page.foreign);
  console.log('errors', page.consoleErrors.filter((e) => !/Content Security Policy|Fetch API/.test(e)).slice(0, 20));
  await browser.close(); server.close();
  console.log('dir', dir);
}
