// Trend charts with Apache ECharts (vendor/echarts.min.js, served by the console). The
// tooltip is drawn on the canvas (renderMode richText): the HTML tooltip would need inline
// styles, which the Content-Security-Policy forbids.
import { t } from './i18n.js';
import { h } from './dom.js';

const charts = new Set();

export function disposeCharts() {
  for (const chart of charts) chart.dispose();
  charts.clear();
}

window.addEventListener('resize', () => {
  for (const chart of charts) chart.resize();
});

// labels: ['2025-01', ...]; series: [{name, data: [number|null, ...]}]
export function trendChart(title, labels, series) {
  const container = h('div', { class: 'chart', role: 'img',
    'aria-label': t('chart.aria', { title, periods: labels.join(', ') }) });
  const figure = h('figure', { class: 'chart-figure' },
    h('figcaption', { class: 'muted', text: title }), container);
  if (!window.echarts) {
    container.appendChild(h('p', { class: 'muted', text: t('chart.unavailable') }));
    return figure;
  }
  // Initialised once the container is in the document (it needs a size).
  window.requestAnimationFrame(() => {
    if (!container.isConnected) return;
    const chart = window.echarts.init(container, null, { renderer: 'canvas' });
    charts.add(chart);
    chart.setOption({
      animation: false,
      aria: { enabled: true },
      tooltip: { trigger: 'axis', renderMode: 'richText' },
      legend: { top: 0 },
      grid: { left: 48, right: 24, top: 40, bottom: 32 },
      xAxis: { type: 'category', data: labels },
      yAxis: { type: 'value', minInterval: 1 },
      series: series.map((s) => ({ name: s.name, type: 'line', data: s.data,
        connectNulls: false, symbolSize: 8 })),
    });
  });
  return figure;
}
