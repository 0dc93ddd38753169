// Ranking tests in care leavers' own words: how young people type, not the
// page titles. Each kind of query the issue names has several examples:
// an age as a sentence, an old name for a grant or service, an everyday
// word for what a page names formally, and a task of two or more words.
// SITE_DIR names the built site (default ../../public).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const siteDir = path.resolve(process.env.SITE_DIR || path.join(here, '../../public'));
const sandbox = {};
vm.runInNewContext(fs.readFileSync(path.join(here, '../../static/js/search.js'), 'utf8'), { window: sandbox });
const { rank } = sandbox.localofferSearch;
const index = JSON.parse(fs.readFileSync(path.join(siteDir, 'search-index.json'), 'utf8'));
const urls = (q) => rank(index, q).map((r) => r.url);

// within asserts that page is among the first n results for query.
function within(query, page, n) {
  const got = urls(query);
  const at = got.indexOf(page);
  assert.ok(at >= 0 && at < n, `"${query}": wanted ${page} in the top ${n}, got ${got.slice(0, 6).join(' ') || 'nothing'}`);
}

const age = {
  '16-17': '/what-can-i-get/age-16-17/',
  '18-20': '/what-can-i-get/age-18-20/',
  '21-25': '/what-can-i-get/age-21-25/',
};

// An age typed as a sentence puts the matching "What can I get at …" first.
for (const [query, page] of [
  ["I'm 19", age['18-20']],
  ['im 23', age['21-25']],
  ['i am 16', age['16-17']],
  ['Im 17 wat can i get', age['16-17']],
  ['turning 18 soon', age['18-20']],
  ['18 year old', age['18-20']],
  ['im twenty one', age['21-25']],
  ['aged 25', age['21-25']],
  ['20yo', age['18-20']],
  ['21', age['21-25']],
]) test(`age: "${query}" offers ${page} first`, () => assert.equal(urls(query)[0], page));

test('age: the rest of the query still ranks after the age page', () => {
  const got = urls('im 22 and need a flat');
  assert.equal(got[0], age['21-25']);
  within('im 22 and need a flat', '/somewhere-to-live/where-you-can-live/', 3);
  const money = urls("I'm 19 money");
  assert.equal(money[0], age['18-20']);
  assert.ok(money.slice(1, 4).some((u) => u.startsWith('/money/')), money.join(' '));
});

test('age: a number that is not an age is not taken for one', () => {
  // "16-19 bursary" is the name of a grant, not the reader's age.
  assert.equal(urls('16-19 bursary')[0], '/education-training-and-work/education-and-college/');
  assert.ok(!urls('16-19 bursary').some((u) => u.startsWith('/what-can-i-get/age-')));
  // An age outside 16 to 25 has no age page.
  assert.ok(!urls('im 30').some((u) => u.startsWith('/what-can-i-get/age-')));
});

// Old names that PAs, carers and older care leavers still use.
for (const [query, page, n] of [
  ['leaving care grant', '/money/setting-up-home/', 1],
  ['how much is the leaving care grant', '/money/setting-up-home/', 1],
  ['setting up home grant', '/money/setting-up-home/', 1],
  ['can i still get EMA', '/education-training-and-work/education-and-college/', 1],
  ['education maintenance allowance', '/education-training-and-work/education-and-college/', 1],
  ['care leavers bursary', '/education-training-and-work/jobs-and-apprenticeships/', 2],
  ['care leavers bursary', '/education-training-and-work/university/', 4],
  ['jsa', '/money/benefits-and-universal-credit/', 1],
  ['jobseekers allowance', '/money/benefits-and-universal-credit/', 1],
  ['housing benefit', '/money/benefits-and-universal-credit/', 1],
  ['dla', '/situations/disabled-care-leavers/', 1],
  ['aftercare worker', '/your-support/personal-adviser/', 1],
  ['my leaving care worker', '/your-support/personal-adviser/', 1],
  ['social worker', '/your-support/personal-adviser/', 1],
  ['crisis loan', '/money/money-from-st-helens/', 1],
  ['child trust fund', '/money/savings-and-junior-isa/', 1],
]) test(`old name: "${query}" finds ${page} in the top ${n}`, () => within(query, page, n));

// Everyday words for what the pages name formally.
for (const [query, page, n] of [
  ['flat', '/somewhere-to-live/where-you-can-live/', 1],
  ['rent', '/money/benefits-and-universal-credit/', 2],
  ['dentist', '/health-and-wellbeing/your-health/', 1],
  ['glasses', '/health-and-wellbeing/your-health/', 1],
  ['do i pay for prescriptions', '/health-and-wellbeing/your-health/', 1],
  ['free bus', '/relationships-and-family/family-and-relationships/', 3],
  ['skint', '/money/money-from-st-helens/', 1],
  ['im starving no food', '/your-support/the-hub/', 1],
  ['clothes', '/your-support/the-hub/', 2],
  ['sofa and bed for my flat', '/money/setting-up-home/', 1],
  ['my nan', '/relationships-and-family/family-and-relationships/', 1],
  ['my file', '/relationships-and-family/seeing-your-records/', 1],
  ['counselling', '/health-and-wellbeing/your-health/', 2],
  ['no pa', '/your-support/personal-adviser/', 2],
  ['wifi', '/money/money-from-st-helens/', 1],
]) test(`everyday word: "${query}" finds ${page} in the top ${n}`, () => within(query, page, n));

// Tasks of two or more words, where only some words are on the page.
for (const [query, page, n] of [
  ['pay my rent', '/money/benefits-and-universal-credit/', 1],
  ['help with rent', '/money/benefits-and-universal-credit/', 1],
  ['get a job', '/education-training-and-work/jobs-and-apprenticeships/', 1],
  ['see my care file', '/relationships-and-family/seeing-your-records/', 1],
  ['read my records', '/relationships-and-family/seeing-your-records/', 1],
  ['change my pa', '/your-support/personal-adviser/', 1],
  ['i want a new worker', '/your-support/personal-adviser/', 1],
  ['get my pa back', '/your-support/support-from-21-to-25/', 1],
  ['open a bank account', '/your-rights/id-voting-and-bank/', 1],
  ['register to vote', '/your-rights/id-voting-and-bank/', 1],
  ['nowhere to sleep tonight', '/somewhere-to-live/homeless-or-at-risk/', 1],
  ['got kicked out', '/somewhere-to-live/homeless-or-at-risk/', 1],
  ['driving lessons', '/money/money-from-st-helens/', 1],
  ['sign on', '/money/benefits-and-universal-credit/', 1],
  ['stay with my foster carer', '/somewhere-to-live/where-you-can-live/', 1],
  ['go to uni', '/education-training-and-work/university/', 1],
  ['make a complaint', '/your-rights/complaints-and-advocacy/', 1],
  ['council tax bill', '/money/council-tax/', 1],
]) test(`task: "${query}" finds ${page} in the top ${n}`, () => within(query, page, n));

test('no result: words no page has find nothing, so the script shows what to try and help now', () => {
  assert.equal(urls('flat pleese').length, 0);
  assert.equal(urls('zzxqv').length, 0);
});
