// The console's entry point: the session, the header (navigation, language, sign-out) and
// the pages by hash route.
import * as api from './api.js';
import { applyDocumentLang, lang, setLang, t, translateStatic } from './i18n.js';
import { clear, errorBox, h } from './dom.js';
import { currentRoute, href, navigate } from './router.js';
import { canDashboards, canOversight, canWorkbench, homeRoute, isAgency } from './roles.js';
import * as signin from './pages/signin.js';
import * as dashboard from './pages/dashboard.js';
import * as report from './pages/report.js';
import * as workbench from './pages/workbench.js';
import * as portal from './pages/portal.js';
import * as oversight from './pages/oversight.js';
import * as review from './pages/review.js';

const state = { session: null, renderSeq: 0, expired: false };

const pages = {
  signin,
  dashboard,
  report,
  workbench,
  portal,
  oversight,
  review,
  home: { render: renderHome },
};

function user() {
  return state.session && state.session.signedIn ? state.session.user : null;
}

function setSession(session) {
  state.session = session && session.signedIn ? session : null;
  api.setCsrf(state.session ? state.session.csrf : '');
  renderHeader();
}

function navItems(u) {
  if (!u) return [];
  const items = [];
  if (canDashboards(u)) {
    items.push({ route: 'dashboard', label: t('nav.dashboard') });
    items.push({ route: 'report', label: t('nav.report') });
  }
  if (canWorkbench(u)) items.push({ route: 'workbench', label: t('nav.workbench') });
  if (isAgency(u)) items.push({ route: 'portal', label: t('nav.portal') });
  if (canOversight(u)) items.push({ route: 'oversight', label: t('nav.oversight') });
  if (canOversight(u)) items.push({ route: 'review', label: t('nav.review') });
  return items;
}

function renderHeader() {
  const u = user();
  const nav = document.getElementById('app-nav');
  clear(nav);
  const route = currentRoute();
  const first = route && route.parts.length ? route.parts[0] : '';
  for (const item of navItems(u)) {
    nav.appendChild(h('a', {
      href: href([item.route]),
      'aria-current': item.route === first ? 'page' : undefined,
      text: item.label,
    }));
  }
  const who = document.getElementById('who');
  who.textContent = u ? t('app.signedInAs', { name: u.name || u.id }) : '';
  document.getElementById('sign-out').hidden = !u;
  const langButton = document.getElementById('lang-switch');
  langButton.textContent = lang() === 'zh' ? 'English' : '中文';
  langButton.setAttribute('lang', lang() === 'zh' ? 'en' : 'zh-CN');
  langButton.title = t('app.switchLanguage');
}

function renderHome(main, ctx) {
  main.appendChild(h('h1', { text: t('home.title') }));
  main.appendChild(h('p', { text: t('home.noPages', { roles: (ctx.user.roles || []).join(', ') }) }));
}

async function route() {
  const seq = ++state.renderSeq;
  let r = currentRoute();
  const u = user();
  if (!r) {
    if (window.location.hash && window.location.hash !== '#') return;  // e.g. the skip link
    navigate(u ? homeRoute(u) : ['signin']);
    return;
  }
  if (!u && r.parts[0] !== 'signin') {
    navigate(['signin']);
    return;
  }
  if (u && (r.parts.length === 0 || r.parts[0] === 'signin')) {
    navigate(homeRoute(u));
    return;
  }
  renderHeader();
  const page = pages[r.parts[0]];
  const main = document.getElementById('main');
  clear(main);
  if (!page) {
    main.appendChild(h('h1', { text: t('error.notFoundTitle') }));
    main.appendChild(h('p', { text: t('error.notFoundPage') }));
    return;
  }
  const ctx = {
    user: u,
    session: state.session,
    parts: r.parts,
    query: r.query,
    expired: state.expired,
    isCurrent: () => seq === state.renderSeq,
    onSignedIn: (session) => {
      state.expired = false;
      setSession(session);
      navigate(homeRoute(user()));
    },
    rerender: () => route(),
  };
  document.title = `${t('app.name')} · ${t(`title.${r.parts[0]}`)}`;
  try {
    await page.render(main, ctx);
  } catch (error) {
    if (!ctx.isCurrent()) return;
    if (error && error.status === 401) return;  // handled: back to sign-in
    main.appendChild(errorBox(error));
  }
}

function onUnauthorized() {
  const wasSignedIn = Boolean(user());
  setSession(null);
  // Several calls may fail at once; the first tells whether a session ended.
  state.expired = state.expired || wasSignedIn;
  if (wasSignedIn) navigate(['signin']);
}

async function start() {
  applyDocumentLang();
  translateStatic(document);
  document.getElementById('skip-link').addEventListener('click', (event) => {
    event.preventDefault();
    document.getElementById('main').focus();
  });
  document.getElementById('lang-switch').addEventListener('click', () => {
    setLang(lang() === 'zh' ? 'en' : 'zh');
    translateStatic(document);
    route();
  });
  document.getElementById('sign-out').addEventListener('click', async () => {
    try {
      await api.logout();
    } catch (e) {
      // The session is gone either way.
    }
    state.expired = false;
    setSession(null);
    navigate(['signin']);
  });
  api.onUnauthorized(onUnauthorized);
  window.addEventListener('hashchange', () => route());
  try {
    setSession(await api.getSession());
  } catch (error) {
    setSession(null);
    const main = clear(document.getElementById('main'));
    main.appendChild(errorBox(error));
  }
  route();
}

start();
