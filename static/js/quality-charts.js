// Pareto (bars + cumulative %) and monthly trend charts for the quality pages.
// <div class="chart pareto-chart" data-chart='{"labels":[],"counts":[],"cumulative":[]}'>
// <div class="chart trend-chart" data-chart='{"months":[],"opened":[],"closed":[],"overdue":[]}'
//      data-names="Opened|Closed|Overdue actions">
(function () {
  function pareto(el) {
    var d = JSON.parse(el.dataset.chart || "{}");
    if (!d.labels || !d.labels.length) { el.innerHTML = '<div class="text-secondary small p-3">' + (el.dataset.empty || "—") + "</div>"; el.style.height = "auto"; return; }
    echarts.init(el, null, { renderer: "svg" }).setOption({
      grid: { left: 8, right: 40, top: 16, bottom: 8, containLabel: true },
      tooltip: { trigger: "axis" },
      xAxis: { type: "category", data: d.labels, axisLabel: { interval: 0, rotate: d.labels.length > 4 ? 30 : 0, fontSize: 11,
        formatter: function (v) { return v.length > 14 ? v.slice(0, 13) + "…" : v; } } },
      yAxis: [{ type: "value", minInterval: 1 }, { type: "value", max: 100, axisLabel: { formatter: "{value}%" } }],
      series: [
        { type: "bar", data: d.counts, itemStyle: { color: "#206bc4" } },
        { type: "line", yAxisIndex: 1, data: d.cumulative, itemStyle: { color: "#d63939" }, symbolSize: 6 },
      ],
    });
  }
  function trend(el) {
    var d = JSON.parse(el.dataset.chart || "{}");
    var names = (el.dataset.names || "opened|closed|overdue").split("|");
    echarts.init(el, null, { renderer: "svg" }).setOption({
      grid: { left: 8, right: 8, top: 30, bottom: 8, containLabel: true },
      tooltip: { trigger: "axis" }, legend: { top: 0 },
      xAxis: { type: "category", data: d.months },
      yAxis: { type: "value", minInterval: 1 },
      series: [
        { name: names[0], type: "bar", data: d.opened, itemStyle: { color: "#f59f00" } },
        { name: names[1], type: "bar", data: d.closed, itemStyle: { color: "#2fb344" } },
        { name: names[2], type: "line", data: d.overdue, itemStyle: { color: "#d63939" } },
      ],
    });
  }
  function draw() {
    if (!window.echarts) return;
    document.querySelectorAll(".pareto-chart").forEach(pareto);
    document.querySelectorAll(".trend-chart").forEach(trend);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", draw); else draw();
})();
