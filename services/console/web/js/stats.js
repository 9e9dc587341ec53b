// The dashboards' figure sets: for each, the statistics RPC, how a period and a dimension
// become its request, and how its response becomes table rows. Every service answers whole
// periods only and suppresses small counts (suppressed=true, figures zero): such rows are
// shown as "<5", never as zero.
import { enumLabel } from './i18n.js';
import { M } from './api.js';

// {kind: 'month'|'quarter'|'year', year, number} -> the `count` periods ending with it.
export function trendPeriods(period, count) {
  const out = [];
  let { year, number } = period;
  const per = period.kind === 'month' ? 12 : period.kind === 'quarter' ? 4 : 1;
  for (let i = 0; i < count; i += 1) {
    out.unshift({ kind: period.kind, year, number: period.kind === 'year' ? 0 : number });
    if (period.kind === 'year') {
      year -= 1;
    } else {
      number -= 1;
      if (number < 1) {
        number = per;
        year -= 1;
      }
    }
  }
  return out;
}

export function periodLabel(p) {
  if (p.kind === 'month') return `${p.year}-${String(p.number).padStart(2, '0')}`;
  if (p.kind === 'quarter') return `${p.year}-Q${p.number}`;
  return String(p.year);
}

export const TREND_LENGTH = { month: 6, quarter: 4, year: 3 };

const AID_PERIOD = { month: 'STATS_PERIOD_MONTH', quarter: 'STATS_PERIOD_QUARTER',
  year: 'STATS_PERIOD_YEAR' };
const ORDER_PERIOD = { month: 'PERIOD_KIND_MONTH', quarter: 'PERIOD_KIND_QUARTER',
  year: 'PERIOD_KIND_YEAR' };
const VISIT_PERIOD = { month: 'STATISTICS_PERIOD_MONTH', quarter: 'STATISTICS_PERIOD_QUARTER',
  year: 'STATISTICS_PERIOD_YEAR' };

// Column kinds: 'count' (integer), 'fen' (money in fen, shown in yuan), 'bp' (basis points,
// shown as a percentage), 'days'.
const AID_COLUMNS = [
  ['applicationsAccepted', 'count'], ['peopleAided', 'count'], ['amountPaidFen', 'fen'],
  ['exOfficioCount', 'count'], ['exOfficioShareBp', 'bp'], ['emergencyCount', 'count'],
  ['decidedOnTime', 'count'], ['decidedLate', 'count'], ['medianDecisionDays', 'days'],
  ['suggestionsIssued', 'count'], ['suggestionsCompleted', 'count'], ['recoveredFen', 'fen'],
];
const ORDER_COLUMNS = [
  ['served', 'count'], ['underSupervision', 'count'], ['complied', 'count'],
  ['notComplied', 'count'], ['terminated', 'count'], ['evaluated', 'count'],
  ['evaluatedLate', 'count'], ['meanDaysToEvaluation', 'days'], ['guidanceSessions', 'count'],
  ['escalations', 'count'], ['repliesOnTime', 'count'], ['repliesLate', 'count'],
  ['repliesOverdue', 'count'],
];
const REFERRAL_COLUMNS = [
  ['received', 'count'], ['acknowledgedOnTime', 'count'], ['acknowledgedLate', 'count'],
  ['openOverdue', 'count'], ['acknowledgedUntimed', 'count'], ['casesOpened', 'count'],
  ['casesClosed', 'count'],
];
const VISIT_COLUMNS = [
  ['slotsDue', 'count'], ['doneOnTime', 'count'], ['doneLate', 'count'], ['overdue', 'count'],
  ['missed', 'count'], ['waived', 'count'], ['needsFound', 'count'],
  ['volunteerReports', 'count'],
];

// Fields of a statistics row that are not figures.
const NON_FIGURES = new Set(['groupKey', 'groupLabel', 'suppressed', 'period', 'kind',
  'department', 'caseworker', 'status', 'agencyCode', 'agency', 'measures', 'needs',
  'byKind', 'byAgency', 'byStatus']);

// Columns of a row whose shape the page does not know (figures are numbers or int64
// strings): used for figure sets added after this page was written.
export function detectColumns(rows) {
  const cols = [];
  for (const row of rows) {
    for (const [key, value] of Object.entries(row || {})) {
      if (NON_FIGURES.has(key) || cols.some((c) => c[0] === key)) continue;
      if (typeof value === 'number' || (typeof value === 'string' && /^-?\d+$/.test(value))) {
        cols.push([key, key.endsWith('Fen') ? 'fen' : key.endsWith('Bp') ? 'bp' : 'count']);
      }
    }
  }
  return cols;
}

