// Caseworker workbench: my referrals to triage (with deadlines), my aid applications waiting
// on me, my orders under supervision, my due visits; record a visit; triage a referral.
import * as api from '../api.js';
import { enumLabel, t } from '../i18n.js';
import { dateText, errorBox, h, timeText } from '../dom.js';
import { href } from '../router.js';
import { dataTable } from '../table.js';
import { roles } from '../roles.js';
import * as visitForm from './visit-form.js';
import * as triage from './triage.js';

const OPEN_REFERRAL = new Set(['REFERRAL_STATUS_SUBMITTED', 'REFERRAL_STATUS_UNDER_REVIEW',
  'REFERRAL_STATUS_INFO_REQUESTED']);
const WAITING_APPLICATION = new Set(['APPLICATION_STATUS_UNDER_REVIEW',
  'APPLICATION_STATUS_MATERIALS_REQUESTED']);

function badge(textKey, cls) {
  return h('span', { class: `badge ${cls}`, text: t(textKey) });
}

function dueCell(text, overdue) {
  return { text: overdue ? `${text} ${t('badge.overdue')}` : text,
    node: h('span', {}, text, overdue ? ' ' : '', overdue ? badge('badge.overdue', 'badge-overdue') : null) };
}

async function section(main, id, title, load) {
  const s = h('section', { 'aria-labelledby': id, 'aria-busy': 'true' }, h('h2', { id, text: title }));
  const loading = h('p', { class: 'loading', text: t('app.loading') });
  s.appendChild(loading);
  main.appendChild(s);
  try {
    const content = await load();
    loading.remove();
    s.appendChild(content);
  } catch (error) {
    loading.remove();
    if (error && error.status === 401) throw error;
    s.appendChild(errorBox(error));
  } finally {
    s.setAttribute('aria-busy', 'false');
  }
}

async function referralsTable(user) {
  const mine = await api.listAll(api.M.listReferrals, { assignedTo: user.id }, 'referrals');
  let rows = mine.items.filter((r) => OPEN_REFERRAL.has(r.status));
  let truncated = mine.truncated;
  if (roles(user).has('department_head')) {
    const unassigned = await api.listAll(api.M.listReferrals,
      { status: 'REFERRAL_STATUS_SUBMITTED' }, 'referrals');
    truncated = truncated || unassigned.truncated;
    const seen = new Set(rows.map((r) => r.referralId));
    rows = rows.concat(unassigned.items.filter((r) => !seen.has(r.referralId)));
  }
  rows.sort((a, b) => Number((a.responseDueAt || {}).unixMillis || 0) -
    Number((b.responseDueAt || {}).unixMillis || 0));
  return dataTable({
    caption: t('wb.referralsCaption'),
    csvName: 'shouhu-my-referrals.csv',
    truncated,
    attrs: { id: 'wb-referrals' },
    columns: [
      { key: 'id', label: t('col.referral') }, { key: 'kind', label: t('col.kind') },
      { key: 'status', label: t('col.status') }, { key: 'submitted', label: t('col.submittedAt') },
      { key: 'due', label: t('col.responseDue') }, { key: 'assigned', label: t('col.assignedTo') },
    ],
    rows: rows.map((r) => ({ key: r.referralId, cells: {
      id: { text: r.referralId, node: h('a', { href: href(['workbench', 'referral', r.referralId]),
        text: r.referralId }) },
      kind: { text: enumLabel(r.kind) + (r.urgent ? ` ${t('badge.urgent')}` : ''),
        node: h('span', {}, enumLabel(r.kind), r.urgent ? ' ' : '',
          r.urgent ? badge('badge.urgent', 'badge-urgent') : null) },
      status: { text: enumLabel(r.status) },
      submitted: { text: timeText(r.submittedAt) },
      due: dueCell(timeText(r.responseDueAt), r.overdue),
      assigned: { text: r.assignedTo || t('wb.unassigned') },
    } })),
  });
}

