// Tables with a CSV export. The CSV starts with a UTF-8 byte order mark so that Excel shows
// Chinese correctly; cells that a spreadsheet would read as a formula are quoted with a
// leading apostrophe.
import { t } from './i18n.js';
import { h } from './dom.js';

function csvCell(value) {
  let text = value === undefined || value === null ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(text) && !/^-?\d+(\.\d+)?$/.test(text)) text = `'${text}`;
  if (/[",\r\n]/.test(text)) text = `"${text.replace(/"/g, '""')}"`;
  return text;
}

export function toCsv(header, rows) {
  const lines = [header, ...rows].map((cells) => cells.map(csvCell).join(','));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

export function downloadCsv(filename, header, rows) {
  const blob = new Blob([toCsv(header, rows)], { type: 'text/csv;charset=utf-8' });
  const url = URL.createObjectURL(blob);
  const a = h('a', { href: url, download: filename, class: 'visually-hidden' });
  document.body.appendChild(a);
  a.click();
  a.remove();
  window.setTimeout(() => URL.revokeObjectURL(url), 10000);
}

// columns: [{key, label, num?}], rows: [{cells: {key: {text, raw?, csv?}}, key?, total?}],
// truncated: the list stopped at a cap (a note says so).
// Returns a <div> with the table and an export button.
export function dataTable(options) {
  const { caption, columns, rows, csvName, attrs, truncated } = options;
  const table = h('table', attrs || {});
  if (caption) table.appendChild(h('caption', { text: caption }));
  table.appendChild(h('thead', {}, h('tr', {}, columns.map((c) =>
    h('th', { scope: 'col', class: c.num ? 'num' : undefined, text: c.label })))));
  const body = h('tbody');
  for (const r of rows) {
    const tr = h('tr', { class: r.total ? 'total' : undefined,
      dataset: r.key !== undefined ? { key: r.key } : undefined });
    columns.forEach((c, i) => {
      const cell = r.cells[c.key] || { text: '' };
      const attrsOfCell = { class: c.num ? 'num' : undefined, dataset: { field: c.key } };
      if (cell.raw !== undefined) attrsOfCell.dataset.raw = cell.raw;
      const content = cell.node || cell.text;
      tr.appendChild(i === 0 ? h('th', { scope: 'row', ...attrsOfCell }, content)
        : h('td', attrsOfCell, content));
    });
    body.appendChild(tr);
  }
  if (!rows.length) {
    body.appendChild(h('tr', {}, h('td', { colspan: columns.length, class: 'muted',
      text: t('table.empty') })));
  }
  table.appendChild(body);
  // The scrolling box is focusable (keyboard users scroll wide tables) and named.
  const wrap = h('div', { class: 'table-block' }, h('div', { class: 'table-wrap', tabindex: '0',
    role: 'region', 'aria-label': caption || t('table.region') }, table));
  if (truncated) {
    wrap.appendChild(h('p', { class: 'muted', role: 'note',
      text: t('table.truncated', { n: rows.length }) }));
  }
  if (csvName) {
    wrap.appendChild(h('div', { class: 'btn-row no-print' }, h('button', {
      type: 'button',
      class: 'btn btn-quiet',
      dataset: { export: csvName },
      on: {
        click: () => downloadCsv(csvName, columns.map((c) => c.label), rows.map((r) =>
          columns.map((c) => {
            const cell = r.cells[c.key] || {};
            return cell.csv !== undefined ? cell.csv : cell.text;
          }))),
      },
    }, t('table.exportCsv', { name: caption || '' }))));
  }
  return wrap;
}
