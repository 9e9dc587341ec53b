// Dashboards (chief, department head, analyst): one figure set at a time (referrals, aid,
// orders, visits), a period (month, quarter, year), a dimension (period, department,
// caseworker); a table of the figures with a CSV export and a trend chart over several
// periods. Figures are exactly what the statistics RPCs answer for the signed-in user.
import * as api from '../api.js';
import { enumLabel, formatNumber, formatYuan, t } from '../i18n.js';
import { clear, errorBox, field, h, select } from '../dom.js';
import { navigate, href } from '../router.js';
import { dataTable } from '../table.js';
import { disposeCharts, trendChart } from '../chart.js';
import { SETS, TREND_LENGTH, cellValue, detectColumns, periodLabel, trendPeriods } from '../stats.js';

export const SET_NAMES = ['referrals', 'aid', 'orders', 'visits'];
const CHART_FIGURES = {
  referrals: ['received', 'acknowledgedOnTime', 'acknowledgedLate'],
  aid: ['applicationsAccepted', 'peopleAided', 'decidedLate'],
  orders: ['served', 'complied', 'notComplied'],
  visits: ['slotsDue', 'doneOnTime', 'missed'],
};

export function formatFigure(n, kind) {
  if (kind === 'fen') return formatYuan(n);
  if (kind === 'bp') return `${(n / 100).toFixed(2)}%`;
  return formatNumber(n);
}

function csvFigure(n, kind) {
  if (kind === 'fen') return (n / 100).toFixed(2);
  if (kind === 'bp') return (n / 100).toFixed(2);
  return String(n);
}

export function columnLabel(key, kind) {
  const label = t(`fig.${key}`);
  if (label !== `fig.${key}`) return label;
  return kind === 'fen' ? `${key} (${t('unit.yuan')})` : key;
}

// The period of the query (defaults: this month).
export function periodFromQuery(query) {
  const now = new Date(Date.now() + 8 * 3600 * 1000);
  const kind = ['month', 'quarter', 'year'].includes(query.get('period'))
    ? query.get('period') : 'month';
  const year = Number(query.get('year')) || now.getUTCFullYear();
  const max = kind === 'month' ? 12 : kind === 'quarter' ? 4 : 0;
  const fallback = kind === 'month' ? now.getUTCMonth() + 1
    : kind === 'quarter' ? Math.floor(now.getUTCMonth() / 3) + 1 : 0;
  let number = Number(query.get('n'));
  if (!(number >= 1 && number <= max)) number = fallback;
  return { kind, year, number };
}

// Fetches one figure set for the period and dimension: the table's rows, the trend's rows
// and the requests made (kept on the table for checking against the API).
export async function loadSet(name, period, dim) {
  const set = SETS[name];
  const periods = trendPeriods(period, TREND_LENGTH[period.kind]);
  const requests = [];
  const call = async (req) => {
    requests.push(req);
    return api.rpc(set.method, req);
  };
  let trendRows = [];
  if (set.multiPeriod) {
    const resp = await call(set.request(periods[0], 'period', periods.length));
    trendRows = periods.map((p) => set.rows(resp, p, 'period')
      .filter((r) => r.key === periodLabel(p)));
    trendRows = trendRows.map((rows, i) => ({ period: periods[i], rows }));
  } else {
    const resps = await Promise.all(periods.map((p) => call(set.request(p, 'period'))));
    trendRows = resps.map((resp, i) => ({ period: periods[i],
      rows: set.rows(resp, periods[i], 'period') }));
  }
  let tableRows;
  if (dim === 'period') {
    tableRows = trendRows.flatMap((tr) => tr.rows);
  } else {
    const resp = await call(set.request(period, dim, 1));
    tableRows = set.rows(resp, period, dim);
  }
  return { tableRows, trendRows, requests, periods };
}

export function figuresTable(name, rows, columns, caption, csvName, method, requests) {
  const cols = [{ key: '__label', label: t('table.group') },
    ...columns.map((c) => ({ key: c[0], label: columnLabel(c[0], c[1]), num: true }))];
  const tableRows = rows.map((r) => {
    const cells = { __label: { text: r.total ? t('table.total') : r.label } };
    for (const c of columns) {
      const raw = r.suppressed ? 'suppressed' : String(r.values[c[0]] ?? 0);
      const n = Number(r.values[c[0]] || 0);
      cells[c[0]] = { text: cellValue(r, c, formatFigure), raw,
        csv: r.suppressed ? '<5' : csvFigure(n, c[1]) };
    }
    return { key: r.key, total: r.total, cells };
  });
  return dataTable({
    caption,
    columns: cols,
    rows: tableRows,
    csvName,
    attrs: { class: 'figures', dataset: { set: name, method,
      requests: JSON.stringify(requests) } },
  });
}

// One breakdown of a row (e.g. referrals by kind): entries suppressed alone show "<5".
export function breakdownTable(name, field, keyField, r, period) {
  const entries = r.suppressed ? [] : r.values[field] || [];
  const caption = t(`dash.breakdown.${field}`, { period: periodLabel(period) });
  return dataTable({
    caption,
    csvName: `shouhu-${name}-${field}-${periodLabel(period)}.csv`,
    columns: [{ key: '__label', label: t('table.group') },
      { key: 'count', label: t('fig.count'), num: true }],
    rows: entries.map((e) => ({ key: e[keyField], cells: {
      __label: { text: keyField === 'agencyCode' ? e.agencyCode : enumLabel(e[keyField]) },
      count: { text: e.suppressed ? '<5' : formatNumber(Number(e.count || 0)),
        raw: e.suppressed ? 'suppressed' : String(e.count ?? 0),
        csv: e.suppressed ? '<5' : String(e.count ?? 0) },
    } })),
    attrs: { class: 'breakdown', dataset: { set: name, breakdown: field } },
  });
}

