// Browser tests of the console (issue 10): headless Debian chromium through playwright-core
// against a running platform and shouhu-console (tests/browser/run.sh starts both).
// Each identity signs in once (the sign-in tests) and its page is reused, moving by hash
// route; every page shown is checked for console errors and with axe-core (no serious or
// critical violations).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { SHORT_BASE, allowing, api, assertAccessible, assertNoConsoleErrors, devIdentities, go,
  idNumber, launch, openPage, signIn } from './lib.mjs';

const M = {
  listReferrals: 'shouhu.referral.v1.ReferralService/ListReferrals',
  getReferral: 'shouhu.referral.v1.ReferralService/GetReferral',
  getVisit: 'shouhu.visit.v1.VisitService/GetVisit',
  listCases: 'shouhu.referral.v1.CaseService/ListCases',
};

let browser;
let ids;
const who = {};
const pages = {};
// Signed in on the console with the short idle time at the start; left idle until the
// session-expiry test at the end (the idle time is whole minutes).
let idlePage;
let idleSince;

// The first development identity matching `pred`; a test needing a missing one fails.
function pick(pred, what) {
  return ids.find(pred) || { id: `(no development identity for ${what})`, roles: [] };
}

// The signed-in page of a role (signed in by its sign-in test, or now).
async function as(role) {
  if (!pages[role]) {
    const page = await openPage(browser);
    await signIn(page, who[role].id);
    pages[role] = page;
  }
  return pages[role];
}

const settled = (page) => page.waitForFunction(() => !document.querySelector('[aria-busy="true"]') &&
  !document.querySelector('main .loading'));

before(async () => {
  browser = await launch();
  const page = await openPage(browser);
  await page.goto('/');
  ids = await devIdentities(page);
  await page.shouhuContext.close();
  const hasRole = (r) => (i) => i.kind !== 'agency' && (i.roles || []).includes(r);
  who.chief = pick(hasRole('chief'), 'a chief');
  who.head = pick(hasRole('department_head'), 'a department head');
  who.analyst = pick(hasRole('analyst'), 'an analyst');
  who.caseworker = pick(hasRole('caseworker'), 'a caseworker');
  who.agency = pick((i) => i.kind === 'agency' && i.agency === 'edu-renhuai', 'edu-renhuai staff');
  who.otherAgency = pick((i) => i.kind === 'agency' && i.agency && i.agency !== 'edu-renhuai',
    'staff of another agency');
  if (SHORT_BASE) {
    idlePage = await openPage(browser, SHORT_BASE);
    await signIn(idlePage, who.caseworker.id);
    await idlePage.locator('#wb-visits').waitFor();
    idleSince = Date.now();
  }
});

after(async () => {
  if (browser) await browser.close();
});

describe('sign-in', () => {
  const landing = [
    ['chief', '#/dashboard'], ['head', '#/dashboard'], ['analyst', '#/dashboard'],
    ['caseworker', '#/workbench'], ['agency', '#/portal'],
  ];
  for (const [role, hash] of landing) {
    test(`${role} signs in and lands on ${hash}`, async () => {
      const page = await openPage(browser);
      await page.goto('/');
      await page.locator('button[data-identity]').first().waitFor();
      assert.equal(await page.evaluate(() => document.documentElement.lang), 'zh-CN');
      await assertAccessible(page, 'sign-in');
      await signIn(page, who[role].id);
      const expected = role === 'head' && (who.head.roles || []).includes('caseworker')
        ? '#/workbench' : hash;
      await page.waitForFunction((h) => window.location.hash.startsWith(h), expected);
      await page.locator('main h1').waitFor();
      await settled(page);
      assert.equal(await page.locator('main .alert').count(), 0, 'the landing page loads');
      await assertAccessible(page, `${role} landing page`);
      assertNoConsoleErrors(page);
      pages[role] = page;
    });
  }

  test('the language switch shows English and is kept', async () => {
    const page = await as('caseworker');
    await page.locator('#lang-switch').click();
    await page.waitForFunction(() => document.documentElement.lang === 'en');
    await page.getByRole('heading', { name: 'My workbench' }).waitFor();
    await page.reload();
    await page.getByRole('heading', { name: 'My workbench' }).waitFor();
    await page.locator('#lang-switch').click();
    await page.waitForFunction(() => document.documentElement.lang === 'zh-CN');
    await page.getByRole('heading', { name: '我的工作台' }).waitFor();
    assertNoConsoleErrors(page);
  });
});

