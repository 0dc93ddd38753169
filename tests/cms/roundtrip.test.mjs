// The round trip through the real editor: every page of every section is
// opened in Sveltia CMS and saved after a marker is added to its
// description (Save stays disabled until something changes). With the
// marker taken out again, every file must be byte for byte what it was, so
// neither the front matter format nor the rich text editor rewrites
// anything a PA did not touch. The rich text editor writes bold around a
// link as [**text**](…), so the content is written that way too
// (FINDINGS.md, section 2).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import {
  copySite, newEditorPage, openLocalRepo, syncBack, snapshot, diffSnapshots, editorSession,
} from './harness.mjs';

const marker = ' ZZROUNDTRIP';
const session = editorSession();

// sectionPages lists [section, slug] for every page the configuration's
// section collections hold (a section's _index.md is not an entry).
function sectionPages(dir) {
  const content = path.join(dir, 'content');
  return fs.readdirSync(content, { withFileTypes: true }).filter((e) => e.isDirectory()).flatMap((e) =>
    fs.readdirSync(path.join(content, e.name))
      .filter((f) => f.endsWith('.md') && !f.startsWith('_') && !/\.[a-z]{2,3}\.md$/.test(f))
      .map((f) => [e.name, f.slice(0, -3)]));
}

test('every section page saved through the editor is unchanged but for the edit', async (t) => {
  const dir = copySite();
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const before = snapshot(dir);
  const pages = sectionPages(dir);
  assert.ok(pages.length >= 20, `only ${pages.length} section pages`);
  const page = await newEditorPage(session.browser, session.base);
  await openLocalRepo(page, session.base, dir);

  for (const [section, slug] of pages) {
    await page.goto(`${session.base}/admin/#/collections/${section}/entries/${slug}`, { waitUntil: 'domcontentloaded' });
    const description = page.getByRole('textbox', { name: 'Description' });
    await description.waitFor();
    const value = await description.inputValue({ timeout: 5000 });
    assert.ok(value, `${section}/${slug}: the form shows no description`);
    await description.fill(value + marker);
    const save = page.getByRole('button', { name: 'Save', exact: true });
    await save.click();
    // After writing the file the editor goes back to the collection; wait
    // for that, so it does not undo the next navigation.
    await page.waitForURL((u) => !u.hash.includes(`/entries/${slug}`), { timeout: 15000, waitUntil: 'commit' });
    await page.waitForTimeout(500);
  }
  await syncBack(page, dir);

  const after = snapshot(dir);
  const diff = diffSnapshots(before, after);
  assert.deepEqual({ added: diff.added, removed: diff.removed }, { added: [], removed: [] });
  assert.equal(diff.changed.length, pages.length, 'every saved page changed');
  const rewritten = [];
  for (const file of diff.changed) {
    const text = after.get(file);
    assert.equal(text.split(marker).length, 2, `${file}: the marker is not there exactly once`);
    const was = before.get(file).split('\n');
    const now = text.replace(marker, '').split('\n');
    for (let i = 0; i < Math.max(was.length, now.length); i++) {
      if (was[i] !== now[i]) {
        rewritten.push(`${file}:${i + 1}:\n  was: ${was[i]}\n  now: ${now[i]}`);
        break;
      }
    }
    if (process.env.KEEP) {
      fs.mkdirSync(path.dirname(path.join(process.env.KEEP, file)), { recursive: true });
      fs.writeFileSync(path.join(process.env.KEEP, file), text.replace(marker, ''));
    }
  }
  assert.deepEqual(rewritten, [], `pages changed beyond the edit:\n${rewritten.join('\n')}`);
});
