// Helpers of the console's browser tests: the browser (Debian chromium through
// playwright-core), sign-in through the development identities, API calls from the page
// (the session's cookie and CSRF token), console-error collection and axe-core checks.
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import assert from 'node:assert/strict';

const nodeModules = process.env.SHOUHU_WEB_NODE_MODULES;
if (!nodeModules) throw new Error('SHOUHU_WEB_NODE_MODULES is not set (run tests/browser/run.sh)');
const require = createRequire(path.join(nodeModules, 'noop.js'));
const { chromium } = require('playwright-core');
const axeSource = readFileSync(path.join(nodeModules, 'axe-core', 'axe.min.js'), 'utf8');

export const BASE = process.env.SHOUHU_CONSOLE_URL;
export const SHORT_BASE = process.env.SHOUHU_CONSOLE_SHORT_URL;
if (!BASE) throw new Error('SHOUHU_CONSOLE_URL is not set (run tests/browser/run.sh)');

export async function launch() {
  return chromium.launch({
    executablePath: process.env.SHOUHU_CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-dev-shm-usage', '--disable-gpu'],
  });
}

// A fresh context (own cookies) and page; every console error, page error and failed
// request is collected. `allowed` (RegExp list) are errors a test provokes on purpose
// (e.g. the 400 of an invalid submission); tests wrap those steps in allowing().
export async function openPage(browser, base = BASE, viewport = { width: 1280, height: 900 }) {
  const context = await browser.newContext({ baseURL: base, viewport, locale: 'zh-CN' });
  await context.addInitScript({ content: axeSource });
  const page = await context.newPage();
  const errors = [];
  const allowed = [];
  page.on('console', (msg) => {
    if (msg.type() !== 'error') return;
    const text = msg.text();
    if (allowed.some((re) => re.test(text))) return;
    errors.push(`console: ${text}`);
  });
  page.on('pageerror', (err) => errors.push(`pageerror: ${err.message}`));
  page.shouhuErrors = errors;
  page.shouhuAllowed = allowed;
  page.shouhuContext = context;
  page.setDefaultTimeout(15000);
  return page;
}

// Runs fn with console errors matching `re` allowed (an error the test provokes).
export async function allowing(page, re, fn) {
  page.shouhuAllowed.push(re);
  try {
    return await fn();
  } finally {
    page.shouhuAllowed.splice(page.shouhuAllowed.indexOf(re), 1);
  }
}

export function assertNoConsoleErrors(page) {
  assert.deepEqual(page.shouhuErrors, [], 'console errors on the page');
}

// axe-core on the current page: no serious or critical violations.
export async function assertAccessible(page, label) {
  const result = await page.evaluate(async () => {
    // eslint-disable-next-line no-undef
    const r = await axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help,
      nodes: v.nodes.slice(0, 3).map((n) => n.target.join(' ')) }));
  });
  const bad = result.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  assert.deepEqual(bad, [], `axe-core violations on ${label}`);
}

export async function devIdentities(page) {
  return page.evaluate(async () => (await fetch('/api/dev/identities')).json());
}

// Goes to a route of the signed-in app without reloading it (hash navigation).
export async function go(page, hash) {
  await page.evaluate((h) => { window.location.hash = h; }, hash);
}

// Signs in by clicking the identity on the sign-in page; waits for the landing page.
export async function signIn(page, identityId) {
  await page.goto('/#/signin');
  await page.locator(`button[data-identity="${identityId}"]`).click();
  await page.waitForFunction(() => !window.location.hash.startsWith('#/signin'));
  await page.locator('#sign-out').waitFor({ state: 'visible' });
}

// POST /api/rpc/<method> from the page. csrf: true (the session's token), false (none) or
// a string to send instead.
export async function api(page, method, body, csrf = true) {
  return page.evaluate(async ({ method: m, body: b, csrf: c }) => {
    const session = await (await fetch('/api/session', { credentials: 'same-origin' })).json();
    const headers = { 'Content-Type': 'application/json' };
    if (c === true) headers['X-CSRF-Token'] = session.csrf;
    else if (typeof c === 'string') headers['X-CSRF-Token'] = c;
    const r = await fetch(`/api/rpc/${m}`, { method: 'POST', headers, credentials: 'same-origin',
      body: JSON.stringify(b || {}) });
    let json = null;
    try {
      json = await r.json();
    } catch (e) {
      json = null;
    }
    return { status: r.status, body: json };
  }, { method, body, csrf });
}

// A valid resident ID number (GB 11643) for someone born on `birth` (YYYYMMDD) in Renhuai.
export function idNumber(birth, serial) {
  const body = `520382${birth}${String(serial % 1000).padStart(3, '0')}`;
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...body].reduce((s, d, i) => s + Number(d) * weights[i], 0);
  return body + '10X98765432'[sum % 11];
}
