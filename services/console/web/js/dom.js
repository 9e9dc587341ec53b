// Small DOM helpers. No inline styles and no HTML strings: elements are built with
// createElement and text is set with textContent, so nothing from the API is parsed as HTML.
import { t } from './i18n.js';

// h('button', {class: 'btn', type: 'button', on: {click: fn}}, 'text', child, ...)
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'class') el.className = value;
    else if (key === 'text') el.textContent = value;
    else if (key === 'on') {
      for (const [event, fn] of Object.entries(value)) el.addEventListener(event, fn);
    } else if (key === 'dataset') {
      for (const [k, v] of Object.entries(value)) el.dataset[k] = v;
    } else if (key === 'value') el.value = value;
    else if (key === 'checked' || key === 'selected' || key === 'disabled' || key === 'hidden') {
      el[key] = Boolean(value);
    } else el.setAttribute(key, value === true ? '' : String(value));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children) {
    if (child === undefined || child === null || child === false) continue;
    if (Array.isArray(child)) append(el, child);
    else if (child instanceof Node) el.appendChild(child);
    else el.appendChild(document.createTextNode(String(child)));
  }
}

export function clear(el) {
  while (el.firstChild) el.removeChild(el.firstChild);
  return el;
}

let idCounter = 0;
export function uid(prefix) {
  idCounter += 1;
  return `${prefix || 'f'}-${idCounter}`;
}

// A labelled form field. `control` is an input/select/textarea; `path` the request field
// path (lowerCamel, e.g. "people[0].person.idNumber") errors are shown against.
export function field(labelText, control, options) {
  const opts = options || {};
  if (!control.id) control.id = uid('f');
  if (opts.path) control.dataset.field = opts.path;
  if (opts.required) control.required = true;
  const children = [h('label', { for: control.id, text: labelText })];
  if (opts.hint) {
    const hintId = `${control.id}-hint`;
    children.push(h('span', { class: 'hint', id: hintId, text: opts.hint }));
    control.setAttribute('aria-describedby', hintId);
  }
  children.push(control);
  return h('div', { class: 'field' }, children);
}

export function select(options, attrs) {
  const el = h('select', attrs || {});
  for (const opt of options) {
    el.appendChild(h('option', { value: opt.value, selected: opt.selected, text: opt.label }));
  }
  return el;
}

// Maps a field path from the API ("people[0].person.id_number" or the lowerCamel form)
// to the lowerCamel path the form uses.
export function normalizePath(path) {
  return String(path || '')
    .split('.')
    .map((seg) => seg.replace(/_([a-z0-9])/g, (m, c) => c.toUpperCase()))
    .join('.');
}

// Removes the field errors shown in `form`.
export function clearFieldErrors(form) {
  for (const el of form.querySelectorAll('.field-error')) el.remove();
  for (const el of form.querySelectorAll('[aria-invalid="true"]')) {
    el.removeAttribute('aria-invalid');
    const described = (el.getAttribute('aria-describedby') || '')
      .split(' ')
      .filter((id) => id && !id.endsWith('-err'));
    if (described.length) el.setAttribute('aria-describedby', described.join(' '));
    else el.removeAttribute('aria-describedby');
  }
  const summary = form.querySelector('.form-errors');
  if (summary) clear(summary);
}

// Shows each API field violation at its field (matched on the normalized path, or the
// nearest enclosing path); those without a field go to the form's summary. Focuses the
// first invalid field. Returns the number shown at fields.
export function showFieldErrors(form, fields, fallbackMessage) {
  clearFieldErrors(form);
  const controls = new Map();
  for (const el of form.querySelectorAll('[data-field]')) controls.set(el.dataset.field, el);
  const summary = form.querySelector('.form-errors');
  let first = null;
  let shown = 0;
  const unmatched = [];
  for (const violation of fields || []) {
    let path = normalizePath(violation.field);
    let control = controls.get(path);
    while (!control && path.includes('.')) {
      path = path.slice(0, path.lastIndexOf('.'));
      control = controls.get(path);
    }
    if (!control) {
      unmatched.push(violation);
      continue;
    }
    if (!control.id) control.id = uid('f');
    const errId = `${control.id}-err`;
    let err = document.getElementById(errId);
    if (!err) {
      err = h('p', { class: 'field-error', id: errId });
      const container = control.closest('.field') || control.parentElement;
      container.appendChild(err);
    }
    err.textContent = err.textContent
      ? `${err.textContent}; ${violation.description}`
      : t('form.fieldError', { message: violation.description });
    control.setAttribute('aria-invalid', 'true');
    const described = new Set((control.getAttribute('aria-describedby') || '').split(' '));
    described.add(errId);
    control.setAttribute('aria-describedby', [...described].filter(Boolean).join(' '));
    if (!first) first = control;
    shown += 1;
  }
  if (summary && (unmatched.length || (!shown && fallbackMessage))) {
    const items = unmatched.map((v) => h('li', { text: `${v.field}: ${v.description}` }));
    summary.appendChild(h('div', { class: 'alert', role: 'alert' },
      h('p', { text: fallbackMessage || t('form.invalid') }),
      items.length ? h('ul', {}, items) : null));
  }
  if (first) first.focus();
  return shown;
}

// An error box for a failed call (role=alert so screen readers announce it).
export function errorBox(error) {
  const message = error && error.message ? error.message : String(error);
  const code = error && error.code ? ` (${error.code})` : '';
  return h('div', { class: 'alert', role: 'alert' }, h('p', { text: `${message}${code}` }));
}

export function toast(message) {
  const el = document.getElementById('toast');
  if (!el) return;
  el.textContent = message;
  window.setTimeout(() => {
    if (el.textContent === message) el.textContent = '';
  }, 4000);
}

// Proto3 JSON helpers.
export function dateText(d) {
  if (!d || !d.year) return '';
  return `${d.year}-${String(d.month).padStart(2, '0')}-${String(d.day).padStart(2, '0')}`;
}

export function parseDate(text) {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text || '');
  if (!m) return undefined;
  return { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) };
}

export function timeText(ts) {
  if (!ts || !ts.unixMillis || ts.unixMillis === '0') return '';
  const d = new Date(Number(ts.unixMillis));
  const pad = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

// Today in China Standard Time as YYYY-MM-DD (the services' calendar).
export function todayText() {
  const cst = new Date(Date.now() + 8 * 3600 * 1000);
  return cst.toISOString().slice(0, 10);
}
