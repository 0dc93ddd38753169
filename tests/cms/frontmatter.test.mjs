// Our front matter format for the editor (admin/frontmatter.js) must give
// back every real page byte for byte when nothing was edited, and write
// amounts, offers and dates the way our parser reads them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const content = path.resolve(here, '../../content');

// The editor's own file, as published: static/admin/ has smol-toml beside it.
const { fromFile, toFile } = await import(path.join(here, '../../static/admin/frontmatter.js'));

function pages(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return pages(full);
    return e.name.endsWith('.md') ? [full] : [];
  });
}

test('every real page comes back unchanged', () => {
  const all = pages(content);
  assert.ok(all.length > 30, `only ${all.length} pages`);
  for (const file of all) {
    const text = fs.readFileSync(file, 'utf8');
    // Sveltia trims a file before it hands it to a format.
    assert.equal(toFile(fromFile(text.trim())), text, path.relative(content, file));
  }
});

test('amounts: a string is the form field "value"; an unconfirmed table keeps its note', () => {
  const page = fromFile('+++\ntitle = "T"\n\n[[offer]]\namount = "£5"\n\n[[offer]]\namount = { unconfirmed = true, note = "n" }\n+++\nBody');
  assert.deepEqual(page.offer.map((o) => o.amount), [{ value: '£5' }, { unconfirmed: true, note: 'n' }]);
  page.offer[0].amount = { value: '£6', unconfirmed: false, note: '' };
  page.offer[1].amount = { value: '£7', unconfirmed: false, note: 'n' };
  const out = toFile(page);
  assert.match(out, /^amount = "£6"$/m);
  assert.match(out, /^amount = "£7"$/m, 'switching unconfirmed off keeps the typed amount');
  page.offer[0].amount = { value: '', unconfirmed: true, note: 'Not in any source' };
  assert.match(toFile(page), /^amount = \{ unconfirmed = true, note = "Not in any source" \}$/m);
});

test('one offer is written [offer], several [[offer]]; a lone [offer] table becomes a list for the form', () => {
  const one = fromFile('+++\ntitle = "T"\n\n[offer]\nname = "A"\n+++\n');
  assert.deepEqual(one.offer, [{ name: 'A' }]);
  assert.match(toFile(one), /^\[offer\]$/m);
  one.offer.push({ name: 'B' });
  assert.equal(toFile(one).match(/^\[\[offer\]\]$/gm).length, 2);
});

test('dates stay TOML dates, draft = false and empty values are left out, strings are escaped', () => {
  const page = fromFile('+++\ntitle = "T"\nreviewed = 2026-11-22\n+++\nB');
  assert.equal(page.reviewed, '2026-11-22');
  const out = toFile({ title: 'Say "hi"\\\n', reviewed: '2026-11-30', draft: false, layout: '', aliases: [], body: '\n\nB\n\n' });
  assert.equal(out, '+++\ntitle = "Say \\"hi\\"\\\\\\n"\nreviewed = 2026-11-30\n+++\nB\n');
});

test('ages are { youngest, oldest } in the form and [16, 25] in the file', () => {
  const page = fromFile('+++\ntitle = "T"\n\n[offer]\nages = [16, 21]\n+++\n');
  assert.deepEqual(page.offer[0].ages, { youngest: 16, oldest: 21 });
  page.offer[0].ages = { youngest: 18, oldest: 25 };
  assert.match(toFile(page), /^ages = \[18, 25\]$/m);
});
