// Ranking tests of the search box's script against the index built from
// the real site: care leavers' own words must find the right pages.
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
const top = (q, n) => rank(index, q).slice(0, n).map((r) => r.url);

test('"money" puts the setting up home allowance and bursaries near the top', () => {
  const urls = top('money', 10);
  assert.ok(urls.includes('/money/setting-up-home/'), urls.join(' '));
  assert.ok(urls.some((u) => /university|education-and-college|jobs-and-apprenticeships/.test(u)), urls.join(' '));
});
test('"uni" finds the university page first', () => assert.equal(top('uni', 1)[0], '/education-training-and-work/university/'));
test('"counsil tax" finds council tax despite the typo', () => assert.equal(top('counsil tax', 1)[0], '/money/council-tax/'));
test('"flat" finds where you can live', () => assert.ok(top('flat', 5).includes('/somewhere-to-live/where-you-can-live/')));
test('"doctor" finds your health', () => assert.ok(top('doctor', 3).includes('/health-and-wellbeing/your-health/')));
test('"apprenticeships" (plural) finds jobs and apprenticeships', () => assert.equal(top('apprenticeships', 1)[0], '/education-training-and-work/jobs-and-apprenticeships/'));
test('"passport" finds ID, voting and your bank account', () => assert.ok(top('passport', 3).includes('/your-rights/id-voting-and-bank/')));
test('nonsense finds nothing', () => assert.equal(top('zzxqv', 5).length, 0));
test('the index is small', () => {
  const size = fs.statSync(path.join(siteDir, 'search-index.json')).size;
  assert.ok(size < 100 * 1024, `index is ${size} bytes`);
});
