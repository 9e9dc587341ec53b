// Agency portal: my referrals and their timelines, submit a referral, answer requests for
// information, and the suggestions, orders and escalations addressed to this agency.
import * as api from '../api.js';
import { enumLabel, t } from '../i18n.js';
import { clear, clearFieldErrors, dateText, errorBox, field, h, parseDate, select,
  showFieldErrors, timeText, toast, todayText } from '../dom.js';
import { href } from '../router.js';
import { dataTable } from '../table.js';
import { details, timeline } from './referral-view.js';
import * as submit from './submit-referral.js';

const TABS = ['referrals', 'submit', 'suggestions', 'orders', 'escalations'];

function tabs(active) {
  const nav = h('nav', { class: 'tabs', 'aria-label': t('portal.sections') });
  for (const tab of TABS) {
    nav.appendChild(h('a', { href: href(tab === 'referrals' ? ['portal'] : ['portal', tab]),
      'aria-current': tab === active ? 'page' : undefined, text: t(`portal.tab.${tab}`) }));
  }
  return nav;
}

// A small form inside a table cell or panel: fields, a submit button, field errors.
function inlineForm(id, label, controls, send, after) {
  const form = h('form', { class: 'inline-form', id, 'aria-label': label, novalidate: true },
    controls, h('div', { class: 'form-errors', 'aria-live': 'assertive' }),
    h('button', { type: 'submit', class: 'btn', text: label }));
  let requestId = api.newRequestId(id.slice(0, 20));
  form.addEventListener('input', () => { requestId = api.newRequestId(id.slice(0, 20)); });
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearFieldErrors(form);
    try {
      await send(requestId);
      toast(t('portal.saved'));
      after();
    } catch (error) {
      if (error.status !== 401) showFieldErrors(form, error.fields, error.message);
    }
  });
  return form;
}

async function referrals(main, ctx) {
  const submitted = ctx.query.get('submitted');
  if (submitted) {
    main.appendChild(h('div', { class: 'notice', role: 'status', id: 'submitted-notice' },
      h('p', { text: t('portal.submitted', { id: submitted }) })));
  }
  const resp = await api.listAll(api.M.listReferrals, {}, 'referrals');
  if (!ctx.isCurrent()) return;
  main.appendChild(dataTable({
    caption: t('portal.referralsCaption'),
    csvName: 'shouhu-agency-referrals.csv',
    truncated: resp.truncated,
    attrs: { id: 'portal-referrals' },
    columns: [
      { key: 'id', label: t('col.referral') }, { key: 'kind', label: t('col.kind') },
      { key: 'status', label: t('col.status') }, { key: 'submitted', label: t('col.submittedAt') },
      { key: 'due', label: t('col.responseDue') }, { key: 'message', label: t('col.message') },
    ],
    rows: resp.items.map((r) => ({ key: r.referralId, cells: {
      id: { text: r.referralId, node: h('a', { href: href(['portal', 'referral', r.referralId]),
        text: r.referralId }) },
      kind: { text: enumLabel(r.kind) }, status: { text: enumLabel(r.status) },
      submitted: { text: timeText(r.submittedAt) }, due: { text: timeText(r.responseDueAt) },
      message: { text: r.messageToAgency || '' },
    } })),
  }));
}

async function referral(main, ctx) {
  const referralId = ctx.parts[2];
  const r = await api.rpc(api.M.getReferral, { referralId });
  if (!ctx.isCurrent()) return;
  main.appendChild(details(r));
  if (r.status === 'REFERRAL_STATUS_INFO_REQUESTED') {
    const answer = h('textarea', { name: 'supplement', rows: 4 });
    main.appendChild(h('section', { class: 'panel', 'aria-labelledby': 'supplement-h' },
      h('h2', { id: 'supplement-h', text: t('portal.supplement') }),
      h('p', { text: t('portal.question', { question: r.messageToAgency || '' }) }),
      inlineForm('supplement', t('portal.sendSupplement'),
        field(t('portal.answer'), answer, { path: 'supplement' }),
        (requestId) => api.rpc(api.M.supplementReferral, { requestId, referralId,
          version: r.version, supplement: answer.value.trim() }), () => ctx.rerender())));
  }
  main.appendChild(await timeline(referralId));
}

