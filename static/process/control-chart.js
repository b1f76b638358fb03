// Control charts with ECharts (plain JS, no build step).
//
// Live chart:  <div class="control-chart-live" data-url="…/chart/data/">  with children
//   .cc-main, .cc-secondary, .cc-hist, .cc-cap, .cc-note and buttons [data-phase].
//   Fetches the JSON of process:parameter-chart-data and redraws on the body event
//   "readings-saved" (htmx: HX-Trigger: readings-saved).
// Snapshot:    <div class="control-chart-snapshot" data-snapshot="<json_script id>"
//   data-highlight-from="37" data-highlight-to="39">  draws a stored alarm snapshot.
// Words come from <script id="control-chart-text" type="application/json"> ({% control_chart_text %}).
(function () {

  // The plotted statistic's name for the axis: X̄ for X̄-R/X̄-S, I for I-MR, else the chart.
  var PRIMARY = { "xbar-r": "X̄", "xbar-s": "X̄", imr: "I", ewma: "EWMA", cusum: "CUSUM" };
  function primaryName(chart) { return chart ? (PRIMARY[chart] || chart) : ""; }
  if (window.QualiftControlChart) { window.QualiftControlChart.scan(); return; }

  var RED = "#d63939", GREEN = "#2fb344", BLUE = "#206bc4", GREY = "#667382", ORANGE = "#f59f00";

  function text() {
    var el = document.getElementById("control-chart-text");
    try { return el ? JSON.parse(el.textContent) : {}; } catch (e) { return {}; }
  }
  function t(key) { return text()[key] || key; }
  function at(level, i) { return Array.isArray(level) ? level[i] : level; }
  function varies(level) { return Array.isArray(level); }
  function fmt(v) {
    if (v === null || v === undefined || isNaN(v)) return "–";
    var a = Math.abs(v);
    return a !== 0 && (a >= 1e6 || a < 1e-3) ? v.toExponential(4) : (+v.toPrecision(7)).toString();
  }
  function esc(s) {
    return String(s === null || s === undefined ? "" : s).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }
  function whenEcharts(fn, tries) {
    if (window.echarts) return fn();
    if ((tries || 0) > 200) return;
    setTimeout(function () { whenEcharts(fn, (tries || 0) + 1); }, 50);
  }
  function chartOf(el) {
    var c = window.echarts.getInstanceByDom(el);
    return c || window.echarts.init(el, null, { renderer: "canvas" });
  }

  // A line for a level: a constant becomes a flat line, a per-point list a step line.
  function levelSeries(name, level, n, colour, dashed, width) {
    var data = [];
    for (var i = 0; i < n; i++) data.push(at(level, i));
    return {
      name: name, type: "line", data: data, symbol: "none", silent: true, step: varies(level) ? "middle" : false,
      lineStyle: { color: colour, type: dashed ? "dashed" : "solid", width: width || 1 }, itemStyle: { color: colour }, z: 2,
    };
  }

  // Shaded zones: constant limits become bands (green within 1σ, yellow 1–2σ, red 2–3σ).
  function zoneAreas(p) {
    var z = p.zones;
    if (!z || varies(z.lo1) || varies(z.hi1) || varies(z.lo2) || varies(z.hi2) || varies(p.lcl) || varies(p.ucl)) return null;
    function band(a, b, colour) { return [{ yAxis: a, itemStyle: { color: colour } }, { yAxis: b }]; }
    return {
      silent: true,
      data: [
        band(z.lo1, z.hi1, "rgba(47,179,68,0.08)"),
        band(z.hi1, z.hi2, "rgba(245,159,0,0.08)"),
        band(z.lo2, z.lo1, "rgba(245,159,0,0.08)"),
        band(z.hi2, p.ucl, "rgba(214,57,57,0.08)"),
        band(p.lcl, z.lo2, "rgba(214,57,57,0.08)"),
      ],
    };
  }

  function tooltip(p, rules, secondary) {
    return function (items) {
      if (!items || !items.length) return "";
      var i = items[0].dataIndex, lines = [];
      lines.push("<b>" + esc(t("subgroup")) + " " + esc(p.subgroup[i]) + "</b>" + (p.taken_at && p.taken_at[i] ? " · " + esc(p.taken_at[i]) : ""));
      lines.push(esc(t("value")) + ": <b>" + fmt(p.value[i]) + "</b>");
      lines.push(esc(t("centre")) + ": " + fmt(at(p.center, i)) + " · " + esc(t("lcl")) + " " + fmt(at(p.lcl, i)) + " · " + esc(t("ucl")) + " " + fmt(at(p.ucl, i)));
      if (p.phase1) lines.push(esc(p.phase1[i] ? t("phase1") : t("phase2")));
      var code = p.code[i];
      if (code) {
        var r = rules[String(code)] || {};
        lines.push('<span style="color:' + RED + '"><b>' + esc(r.label || code) + "</b>: " + esc(r.words || "") + "</span>");
      }
      if (secondary) {
        lines.push(esc(secondary.chart) + ": " + fmt(secondary.value[i]));
        if (secondary.code[i]) {
          var s = rules[secondary.chart] || {};
          lines.push('<span style="color:' + RED + '"><b>' + esc(s.label || secondary.chart) + "</b>: " + esc(s.words || "") + "</span>");
        }
      }
      return lines.join("<br>");
    };
  }

  function pointData(values, codes) {
    return values.map(function (v, i) {
      return codes[i] ? { value: v, symbolSize: 8, itemStyle: { color: RED, borderColor: RED } } : v;
    });
  }

  // The main chart: statistic, centre, limits, zones, flagged points, phase boundaries.
  function mainOption(d, opts) {
    var p = d.points, n = p.subgroup.length, x = p.subgroup.map(String);
    var marks = [];
    if (d.phase1_range && d.phase === "all" && d.has_phase2) {
      var endIdx = p.subgroup.findIndex(function (s) { return s > d.phase1_range[1]; });
      if (endIdx > 0) marks.push({ xAxis: x[endIdx], label: { formatter: t("phaseEnd") } });
      var startIdx = p.subgroup.findIndex(function (s) { return s >= d.phase1_range[0]; });
      if (startIdx > 0) marks.push({ xAxis: x[startIdx], label: { formatter: t("phaseStart") } });
    }
    var valueSeries = {
      name: t("value"), type: "line", data: pointData(p.value, p.code), symbolSize: n > 400 ? 3 : 5,
      showAllSymbol: true, lineStyle: { color: BLUE, width: 1 }, itemStyle: { color: BLUE }, z: 5,
      markArea: zoneAreas(p) || undefined,
      markLine: marks.length ? { silent: true, symbol: "none", lineStyle: { color: GREY, type: "dashed" }, label: { position: "insideEndTop", fontSize: 10 }, data: marks } : undefined,
      large: false,
    };
    if (opts && opts.highlight) {
      valueSeries.markArea = valueSeries.markArea || { silent: true, data: [] };
      valueSeries.markArea.data = valueSeries.markArea.data.concat([[
        { xAxis: String(opts.highlight[0]), itemStyle: { color: "rgba(214,57,57,0.12)" }, name: t("alarm") },
        { xAxis: String(opts.highlight[1]) },
      ]]);
    }
    var series = [
      valueSeries,
      levelSeries(t("centre"), p.center, n, GREEN, false, 1.5),
      levelSeries(t("ucl"), p.ucl, n, RED, true, 1.5),
      levelSeries(t("lcl"), p.lcl, n, RED, true, 1.5),
    ];
    if (p.zones) {
      series.push(levelSeries(t("zone2"), p.zones.hi2, n, ORANGE, true, 0.6));
      series.push(levelSeries(t("zone2"), p.zones.lo2, n, ORANGE, true, 0.6));
      series.push(levelSeries(t("zone1"), p.zones.hi1, n, GREY, true, 0.5));
      series.push(levelSeries(t("zone1"), p.zones.lo1, n, GREY, true, 0.5));
    }
    if (p.lower) series.push({ name: t("lower"), type: "line", data: p.lower, symbolSize: 3, lineStyle: { color: GREY } });
    var spec = d.parameter || {};
    return {
      animation: false,
      grid: { left: 60, right: 30, top: 34, bottom: opts && opts.noZoom ? 30 : 64 },
      legend: { top: 0, data: [t("value"), t("centre"), t("ucl"), t("lcl")], textStyle: { fontSize: 11 } },
      tooltip: { trigger: "axis", formatter: tooltip(p, d.rules || {}, p.secondary), confine: true },
      xAxis: { type: "category", data: x, name: t("subgroup"), nameLocation: "middle", nameGap: 24, axisLabel: { fontSize: 10 } },
      yAxis: { type: "value", scale: true, name: primaryName(d.summary && d.summary.chart) + (spec.unit ? " (" + spec.unit + ")" : ""), axisLabel: { fontSize: 10, formatter: fmt } },
      dataZoom: opts && opts.noZoom ? [] : [{ type: "inside" }, { type: "slider", height: 18, bottom: 6 }],
      series: series,
    };
  }

  function secondaryOption(d, opts) {
    var s = d.points.secondary, n = s.value.length, x = d.points.subgroup.map(String);
    return {
      animation: false,
      grid: { left: 60, right: 30, top: 24, bottom: opts && opts.noZoom ? 24 : 30 },
      tooltip: { trigger: "axis", confine: true, formatter: tooltip(d.points, d.rules || {}, s) },
      xAxis: { type: "category", data: x, axisLabel: { fontSize: 10 } },
      yAxis: { type: "value", scale: true, name: s.chart, axisLabel: { fontSize: 10, formatter: fmt } },
      dataZoom: opts && opts.noZoom ? [] : [{ type: "inside" }],
      series: [
        { name: s.chart, type: "line", data: pointData(s.value, s.code), symbolSize: n > 400 ? 3 : 5, showAllSymbol: true, lineStyle: { color: BLUE, width: 1 }, itemStyle: { color: BLUE } },
        levelSeries(t("centre"), s.center, n, GREEN, false, 1.5),
        levelSeries(t("ucl"), s.ucl, n, RED, true, 1.5),
        levelSeries(t("lcl"), s.lcl, n, RED, true, 1.5),
      ],
    };
  }

  function normalPdf(x, mu, s) { return Math.exp(-0.5 * Math.pow((x - mu) / s, 2)) / (s * Math.sqrt(2 * Math.PI)); }

  function histogramOption(h) {
    var bins = h.counts.map(function (c, i) { return [h.edges[i], h.edges[i + 1], c]; });
    var width = h.edges[1] - h.edges[0], curve = [];
    var lo = h.edges[0], hi = h.edges[h.edges.length - 1];
    if (h.sigma_within > 0) {
      for (var k = 0; k <= 80; k++) {
        var xv = lo + (hi - lo) * k / 80;
        curve.push([xv, h.n * width * normalPdf(xv, h.mean, h.sigma_within)]);
      }
    }
    var marks = [];
    if (h.lsl !== null && h.lsl !== undefined) marks.push({ xAxis: h.lsl, name: t("lsl"), lineStyle: { color: RED } });
    if (h.usl !== null && h.usl !== undefined) marks.push({ xAxis: h.usl, name: t("usl"), lineStyle: { color: RED } });
    if (h.target !== null && h.target !== undefined) marks.push({ xAxis: h.target, name: t("target"), lineStyle: { color: GREEN } });
    return {
      animation: false,
      grid: { left: 44, right: 20, top: 30, bottom: 30 },
      tooltip: { trigger: "item", formatter: function (it) {
        if (it.seriesType === "custom") return fmt(it.value[0]) + " – " + fmt(it.value[1]) + ": " + it.value[2];
        return esc(it.name || it.seriesName);
      } },
      xAxis: { type: "value", min: lo - width, max: hi + width, axisLabel: { fontSize: 10, formatter: fmt } },
      yAxis: { type: "value", name: t("count"), minInterval: 1, axisLabel: { fontSize: 10 } },
      series: [
        {
          name: t("count"), type: "custom", data: bins, encode: { x: [0, 1], y: 2 },
          renderItem: function (params, api) {
            var a = api.coord([api.value(0), 0]), b = api.coord([api.value(1), api.value(2)]);
            return { type: "rect", shape: { x: a[0], y: b[1], width: Math.max(b[0] - a[0] - 1, 1), height: a[1] - b[1] }, style: api.style({ fill: "rgba(32,107,196,0.6)" }) };
          },
          markLine: { silent: false, symbol: "none", label: { formatter: "{b}", fontSize: 10 }, lineStyle: { type: "dashed", width: 1.5 }, data: marks },
        },
        { name: t("normal"), type: "line", data: curve, symbol: "none", smooth: true, lineStyle: { color: ORANGE, width: 1.5 } },
      ],
    };
  }

  function capabilityTable(cap) {
    if (!cap) return "";
    var rows = [["Cp", "cp"], ["Cpl", "cp_l"], ["Cpu", "cp_u"], ["Cpk", "cpk"], ["Pp", "pp"], ["Ppk", "ppk"], ["Cpm", "cpm"]];
    var html = '<table class="table table-sm mb-0"><thead><tr><th>' + esc(t("index")) + '</th><th class="text-end">' + esc(t("estimate")) + '</th><th class="text-end">' + esc(t("interval")) + "</th></tr></thead><tbody>";
    rows.forEach(function (r) {
      var v = cap[r[1]];
      if (v === null || v === undefined) return;
      var ci = cap[r[1] + "_ci"];
      var warn = (r[1] === "cpk" || r[1] === "ppk") && v < 1.33 ? ' class="text-warning fw-bold"' : "";
      html += "<tr><td>" + r[0] + '</td><td class="text-end"' + warn + ">" + v.toFixed(3) + '</td><td class="text-end text-secondary">' + (ci ? ci[0].toFixed(3) + " – " + ci[1].toFixed(3) : "–") + "</td></tr>";
    });
    return html + "</tbody></table>";
  }

  function draw(root, d, opts) {
    var main = root.querySelector(".cc-main"), sec = root.querySelector(".cc-secondary");
    var hist = root.querySelector(".cc-hist"), cap = root.querySelector(".cc-cap"), note = root.querySelector(".cc-note");
    if (!d.points || !d.points.subgroup.length) {
      if (main) { var c0 = window.echarts.getInstanceByDom(main); if (c0) c0.dispose(); main.innerHTML = '<div class="text-secondary p-3">' + esc(d.message || t("empty")) + "</div>"; main.style.height = "auto"; }
      if (sec) sec.style.display = "none";
      if (hist) hist.style.display = "none";
      if (note) note.textContent = "";
      return;
    }
    if (main) { main.style.height = main.dataset.height || "360px"; if (!window.echarts.getInstanceByDom(main)) main.innerHTML = ""; }
    var charts = [];
    var m = chartOf(main);
    m.setOption(mainOption(d, opts), true);
    charts.push(m);
    if (sec) {
      if (d.points.secondary) {
        sec.style.display = "";
        var s = chartOf(sec);
        s.setOption(secondaryOption(d, opts), true);
        charts.push(s);
      } else sec.style.display = "none";
    }
    if (charts.length > 1) { m.group = s.group = "cc-" + (root.dataset.parameter || Math.random()); window.echarts.connect(m.group); }
    if (hist) {
      if (d.histogram) { hist.style.display = ""; chartOf(hist).setOption(histogramOption(d.histogram), true); chartOf(hist).resize(); }
      else hist.style.display = "none";
    }
    if (cap) cap.innerHTML = capabilityTable(d.capability);
    if (note) {
      var msg = d.downsampled ? t("downsampled").replace("%(shown)s", d.n_shown).replace("%(total)s", d.n_candidates) : "";
      if (d.n_flagged_shown < d.n_flagged && d.phase === "all") msg += " " + t("flagsHidden").replace("%(hidden)s", d.n_flagged - d.n_flagged_shown);
      note.textContent = msg;
    }
  }

  function load(root) {
    var url = root.dataset.url;
    if (!url) return;
    var phase = root.dataset.phase || "all";
    var note = root.querySelector(".cc-note");
    fetch(url + (url.indexOf("?") < 0 ? "?" : "&") + "phase=" + encodeURIComponent(phase), { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); })
      .then(function (d) { whenEcharts(function () { draw(root, d); }); })
      .catch(function () { if (note) note.textContent = t("failed"); });
  }

  function setupLive(root) {
    if (root.dataset.ready) return;
    root.dataset.ready = "1";
    root.querySelectorAll("[data-phase]").forEach(function (btn) {
      btn.addEventListener("click", function () {
        root.dataset.phase = btn.dataset.phase;
        root.querySelectorAll("[data-phase]").forEach(function (b) { b.classList.toggle("active", b === btn); });
        load(root);
      });
    });
    load(root);
  }

  function setupSnapshot(root) {
    if (root.dataset.ready) return;
    root.dataset.ready = "1";
    var el = document.getElementById(root.dataset.snapshot);
    var snap = el ? JSON.parse(el.textContent) : null;
    if (!snap || !snap.points) { root.innerHTML = '<div class="text-secondary">' + esc(t("empty")) + "</div>"; root.style.height = "auto"; return; }
    var d = { points: snap.points, rules: snap.rules, parameter: snap.parameter, summary: { chart: snap.chart }, phase: "all", phase1_range: null };
    var from = root.dataset.highlightFrom, to = root.dataset.highlightTo;
    whenEcharts(function () {
      var mainEl = document.createElement("div"); mainEl.className = "cc-main"; mainEl.style.height = "300px";
      var secEl = document.createElement("div"); secEl.className = "cc-secondary"; secEl.style.height = "160px";
      root.style.height = "auto"; root.innerHTML = ""; root.appendChild(mainEl); root.appendChild(secEl);
      draw(root, d, { noZoom: true, highlight: from ? [from, to || from] : null });
    });
  }

  function scan() {
    document.querySelectorAll(".control-chart-live").forEach(setupLive);
    document.querySelectorAll(".control-chart-snapshot").forEach(setupSnapshot);
  }

  window.QualiftControlChart = { scan: scan, reload: function () { document.querySelectorAll(".control-chart-live").forEach(load); } };
  function boot() {
    document.body.addEventListener("readings-saved", function () { window.QualiftControlChart.reload(); });
    document.body.addEventListener("htmx:load", scan);
    window.addEventListener("resize", function () {
      document.querySelectorAll(".cc-main, .cc-secondary, .cc-hist").forEach(function (el) { var c = window.echarts && window.echarts.getInstanceByDom(el); if (c) c.resize(); });
    });
    scan();
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", boot); else boot();
})();
