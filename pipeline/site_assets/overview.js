// The overview: every figure recomputed from the reports the filters keep (agency, year, status).
(function () {
  var DATA = JSON.parse(document.getElementById("data").textContent);
  var FIGURES = JSON.parse(document.getElementById("figures").textContent);
  var reports = DATA.reports;
  var el = function (id) { return document.getElementById(id); };

  function options(select, values) {
    values.forEach(function (v) {
      var o = document.createElement("option");
      o.value = v; o.textContent = v;
      select.appendChild(o);
    });
  }
  function unique(values) {
    return Array.from(new Set(values.filter(function (v) { return v !== null && v !== undefined; }))).sort();
  }
  options(el("f-year"), unique(reports.map(function (r) { return r.year; })));
  options(el("f-status"), unique(reports.map(function (r) { return r.status; })));
  options(el("f-agency-list"), unique(reports.map(function (r) { return r.agency; })));

  function kept() {
    var agency = el("f-agency").value.trim(), year = el("f-year").value, status = el("f-status").value;
    return reports.map(function (r, i) { return [r, i]; }).filter(function (pair) {
      var r = pair[0];
      return (!agency || (r.agency || "").indexOf(agency) >= 0 || (r.key || "").indexOf(agency) >= 0)
        && (!year || String(r.year) === year) && (!status || r.status === status);
    });
  }

  function cell(text, cls) {
    var td = document.createElement("td");
    td.textContent = text === null || text === undefined ? "" : text;
    if (cls) { td.className = cls; }
    return td;
  }
  function table(target, header, rows) {
    var t = document.createElement("table"), tr = document.createElement("tr");
    header.forEach(function (h) { var th = document.createElement("th"); th.textContent = h; tr.appendChild(th); });
    t.appendChild(tr);
    rows.forEach(function (row) {
      var r = document.createElement("tr");
      row.forEach(function (c) { r.appendChild(c instanceof Node ? c : cell(c)); });
      t.appendChild(r);
    });
    target.replaceChildren(t);
  }

  function statusTable(rows) {
    var formats = unique(rows.map(function (p) { return p[0].format; }));
    var statuses = unique(rows.map(function (p) { return p[0].status; }));
    table(el("by-status"), ["status"].concat(formats, ["all"]), statuses.map(function (s) {
      var line = formats.map(function (f) {
        return rows.filter(function (p) { return p[0].status === s && p[0].format === f; }).length;
      });
      return [cell(s, "status-" + s)].concat(line, [rows.filter(function (p) { return p[0].status === s; }).length]);
    }));
  }

  // every year from the output's first to its last, whatever the filters keep: a gap is a gap
  var allYears = unique(reports.map(function (r) { return r.year; }));
  var YEARS = [];
  for (var y = allYears[0]; allYears.length && y <= allYears[allYears.length - 1]; y++) { YEARS.push(y); }

  function coverage(rows) {
    var years = YEARS;
    var byKey = {};
    rows.forEach(function (p) {
      var r = p[0];
      if (!r.key || r.year === null || r.dup) { return; }
      (byKey[r.key] = byKey[r.key] || { agency: r.agency, years: {} }).years[r.year] = r;
    });
    var keys = Object.keys(byKey).sort();
    var missing = 0;
    var lines = keys.map(function (k) {
      var entry = byKey[k], present = Object.keys(entry.years).map(Number);
      var first = Math.min.apply(null, present), last = Math.max.apply(null, present);
      return [cell(k), cell(entry.agency)].concat(years.map(function (y) {
        var r = entry.years[y];
        if (r) {
          var a = document.createElement("a");
          a.href = r.page; a.textContent = r.status;
          var td = cell("", "status-" + r.status); td.appendChild(a);
          return td;
        }
        if (y > first && y < last) { missing += 1; return cell("missing", "flagged"); }
        return cell("");
      }));
    });
    table(el("coverage"), ["agency_key", "agency"].concat(years.map(String)), lines);
    el("coverage-note").textContent = keys.length + " agencies, " + years.length + " years; " + missing +
      " years missing between an agency's first and last report";
  }

  function checks(rows) {
    var keep = {};
    rows.forEach(function (p) { keep[p[1]] = true; });
    var counts = {};
    DATA.checks.forEach(function (c) {
      if (!keep[c[0]]) { return; }
      var id = c[1], entry = counts[id] = counts[id] || { fail: 0, not_assessable: 0, reports: [] };
      entry[c[2]] += 1;
      if (c[2] === "fail" && entry.reports.length < 5) { entry.reports.push(reports[c[0]]); }
    });
    var ids = Object.keys(counts).sort(function (a, b) { return counts[b].fail - counts[a].fail || (a < b ? -1 : 1); });
    table(el("checks"), ["check", "fail", "not_assessable", "failing reports (first 5)"], ids.map(function (id) {
      var links = document.createElement("td");
      counts[id].reports.forEach(function (r) {
        var a = document.createElement("a");
        a.href = r.page; a.textContent = (r.agency || r.id.slice(0, 8)) + " " + (r.year || "");
        links.appendChild(a); links.appendChild(document.createTextNode(" "));
      });
      return [cell(id), cell(counts[id].fail, counts[id].fail ? "flagged num" : "num"),
              cell(counts[id].not_assessable, "num"), links];
    }));
  }

  function ocr(rows) {
    var scanned = rows.filter(function (p) { return p[0].ocr > 0; });
    var bins = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0], values = 0, low = 0;
    scanned.forEach(function (p) {
      var c = p[0].conf;
      if (!c) { return; }
      values += c.n; low += c.low;
      c.bins.forEach(function (n, i) { bins[i] += n; });
    });
    el("ocr-note").textContent = scanned.length + " of " + rows.length + " reports read by OCR; " + values +
      " values, " + low + " under confidence 0.9";
    el("plot-confidence").style.display = values ? "" : "none";
    if (!values) { return; }
    var fig = JSON.parse(JSON.stringify(FIGURES.confidence));
    fig.data[0].y = bins;
    Plotly.react("plot-confidence", fig.data, fig.layout, { displaylogo: false, responsive: true });
  }

  function byYear(rows, names) {
    var years = unique(rows.map(function (p) { return p[0].year; }));
    return { years: years, series: names.map(function (name) {
      return years.map(function (y) {
        return rows.reduce(function (sum, p) {
          var v = p[0].year === y && !p[0].dup ? p[0].m[name] : null;  // an agency-year once
          return sum + (v === null || v === undefined ? 0 : v);
        }, 0);
      });
    }) };
  }

  function plot(id, figure, rows) {
    var fig = JSON.parse(JSON.stringify(figure));
    var names = fig.data.map(function (trace) { return trace.meta; });
    var sums = byYear(rows, names);
    fig.data.forEach(function (trace, i) { trace.x = sums.years; trace.y = sums.series[i]; });
    Plotly.react(id, fig.data, fig.layout, { displaylogo: false, responsive: true });
  }

  function reportList(rows) {
    table(el("reports"), ["agency", "year", "status", "format", "OCR pages", "panel", "error"], rows.map(function (p) {
      var r = p[0], a = document.createElement("a"), td = document.createElement("td");
      a.href = r.page; a.textContent = r.agency || "(no agency) " + (r.file || r.id.slice(0, 12));
      td.appendChild(a);
      return [td, r.year, cell(r.status, "status-" + r.status), r.format, r.ocr, r.dup ? "set aside" : "", r.error];
    }));
  }

  function update() {
    var rows = kept();
    el("kept").textContent = rows.length + " of " + reports.length + " reports" +
      (rows.length ? "" : ": none matches the filters");
    document.querySelectorAll(".plot").forEach(function (div) { div.style.display = rows.length ? "" : "none"; });
    statusTable(rows); coverage(rows); checks(rows); ocr(rows); reportList(rows);
    plot("plot-outcomes", FIGURES.outcomes, rows);
    plot("plot-review", FIGURES.review, rows);
  }
  ["f-agency", "f-year", "f-status"].forEach(function (id) { el(id).addEventListener("input", update); });
  update();
})();
