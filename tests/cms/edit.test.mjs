// End-to-end tests of the browser editor: Sveltia CMS at /admin/ in
// headless Chromium, working on a copy of the real site through its
// "work with local repository" mode (see harness.mjs). A PA's edit and a
// new page must land on disk exactly as intended, pass `go run . check`,
// and build into pages that show the change.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  copySite, newEditorPage, openLocalRepo, reveal, syncBack, snapshot, diffSnapshots, goSite, cspViolations, editorSession,
} from './harness.mjs';

const session = editorSession();

// openEntry opens one entry of a collection in the editor.
async function openEntry(page, collection, slug) {
  await page.goto(`${session.base}/admin/#/collections/${collection}/entries/${slug}`, { waitUntil: 'domcontentloaded' });
  await page.getByRole('textbox', { name: 'Title' }).waitFor();
}

// replaceText selects the text `from` inside the rich text editor and
// types `to` over it, the way a person would.
async function replaceText(page, editor, from, to) {
  await editor.click();
  const found = await editor.evaluate((root, from) => {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const i = n.data.indexOf(from);
      if (i < 0) continue;
      const range = document.createRange();
      range.setStart(n, i);
      range.setEnd(n, i + from.length);
      const sel = window.getSelection();
      sel.removeAllRanges();
      sel.addRange(range);
      return true;
    }
    return false;
  }, from);
  assert.ok(found, `the editor does not show "${from}"`);
  await page.waitForTimeout(200); // let the editor see the new selection
  await page.keyboard.type(to);
}

// settled returns what get returns once it is not empty (fields are filled
// in a moment after they are drawn), or the empty value after 5 seconds.
async function settled(get) {
  const end = Date.now() + 5000;
  let v = await get();
  while (!v && Date.now() < end) {
    await new Promise((r) => setTimeout(r, 100));
    v = await get();
  }
  return v;
}

// save presses Save and waits until the editor has written the file.
async function save(page) {
  const button = page.getByRole('button', { name: 'Save', exact: true });
  await button.click();
  await page.getByText(/Entry saved|Entry created/i).first().waitFor({ timeout: 15000 });
}

// checkAndBuild runs `go run . check` and `go run . build` on the site in
// dir, as a deploy preview would; both must succeed. It returns the built
// site's folder (removed after the test) and check's output.
function checkAndBuild(t, dir) {
  const check = goSite(['check'], dir);
  assert.equal(check.code, 0, check.out);
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'cms-public-'));
  t.after(() => fs.rmSync(out, { recursive: true, force: true }));
  const build = goSite(['build', '--dest', out], dir);
  assert.equal(build.code, 0, build.out);
  return { out, check };
}

// problems lists what the page did that the editor must not: requests to
// other hosts and errors other than the CSP blocking those requests.
async function problems(page) {
  const out = page.foreign.map((u) => `request to another host: ${u}`);
  for (const v of await cspViolations(page)) {
    // Sveltia asks cdn.jsdelivr.net for fonts (served from /admin/ instead),
    // unpkg.com for its newest version and githubstatus.com for GitHub's
    // status; the policy blocks these and the editor works without them.
    if (!/blocked (data|https:\/\/(cdn\.jsdelivr\.net\/|unpkg\.com\/@sveltia\/cms\/package\.json|www\.githubstatus\.com\/))/.test(v)) out.push(`CSP: ${v}`);
  }
  return out;
}

test('a PA changes a sentence and an amount; only those change on disk, and the site builds with them', async (t) => {
  const dir = copySite();
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const file = 'content/money/savings-and-junior-isa.md';
  const before = snapshot(dir);
  const page = await newEditorPage(session.browser, session.base);

  await openLocalRepo(page, session.base, dir);
  await openEntry(page, 'money', 'savings-and-junior-isa');
  // The editor draws list items only once they scroll into view.
  const field = await reveal(page, page.getByRole('group', { name: /Amount/ }));
  const amount = field.getByRole('textbox', { name: 'Amount', exact: true });
  await amount.scrollIntoViewIfNeeded();
  assert.equal(await settled(() => amount.inputValue()), '£200 from the government, plus any growth');
  await amount.fill('£250 from the government, plus any growth');
  await replaceText(page, page.getByRole('textbox', { name: 'Page text' }),
    'A Junior ISA is a savings account.', 'A Junior ISA is a bank account for savings.');
  await save(page);
  await syncBack(page, dir);

  const after = snapshot(dir);
  assert.deepEqual(diffSnapshots(before, after), { added: [], removed: [], changed: [file] });
  const expected = before.get(file)
    .replace('amount = "£200 from the government, plus any growth"', 'amount = "£250 from the government, plus any growth"')
    .replace('A Junior ISA is a savings account.', 'A Junior ISA is a bank account for savings.');
  assert.notEqual(expected, before.get(file), 'the test edits text that is not in the page');
  assert.equal(after.get(file), expected);

  const { out } = checkAndBuild(t, dir);
  const html = fs.readFileSync(path.join(out, 'money', 'savings-and-junior-isa', 'index.html'), 'utf8');
  assert.match(html, /A Junior ISA is a bank account for savings\./);
  assert.match(html, /£250 from the government, plus any growth/);
  assert.deepEqual(await problems(page), []);
});

