// The endpoint's page: named queries, a query editor, the answer as a table or as a graph.
// Everything comes from this server (no CDN). Data from the graph is only ever put in the page
// as text (textContent), never as HTML.
(function () {
  "use strict";
  var endpoint = new URL("sparql", window.location.href).href;
  var named = document.getElementById("named");
  var editor = document.getElementById("query");
  var question = document.getElementById("question");
  var status = document.getElementById("status");
  var table = document.getElementById("results");
  var frame = document.getElementById("graph-frame");
  var tabs = { table: document.getElementById("tab-table"), graph: document.getElementById("tab-graph") };
  var views = { table: document.getElementById("table-view"), graph: document.getElementById("graph-view") };
  var queriesByName = {};
  var lastQuery = null;
  var shown = "table";

  document.getElementById("endpoint-url").textContent = endpoint;

  function setStatus(text, isError) {
    status.textContent = text;
    status.className = isError ? "error" : "";
  }

  function show(which) {
    shown = which;
    ["table", "graph"].forEach(function (name) {
      tabs[name].setAttribute("aria-selected", String(name === which));
      views[name].hidden = name !== which;
    });
    if (which === "graph" && lastQuery !== null) {
      var wanted = "view?query=" + encodeURIComponent(lastQuery);
      if (frame.getAttribute("src") !== wanted) { frame.setAttribute("src", wanted); }
    }
  }

  function cell(row, kind, text) {
    var td = document.createElement("td");
    td.className = kind;
    td.textContent = text;
    row.appendChild(td);
  }

  function termText(term) {
    if (!term) { return ["", ""]; }
    if (term.type === "uri") { return ["uri", term.value]; }
    if (term.type === "bnode") { return ["bnode", "_:" + term.value]; }
    var text = term.value;
    if (term["xml:lang"]) { text += " @" + term["xml:lang"]; }
    return ["literal", text];
  }

  function fill(headers, rows) {
    var head = table.tHead, body = table.tBodies[0];
    head.textContent = "";
    body.textContent = "";
    var tr = document.createElement("tr");
    headers.forEach(function (h) { var th = document.createElement("th"); th.textContent = h; tr.appendChild(th); });
    head.appendChild(tr);
    rows.forEach(function (cells) {
      var row = document.createElement("tr");
      cells.forEach(function (c) { cell(row, c[0], c[1]); });
      body.appendChild(row);
    });
  }

  // N-Triples lines of a CONSTRUCT or DESCRIBE answer, as subject, predicate, object cells.
  var TRIPLE = /^(<[^>]*>|_:\S+)\s+(<[^>]*>)\s+(.*?)\s*\.\s*$/;
  function triples(text) {
    return text.split("\n").filter(function (l) { return l.trim(); }).map(function (line) {
      var m = TRIPLE.exec(line);
      if (!m) { return [["literal", line]]; }
      return [m[1], m[2], m[3]].map(function (t) {
        if (t.charAt(0) === "<") { return ["uri", t.slice(1, -1)]; }
        if (t.slice(0, 2) === "_:") { return ["bnode", t]; }
        return ["literal", t];
      });
    });
  }

  function run() {
    var text = editor.value;
    setStatus("Running…", false);
    var started = performance.now();
    fetch(endpoint, {
      method: "POST",
      headers: {
        "Content-Type": "application/x-www-form-urlencoded",
        "Accept": "application/sparql-results+json, application/n-triples;q=0.9"
      },
      body: "query=" + encodeURIComponent(text)
    }).then(function (response) {
      return response.text().then(function (body) { return [response, body]; });
    }).then(function (pair) {
      var response = pair[0], body = pair[1];
      var ms = Math.round(performance.now() - started);
      if (!response.ok) { setStatus(body.trim() || response.statusText, true); return; }
      lastQuery = text;
      var type = (response.headers.get("Content-Type") || "").split(";")[0];
      if (type === "application/n-triples") {
        var rows = triples(body);
        fill(["subject", "predicate", "object"], rows);
        setStatus(rows.length + " triples in " + ms + " ms", false);
      } else {
        var data = JSON.parse(body);
        if (typeof data.boolean === "boolean") {
          fill(["answer"], [[["literal", String(data.boolean)]]]);
          setStatus("ASK answered in " + ms + " ms", false);
        } else {
          var vars = data.head.vars;
          var bindings = data.results.bindings;
          fill(vars, bindings.map(function (b) { return vars.map(function (v) { return termText(b[v]); }); }));
          setStatus(bindings.length + " rows in " + ms + " ms", false);
        }
      }
      if (shown === "graph") { show("graph"); }
    }).catch(function (error) { setStatus(String(error), true); });
  }

  named.addEventListener("change", function () {
    var q = queriesByName[named.value];
    question.textContent = q ? q.question : "";
    if (q) { editor.value = q.text; }
  });
  document.getElementById("run").addEventListener("click", run);
  editor.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) { run(); }
  });
  tabs.table.addEventListener("click", function () { show("table"); });
  tabs.graph.addEventListener("click", function () { show("graph"); });

  fetch("queries").then(function (r) { return r.json(); }).then(function (list) {
    list.forEach(function (q) {
      queriesByName[q.name] = q;
      var option = document.createElement("option");
      option.value = q.name;
      option.textContent = q.name + " — " + q.title;
      named.appendChild(option);
    });
  });
}());