async function suggestions(main, ctx) {
  const resp = await api.listAll(api.M.listAddressedSuggestions, {}, 'suggestions');
  if (!ctx.isCurrent()) return;
  const open = new Set(['SUGGESTION_STATUS_ISSUED', 'SUGGESTION_STATUS_ACKNOWLEDGED']);
  main.appendChild(dataTable({
    caption: t('portal.suggestionsCaption'),
    csvName: 'shouhu-agency-suggestions.csv',
    truncated: resp.truncated,
    attrs: { id: 'portal-suggestions' },
    columns: [
      { key: 'measure', label: t('col.measure') }, { key: 'content', label: t('col.content') },
      { key: 'status', label: t('col.status') }, { key: 'due', label: t('col.replyDue') },
      { key: 'answer', label: t('col.action') },
    ],
    rows: resp.items.map((s) => {
      let answer = { text: s.outcome || '' };
      if (open.has(s.status)) {
        const status = select(['SUGGESTION_STATUS_ACKNOWLEDGED', 'SUGGESTION_STATUS_COMPLETED',
          'SUGGESTION_STATUS_DECLINED'].map((v) => ({ value: v, label: enumLabel(v) })),
        { name: 'status' });
        const outcome = h('textarea', { name: 'outcome', rows: 2 });
        answer = { text: '', node: inlineForm(`sug-${s.suggestionId}`, t('portal.answerSend'), [
          field(t('portal.newStatus'), status, { path: 'status' }),
          field(t('portal.outcome'), outcome, { path: 'outcome' })],
        (requestId) => api.rpc(api.M.reportSuggestionOutcome, { requestId,
          suggestionId: s.suggestionId, version: s.version, status: status.value,
          outcome: outcome.value.trim(), outcomeOn: parseDate(todayText()) }),
        () => ctx.rerender()) };
      }
      return { key: s.suggestionId, cells: { measure: { text: enumLabel(s.measure) },
        content: { text: s.content }, status: { text: enumLabel(s.status) },
        due: { text: dateText(s.replyDueOn) + (s.overdue ? ` · ${t('badge.overdue')}` : '') },
        answer } };
    }),
  }));
}

async function orders(main, ctx) {
  const resp = await api.listAll(api.M.listAgencyOrders, {}, 'orders');
  if (!ctx.isCurrent()) return;
  main.appendChild(dataTable({
    caption: t('portal.ordersCaption'),
    csvName: 'shouhu-agency-orders.csv',
    truncated: resp.truncated,
    attrs: { id: 'portal-orders' },
    columns: [
      { key: 'id', label: t('col.order') }, { key: 'kind', label: t('col.kind') },
      { key: 'status', label: t('col.status') }, { key: 'minor', label: t('col.minor') },
      { key: 'focus', label: t('col.guidanceFocus') },
      { key: 'period', label: t('col.compliancePeriod') },
    ],
    rows: resp.items.map((o) => ({ key: o.orderId, cells: {
      id: { text: o.orderId }, kind: { text: enumLabel(o.kind) },
      status: { text: enumLabel(o.status) }, minor: { text: o.minorDisplayName },
      focus: { text: o.guidanceFocus },
      period: { text: `${dateText(o.complianceStartsOn)} — ${dateText(o.complianceEndsOn)}` },
    } })),
  }));
}

async function escalations(main, ctx) {
  const resp = await api.listAll(api.M.listAgencyEscalations, {}, 'escalations');
  if (!ctx.isCurrent()) return;
  const replyable = new Set(['ESCALATION_STATUS_ISSUED', 'ESCALATION_STATUS_SERVED']);
  main.appendChild(dataTable({
    caption: t('portal.escalationsCaption'),
    csvName: 'shouhu-agency-escalations.csv',
    truncated: resp.truncated,
    attrs: { id: 'portal-escalations' },
    columns: [
      { key: 'doc', label: t('col.documentNumber') }, { key: 'kind', label: t('col.kind') },
      { key: 'content', label: t('col.content') }, { key: 'status', label: t('col.status') },
      { key: 'due', label: t('col.replyDue') }, { key: 'reply', label: t('col.action') },
    ],
    rows: resp.items.map((e) => {
      let reply = { text: e.replySummary || '' };
      if (replyable.has(e.status)) {
        const summary = h('textarea', { name: 'summary', rows: 2 });
        reply = { text: '', node: inlineForm(`esc-${e.escalationId}`, t('portal.replySend'),
          field(t('portal.replySummary'), summary, { path: 'summary' }),
          (requestId) => api.rpc(api.M.recordEscalationReply, { requestId,
            escalationId: e.escalationId, version: e.version, on: parseDate(todayText()),
            summary: summary.value.trim() }), () => ctx.rerender()) };
      }
      return { key: e.escalationId, cells: { doc: { text: e.documentNumber },
        kind: { text: enumLabel(e.kind) }, content: { text: e.content },
        status: { text: enumLabel(e.status) },
        due: { text: dateText(e.replyDueOn) + (e.replyOverdue ? ` · ${t('badge.overdue')}` : '') },
        reply } };
    }),
  }));
}

const SECTIONS = { referrals, suggestions, orders, escalations };

export async function render(main, ctx) {
  const tab = ctx.parts[1] || 'referrals';
  main.appendChild(h('h1', { text: t('portal.title', { agency: ctx.user.agency || ctx.user.name || '' }) }));
  main.appendChild(tabs(tab === 'referral' ? 'referrals' : tab));
  const body = h('div', { class: 'portal-body' });
  main.appendChild(body);
  try {
    if (tab === 'submit') await submit.render(body, ctx);
    else if (tab === 'referral' && ctx.parts[2]) await referral(body, ctx);
    else if (SECTIONS[tab]) await SECTIONS[tab](body, ctx);
    else body.appendChild(h('p', { text: t('error.notFoundPage') }));
  } catch (error) {
    if (error.status === 401 || !ctx.isCurrent()) return;
    clear(body).appendChild(errorBox(error));
  }
}
