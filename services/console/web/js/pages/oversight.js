// 流程监控 (process monitoring): my deadlines across services and my notices (caseworkers,
// department heads, the chief), the department's deadlines (heads, the chief) and the
// monthly ledger (一月一调度; heads, the chief, analysts) with a CSV export. What each role
// sees is decided by the oversight service (docs/oversight.md).
import * as api from '../api.js';
import { t } from '../i18n.js';
import { errorBox, field, h, select, timeText } from '../dom.js';
import { navigate } from '../router.js';
import { dataTable } from '../table.js';
import { roles } from '../roles.js';

const STATUS_KEYS = {
  STATUS_RUNNING: 'ovs.status.running',
  STATUS_DUE: 'ovs.status.due',
  STATUS_OVERDUE: 'ovs.status.overdue',
  STATUS_MET: 'ovs.status.met',
  STATUS_CANCELLED: 'ovs.status.cancelled',
};

function kindText(kind) {
  return t(`ovs.kind.${kind || 'DEADLINE_KIND_UNSPECIFIED'}`);
}

function deadlinesTable(id, caption, deadlines, csvName) {
  return dataTable({
    caption,
    csvName,
    attrs: { id },
    columns: [
      { key: 'due', label: t('ovs.col.due') }, { key: 'status', label: t('ovs.col.status') },
      { key: 'kind', label: t('ovs.col.kind') }, { key: 'assignee', label: t('ovs.col.assignee') },
      { key: 'record', label: t('ovs.col.record') }, { key: 'case', label: t('ovs.col.case') },
    ],
    rows: deadlines.map((d) => ({
      key: d.itemKey,
      cells: {
        due: { text: timeText(d.dueAt) },
        status: { text: t(STATUS_KEYS[d.status] || 'ovs.status.running') },
        kind: { text: kindText(d.kind) },
        assignee: { text: d.assignedTo || t('ovs.unassigned') },
        record: { text: d.recordId || '' },
        case: { text: d.caseId || '' },
      },
    })),
  });
}

function ledgerTable(ledger, byCaseworker) {
  const label = `${ledger.year}-${String(ledger.month).padStart(2, '0')}`;
  const num = (row, v) => (row.suppressed ? { text: '-', csv: '-' } : { text: String(v || 0) });
  const rowOf = (row, key, total) => ({
    key,
    total,
    cells: {
      key: { text: key },
      handled: num(row, row.handled),
      onTime: num(row, row.onTime),
      late: num(row, row.late),
      open: num(row, row.openAtMonthEnd),
      overdue: num(row, row.overdueAtMonthEnd),
    },
  });
  const rows = (ledger.rows || []).map((r) => rowOf(r, r.key || t('ovs.none'), false));
  rows.push(rowOf(ledger.total || {}, t('ovs.total'), true));
  return dataTable({
    caption: t('ovs.ledgerCaption', { month: label }),
    csvName: `shouhu-ledger-${label}.csv`,
    attrs: { id: 'ovs-ledger' },
    columns: [
      { key: 'key', label: byCaseworker ? t('ovs.col.caseworker') : t('ovs.col.department') },
      { key: 'handled', label: t('ovs.col.handled'), num: true },
      { key: 'onTime', label: t('ovs.col.onTime'), num: true },
      { key: 'late', label: t('ovs.col.late'), num: true },
      { key: 'open', label: t('ovs.col.open'), num: true },
      { key: 'overdue', label: t('ovs.col.overdue'), num: true },
    ],
    rows,
  });
}

async function section(main, id, title, load) {
  const s = h('section', { 'aria-labelledby': id }, h('h2', { id, text: title }));
  main.appendChild(s);
  try {
    s.appendChild(await load());
  } catch (error) {
    if (error && error.status === 401) throw error;
    s.appendChild(errorBox(error));
  }
}