test('a PA creates a new page in a section; it is written in our style and builds', async (t) => {
  const dir = copySite();
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const before = snapshot(dir);
  const page = await newEditorPage(session.browser, session.base);

  await openLocalRepo(page, session.base, dir);
  await page.goto(`${session.base}/admin/#/collections/money/new`, { waitUntil: 'domcontentloaded' });
  await page.getByRole('textbox', { name: 'Title' }).fill('Help with travel costs');
  await page.getByRole('textbox', { name: 'Description' }).fill('Money to help you get to college, work or interviews.');
  await page.getByRole('spinbutton', { name: 'Order in section' }).fill('9');
  await page.getByRole('textbox', { name: 'Last checked' }).fill('2026-11-30');
  const body = page.getByRole('textbox', { name: 'Page text' });
  await body.click();
  await page.keyboard.type('Ask your PA about help with bus fares.');
  await save(page);
  await syncBack(page, dir);

  const after = snapshot(dir);
  const file = 'content/money/help-with-travel-costs.md';
  assert.deepEqual(diffSnapshots(before, after), { added: [file], removed: [], changed: [] });
  assert.equal(after.get(file), [
    '+++',
    'title = "Help with travel costs"',
    'description = "Money to help you get to college, work or interviews."',
    'weight = 9',
    'reviewed = 2026-11-30',
    '+++',
    'Ask your PA about help with bus fares.',
    '',
  ].join('\n'));

  const { out } = checkAndBuild(t, dir);
  const html = fs.readFileSync(path.join(out, 'money', 'help-with-travel-costs', 'index.html'), 'utf8');
  assert.match(html, /Ask your PA about help with bus fares\./);
  assert.deepEqual(await problems(page), []);
});

// openSettings opens one file of the "Contacts and finder words" collection.
async function openSettings(page, file, firstField) {
  await page.goto(`${session.base}/admin/#/collections/settings/entries/${file}`, { waitUntil: 'domcontentloaded' });
  await page.getByRole('textbox', { name: firstField }).first().waitFor();
}

// fieldGroup finds the group of the field labelled label inside within.
// Sveltia wraps the label in Unicode isolates (U+2068, U+2069).
const fieldGroup = (within, label) => within.getByRole('group', { name: new RegExp(`^“\\u2068?${label}\\u2069?” Field$`) }).first();

test('a PA confirms the team\'s phone number in Contact details; site.toml changes by that one line and every page shows it', async (t) => {
  const dir = copySite();
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const before = snapshot(dir);
  const page = await newEditorPage(session.browser, session.base);

  await openLocalRepo(page, session.base, dir);
  await openSettings(page, 'contacts', 'Team name');
  const phone = fieldGroup(fieldGroup(page, 'Leaving care team'), 'Phone');
  await phone.getByRole('switch', { name: 'Not confirmed yet' }).click();
  await phone.getByRole('textbox', { name: 'Phone', exact: true }).fill('01744 000111');
  await save(page);
  await syncBack(page, dir);

  const after = snapshot(dir);
  assert.deepEqual(diffSnapshots(before, after), { added: [], removed: [], changed: ['site.toml'] });
  const old = before.get('site.toml');
  const line = old.split('\n').find((l) => l.startsWith('phone = { unconfirmed = true, note = "Leaving care team phone number'));
  assert.ok(line, 'site.toml has no unconfirmed team phone to confirm');
  assert.equal(after.get('site.toml'), old.replace(line, 'phone = "01744 000111"'));

  const { out, check } = checkAndBuild(t, dir);
  assert.doesNotMatch(check.out, /Leaving care team phone number/, 'check still lists the number as unconfirmed');
  for (const p of ['index.html', 'money/council-tax/index.html']) {
    assert.match(fs.readFileSync(path.join(out, p), 'utf8'), /href="tel:01744000111"/, p);
  }
  assert.deepEqual(await problems(page), []);
});

test('a PA rewords a situation in Finder words; _offer.toml changes by that one line and the finder shows it', async (t) => {
  const dir = copySite();
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const before = snapshot(dir);
  const page = await newEditorPage(session.browser, session.base);

  await openLocalRepo(page, session.base, dir);
  await page.goto(`${session.base}/admin/#/collections/settings/entries/finder`, { waitUntil: 'domcontentloaded' });
  const situations = fieldGroup(page, 'Situations');
  await situations.waitFor();
  const item = situations.getByRole('group').filter({ hasText: 'You are a parent or expecting a baby' }).last();
  await item.getByRole('button', { name: 'Expand' }).click();
  // The expanded item shows its fields; find the label box by what it says.
  const boxes = situations.getByRole('textbox', { name: 'What readers see' });
  const label = await settled(async () => {
    for (const box of await boxes.all()) {
      if ((await box.inputValue()) === 'You are a parent or expecting a baby') return box;
    }
    return null;
  });
  assert.ok(label, 'the expanded situation does not show its label');
  await label.fill('You have a child or are expecting one');
  await save(page);
  await syncBack(page, dir);

  const after = snapshot(dir);
  const file = 'content/_offer.toml';
  assert.deepEqual(diffSnapshots(before, after), { added: [], removed: [], changed: [file] });
  assert.equal(after.get(file), before.get(file).replace('label = "You are a parent or expecting a baby"', 'label = "You have a child or are expecting one"'));

  const { out } = checkAndBuild(t, dir);
  const finder = fs.readdirSync(out, { recursive: true }).filter((f) => f.endsWith('.html'))
    .some((f) => fs.readFileSync(path.join(out, f), 'utf8').includes('You have a child or are expecting one'));
  assert.ok(finder, 'no page shows the new wording');
  assert.deepEqual(await problems(page), []);
});
