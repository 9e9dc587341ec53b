// Unit tests of the web app's pure functions (node's test runner, no browser): CSV export,
// API field paths, statistics periods and suppression, request ids.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { toCsv } from '../../services/console/web/js/table.js';
import { normalizePath, parseDate, dateText } from '../../services/console/web/js/dom.js';
import { SETS, cellValue, detectColumns, periodLabel, trendPeriods } from '../../services/console/web/js/stats.js';
import { MESSAGES } from '../../services/console/web/js/messages.js';
import { ENUMS } from '../../services/console/web/js/enums.js';
import { collectPages } from '../../services/console/web/js/paging.js';

test('CSV starts with a byte order mark, quotes what needs it and defuses formulas', () => {
  const csv = toCsv(['分组', 'n'], [['第九检察部', '12'], ['a,"b"', '-3'], ['=SUM(A1)', '<5']]);
  assert.equal(csv.charCodeAt(0), 0xfeff);
  assert.equal(csv.slice(1), '分组,n\r\n第九检察部,12\r\n"a,""b""",-3\r\n\'=SUM(A1),<5\r\n');
});

test('field paths from the API map to the form paths (snake_case and lowerCamel)', () => {
  assert.equal(normalizePath('people[0].person.id_number'), 'people[0].person.idNumber');
  assert.equal(normalizePath('people[0].person.idNumber'), 'people[0].person.idNumber');
  assert.equal(normalizePath('assessments[2].notes'), 'assessments[2].notes');
  assert.equal(normalizePath('visited_on'), 'visitedOn');
});

test('dates round-trip between inputs and proto3 JSON', () => {
  assert.deepEqual(parseDate('2026-03-09'), { year: 2026, month: 3, day: 9 });
  assert.equal(parseDate('2026-3-9'), undefined);
  assert.equal(dateText({ year: 2026, month: 3, day: 9 }), '2026-03-09');
});

test('trend periods end with the chosen period and cross years', () => {
  const months = trendPeriods({ kind: 'month', year: 2026, number: 2 }, 4).map(periodLabel);
  assert.deepEqual(months, ['2025-11', '2025-12', '2026-01', '2026-02']);
  const quarters = trendPeriods({ kind: 'quarter', year: 2026, number: 1 }, 3).map(periodLabel);
  assert.deepEqual(quarters, ['2025-Q3', '2025-Q4', '2026-Q1']);
  assert.deepEqual(trendPeriods({ kind: 'year', year: 2026, number: 0 }, 2).map(periodLabel),
    ['2025', '2026']);
});

test('statistics requests name whole periods', () => {
  const p = { kind: 'quarter', year: 2026, number: 3 };
  assert.deepEqual(SETS.aid.request(p, 'department'), { groupBy: 'STATS_GROUP_BY_DEPARTMENT',
    period: 'STATS_PERIOD_QUARTER', year: 2026, number: 3 });
  assert.deepEqual(SETS.orders.request(p, 'period'), { period: 'PERIOD_KIND_QUARTER',
    year: 2026, index: 3, dimension: 'STATISTICS_DIMENSION_KIND' });
  assert.deepEqual(SETS.visits.request(p, 'caseworker', 4), { period: 'STATISTICS_PERIOD_QUARTER',
    year: 2026, firstPeriod: 3, periodCount: 4, grouping: 'STATISTICS_GROUPING_CASEWORKER' });
  assert.equal(SETS.referrals.request(p, 'period', 2).grouping, 'STATISTICS_GROUPING_UNSPECIFIED');
});

test('a suppressed row shows "<5", never its zero figures', () => {
  const rows = SETS.aid.rows({ rows: [{ groupKey: 'd', groupLabel: '第九检察部', suppressed: true,
    peopleAided: '0' }], total: { peopleAided: '12' } }, { kind: 'month', year: 2026, number: 1 },
  'department');
  const format = (n) => String(n);
  assert.equal(cellValue(rows[0], ['peopleAided', 'count'], format), '<5');
  assert.equal(cellValue(rows[1], ['peopleAided', 'count'], format), '12');
  assert.ok(rows[1].total);
});

test('unknown figure sets get their numeric columns detected', () => {
  assert.deepEqual(detectColumns([{ groupKey: 'x', received: '3', amountFen: '100', label: 'a' }]),
    [['received', 'count'], ['amountFen', 'fen']]);
});

test('every message has Chinese and English', () => {
  for (const [key, value] of Object.entries({ ...MESSAGES, ...ENUMS })) {
    assert.ok(Array.isArray(value) && value.length === 2 && value[0] && value[1], key);
  }
});

test('lists are read page by page up to a cap', async () => {
  const pages = { '': { things: [1, 2], nextPageToken: 'b' }, b: { things: [3, 4], nextPageToken: 'c' },
    c: { things: [5] } };
  const asked = [];
  const all = await collectPages(async (token) => { asked.push(token); return pages[token]; }, 'things');
  assert.deepEqual(all, { items: [1, 2, 3, 4, 5], truncated: false });
  assert.deepEqual(asked, ['', 'b', 'c']);
  // The cap stops the walk and says so.
  const capped = await collectPages(async (token) => pages[token], 'things', 3);
  assert.deepEqual(capped, { items: [1, 2, 3], truncated: true });
  // An empty answer is an empty list; a token that repeats does not loop.
  assert.deepEqual(await collectPages(async () => ({}), 'things'), { items: [], truncated: false });
  let calls = 0;
  const loop = await collectPages(async () => { calls += 1; return { things: [calls], nextPageToken: 'x' }; },
    'things');
  assert.deepEqual(loop, { items: [1, 2], truncated: true });
});