export function trendFor(name, trendRows, columns) {
  const keys = (CHART_FIGURES[name] || columns.slice(0, 3).map((c) => c[0]))
    .filter((k) => columns.some((c) => c[0] === k));
  const series = keys.map((k) => ({
    name: columnLabel(k, 'count'),
    data: trendRows.map((tr) => {
      const visible = tr.rows.filter((r) => !r.suppressed);
      if (!visible.length) return null;
      return visible.reduce((sum, r) => sum + Number(r.values[k] || 0), 0);
    }),
  }));
  return trendChart(t('dash.trend', { set: t(`set.${name}`) }),
    trendRows.map((tr) => periodLabel(tr.period)), series);
}

function controls(name, period, dim) {
  const set = SETS[name];
  const kind = select(['month', 'quarter', 'year'].map((k) => ({ value: k,
    label: t(`period.${k}`), selected: k === period.kind })), { name: 'period' });
  const year = h('input', { type: 'number', name: 'year', min: 2000, max: 2200,
    value: period.year, inputmode: 'numeric' });
  const numberOptions = period.kind === 'month'
    ? Array.from({ length: 12 }, (_, i) => ({ value: i + 1, label: t('period.monthN', { n: i + 1 }) }))
    : period.kind === 'quarter'
      ? [1, 2, 3, 4].map((q) => ({ value: q, label: t('period.quarterN', { n: q }) }))
      : [];
  const number = select(numberOptions.map((o) => ({ ...o, selected: o.value === period.number })),
    { name: 'n' });
  const dimension = select(set.dims.map((d) => ({ value: d, label: t(`dim.${d}`),
    selected: d === dim })), { name: 'dim' });
  const form = h('form', { class: 'controls panel no-print', role: 'search',
    'aria-label': t('dash.controls') },
  field(t('dash.periodKind'), kind),
  field(t('dash.year'), year),
  numberOptions.length ? field(t('dash.number'), number) : null,
  field(t('dash.dimension'), dimension),
  h('button', { type: 'submit', class: 'btn', text: t('dash.show') }));
  kind.addEventListener('change', () => form.requestSubmit());
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const q = { set: name, period: kind.value, year: year.value, dim: dimension.value };
    if (numberOptions.length && kind.value === period.kind) q.n = number.value;
    navigate(['dashboard'], q);
  });
  return form;
}

export async function render(main, ctx) {
  disposeCharts();
  const name = SET_NAMES.includes(ctx.query.get('set')) ? ctx.query.get('set') : 'aid';
  const set = SETS[name];
  const period = periodFromQuery(ctx.query);
  const dim = set.dims.includes(ctx.query.get('dim')) ? ctx.query.get('dim') : 'period';
  main.appendChild(h('h1', { text: t('dash.title') }));
  const tabs = h('nav', { class: 'tabs', 'aria-label': t('dash.sets') });
  for (const s of SET_NAMES) {
    tabs.appendChild(h('a', {
      href: href(['dashboard'], { set: s, period: period.kind, year: period.year,
        n: period.number, dim: SETS[s].dims.includes(dim) ? dim : 'period' }),
      'aria-current': s === name ? 'page' : undefined,
      text: t(`set.${s}`),
    }));
  }
  main.appendChild(tabs);
  main.appendChild(controls(name, period, dim));
  const section = h('section', { 'aria-labelledby': 'figures-h', 'aria-busy': 'true' },
    h('h2', { id: 'figures-h', text: t('dash.figures', { set: t(`set.${name}`),
      period: periodLabel(period), dim: t(`dim.${dim}`) }) }));
  main.appendChild(section);
  const status = h('p', { class: 'loading', text: t('app.loading') });
  section.appendChild(status);
  let data;
  try {
    data = await loadSet(name, period, dim);
  } catch (error) {
    if (!ctx.isCurrent()) return;
    status.remove();
    section.setAttribute('aria-busy', 'false');
    section.appendChild(errorBox(error));
    return;
  }
  if (!ctx.isCurrent()) return;
  clear(section);
  section.setAttribute('aria-busy', 'false');
  section.appendChild(h('h2', { id: 'figures-h', text: t('dash.figures', {
    set: t(`set.${name}`), period: periodLabel(period), dim: t(`dim.${dim}`) }) }));
  const columns = set.columns || detectColumns(data.tableRows.map((r) => r.values));
  section.appendChild(h('p', { class: 'muted', text: t('dash.suppressionNote') }));
  section.appendChild(figuresTable(name, data.tableRows, columns,
    t('dash.tableCaption', { set: t(`set.${name}`), dim: t(`dim.${dim}`) }),
    `shouhu-${name}-${dim}-${periodLabel(period)}.csv`, set.method, data.requests));
  if (set.breakdowns && dim === 'period' && data.tableRows.length) {
    const selected = data.tableRows[data.tableRows.length - 1];
    for (const [field, keyField] of set.breakdowns) {
      section.appendChild(breakdownTable(name, field, keyField, selected, period));
    }
  }
  section.appendChild(trendFor(name, data.trendRows, columns));
}
