// Every visible string goes through t(). Chinese is the default; English by the switch in
// the header, kept in localStorage. Text lives in messages.js and enums.js as
// key -> [Chinese, English].
import { MESSAGES } from './messages.js';
import { ENUMS } from './enums.js';

const zh = {};
const en = {};
for (const [key, [zhText, enText]] of Object.entries(MESSAGES)) {
  zh[key] = zhText;
  en[key] = enText;
}
for (const [value, [zhText, enText]] of Object.entries(ENUMS)) {
  zh[`enum.${value}`] = zhText;
  en[`enum.${value}`] = enText;
}

const STORAGE_KEY = 'shouhu.lang';
const dictionaries = { zh, en };
let current = 'zh';

try {
  if (window.localStorage.getItem(STORAGE_KEY) === 'en') current = 'en';
} catch (e) {
  // Storage may be unavailable (private mode): stay in Chinese.
}

export function lang() {
  return current;
}

export function setLang(next) {
  current = next === 'en' ? 'en' : 'zh';
  try {
    window.localStorage.setItem(STORAGE_KEY, current);
  } catch (e) {
    // Not kept; the switch still applies to this page.
  }
  applyDocumentLang();
}

export function applyDocumentLang() {
  document.documentElement.lang = current === 'en' ? 'en' : 'zh-CN';
}

// t('key', {name: 'x'}) -> the message with {name} replaced; the key itself when missing
// (visible in tests, never a crash).
export function t(key, params) {
  let text = dictionaries[current][key];
  if (text === undefined) text = zh[key];
  if (text === undefined) return key;
  if (params) {
    text = text.replace(/\{(\w+)\}/g, (m, name) =>
      params[name] === undefined ? m : String(params[name]));
  }
  return text;
}

export function has(key) {
  return dictionaries[current][key] !== undefined || zh[key] !== undefined;
}

// The label of a proto enum value name, e.g. enumLabel('REFERRAL_STATUS_SUBMITTED'); the
// value itself when no label is known.
export function enumLabel(value) {
  if (value === undefined || value === null || value === '') return '';
  const key = `enum.${value}`;
  return has(key) ? t(key) : String(value);
}

// Translates the static markup (data-i18n: text, data-i18n-aria: aria-label).
export function translateStatic(root) {
  for (const el of root.querySelectorAll('[data-i18n]')) {
    el.textContent = t(el.dataset.i18n);
  }
  for (const el of root.querySelectorAll('[data-i18n-aria]')) {
    el.setAttribute('aria-label', t(el.dataset.i18nAria));
  }
}

// Numbers and dates in the current language.
export function formatNumber(n) {
  return new Intl.NumberFormat(current === 'en' ? 'en-US' : 'zh-CN').format(n);
}

export function formatYuan(fen) {
  const value = Number(fen || 0) / 100;
  return new Intl.NumberFormat(current === 'en' ? 'en-US' : 'zh-CN', {
    minimumFractionDigits: 2,
    maximumFractionDigits: 2,
  }).format(value);
}
