// The printable monthly report: every figure set for one month with its trend, laid out
// for paper by the print style sheet (the browser's print dialog prints it).
import { t } from '../i18n.js';
import { errorBox, field, h, select } from '../dom.js';
import { navigate } from '../router.js';
import { disposeCharts } from '../chart.js';
import { SETS, detectColumns, periodLabel } from '../stats.js';
import { SET_NAMES, figuresTable, loadSet, periodFromQuery, trendFor } from './dashboard.js';

export async function render(main, ctx) {
  disposeCharts();
  const query = new URLSearchParams(ctx.query);
  query.set('period', 'month');
  const period = periodFromQuery(query);
  const month = select(Array.from({ length: 12 }, (_, i) => ({ value: i + 1,
    label: t('period.monthN', { n: i + 1 }), selected: i + 1 === period.number })), { name: 'n' });
  const year = h('input', { type: 'number', name: 'year', min: 2000, max: 2200,
    value: period.year, inputmode: 'numeric' });
  const form = h('form', { class: 'controls panel no-print', 'aria-label': t('report.controls') },
    field(t('dash.year'), year), field(t('dash.number'), month),
    h('button', { type: 'submit', class: 'btn', text: t('dash.show') }),
    h('button', { type: 'button', class: 'btn btn-quiet', text: t('report.print'),
      on: { click: () => window.print() } }));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    navigate(['report'], { year: year.value, n: month.value });
  });
  main.appendChild(h('h1', { text: t('report.title', { period: periodLabel(period) }) }));
  main.appendChild(h('p', { class: 'muted', text: t('report.meta', {
    who: ctx.user.name || ctx.user.id,
    procuratorate: ctx.user.procuratorate || '',
    at: new Date().toLocaleString(document.documentElement.lang),
  }) }));
  main.appendChild(form);
  for (const name of SET_NAMES) {
    const section = h('section', { class: 'report-section', 'aria-labelledby': `report-${name}` },
      h('h2', { id: `report-${name}`, text: t(`set.${name}`) }));
    main.appendChild(section);
    try {
      const data = await loadSet(name, period, 'period');
      if (!ctx.isCurrent()) return;
      const columns = SETS[name].columns || detectColumns(data.tableRows.map((r) => r.values));
      section.appendChild(figuresTable(name, data.tableRows, columns,
        t('dash.tableCaption', { set: t(`set.${name}`), dim: t('dim.period') }),
        `shouhu-report-${name}-${periodLabel(period)}.csv`, SETS[name].method, data.requests));
      section.appendChild(trendFor(name, data.trendRows, columns));
    } catch (error) {
      if (!ctx.isCurrent()) return;
      section.appendChild(errorBox(error));
    }
  }
  main.appendChild(h('p', { class: 'muted', text: t('dash.suppressionNote') }));
}
