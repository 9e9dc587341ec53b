// Agency portal: submit a referral (SubmitReferral). The service validates; its field
// violations are shown at each field (snake_case or lowerCamel paths both map).
import * as api from '../api.js';
import { enumLabel, t } from '../i18n.js';
import { clearFieldErrors, errorBox, field, h, parseDate, select, showFieldErrors,
  todayText } from '../dom.js';
import { navigate } from '../router.js';

const KINDS = ['REFERRAL_KIND_MANDATORY_REPORT', 'REFERRAL_KIND_JUDICIAL_AID',
  'REFERRAL_KIND_GUARDIANSHIP_CONCERN', 'REFERRAL_KIND_SPECIAL_MINOR'];
const LISTS = {
  situations: { kind: 'REFERRAL_KIND_MANDATORY_REPORT', values: ['SITUATION_PRIVATE_PARTS_INJURY',
    'SITUATION_SEXUAL_ASSAULT_UNDER_14', 'SITUATION_SEXUAL_ASSAULT_14_PLUS',
    'SITUATION_MULTIPLE_INJURIES_ABUSE', 'SITUATION_DISABILITY_OR_DEATH',
    'SITUATION_ABANDONMENT_NEGLECT', 'SITUATION_MISSING_OR_TRAFFICKED',
    'SITUATION_ORGANISED_BEGGING', 'SITUATION_OTHER_SERIOUS_HARM'] },
  aidGrounds: { kind: 'REFERRAL_KIND_JUDICIAL_AID', values: [
    'AID_GROUND_SERIOUS_INJURY_UNCOMPENSATED', 'AID_GROUND_URGENT_MEDICAL',
    'AID_GROUND_DEATH_DEPENDANTS', 'AID_GROUND_PROPERTY_LOSS', 'AID_GROUND_RETALIATION',
    'AID_GROUND_ROAD_ACCIDENT_TORT', 'AID_GROUND_UNPAID_SUPPORT',
    'AID_GROUND_MINOR_PSYCHOLOGICAL_TRAUMA', 'AID_GROUND_MINOR_CARER_KILLED', 'AID_GROUND_OTHER'] },
  specialCategories: { kind: 'REFERRAL_KIND_SPECIAL_MINOR', values: [
    'SPECIAL_MINOR_PUBLIC_ORDER_VIOLATION', 'SPECIAL_MINOR_PSYCHOLOGICAL_ILLNESS',
    'SPECIAL_MINOR_FAMILY_HARDSHIP', 'SPECIAL_MINOR_DE_FACTO_UNATTENDED',
    'SPECIAL_MINOR_LEFT_BEHIND', 'SPECIAL_MINOR_LIVING_ALONE', 'SPECIAL_MINOR_SINGLE_PARENT',
    'SPECIAL_MINOR_CHILD_OF_PRISONER'] },
};
const ROLES = ['PERSON_ROLE_GUARDIAN', 'PERSON_ROLE_RELATIVE', 'PERSON_ROLE_SUSPECT',
  'PERSON_ROLE_OTHER'];

function checkGroup(name) {
  const group = h('fieldset', { class: 'field', tabindex: '-1', dataset: { field: name },
    id: `group-${name}` }, h('legend', { text: t(`submit.${name}`) }));
  const list = h('div', { class: 'check-list' });
  const boxes = LISTS[name].values.map((v) => {
    const box = h('input', { type: 'checkbox', name, value: v });
    box.id = `${name}-${v}`;
    list.appendChild(h('label', { for: box.id }, box, enumLabel(v)));
    return box;
  });
  group.appendChild(list);
  group.read = () => boxes.filter((b) => b.checked).map((b) => b.value);
  return group;
}

