// Sign-in: paste a platform token; in a development console (session "dev"), pick one of
// the demo identities.
import * as api from '../api.js';
import { t } from '../i18n.js';
import { clear, errorBox, field, h } from '../dom.js';

export async function render(main, ctx) {
  main.appendChild(h('h1', { text: t('signin.title') }));
  if (ctx.expired) {
    main.appendChild(h('div', { class: 'notice', role: 'status', id: 'session-expired' },
      h('p', { text: t('signin.expired') })));
  }
  const status = h('div', { class: 'form-errors', 'aria-live': 'polite' });

  const tokenInput = h('textarea', { name: 'token', rows: 4, autocomplete: 'off',
    spellcheck: 'false' });
  const form = h('form', { class: 'panel', 'aria-labelledby': 'signin-token-h' },
    h('h2', { id: 'signin-token-h', text: t('signin.tokenHeading') }),
    field(t('signin.token'), tokenInput, { hint: t('signin.tokenHint'), required: true }),
    status,
    h('div', { class: 'btn-row' }, h('button', { type: 'submit', class: 'btn',
      text: t('signin.submit') })));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clear(status);
    const token = tokenInput.value.trim();
    if (!token) {
      status.appendChild(errorBox(new Error(t('signin.tokenMissing'))));
      tokenInput.focus();
      return;
    }
    try {
      ctx.onSignedIn(await api.login(token));
    } catch (error) {
      status.appendChild(errorBox(error.status === 401 ? new Error(t('signin.badToken')) : error));
    }
  });
  main.appendChild(form);

  let session = ctx.session;
  if (!session) {
    try {
      session = await api.getSession();
    } catch (e) {
      session = null;
    }
  }
  if (!ctx.isCurrent() || !session || !session.dev) return;
  let identities;
  try {
    identities = await api.devIdentities();
  } catch (error) {
    main.appendChild(errorBox(error));
    return;
  }
  if (!ctx.isCurrent()) return;
  const section = h('section', { class: 'panel', 'aria-labelledby': 'signin-dev-h' },
    h('h2', { id: 'signin-dev-h', text: t('signin.devHeading') }),
    h('p', { class: 'muted', text: t('signin.devHint') }));
  const devStatus = h('div', { 'aria-live': 'polite' });
  const list = h('ul', { class: 'identities' });
  for (const identity of identities || []) {
    const roles = (identity.roles || []).map((r) => t(`role.${r}`)).join('、');
    const detail = identity.kind === 'agency' ? t('signin.agency', { agency: identity.agency })
      : roles;
    list.appendChild(h('li', {}, h('button', {
      type: 'button',
      class: 'btn',
      dataset: { identity: identity.id },
      on: {
        click: async () => {
          clear(devStatus);
          try {
            ctx.onSignedIn(await api.devLogin(identity.id));
          } catch (error) {
            devStatus.appendChild(errorBox(error));
          }
        },
      },
    }, h('strong', { text: identity.name || identity.id }), h('br'),
    h('span', { class: 'muted', text: `${identity.id} · ${detail}` }))));
  }
  section.appendChild(list);
  section.appendChild(devStatus);
  main.appendChild(section);
}