describe('dashboards', () => {
  for (const set of ['aid', 'orders', 'visits', 'referrals']) {
    test(`${set}: the table shows what the API answers for the same call`, async () => {
      const page = await as('analyst');
      for (const dim of ['period', 'department']) {
        await go(page, `#/dashboard?set=${set}&period=month&dim=${dim}`);
        const table = page.locator(`table.figures[data-set="${set}"]`);
        await table.waitFor();
        await settled(page);
        const { method, requests } = await table.evaluate((el) => ({
          method: el.dataset.method, requests: JSON.parse(el.dataset.requests) }));
        const shown = await table.evaluate((el) => [...el.querySelectorAll('tbody tr[data-key]')]
          .map((tr) => Object.fromEntries([...tr.querySelectorAll('[data-raw]')]
            .map((td) => [td.dataset.field, { raw: td.dataset.raw, text: td.textContent }]))));
        // The last request is the table's (the dimension's) call: ask the API the same.
        const answer = await api(page, method, requests[requests.length - 1]);
        assert.equal(answer.status, 200, JSON.stringify(answer.body));
        const rows = answer.body.rows || [];
        // aid answers one call per period (a total row); orders one call per period (a row
        // per kind); referrals and visits one call for every period.
        let expected = rows;
        if (set === 'aid') {
          expected = dim === 'period' ? [answer.body.total || rows[0]]
            : rows.concat(answer.body.total ? [answer.body.total] : []);
        }
        const last = expected.length ? shown.slice(-expected.length) : [];
        assert.equal(last.length, expected.length, `${set}/${dim}: rows`);
        if (dim !== 'period') assert.equal(shown.length, expected.length, `${set}/${dim}: rows`);
        expected.forEach((row, i) => {
          for (const [field, cell] of Object.entries(last[i])) {
            if (row.suppressed) {
              assert.equal(cell.raw, 'suppressed', `${set}/${dim} row ${i} ${field}`);
              assert.equal(cell.text, '<5');
            } else {
              assert.equal(cell.raw, String(row[field] ?? 0), `${set}/${dim} row ${i} ${field}`);
            }
          }
        });
        await page.locator('.chart canvas').first().waitFor();
        await assertAccessible(page, `dashboard ${set} ${dim}`);
      }
      assertNoConsoleErrors(page);
    });
  }

  test('every table exports CSV with a byte order mark; the monthly report renders', async () => {
    const page = await as('chief');
    await go(page, '#/dashboard?set=aid&period=quarter&dim=period');
    await page.locator('table.figures').waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'),
      page.locator('button[data-export]').first().click()]);
    const chunks = [];
    for await (const c of await download.createReadStream()) chunks.push(c);
    const bytes = Buffer.concat(chunks);
    assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
    assert.match(bytes.toString('utf8'), /分组/);
    await go(page, '#/report');
    await page.locator('#report-visits').waitFor();
    await page.waitForFunction(() => document.querySelectorAll('table.figures').length === 4);
    assert.equal(await page.locator('main .alert').count(), 0, 'every figure set loads');
    await page.emulateMedia({ media: 'print' });
    assert.equal(await page.locator('.app-header').isVisible(), false);
    await page.emulateMedia({ media: 'screen' });
    await assertAccessible(page, 'monthly report');
    assertNoConsoleErrors(page);
  });
});

describe('case-quality review', () => {
  test('the review page lists my findings and, for the head, appeals and the summary', async () => {
    const page = await as('caseworker');
    await go(page, '#/review');
    await page.locator('#rev-mine').waitFor();
    assert.equal(await page.locator('main .alert').count(), 0, 'my findings load');
    await assertAccessible(page, 'review page (caseworker)');
    assertNoConsoleErrors(page);
    const head = await as('head');
    await go(head, '#/review?by=REVIEW_BY_RULE');
    await head.locator('#rev-appeals').waitFor();
    await head.locator('#rev-summary').waitFor();
    assert.equal(await head.locator('main .alert').count(), 0, 'appeals and summary load');
    await assertAccessible(head, 'review page (head)');
    assertNoConsoleErrors(head);
  });
});

