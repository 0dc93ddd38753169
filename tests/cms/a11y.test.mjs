// axe-core on the editor's own pages: the sign-in page, a collection, an
// entry with its offers drawn and the Contact details form. WCAG A and AA
// failures fail the test; the best-practice findings are printed (node
// --test shows them as diagnostics) because they are Sveltia's markup, not
// ours to fix; see FINDINGS.md for the list.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import {
  copySite, newEditorPage, openLocalRepo, reveal, editorSession,
} from './harness.mjs';

const require = createRequire(import.meta.url);
const axeSource = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const wcag = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
const session = editorSession();

async function axe(page) {
  await page.evaluate(axeSource);
  return page.evaluate(async (wcag) => {
    const r = await window.axe.run(document, { runOnly: [...wcag, 'best-practice'] });
    return r.violations.map((v) => ({
      id: v.id, wcag: v.tags.some((t) => wcag.includes(t)), help: v.help,
      where: v.nodes.slice(0, 3).map((n) => n.target.join(' ')),
    }));
  }, wcag);
}

function report(t, where, found) {
  for (const v of found.filter((v) => !v.wcag)) t.diagnostic(`${where}: ${v.id}: ${v.help} (${v.where.join(', ')})`);
  return found.filter((v) => v.wcag).map((v) => `${where}: ${v.id}: ${v.help} (${v.where.join(', ')})`);
}

for (const width of [360, 1280]) {
  test(`the editor at ${width}px has no WCAG A or AA failures that axe finds`, async (t) => {
    const dir = copySite();
    t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
    const page = await newEditorPage(session.browser, session.base, { width, height: 800 });
    const failures = [];
    await page.goto(`${session.base}/admin/`, { waitUntil: 'domcontentloaded' });
    await page.getByRole('button', { name: /local repository/i }).waitFor();
    failures.push(...report(t, 'sign-in', await axe(page)));

    await openLocalRepo(page, session.base, dir);
    await page.goto(`${session.base}/admin/#/collections/money`, { waitUntil: 'domcontentloaded' });
    await page.getByText('Setting up your first home').first().waitFor();
    failures.push(...report(t, 'money collection', await axe(page)));

    await page.goto(`${session.base}/admin/#/collections/money/entries/setting-up-home`, { waitUntil: 'domcontentloaded' });
    await page.getByRole('textbox', { name: 'Title' }).waitFor();
    await reveal(page, page.getByRole('group', { name: /Amount/ }));
    failures.push(...report(t, 'setting-up-home entry', await axe(page)));
    await page.screenshot({ path: `${process.env.SCREENSHOTS || '/tmp'}/cms-entry-${width}.png` });

    await page.goto(`${session.base}/admin/#/collections/settings/entries/contacts`, { waitUntil: 'domcontentloaded' });
    await page.getByRole('textbox', { name: 'Team name' }).waitFor();
    failures.push(...report(t, 'contact details', await axe(page)));
    await page.screenshot({ path: `${process.env.SCREENSHOTS || '/tmp'}/cms-contacts-${width}.png` });
    assert.deepEqual(failures, []);
  });
}
