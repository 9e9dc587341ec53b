// Latency of every console endpoint the dashboards and the workbench call, as the browser
// calls them: POST /api/rpc/<method> with the session cookie and the CSRF header, against a
// running shouhu-console (development sign-in). The requests are built by the web app's own
// code (services/console/web/js/stats.js), so what is measured is what the pages send.
//
//   node tests/bench/console_latency.mjs --base=http://127.0.0.1:7180 [--calls=200]
//        [--concurrency=8] [--warmup=10]
//
// Prints a markdown table: per endpoint and concurrency, calls, errors, p50/p95/p99/max ms.
import { SETS } from '../../services/console/web/js/stats.js';

const args = Object.fromEntries(process.argv.slice(2).map((a) => {
  const [k, v] = a.replace(/^--/, '').split('=');
  return [k, v ?? 'true'];
}));
const BASE = args.base || 'http://127.0.0.1:7180';
const CALLS = Number(args.calls || 200);
const WARMUP = Number(args.warmup || 10);
const CONCURRENCY = Number(args.concurrency || 8);

async function signIn(id) {
  const res = await fetch(`${BASE}/auth/dev-login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ id }),
  });
  if (!res.ok) throw new Error(`dev-login ${id}: HTTP ${res.status}`);
  const cookie = (res.headers.get('set-cookie') || '').split(';')[0];
  const body = await res.json();
  if (!cookie.startsWith('shouhu_session=') || !body.csrf) {
    throw new Error(`dev-login ${id}: no session`);
  }
  return { cookie, csrf: body.csrf };
}

async function call(session, method, message) {
  const start = process.hrtime.bigint();
  const res = await fetch(`${BASE}/api/rpc/${method}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': session.csrf,
      Cookie: session.cookie },
    body: JSON.stringify(message),
  });
  await res.arrayBuffer();
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  return { ms, ok: res.ok, status: res.status };
}

function pct(sorted, p) {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

async function measure(session, method, message, concurrency) {
  for (let i = 0; i < WARMUP; i += 1) await call(session, method, message);
  const times = [];
  const codes = {};
  let next = 0;
  const worker = async () => {
    while (next < CALLS) {
      next += 1;
      const r = await call(session, method, message);
      times.push(r.ms);
      if (!r.ok) codes[r.status] = (codes[r.status] || 0) + 1;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  times.sort((a, b) => a - b);
  return { times, codes };
}

const now = new Date(Date.now() + 8 * 3600 * 1000);  // China time
const month = { kind: 'month', year: now.getUTCFullYear(), number: now.getUTCMonth() + 1 };

const endpoints = [];
for (const [name, set] of Object.entries(SETS)) {
  for (const dim of set.dims) {
    endpoints.push({ who: 'u-li', label: `${name} by ${dim}`, method: set.method,
      message: set.request(month, dim, 1) });
  }
}
endpoints.push(
  { who: 'u-zhang', label: 'workbench: my referrals', method:
    'shouhu.referral.v1.ReferralService/ListReferrals', message: { assignedTo: 'u-zhang' } },
  { who: 'u-zhang', label: 'workbench: my aid applications', method:
    'shouhu.aid.v1.AidApplicationService/ListApplications', message: { assignedTo: 'u-zhang' } },
  { who: 'u-zhang', label: 'workbench: my orders', method:
    'shouhu.guardianship.v1.GuardianshipOrderService/ListOrders', message: { assignedTo: 'me' } },
  { who: 'u-zhang', label: 'workbench: my due visits', method:
    'shouhu.visit.v1.VisitPlanService/ListDueVisits', message: { includeMissed: true } },
);

const sessions = {};
const lines = [
  `Console endpoints through shouhu-console (${BASE}), ${CALLS} calls each after ${WARMUP} `
  + `warm-up calls, at 1 and ${CONCURRENCY} concurrent callers of one session; ms as the `
  + 'HTTP client saw each call.',
  '',
  '| endpoint | as | concurrency | calls/s | p50 | p95 | p99 | max | errors |',
  '|---|---|---:|---:|---:|---:|---:|---:|---|',
];
let failed = false;
for (const e of endpoints) {
  sessions[e.who] ||= await signIn(e.who);
  for (const c of [1, CONCURRENCY]) {
    const start = Date.now();
    const { times, codes } = await measure(sessions[e.who], e.method, e.message, c);
    const rate = times.length / ((Date.now() - start) / 1000);
    const errs = Object.entries(codes).map(([k, v]) => `${v}× HTTP ${k}`).join(', ') || '0';
    if (errs !== '0') failed = true;
    const f = (x) => x.toFixed(2);
    lines.push(`| ${e.label} | ${e.who} | ${c} | ${rate.toFixed(1)} | ${f(pct(times, 50))} | `
      + `${f(pct(times, 95))} | ${f(pct(times, 99))} | ${f(times[times.length - 1])} | ${errs} |`);
  }
}
console.log(lines.join('\n'));
process.exit(failed ? 1 : 0);
