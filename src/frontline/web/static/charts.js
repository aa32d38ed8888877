// Frontline's chart renderer: bar charts drawn as SVG from a figure's data-series, with no
// library. Each bar links to the conversations behind it (data-drill + the bar's day).
(function () {
  "use strict";
  var NS = "http://www.w3.org/2000/svg";
  var W = 360, H = 150, PAD = 24;

  function label(value, format) {
    if (value === null || value === undefined) return "–";
    if (format === "percent") return Math.round(value * 100) + "%";
    if (format === "duration") return (value / 60).toFixed(1) + " min";
    return String(Math.round(value * 100) / 100);
  }

  function el(name, attrs) {
    var node = document.createElementNS(NS, name);
    Object.keys(attrs).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    return node;
  }

  function draw(figure) {
    var series = JSON.parse(figure.dataset.series);
    var format = figure.dataset.format;
    var max = series.reduce(function (m, p) { return Math.max(m, p[1] || 0); }, 0) || 1;
    var svg = el("svg", { viewBox: "0 0 " + W + " " + H, role: "img",
                          "aria-label": figure.dataset.title, class: "chart-svg" });
    var step = (W - PAD) / Math.max(series.length, 1);
    series.forEach(function (point, i) {
      var value = point[1] || 0;
      var height = (H - PAD) * value / max;
      var link = el("a", { href: figure.dataset.drill + encodeURIComponent(point[0]),
                           class: "bar-link" });
      var bar = el("rect", { x: PAD + i * step + 1, y: H - PAD - height,
                             width: Math.max(step - 2, 1), height: height, class: "bar",
                             "data-day": point[0], "data-value": point[1] === null ? "" : point[1] });
      var title = el("title", {});
      title.textContent = point[0] + ": " + label(point[1], format);
      bar.appendChild(title);
      link.appendChild(bar);
      svg.appendChild(link);
    });
    var axis = el("line", { x1: PAD, y1: H - PAD, x2: W, y2: H - PAD, class: "axis" });
    svg.appendChild(axis);
    var top = el("text", { x: 0, y: 12, class: "tick" });
    top.textContent = label(max, format);
    svg.appendChild(top);
    if (series.length) {
      var first = el("text", { x: PAD, y: H - 6, class: "tick" });
      first.textContent = series[0][0];
      var last = el("text", { x: W, y: H - 6, class: "tick", "text-anchor": "end" });
      last.textContent = series[series.length - 1][0];
      svg.appendChild(first);
      svg.appendChild(last);
    }
    figure.appendChild(svg);
  }

  // A reason's weekly trend: a small line over its counts, newest week last.
  function trend(figure) {
    var counts = JSON.parse(figure.dataset.series);
    var w = 96, h = 24, max = Math.max.apply(null, counts.concat([1]));
    var step = counts.length > 1 ? (w - 4) / (counts.length - 1) : 0;
    var points = counts.map(function (n, i) {
      return (2 + i * step).toFixed(1) + "," + (h - 2 - (h - 4) * n / max).toFixed(1);
    });
    var svg = el("svg", { viewBox: "0 0 " + w + " " + h, role: "img",
                          "aria-label": figure.dataset.title + ": " + counts.join(", "),
                          class: "trend-svg" });
    svg.appendChild(el("polyline", { points: points.join(" "), class: "trend-line" }));
    var last = points[points.length - 1].split(",");
    svg.appendChild(el("circle", { cx: last[0], cy: last[1], r: 2, class: "trend-dot" }));
    figure.appendChild(svg);
  }

  document.querySelectorAll("figure[data-chart]").forEach(draw);
  document.querySelectorAll("figure[data-trend]").forEach(trend);
})();
