// Record a visit (RecordVisit): mode, date, the four assessments (思想情绪/身体状况/生活状况/
// 家庭情况) each with a rating and notes, needs found, summary. One column on a phone.
// Field errors from the API are shown at their fields.
import * as api from '../api.js';
import { enumLabel, t } from '../i18n.js';
import { clear, clearFieldErrors, errorBox, field, h, parseDate, select, showFieldErrors,
  todayText } from '../dom.js';
import { href } from '../router.js';

const KINDS = ['VISIT_KIND_HOME', 'VISIT_KIND_PHONE', 'VISIT_KIND_SCHOOL', 'VISIT_KIND_ONLINE',
  'VISIT_KIND_JOINT'];
const DIMENSIONS = ['DIMENSION_MOOD', 'DIMENSION_PHYSICAL', 'DIMENSION_LIVING', 'DIMENSION_FAMILY'];
const RATINGS = ['RATING_GOOD', 'RATING_FAIR', 'RATING_CONCERN', 'RATING_SERIOUS',
  'RATING_NOT_ASSESSED'];
const MEASURES = ['MEASURE_KIND_COUNSELLING', 'MEASURE_KIND_EMPLOYMENT',
  'MEASURE_KIND_LIVING_PLACEMENT', 'MEASURE_KIND_MINIMUM_LIVING',
  'MEASURE_KIND_POVERTY_MONITORING', 'MEASURE_KIND_MEDICAL', 'MEASURE_KIND_SCHOOLING',
  'MEASURE_KIND_FAMILY_EDUCATION', 'MEASURE_KIND_LEGAL_AID', 'MEASURE_KIND_OTHER'];

function options(values, selected, placeholder) {
  const out = placeholder ? [{ value: '', label: placeholder, selected: !selected }] : [];
  return out.concat(values.map((v) => ({ value: v, label: enumLabel(v), selected: v === selected })));
}

function needRow(index, list) {
  const kind = select(options(MEASURES, '', t('visit.choose')), { name: `needKind${index}` });
  const description = h('textarea', { name: `needDescription${index}`, rows: 2 });
  const urgent = h('input', { type: 'checkbox', name: `needUrgent${index}` });
  urgent.id = `need-urgent-${index}`;
  const row = h('fieldset', { class: 'need' },
    h('legend', { text: t('visit.need', { n: index + 1 }) }),
    field(t('visit.needKind'), kind, { path: `needs[${index}].kind` }),
    field(t('visit.needDescription'), description, { path: `needs[${index}].description` }),
    h('div', { class: 'field' }, h('label', { for: urgent.id }, urgent, t('visit.needUrgent'))),
    h('button', { type: 'button', class: 'btn btn-quiet', text: t('visit.removeNeed'),
      on: { click: () => { row.remove(); } } }));
  row.read = () => ({ kind: kind.value, description: description.value.trim(),
    urgent: urgent.checked });
  list.appendChild(row);
  return row;
}

export async function render(main, ctx) {
  const q = ctx.query;
  main.appendChild(h('p', { class: 'no-print' }, h('a', { href: href(['workbench']),
    text: t('visit.back') })));
  main.appendChild(h('h1', { text: t('visit.title') }));
  const caseId = h('input', { type: 'text', name: 'caseId', value: q.get('case') || '',
    autocomplete: 'off' });
  const kind = select(options(KINDS, 'VISIT_KIND_HOME'), { name: 'kind' });
  const visitedOn = h('input', { type: 'date', name: 'visitedOn', value: todayText(),
    max: todayText() });
  const summary = h('textarea', { name: 'summary', rows: 4 });
  const form = h('form', { class: 'visit-form', novalidate: true, 'aria-labelledby': 'visit-h' });
  form.appendChild(h('h2', { id: 'visit-h', class: 'visually-hidden', text: t('visit.title') }));
  const plan = q.get('plan') || '';
  const slot = Number(q.get('slot')) || 0;
  if (plan) {
    form.appendChild(h('p', { class: 'notice', text: t('visit.forSlot', { plan, slot }) }));
  }
  form.appendChild(field(t('visit.case'), caseId, { path: 'caseId', required: true }));
  form.appendChild(h('div', { class: 'grid-2' },
    field(t('visit.kind'), kind, { path: 'kind' }),
    field(t('visit.visitedOn'), visitedOn, { path: 'visitedOn', required: true })));

  const assessmentControls = DIMENSIONS.map((dimension, i) => {
    const rating = select(options(RATINGS, '', t('visit.choose')), { name: `rating${i}` });
    const notes = h('textarea', { name: `notes${i}`, rows: 2 });
    const box = h('fieldset', { class: 'assessment', dataset: { dimension } },
      h('legend', { text: enumLabel(dimension) }),
      field(t('visit.rating'), rating, { path: `assessments[${i}].rating` }),
      field(t('visit.notes'), notes, { path: `assessments[${i}].notes` }));
    box.dataset.field = `assessments[${i}]`;
    form.appendChild(box);
    return { dimension, rating, notes };
  });

  const needs = h('div', { class: 'needs' });
  const needsBox = h('fieldset', {}, h('legend', { text: t('visit.needs') }), needs,
    h('button', { type: 'button', class: 'btn btn-quiet', text: t('visit.addNeed'),
      on: { click: () => needRow(needs.children.length, needs) } }));
  form.appendChild(needsBox);
  form.appendChild(field(t('visit.summary'), summary, { path: 'summary' }));
  form.appendChild(h('div', { class: 'form-errors', 'aria-live': 'assertive' }));
  const submit = h('button', { type: 'submit', class: 'btn', text: t('visit.submit') });
  form.appendChild(h('div', { class: 'btn-row' }, submit));
  const result = h('div', { class: 'result', 'aria-live': 'polite' });
  main.appendChild(form);
  main.appendChild(result);

  // One request id per form: a double submit is answered from the first result.
  let requestId = api.newRequestId('visit');
  form.addEventListener('input', () => { requestId = api.newRequestId('visit'); });
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearFieldErrors(form);
    clear(result);
    const request = {
      requestId,
      caseId: caseId.value.trim(),
      kind: kind.value,
      visitedOn: parseDate(visitedOn.value),
      assessments: assessmentControls.map((a) => ({ dimension: a.dimension,
        rating: a.rating.value || 'RATING_UNSPECIFIED', notes: a.notes.value.trim() })),
      needs: [...needs.children].map((row) => row.read())
        .map((n) => ({ ...n, kind: n.kind || 'MEASURE_KIND_UNSPECIFIED' })),
      summary: summary.value.trim(),
    };
    if (plan) {
      request.planId = plan;
      request.slotSequence = slot;
    }
    submit.disabled = true;
    try {
      const visit = await api.rpc(api.M.recordVisit, request);
      clear(form);
      form.remove();
      result.appendChild(h('div', { class: 'notice', role: 'status', id: 'visit-recorded',
        dataset: { visitId: visit.visitId } },
      h('p', { text: t('visit.recorded', { id: visit.visitId }) }),
      h('p', {}, h('a', { href: href(['workbench']), text: t('visit.back') }))));
    } catch (error) {
      if (error.status === 401) return;
      if (error.fields && error.fields.length) {
        showFieldErrors(form, error.fields, t('form.invalid'));
      } else {
        result.appendChild(errorBox(error));
      }
    } finally {
      submit.disabled = false;
    }
  });
}
