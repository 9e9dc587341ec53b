// 案件质量评查 (case-quality review): my findings with an appeal (复议) form (caseworkers),
// the department's appeals to decide (department heads, the chief), one case's review with a
// re-run after a fix, and the summary by department, caseworker or rule for a period with a
// CSV export (heads, the chief, analysts). What each role sees is decided by the oversight
// service (docs/oversight.md).
import * as api from '../api.js';
import { lang, t } from '../i18n.js';
import { errorBox, field, h, parseDate, select, timeText, todayText } from '../dom.js';
import { navigate } from '../router.js';
import { dataTable } from '../table.js';
import { roles } from '../roles.js';

const STATE_KEYS = {
  FINDING_OPEN: 'rev.state.open',
  FINDING_FIXED: 'rev.state.fixed',
  FINDING_APPEALED: 'rev.state.appealed',
  FINDING_WAIVED: 'rev.state.waived',
};

function stateText(f) {
  if (f.state === 'FINDING_OPEN' && f.appealRejected) return t('rev.state.rejected');
  return t(STATE_KEYS[f.state] || 'rev.state.open');
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

// A small inline form: one text input and a submit button; `send(text)` does the call.
function inlineForm(label, buttonText, send, extra) {
  const input = h('input', { type: 'text', maxlength: 1000, required: true });
  const form = h('form', { class: 'inline-form' }, field(label, input), ...(extra || []),
    h('button', { type: 'submit', class: 'btn', text: buttonText }));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const button = form.querySelector('button[type=submit]');
    button.disabled = true;
    try {
      await send(input.value.trim());
    } catch (error) {
      button.disabled = false;
      if (error && error.status === 401) throw error;
      form.appendChild(errorBox(error));
    }
  });
  return form;
}

function findingsTable(id, caption, findings, csvName, actions) {
  return dataTable({
    caption,
    csvName,
    attrs: { id },
    columns: [
      { key: 'state', label: t('rev.col.state') }, { key: 'rule', label: t('rev.col.rule') },
      { key: 'record', label: t('rev.col.record') }, { key: 'field', label: t('rev.col.field') },
      { key: 'case', label: t('rev.col.case') }, { key: 'caseworker', label: t('rev.col.caseworker') },
      { key: 'found', label: t('rev.col.found') }, { key: 'action', label: t('rev.col.action') },
    ],
    rows: findings.map((f) => ({
      key: f.findingId,
      cells: {
        state: { text: stateText(f) },
        rule: { text: `${f.ruleTitle || ''} (${f.ruleId})` },
        record: { text: `${f.recordKind} ${f.recordId}` },
        field: { text: f.field || '' },
        case: { text: f.caseId || '' },
        caseworker: { text: f.caseworker || '' },
        found: { text: timeText(f.foundAt) },
        action: actions ? { node: actions(f), text: '', csv: f.appealReason || '' } : { text: '' },
      },
    })),
  });
}

function reviewView(review, ctx, canRerun) {
  const box = h('div', { id: 'rev-case' });
  box.appendChild(h('p', {}, `${review.caseId} · ${review.state === 'REVIEW_DONE'
    ? t('rev.done') : t('rev.pending')} · ${t('rev.col.caseworker')} ${review.caseworker || '-'} · `
    + `${t('rev.ruleSet')} v${review.ruleSetVersion || 0} · ${t('rev.lastRun')} ${timeText(review.reviewedAt)}`));
  if ((review.missingSources || []).length) {
    box.appendChild(h('p', { class: 'muted', text: t('rev.waiting', { sources: review.missingSources.join(', ') }) }));
  }
  box.appendChild(findingsTable('rev-case-findings', t('rev.caseFindings'), review.findings || [],
    `shouhu-review-${review.caseId}.csv`));
  if (canRerun) {
    const rerun = h('button', { type: 'button', class: 'btn', id: 'rev-rerun', text: t('rev.rerun') });
    rerun.addEventListener('click', async () => {
      rerun.disabled = true;
      try {
        await api.rpc(api.M.rerunReview, { requestId: api.newRequestId('rerun'),
          caseId: review.caseId, language: lang() });
        ctx.rerender();
      } catch (error) {
        rerun.disabled = false;
        box.appendChild(errorBox(error));
      }
    });
    box.appendChild(rerun);
  }
  return box;
}

function summaryTable(summary, grouping, from, to) {
  const num = (row, v) => (row.suppressed ? { text: '<5', csv: '<5' } : { text: String(v || 0) });
  const rowOf = (row, key, total) => ({
    key,
    total,
    cells: {
      key: { text: key },
      reviewed: num(row, row.casesReviewed),
      withFindings: num(row, row.casesWithFindings),
      findings: num(row, row.findings),
      open: num(row, row.open),
      fixed: num(row, row.fixed),
      waived: num(row, row.waived),
    },
  });
  const label = (r) => (r.label ? `${r.key} ${r.label}` : (r.key || t('ovs.none')));
  const rows = (summary.rows || []).map((r) => rowOf(r, label(r), false));
  rows.push(rowOf(summary.total || {}, t('ovs.total'), true));
  const keyLabel = grouping === 'REVIEW_BY_CASEWORKER' ? t('ovs.col.caseworker')
    : grouping === 'REVIEW_BY_RULE' ? t('rev.col.rule') : t('ovs.col.department');
  return dataTable({
    caption: t('rev.summaryCaption', { from, to }),
    csvName: `shouhu-review-${from}-${to}.csv`,
    attrs: { id: 'rev-summary' },
    columns: [
      { key: 'key', label: keyLabel },
      { key: 'reviewed', label: t('rev.col.reviewed'), num: true },
      { key: 'withFindings', label: t('rev.col.withFindings'), num: true },
      { key: 'findings', label: t('rev.col.findings'), num: true },
      { key: 'open', label: t('rev.col.open'), num: true },
      { key: 'fixed', label: t('rev.col.fixed'), num: true },
      { key: 'waived', label: t('rev.col.waived'), num: true },
    ],
    rows,
  });
}