export async function render(main, ctx) {
  const r = roles(ctx.user);
  const staff = r.has('caseworker') || r.has('department_head') || r.has('chief');
  const ledgerReader = r.has('department_head') || r.has('chief') || r.has('analyst');
  main.appendChild(h('h1', { text: t('title.oversight') }));
  if (staff) {
    await section(main, 'ovs-mine-h', t('ovs.mine'), async () => {
      const resp = await api.rpc(api.M.listMyDeadlines, { filter: 'FILTER_OPEN', pageSize: 100 });
      return deadlinesTable('ovs-mine', t('ovs.mine'), resp.deadlines || [],
        'shouhu-my-deadlines.csv');
    });
    if (!ctx.isCurrent()) return;
    await section(main, 'ovs-notices-h', t('ovs.notices'), async () => {
      const resp = await api.rpc(api.M.listNotices, { unacknowledgedOnly: true, pageSize: 100 });
      const list = h('ul', { id: 'ovs-notices' });
      for (const n of resp.notices || []) {
        const ack = h('button', { type: 'button', class: 'btn btn-quiet', text: t('ovs.ack') });
        ack.addEventListener('click', async () => {
          ack.disabled = true;
          try {
            await api.rpc(api.M.acknowledgeNotice, { requestId: api.newRequestId('ack'),
              noticeId: n.noticeId, version: n.version });
            ctx.rerender();
          } catch (error) {
            ack.disabled = false;
            list.appendChild(errorBox(error));
          }
        });
        list.appendChild(h('li', {}, `${n.kind === 'NOTICE_OVERDUE' ? t('ovs.overdueNotice')
          : t('ovs.dueNotice')} · ${kindText(n.deadlineKind)} · ${timeText(n.dueAt)} · ${n.recordId || ''} `, ack));
      }
      if (!(resp.notices || []).length) list.appendChild(h('li', { class: 'muted', text: t('table.empty') }));
      return list;
    });
    if (!ctx.isCurrent()) return;
  }
  if (r.has('department_head') || r.has('chief')) {
    await section(main, 'ovs-dept-h', t('ovs.department'), async () => {
      const resp = await api.rpc(api.M.listDepartmentDeadlines,
        { filter: 'FILTER_OPEN', pageSize: 100 });
      return deadlinesTable('ovs-dept', t('ovs.department'), resp.deadlines || [],
        'shouhu-department-deadlines.csv');
    });
    if (!ctx.isCurrent()) return;
  }
  if (ledgerReader) {
    const query = new URLSearchParams(ctx.query);
    const now = new Date(Date.now() + 8 * 3600 * 1000);  // China time
    const year = Number(query.get('year')) || now.getUTCFullYear();
    const monthN = Number(query.get('month')) || now.getUTCMonth() + 1;
    const byCaseworker = query.get('by') === 'caseworker';
    const yearInput = h('input', { type: 'number', name: 'year', min: 2000, max: 2200,
      value: year, inputmode: 'numeric' });
    const monthSelect = select(Array.from({ length: 12 }, (_, i) => ({ value: i + 1,
      label: t('period.monthN', { n: i + 1 }), selected: i + 1 === monthN })), { name: 'month' });
    const bySelect = select([
      { value: 'department', label: t('ovs.col.department'), selected: !byCaseworker },
      { value: 'caseworker', label: t('ovs.col.caseworker'), selected: byCaseworker },
    ], { name: 'by' });
    const form = h('form', { class: 'controls panel no-print', 'aria-label': t('ovs.ledger') },
      field(t('dash.year'), yearInput), field(t('ovs.month'), monthSelect),
      field(t('ovs.groupBy'), bySelect),
      h('button', { type: 'submit', class: 'btn', text: t('dash.show') }));
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      navigate(['oversight'], { year: yearInput.value, month: monthSelect.value, by: bySelect.value });
    });
    await section(main, 'ovs-ledger-h', t('ovs.ledger'), async () => {
      const ledger = await api.rpc(api.M.monthlyLedger, { year, month: monthN,
        grouping: byCaseworker ? 'BY_CASEWORKER' : 'BY_DEPARTMENT' });
      return h('div', {}, form, ledgerTable(ledger, byCaseworker),
        h('p', { class: 'muted', text: t('dash.suppressionNote') }));
    });
  }
}
