// Triage one referral (workbench): accept, decline with a reason, ask the agency for more
// information, and (department heads) assign a caseworker — what referral.proto allows
// for the referral's state.
import * as api from '../api.js';
import { enumLabel, t } from '../i18n.js';
import { clear, clearFieldErrors, errorBox, field, h, select, showFieldErrors, toast } from '../dom.js';
import { href } from '../router.js';
import { roles } from '../roles.js';
import { details, timeline } from './referral-view.js';

const DECLINE_REASONS = ['DECLINE_REASON_NOT_IN_JURISDICTION', 'DECLINE_REASON_NOT_ELIGIBLE',
  'DECLINE_REASON_DUPLICATE', 'DECLINE_REASON_INSUFFICIENT_FACTS',
  'DECLINE_REASON_HANDLED_ELSEWHERE', 'DECLINE_REASON_OTHER'];
const TRIAGEABLE = new Set(['REFERRAL_STATUS_SUBMITTED', 'REFERRAL_STATUS_UNDER_REVIEW']);

function actionForm(id, title, controls, submitLabel, send, after) {
  const form = h('form', { class: 'panel', id, 'aria-labelledby': `${id}-h`, novalidate: true },
    h('h3', { id: `${id}-h`, text: title }), controls,
    h('div', { class: 'form-errors', 'aria-live': 'assertive' }),
    h('div', { class: 'btn-row' }, h('button', { type: 'submit', class: 'btn', text: submitLabel })));
  let requestId = api.newRequestId(id);
  form.addEventListener('input', () => { requestId = api.newRequestId(id); });
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearFieldErrors(form);
    try {
      await send(requestId);
      after();
    } catch (error) {
      if (error.status === 401) return;
      showFieldErrors(form, error.fields, error.message);
    }
  });
  return form;
}

export async function render(main, ctx) {
  const referralId = ctx.parts[2];
  main.appendChild(h('p', {}, h('a', { href: href(['workbench']), text: t('visit.back') })));
  main.appendChild(h('h1', { text: t('triage.title') }));
  const r = await api.rpc(api.M.getReferral, { referralId });
  if (!ctx.isCurrent()) return;
  main.appendChild(details(r));
  const done = () => {
    toast(t('triage.done'));
    ctx.rerender();
  };
  const base = { referralId, version: r.version };
  if (TRIAGEABLE.has(r.status)) {
    const actions = h('section', { 'aria-labelledby': 'triage-actions-h' },
      h('h2', { id: 'triage-actions-h', text: t('triage.actions') }));
    if (roles(ctx.user).has('department_head')) {
      const caseworker = h('input', { type: 'text', name: 'caseworker', autocomplete: 'off' });
      actions.appendChild(actionForm('assign', t('triage.assign'),
        field(t('triage.caseworker'), caseworker, { path: 'caseworker', hint: t('triage.caseworkerHint') }),
        t('triage.assign'), (requestId) => api.rpc(api.M.assignReferral, { ...base, requestId,
          caseworker: caseworker.value.trim() }), done));
    }
    const acceptMessage = h('textarea', { name: 'messageToAgency', rows: 2 });
    actions.appendChild(actionForm('accept', t('triage.accept'),
      field(t('triage.messageToAgency'), acceptMessage, { path: 'messageToAgency' }),
      t('triage.accept'), (requestId) => api.rpc(api.M.acceptReferral, { ...base, requestId,
        messageToAgency: acceptMessage.value.trim() }), done));
    const question = h('textarea', { name: 'question', rows: 2 });
    actions.appendChild(actionForm('request-info', t('triage.requestInfo'),
      field(t('triage.question'), question, { path: 'question' }),
      t('triage.requestInfo'), (requestId) => api.rpc(api.M.requestInformation, { ...base,
        requestId, question: question.value.trim() }), done));
    const reason = select([{ value: '', label: t('visit.choose') }].concat(DECLINE_REASONS.map(
      (v) => ({ value: v, label: enumLabel(v) }))), { name: 'reason' });
    const declineMessage = h('textarea', { name: 'declineMessage', rows: 2 });
    actions.appendChild(actionForm('decline', t('triage.decline'), [
      field(t('triage.reason'), reason, { path: 'reason' }),
      field(t('triage.messageToAgency'), declineMessage, { path: 'messageToAgency' })],
    t('triage.decline'), (requestId) => api.rpc(api.M.declineReferral, { ...base, requestId,
      reason: reason.value || 'DECLINE_REASON_UNSPECIFIED',
      messageToAgency: declineMessage.value.trim() }), done));
    main.appendChild(actions);
  } else {
    main.appendChild(h('p', { class: 'muted', text: t('triage.nothingToDo') }));
  }
  const tl = h('div');
  main.appendChild(tl);
  try {
    tl.appendChild(await timeline(referralId));
  } catch (error) {
    if (error.status !== 401) clear(tl).appendChild(errorBox(error));
  }
}
