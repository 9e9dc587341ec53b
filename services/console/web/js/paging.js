// Lists that page with pageSize/pageToken/nextPageToken: every page up to a cap, so a
// table shows all of a caller's records, not the first page. `fetchPage(pageToken)`
// returns one response; `field` names its repeated field. Returns {items, truncated}:
// truncated when the cap stopped the walk with pages left.
export const PAGE_SIZE = 200;  // The services' largest page.
export const DEFAULT_CAP = 2000;

export async function collectPages(fetchPage, field, cap = DEFAULT_CAP) {
  const items = [];
  let token = '';
  const seen = new Set();
  for (;;) {
    const resp = (await fetchPage(token)) || {};
    items.push(...(resp[field] || []));
    token = resp.nextPageToken || '';
    if (!token) return { items, truncated: false };
    // A token seen before would loop forever: stop rather than ask again.
    if (seen.has(token)) return { items, truncated: true };
    seen.add(token);
    if (items.length >= cap) return { items: items.slice(0, cap), truncated: true };
  }
}