describe('caseworker workbench', () => {
  test('records a visit through the form on a phone screen; it is in the service', async () => {
    const page = await as('caseworker');
    await page.setViewportSize({ width: 390, height: 844 });
    await go(page, '#/workbench?phone=1');
    await page.locator('#wb-visits').waitFor();
    await settled(page);
    await assertAccessible(page, 'workbench (phone)');
    const link = page.locator('a.record-visit').first();
    if (await link.count()) {
      await link.click();
    } else {
      const cases = await api(page, M.listCases, { pageSize: 1 });
      assert.equal(cases.status, 200);
      assert.ok(cases.body.cases.length, 'the demo data has a case');
      await go(page, `#/workbench/visit?case=${cases.body.cases[0].caseId}`);
    }
    const form = page.locator('form.visit-form');
    await form.waitFor();
    const ratings = ['RATING_GOOD', 'RATING_FAIR', 'RATING_CONCERN', 'RATING_GOOD'];
    for (let i = 0; i < 4; i += 1) {
      await form.locator(`[data-field="assessments[${i}].rating"]`).selectOption(ratings[i]);
      await form.locator(`[data-field="assessments[${i}].notes"]`).fill(`浏览器测试记录 ${i}`);
    }
    // An identity number in the notes is refused by the service: shown at that field.
    const notes1 = form.locator('[data-field="assessments[1].notes"]');
    await notes1.fill(`身份证 ${idNumber('20120101', 7)}`);
    await form.locator('[data-field="summary"]').fill('浏览器测试：孩子情绪稳定，学习正常。');
    await allowing(page, /status of 400/, async () => {
      await form.locator('button[type="submit"]').click();
      await page.waitForFunction(() => document.querySelector(
        '[data-field="assessments[1].notes"]').getAttribute('aria-invalid') === 'true');
    });
    assert.match(await notes1.locator('xpath=..').locator('.field-error').textContent(),
      /identity number/);
    await assertAccessible(page, 'visit form with a field error');
    await notes1.fill('身体状况良好');
    await form.locator('button[type="submit"]').click();
    const done = page.locator('#visit-recorded');
    await done.waitFor();
    const visitId = await done.getAttribute('data-visit-id');
    const visit = await api(page, M.getVisit, { visitId });
    assert.equal(visit.status, 200, JSON.stringify(visit.body));
    assert.equal(visit.body.summary, '浏览器测试：孩子情绪稳定，学习正常。');
    const byDim = Object.fromEntries(visit.body.assessments.map((a) => [a.dimension, a]));
    assert.equal(byDim.DIMENSION_MOOD.rating, 'RATING_GOOD');
    assert.equal(byDim.DIMENSION_PHYSICAL.notes, '身体状况良好');
    assert.equal(byDim.DIMENSION_LIVING.rating, 'RATING_CONCERN');
    await page.setViewportSize({ width: 1280, height: 900 });
    assertNoConsoleErrors(page);
  });
});