export async function render(main, ctx) {
  const r = roles(ctx.user);
  const caseworker = r.has('caseworker');
  const head = r.has('department_head');
  const chief = r.has('chief');
  const staff = caseworker || head || chief;
  const query = new URLSearchParams(ctx.query);
  main.appendChild(h('h1', { text: t('title.review') }));

  if (staff) {
    const caseInput = h('input', { type: 'text', name: 'case', value: query.get('case') || '',
      maxlength: 64, required: true });
    const lookup = h('form', { class: 'controls panel', 'aria-label': t('rev.lookup') },
      field(t('rev.col.case'), caseInput), h('button', { type: 'submit', class: 'btn', text: t('rev.show') }));
    lookup.addEventListener('submit', (event) => {
      event.preventDefault();
      navigate(['review'], { ...Object.fromEntries(query), case: caseInput.value.trim() });
    });
    main.appendChild(lookup);
    if (query.get('case')) {
      await section(main, 'rev-case-h', t('rev.caseReview'), async () => {
        const review = await api.rpc(api.M.getCaseReview, { caseId: query.get('case'), language: lang() });
        return reviewView(review, ctx, caseworker || head);
      });
      if (!ctx.isCurrent()) return;
    }
    await section(main, 'rev-mine-h', t('rev.mine'), async () => {
      const resp = await api.rpc(api.M.listMyFindings, { filter: 'FILTER_TO_ACT', pageSize: 100,
        language: lang() });
      return findingsTable('rev-mine', t('rev.mine'), resp.findings || [], 'shouhu-my-findings.csv',
        (f) => (f.state !== 'FINDING_OPEN' ? h('span', { text: f.appealReason || '' })
          : inlineForm(t('rev.reason'), t('rev.appeal'), async (reason) => {
            await api.rpc(api.M.appealFinding, { requestId: api.newRequestId('appeal'),
              findingId: f.findingId, version: f.version, reason });
            ctx.rerender();
          })));
    });
    if (!ctx.isCurrent()) return;
  }
  if (head || chief) {
    await section(main, 'rev-appeals-h', t('rev.appeals'), async () => {
      const resp = await api.rpc(api.M.listDepartmentFindings, { filter: 'FILTER_APPEALED',
        pageSize: 100, language: lang() });
      return findingsTable('rev-appeals', t('rev.appeals'), resp.findings || [],
        'shouhu-appeals.csv', (f) => {
          const decision = select([
            { value: 'grant', label: t('rev.grant'), selected: true },
            { value: 'reject', label: t('rev.reject') },
          ], { name: 'decision' });
          return h('div', {}, h('p', { text: f.appealReason || '' }),
            inlineForm(t('rev.note'), t('rev.decide'), async (note) => {
              await api.rpc(api.M.decideAppeal, { requestId: api.newRequestId('decide'),
                findingId: f.findingId, version: f.version, grant: decision.value === 'grant', note });
              ctx.rerender();
            }, [field(t('rev.decision'), decision)]));
        });
    });
    if (!ctx.isCurrent()) return;
  }
  if (head || chief || r.has('analyst')) {
    const today = todayText();
    const from = query.get('from') || `${today.slice(0, 8)}01`;
    const to = query.get('to') || today;
    const grouping = query.get('by') || 'REVIEW_BY_DEPARTMENT';
    const fromInput = h('input', { type: 'date', name: 'from', value: from, required: true });
    const toInput = h('input', { type: 'date', name: 'to', value: to, required: true });
    const bySelect = select([
      { value: 'REVIEW_BY_DEPARTMENT', label: t('ovs.col.department'), selected: grouping === 'REVIEW_BY_DEPARTMENT' },
      { value: 'REVIEW_BY_CASEWORKER', label: t('ovs.col.caseworker'), selected: grouping === 'REVIEW_BY_CASEWORKER' },
      { value: 'REVIEW_BY_RULE', label: t('rev.col.rule'), selected: grouping === 'REVIEW_BY_RULE' },
    ], { name: 'by' });
    const form = h('form', { class: 'controls panel no-print', 'aria-label': t('rev.summary') },
      field(t('rev.from'), fromInput), field(t('rev.to'), toInput), field(t('ovs.groupBy'), bySelect),
      h('button', { type: 'submit', class: 'btn', text: t('dash.show') }));
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      navigate(['review'], { ...Object.fromEntries(query), from: fromInput.value, to: toInput.value,
        by: bySelect.value });
    });
    await section(main, 'rev-summary-h', t('rev.summary'), async () => {
      const summary = await api.rpc(api.M.reviewSummary, { closedFrom: parseDate(from),
        closedTo: parseDate(to), grouping, language: lang() });
      return h('div', {}, form, summaryTable(summary, grouping, from, to),
        h('p', { class: 'muted', text: t('dash.suppressionNote') }));
    });
  }
}
