// Hash routes: "#/portal/referral/<id>?tab=x" -> {parts: ['portal','referral','<id>'],
// query: URLSearchParams}. Other hashes (e.g. "#main" of the skip link) are not routes.
export function currentRoute() {
  const hash = window.location.hash || '';
  if (!hash.startsWith('#/')) return null;
  const [path, queryString] = hash.slice(2).split('?');
  const parts = path.split('/').filter(Boolean).map((p) => decodeURIComponent(p));
  return { parts, query: new URLSearchParams(queryString || ''), path: `/${parts.join('/')}` };
}

export function href(parts, query) {
  const path = parts.map((p) => encodeURIComponent(p)).join('/');
  const qs = query ? new URLSearchParams(query).toString() : '';
  return `#/${path}${qs ? `?${qs}` : ''}`;
}

export function navigate(parts, query) {
  const target = href(parts, query);
  if (window.location.hash === target) {
    window.dispatchEvent(new HashChangeEvent('hashchange'));
  } else {
    window.location.hash = target;
  }
}