describe('agency portal', () => {
  let submittedId;

  test('an invalid ID number is shown at its field; a valid one lands in the list', async () => {
    const page = await as('agency');
    await go(page, '#/portal/submit');
    const form = page.locator('#submit-referral');
    await form.waitFor();
    await assertAccessible(page, 'submit a referral');
    await form.locator('[data-field="kind"]').selectOption('REFERRAL_KIND_MANDATORY_REPORT');
    await form.locator('input[value="SITUATION_ABANDONMENT_NEGLECT"]').check();
    await form.locator('[data-field="facts"]').fill(`浏览器测试：学生长期无人照料（${Date.now()}）。`);
    await form.locator('[data-field="people[0].person.name"]').fill('测试学生');
    await form.locator('[data-field="people[0].person.sex"]').selectOption('SEX_MALE');
    const valid = idNumber('20150301', Date.now() % 997);
    const invalid = valid.slice(0, 17) + (valid[17] === '1' ? '2' : '1');
    const idField = form.locator('[data-field="people[0].person.idNumber"]');
    await idField.fill(invalid);
    await allowing(page, /status of 400/, async () => {
      await form.locator('button[type="submit"]').click();
      await page.waitForFunction(() => document.querySelector(
        '[data-field="people[0].person.idNumber"]').getAttribute('aria-invalid') === 'true');
    });
    const error = await idField.locator('xpath=..').locator('.field-error').textContent();
    assert.ok(error.length > 6, `field error shown: ${error}`);
    await assertAccessible(page, 'submit form with a field error');
    await idField.fill(valid);
    await form.locator('button[type="submit"]').click();
    await page.locator('#submitted-notice').waitFor();
    submittedId = new URL(page.url()).hash.split('submitted=')[1];
    assert.ok(submittedId, 'the new referral id is in the URL');
    await page.locator(`#portal-referrals tr[data-key="${submittedId}"]`).waitFor();
    await page.locator(`#portal-referrals a[href="#/portal/referral/${submittedId}"]`).click();
    await page.locator('#timeline li').first().waitFor();
    await assertAccessible(page, 'referral timeline');
    for (const tab of ['suggestions', 'orders', 'escalations']) {
      await go(page, `#/portal/${tab}`);
      await page.locator(`#portal-${tab}, .portal-body .alert`).first().waitFor();
      assert.equal(await page.locator('.portal-body .alert').count(), 0, `${tab} loads`);
      await assertAccessible(page, `portal ${tab}`);
    }
    assertNoConsoleErrors(page);
  });

  test('another agency cannot reach the referral by URL', async () => {
    assert.ok(submittedId, 'the previous test submitted a referral');
    const page = await as('otherAgency');
    await allowing(page, /status of (403|404)/, async () => {
      await go(page, `#/portal/referral/${submittedId}`);
      await page.locator('.portal-body .alert').waitFor();
      assert.equal(await page.locator('.facts').count(), 0);
      const direct = await api(page, M.getReferral, { referralId: submittedId });
      assert.ok(direct.status === 403 || direct.status === 404, `status ${direct.status}`);
    });
    const list = await api(page, M.listReferrals, { pageSize: 200 });
    assert.equal(list.status, 200);
    assert.ok(!(list.body.referrals || []).some((r) => r.referralId === submittedId));
    await assertAccessible(page, 'referral denied');
    assertNoConsoleErrors(page);
  });
});

describe('security', () => {
  test('an RPC without the CSRF header, or with a wrong one, is refused', async () => {
    const page = await as('caseworker');
    await allowing(page, /status of 403/, async () => {
      const none = await api(page, M.listReferrals, {}, false);
      assert.equal(none.status, 403);
      const wrong = await api(page, M.listReferrals, {}, 'not-the-token');
      assert.equal(wrong.status, 403);
    });
    const right = await api(page, M.listReferrals, {});
    assert.equal(right.status, 200);
    const headers = await page.evaluate(async () => {
      const r = await fetch('/');
      return { csp: r.headers.get('content-security-policy'),
        nosniff: r.headers.get('x-content-type-options') };
    });
    assert.match(headers.csp || '', /script-src 'self'/);
    assert.equal(headers.nosniff, 'nosniff');
    assertNoConsoleErrors(page);
  });

  test('an idle session expires and the page goes back to sign-in', { skip: !SHORT_BASE }, async () => {
    const page = idlePage;
    const idleMs = Number(process.env.SHOUHU_CONSOLE_SHORT_IDLE_SECONDS || 60) * 1000;
    const wait = idleSince + idleMs + 2000 - Date.now();
    if (wait > 0) await page.waitForTimeout(wait);
    await allowing(page, /status of 401/, async () => {
      await go(page, '#/workbench?after=idle');
      await page.locator('#session-expired').waitFor();
    });
    assert.match(page.url(), /#\/signin/);
    await assertAccessible(page, 'sign-in after expiry');
    assertNoConsoleErrors(page);
  });
});