function row(label, source, key) {
  return { label, key: key || label, suppressed: Boolean(source && source.suppressed),
    values: source || {} };
}

export const SETS = {
  referrals: {
    method: M.referralStatistics,
    dims: ['period', 'department', 'caseworker'],
    columns: REFERRAL_COLUMNS,
    multiPeriod: true,
    // Breakdowns of a row (by kind, source agency, status now), each entry suppressed alone.
    breakdowns: [['byKind', 'kind'], ['byAgency', 'agencyCode'], ['byStatus', 'status']],
    request(p, dim, count) {
      const grouping = { period: 'STATISTICS_GROUPING_UNSPECIFIED',
        department: 'STATISTICS_GROUPING_DEPARTMENT',
        caseworker: 'STATISTICS_GROUPING_CASEWORKER' }[dim];
      return { period: VISIT_PERIOD[p.kind], year: p.year,
        firstPeriod: p.kind === 'year' ? 0 : p.number, periodCount: count || 1, grouping };
    },
    rows(resp, p, dim) {
      return (resp.rows || []).map((r) => {
        const label = dim === 'period' ? r.period : `${r.groupKey}${r.period ? ` · ${r.period}` : ''}`;
        return row(label, r, dim === 'period' ? r.period : r.groupKey);
      });
    },
  },
  aid: {
    method: M.aidStatistics,
    dims: ['period', 'department', 'caseworker'],
    columns: AID_COLUMNS,
    request(p, dim) {
      const groupBy = { period: 'STATS_GROUP_BY_UNSPECIFIED',
        department: 'STATS_GROUP_BY_DEPARTMENT', caseworker: 'STATS_GROUP_BY_CASEWORKER' }[dim];
      return { groupBy, period: AID_PERIOD[p.kind], year: p.year, number: p.number };
    },
    rows(resp, p, dim) {
      if (dim === 'period') {
        return [row(periodLabel(p), resp.total || (resp.rows || [])[0], periodLabel(p))];
      }
      const rows = (resp.rows || []).map((r) => row(r.groupLabel || r.groupKey, r, r.groupKey));
      if (resp.total) rows.push({ ...row('', resp.total, '__total'), total: true });
      return rows;
    },
  },
  orders: {
    method: M.orderStatistics,
    dims: ['period', 'department'],
    columns: ORDER_COLUMNS,
    request(p, dim) {
      const dimension = dim === 'department' ? 'STATISTICS_DIMENSION_DEPARTMENT'
        : 'STATISTICS_DIMENSION_KIND';
      return { period: ORDER_PERIOD[p.kind], year: p.year, index: p.number, dimension };
    },
    rows(resp, p, dim) {
      return (resp.rows || []).map((r) => {
        const group = dim === 'department' ? r.department : enumLabel(r.kind);
        const label = dim === 'period' ? `${periodLabel(p)} · ${group}` : group;
        return row(label, r, dim === 'period' ? `${periodLabel(p)}|${r.kind}` : r.department);
      });
    },
  },
  visits: {
    method: M.visitStatistics,
    dims: ['period', 'department', 'caseworker'],
    columns: VISIT_COLUMNS,
    // One call answers several periods (grouping UNSPECIFIED: one row per period).
    multiPeriod: true,
    request(p, dim, count) {
      const grouping = { period: 'STATISTICS_GROUPING_UNSPECIFIED',
        department: 'STATISTICS_GROUPING_DEPARTMENT',
        caseworker: 'STATISTICS_GROUPING_CASEWORKER' }[dim];
      return { period: VISIT_PERIOD[p.kind], year: p.year,
        firstPeriod: p.kind === 'year' ? 0 : p.number, periodCount: count || 1, grouping };
    },
    rows(resp, p, dim) {
      return (resp.rows || []).map((r) => {
        const label = dim === 'period' ? r.period || r.groupKey
          : `${r.groupKey}${r.period ? ` · ${r.period}` : ''}`;
        return row(label, r, dim === 'period' ? r.period || r.groupKey : r.groupKey);
      });
    },
  },
};

// The figure shown in a cell: "<5" for a suppressed row, else the value formatted by kind.
export function cellValue(r, column, format) {
  if (r.suppressed) return '<5';
  const raw = r.values[column[0]];
  const n = Number(raw === undefined || raw === null || raw === '' ? 0 : raw);
  return format(n, column[1]);
}