function personBlock(index, container) {
  const p = `people[${index}]`;
  const subject = index === 0;
  const role = subject ? null : select(ROLES.map((r) => ({ value: r, label: enumLabel(r) })),
    { name: `role${index}` });
  const name = h('input', { type: 'text', name: `name${index}`, autocomplete: 'off' });
  const sex = select(['SEX_UNSPECIFIED', 'SEX_MALE', 'SEX_FEMALE'].map((v) => ({ value: v,
    label: v === 'SEX_UNSPECIFIED' ? t('visit.choose') : enumLabel(v) })), { name: `sex${index}` });
  const birth = h('input', { type: 'date', name: `birthDate${index}`, max: todayText() });
  const idNumber = h('input', { type: 'text', name: `idNumber${index}`, autocomplete: 'off',
    inputmode: 'text', maxlength: 18, class: 'id-number' });
  const phone = h('input', { type: 'tel', name: `phone${index}`, autocomplete: 'off' });
  const address = h('input', { type: 'text', name: `address${index}`, autocomplete: 'off' });
  const relation = h('input', { type: 'text', name: `relation${index}`, autocomplete: 'off' });
  const block = h('fieldset', { class: 'person', dataset: { index } },
    h('legend', { text: subject ? t('submit.subject') : t('submit.person', { n: index + 1 }) }),
    role ? field(t('submit.role'), role, { path: `${p}.role` }) : null,
    h('div', { class: 'grid-2' },
      field(t('submit.name'), name, { path: `${p}.person.name`, required: true }),
      field(t('submit.sex'), sex, { path: `${p}.person.sex` }),
      field(t('submit.idNumber'), idNumber, { path: `${p}.person.idNumber`,
        hint: t('submit.idNumberHint') }),
      field(t('submit.birthDate'), birth, { path: `${p}.person.birthDate` }),
      field(t('submit.phone'), phone, { path: `${p}.person.phone` }),
      field(t('submit.address'), address, { path: `${p}.person.address` })),
    subject ? null : field(t('submit.relation'), relation, { path: `${p}.relation` }),
    subject ? null : h('button', { type: 'button', class: 'btn btn-quiet',
      text: t('submit.removePerson'), on: { click: () => block.remove() } }));
  block.read = () => {
    const person = { name: name.value.trim(), sex: sex.value, idNumber: idNumber.value.trim(),
      phone: phone.value.trim(), address: address.value.trim() };
    const birthDate = parseDate(birth.value);
    if (birthDate) person.birthDate = birthDate;
    return { role: subject ? 'PERSON_ROLE_SUBJECT' : role.value, person,
      relation: subject ? '' : relation.value.trim() };
  };
  container.appendChild(block);
}

export async function render(main) {
  main.appendChild(h('h1', { text: t('submit.title') }));
  const kind = select(KINDS.map((k) => ({ value: k, label: enumLabel(k) })), { name: 'kind' });
  const facts = h('textarea', { name: 'facts', rows: 5 });
  const occurred = h('input', { type: 'date', name: 'occurredOn', value: todayText(),
    max: todayText() });
  const urgent = h('input', { type: 'checkbox', name: 'urgent', id: 'submit-urgent' });
  const groups = Object.fromEntries(Object.keys(LISTS).map((n) => [n, checkGroup(n)]));
  const people = h('div', { class: 'people', dataset: { field: 'people' }, tabindex: '-1',
    id: 'people' });
  const form = h('form', { id: 'submit-referral', novalidate: true,
    'aria-labelledby': 'submit-h' },
  h('h2', { id: 'submit-h', class: 'visually-hidden', text: t('submit.title') }),
  field(t('submit.kind'), kind, { path: 'kind' }),
  field(t('submit.facts'), facts, { path: 'facts', required: true, hint: t('submit.factsHint') }),
  h('div', { class: 'grid-2' }, field(t('submit.occurredOn'), occurred, { path: 'occurredOn' }),
    h('div', { class: 'field' }, h('label', { for: urgent.id }, urgent, t('submit.urgent')))),
  Object.values(groups), people,
  h('div', { class: 'btn-row' }, h('button', { type: 'button', class: 'btn btn-quiet',
    text: t('submit.addPerson'), on: { click: () => personBlock(people.children.length, people) } })),
  h('div', { class: 'form-errors', 'aria-live': 'assertive' }),
  h('div', { class: 'btn-row' }, h('button', { type: 'submit', class: 'btn',
    text: t('submit.submit') })));
  personBlock(0, people);
  const showGroups = () => {
    for (const [name, group] of Object.entries(groups)) group.hidden = LISTS[name].kind !== kind.value;
  };
  kind.addEventListener('change', showGroups);
  showGroups();
  main.appendChild(form);
  let requestId = api.newRequestId('submit');
  form.addEventListener('input', () => { requestId = api.newRequestId('submit'); });
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearFieldErrors(form);
    const request = {
      requestId,
      kind: kind.value,
      facts: facts.value.trim(),
      urgent: urgent.checked,
      people: [...people.children].map((b) => b.read()),
    };
    const occurredOn = parseDate(occurred.value);
    if (occurredOn) request.occurredOn = occurredOn;
    for (const [name, group] of Object.entries(groups)) {
      if (!group.hidden) request[name] = group.read();
    }
    try {
      const referral = await api.rpc(api.M.submitReferral, request);
      navigate(['portal'], { submitted: referral.referralId });
    } catch (error) {
      if (error.status === 401) return;
      if (error.fields && error.fields.length) showFieldErrors(form, error.fields, t('form.invalid'));
      else form.querySelector('.form-errors').appendChild(errorBox(error));
    }
  });
}