async function applicationsTable(user) {
  const resp = await api.listAll(api.M.listApplications, { assignedTo: user.id },
    'applications');
  const rows = resp.items.filter((a) => WAITING_APPLICATION.has(a.status));
  return dataTable({
    caption: t('wb.aidCaption'),
    csvName: 'shouhu-my-aid-applications.csv',
    truncated: resp.truncated,
    attrs: { id: 'wb-aid' },
    columns: [
      { key: 'id', label: t('col.application') }, { key: 'case', label: t('col.case') },
      { key: 'applicant', label: t('col.applicant') }, { key: 'status', label: t('col.status') },
      { key: 'registered', label: t('col.registeredOn') },
      { key: 'due', label: t('col.decisionDue') },
    ],
    rows: rows.map((a) => ({ key: a.applicationId, cells: {
      id: { text: a.applicationId }, case: { text: a.caseId },
      applicant: { text: (a.applicant && a.applicant.name) || '' },
      status: { text: enumLabel(a.status) }, registered: { text: dateText(a.registeredOn) },
      due: dueCell(dateText(a.decisionDueOn), a.decisionOverdue),
    } })),
  });
}

async function ordersTable() {
  const resp = await api.listAll(api.M.listOrders, { assignedTo: 'me',
    status: 'ORDER_STATUS_UNDER_SUPERVISION' }, 'orders');
  return dataTable({
    caption: t('wb.ordersCaption'),
    csvName: 'shouhu-my-orders.csv',
    truncated: resp.truncated,
    attrs: { id: 'wb-orders' },
    columns: [
      { key: 'id', label: t('col.order') }, { key: 'kind', label: t('col.kind') },
      { key: 'doc', label: t('col.documentNumber') }, { key: 'minor', label: t('col.minor') },
      { key: 'ends', label: t('col.complianceEnds') },
    ],
    rows: resp.items.map((o) => ({ key: o.orderId, cells: {
      id: { text: o.orderId }, kind: { text: enumLabel(o.kind) },
      doc: { text: o.documentNumber }, minor: { text: o.minorDisplayName },
      ends: dueCell(dateText(o.complianceEndsOn), o.evaluationOverdue),
    } })),
  });
}

async function dueVisitsTable() {
  const resp = await api.listAll(api.M.listDueVisits, { horizonDays: 14, includeMissed: true },
    'visits');
  return dataTable({
    caption: t('wb.visitsCaption'),
    csvName: 'shouhu-my-due-visits.csv',
    truncated: resp.truncated,
    attrs: { id: 'wb-visits' },
    columns: [
      { key: 'subject', label: t('col.subject') }, { key: 'case', label: t('col.case') },
      { key: 'slot', label: t('col.slot') }, { key: 'due', label: t('col.dueOn') },
      { key: 'state', label: t('col.state') }, { key: 'action', label: t('col.action') },
    ],
    rows: resp.items.map((v) => {
      const slot = v.slot || {};
      // A visit completes a slot only inside its window (OPEN or OVERDUE).
      const recordable = slot.state === 'SLOT_STATE_OPEN' || slot.state === 'SLOT_STATE_OVERDUE';
      const link = h('a', { href: href(['workbench', 'visit'], { case: v.caseId, plan: v.planId,
        slot: slot.sequence }), class: 'record-visit',
      text: t('wb.recordVisit') });
      return { key: `${v.planId}#${slot.sequence}`, cells: {
        subject: { text: v.subjectDisplayName }, case: { text: v.caseId },
        slot: { text: slot.label }, due: { text: dateText(slot.dueOn) },
        state: { text: enumLabel(slot.state) },
        action: recordable ? { text: t('wb.recordVisit'), node: link } : { text: '' },
      } };
    }),
  });
}

export async function render(main, ctx) {
  if (ctx.parts[1] === 'visit') return visitForm.render(main, ctx);
  if (ctx.parts[1] === 'referral' && ctx.parts[2]) return triage.render(main, ctx);
  main.appendChild(h('h1', { text: t('wb.title') }));
  main.appendChild(h('p', { class: 'btn-row' }, h('a', { href: href(['workbench', 'visit']),
    class: 'btn', text: t('wb.recordUnscheduled') })));
  await section(main, 'wb-referrals-h', t('wb.referrals'), () => referralsTable(ctx.user));
  if (!ctx.isCurrent()) return undefined;
  await section(main, 'wb-aid-h', t('wb.aid'), () => applicationsTable(ctx.user));
  if (!ctx.isCurrent()) return undefined;
  await section(main, 'wb-orders-h', t('wb.orders'), () => ordersTable());
  if (!ctx.isCurrent()) return undefined;
  await section(main, 'wb-visits-h', t('wb.visits'), () => dueVisitsTable());
  return undefined;
}
