// Small ECharts helpers: any element with class "ledger-chart" and data-labels/data-values
// becomes a bar chart of ledger entries per status.
(function () {
  function draw() {
    if (!window.echarts) return;
    document.querySelectorAll(".ledger-chart").forEach(function (el) {
      var labels = (el.dataset.labels || "").split("|");
      var values = (el.dataset.values || "").split("|").map(Number);
      var chart = echarts.init(el, null, { renderer: "svg" });
      chart.setOption({
        grid: { left: 8, right: 8, top: 8, bottom: 8, containLabel: true },
        tooltip: { trigger: "axis" },
        xAxis: { type: "category", data: labels, axisLabel: { interval: 0, fontSize: 11 } },
        yAxis: { type: "value", minInterval: 1 },
        series: [{ type: "bar", data: values, itemStyle: { color: "#206bc4" } }],
      });
      window.addEventListener("resize", function () { chart.resize(); });
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", draw);
  else draw();
})();
