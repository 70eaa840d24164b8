// Draws the charts a page describes in <div class="chart" data-chart="…json…">; ECharts is served
// by the console itself (/static/echarts.min.js), never from a CDN.
document.addEventListener('DOMContentLoaded', () => {
  for (const el of document.querySelectorAll('div.chart[data-chart]')) {
    const spec = JSON.parse(el.getAttribute('data-chart'));
    const chart = echarts.init(el, null, { renderer: 'svg' });
    if (spec.kind === 'band') {
      // A line with its 95% interval drawn as a band (stacked: low, then high − low).
      chart.setOption({
        animation: false,
        tooltip: { trigger: 'axis' },
        legend: { data: [spec.label, spec.bandLabel] },
        xAxis: { type: 'category', data: spec.x },
        yAxis: { type: 'value', min: spec.min, max: spec.max },
        series: [
          {
            name: 'low',
            type: 'line',
            data: spec.low,
            stack: 'band',
            symbol: 'none',
            lineStyle: { opacity: 0 },
          },
          {
            name: spec.bandLabel,
            type: 'line',
            data: spec.low.map((l, i) => (l === null || spec.high[i] === null ? null : spec.high[i] - l)),
            stack: 'band',
            symbol: 'none',
            lineStyle: { opacity: 0 },
            areaStyle: { color: '#9ab7d8', opacity: 0.5 },
          },
          {
            name: spec.label,
            type: 'line',
            data: spec.y,
            connectNulls: false,
            itemStyle: { color: '#1f3a5f' },
          },
        ],
      });
    } else if (spec.kind === 'bars') {
      chart.setOption({
        animation: false,
        tooltip: { trigger: 'axis' },
        legend: { data: spec.series.map((s) => s.name) },
        xAxis: { type: 'category', data: spec.x },
        yAxis: { type: 'value', min: spec.min, max: spec.max },
        series: spec.series.map((s) => ({ name: s.name, type: 'bar', data: s.data })),
      });
    }
  }
});
