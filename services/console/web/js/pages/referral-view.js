// A referral's details and timeline, shared by the workbench (triage) and the agency portal.
import * as api from '../api.js';
import { enumLabel, t } from '../i18n.js';
import { dateText, h, timeText } from '../dom.js';

export function details(r) {
  const rows = [
    [t('col.referral'), r.referralId],
    [t('col.kind'), enumLabel(r.kind) + (r.urgent ? ` · ${t('badge.urgent')}` : '')],
    [t('col.status'), enumLabel(r.status)],
    [t('col.submittedAt'), timeText(r.submittedAt)],
    [t('col.responseDue'), timeText(r.responseDueAt) + (r.overdue ? ` · ${t('badge.overdue')}` : '')],
    [t('col.occurredOn'), dateText(r.occurredOn)],
  ];
  if (r.caseId) rows.push([t('col.case'), r.caseId]);
  if (r.messageToAgency) rows.push([t('col.message'), r.messageToAgency]);
  const list = h('dl', { class: 'details' });
  for (const [k, v] of rows) {
    list.appendChild(h('dt', { text: k }));
    list.appendChild(h('dd', { text: v || '—' }));
  }
  const people = h('ul', {}, (r.people || []).map((p) => h('li', {
    text: `${enumLabel(p.role)}${p.relation ? `（${p.relation}）` : ''}：${(p.person && p.person.name) || ''}` })));
  return h('div', { class: 'panel' }, list,
    h('h3', { text: t('referral.facts') }), h('p', { class: 'facts', text: r.facts }),
    h('h3', { text: t('referral.people') }), people);
}

export async function timeline(referralId) {
  const resp = await api.rpc(api.M.getTimeline, { referralId });
  const list = h('ol', { class: 'timeline', id: 'timeline' });
  for (const e of resp.entries || []) {
    list.appendChild(h('li', {},
      h('strong', { text: t(`step.${e.step}`) !== `step.${e.step}` ? t(`step.${e.step}`) : e.step }),
      ` · ${timeText(e.at)} · ${(e.actor && e.actor.displayName) || ''}`,
      e.message ? h('p', { text: e.message }) : null));
  }
  return h('section', { 'aria-labelledby': 'timeline-h' },
    h('h2', { id: 'timeline-h', text: t('referral.timeline') }), list);
}
