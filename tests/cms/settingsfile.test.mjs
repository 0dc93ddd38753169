// The editor's formats for site.toml and content/_offer.toml
// (admin/settingsfile.js) change only the lines of what the editor
// changed: comments, the settings the form does not show and the order of
// everything stay as they are.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const { siteFormat, vocabularyFormat, originalField } = await import(path.join(root, 'static/admin/settingsfile.js'));
const toml = await import(path.join(root, 'static/admin/smol-toml/index.js'));
// Plain objects, so that a table written by a test equals one parsed.
const parse = (text) => JSON.parse(JSON.stringify(toml.parse(text)));

const siteText = fs.readFileSync(path.join(root, 'site.toml'), 'utf8');
const vocabText = fs.readFileSync(path.join(root, 'content/_offer.toml'), 'utf8');

// Sveltia trims a file before it hands it to a format, and hands toFile a
// copy of the form's values.
const open = (format, text) => format.fromFile(text.trim());
const save = (format, form) => format.toFile(structuredClone(form));

// changedLines lists the lines of b that are not in a, and of a that are
// not in b, to show that an edit touched nothing else.
function changedLines(a, b) {
  const as = a.split('\n'), bs = b.split('\n');
  return { added: bs.filter((l) => !as.includes(l)), removed: as.filter((l) => !bs.includes(l)) };
}

test('the real site.toml and _offer.toml come back byte for byte when nothing is edited', () => {
  assert.equal(save(siteFormat, open(siteFormat, siteText)), siteText);
  assert.equal(save(vocabularyFormat, open(vocabularyFormat, vocabText)), vocabText);
});

test('the form shows facts as { value, unconfirmed, note } and keeps the file in a hidden field', () => {
  const form = open(siteFormat, siteText);
  assert.equal(form[originalField], siteText.trim());
  const cares = form.services.find((s) => s.name === 'Contact Cares');
  assert.deepEqual(cares.phone, { value: '01744 676767' });
  assert.equal(form.contact.phone.unconfirmed, true);
  assert.ok(form.contact.phone.note.length > 10);
  assert.equal(form.nav, undefined, 'navigation is not in the form');
});

const siteEdits = [
  {
    name: 'confirming a fact changes its one line',
    edit: (f) => { f.services[1].hours = { value: '10am to 4pm, Monday to Friday', unconfirmed: false, note: f.services[1].hours.note }; },
    want: (d) => { d.services[1].hours = '10am to 4pm, Monday to Friday'; },
    lines: 1,
  },
  {
    name: 'marking a fact unconfirmed writes the table with its note',
    edit: (f) => { f.services[0].phone = { value: '01744 676767', unconfirmed: true, note: 'Check the number' }; },
    want: (d) => { d.services[0].phone = { unconfirmed: true, note: 'Check the number' }; },
    lines: 1,
  },
  {
    name: 'emptying a fact removes its line',
    edit: (f) => { f.services[0].hours = { value: '', unconfirmed: false, note: '' }; },
    want: (d) => { delete d.services[0].hours; },
    lines: 1,
  },
  {
    name: 'a fact a table did not have is added to that table',
    edit: (f) => { f.services[0].email = { value: 'cares@example.org' }; },
    want: (d) => { d.services[0].email = 'cares@example.org'; },
    lines: 1,
  },
  {
    name: 'text with quotes and non-ASCII letters is escaped as our parser reads it',
    edit: (f) => { f.contact.name = 'St Helens “leaving care” team \\ "PAs"'; },
    want: (d) => { d.contact.name = 'St Helens “leaving care” team \\ "PAs"'; },
    lines: 1,
  },
  {
    name: 'a new service goes after the last one',
    edit: (f) => { f.services.push({ name: 'Youth club', phone: { value: '01744 000000' }, about: 'A place to meet.' }); },
    want: (d) => { d.services.push({ name: 'Youth club', phone: '01744 000000', about: 'A place to meet.' }); },
    lines: 4,
  },
  {
    name: 'removing a service in the middle keeps the others whole',
    edit: (f) => { f.services.splice(2, 1); },
    want: (d) => { d.services.splice(2, 1); },
  },
];

for (const tt of siteEdits) {
  test(`site.toml: ${tt.name}`, () => {
    const form = open(siteFormat, siteText);
    tt.edit(form);
    const out = save(siteFormat, form);
    const want = parse(siteText);
    tt.want(want);
    assert.deepEqual(parse(out), want, 'the file says what the form says');
    const { added, removed } = changedLines(siteText, out);
    if (tt.lines !== undefined) assert.ok(added.length <= tt.lines && removed.length <= tt.lines, `changed lines: +${added.join('|')} -${removed.join('|')}`);
    for (const comment of siteText.split('\n').filter((l) => l.startsWith('#'))) {
      assert.ok(out.includes(comment), `comment lost: ${comment}`);
    }
    assert.ok(out.indexOf('[[nav]]') > out.lastIndexOf('[[services]]'), 'the services stay before the navigation');
  });
}

const vocabEdits = [
  {
    name: 'changing a label changes its one line',
    edit: (f) => { f.situations.find((s) => s.name === 'parent').label = 'You have a child'; },
    want: (d) => { d.situations.parent.label = 'You have a child'; },
    lines: 1,
  },
  {
    name: 'a new situation goes after the last situation',
    edit: (f) => { f.situations.push({ name: 'young-carer', label: 'You look after someone', explain: 'You care for a family member.' }); },
    want: (d) => { d.situations['young-carer'] = { label: 'You look after someone', explain: 'You care for a family member.' }; },
    lines: 4,
  },
  {
    name: 'removing a situation removes its table',
    edit: (f) => { f.situations = f.situations.filter((s) => s.name !== 'working'); },
    want: (d) => { delete d.situations.working; },
  },
];

for (const tt of vocabEdits) {
  test(`_offer.toml: ${tt.name}`, () => {
    const form = open(vocabularyFormat, vocabText);
    tt.edit(form);
    const out = save(vocabularyFormat, form);
    const want = parse(vocabText);
    tt.want(want);
    assert.deepEqual(parse(out), want);
    // The finder lists words in the file's order: a new one is last in its list.
    assert.deepEqual(Object.keys(parse(out).situations), Object.keys(want.situations));
    const { added, removed } = changedLines(vocabText, out);
    if (tt.lines !== undefined) assert.ok(added.length <= tt.lines && removed.length <= tt.lines, `changed lines: +${added.join('|')} -${removed.join('|')}`);
    assert.ok(out.startsWith(vocabText.split('\n\n')[0]), 'the opening comment is kept');
  });
}

test('a form without the file it came from is refused, not written from scratch', () => {
  const form = open(siteFormat, siteText);
  delete form[originalField];
  assert.throws(() => siteFormat.toFile(form), /reload the editor/);
});
