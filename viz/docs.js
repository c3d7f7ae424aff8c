// kg docs: the search box and the neighbourhood diagrams of the documentation pages.
// Reads its data from the JSON block #kg-docs-data; sets only textContent, fetches nothing.
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("kg-docs-data").textContent);
  var terms = window.KG_DOCS_TERMS || [];
  function termHref(slug) { return data.links.base + slug + data.links.suffix; }
  var search = document.getElementById("search");
  var results = document.getElementById("results");

  function showResults() {
    var wanted = search.value.trim().toLowerCase();
    results.textContent = "";
    if (!wanted) { results.hidden = true; return; }
    var found = terms.filter(function (t) {
      return t.label.toLowerCase().indexOf(wanted) >= 0 || t.name.toLowerCase().indexOf(wanted) >= 0;
    });
    found.sort(function (a, b) {
      return (a.label.toLowerCase().indexOf(wanted) !== 0) - (b.label.toLowerCase().indexOf(wanted) !== 0);
    });
    found.slice(0, 50).forEach(function (t) {
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = termHref(t.slug);
      link.textContent = t.label;
      var kind = document.createElement("span");
      kind.className = "kind";
      kind.textContent = " " + t.kind + " · " + t.name;
      item.appendChild(link);
      item.appendChild(kind);
      results.appendChild(item);
    });
    if (!found.length) {
      var none = document.createElement("li");
      none.textContent = "No term matches.";
      results.appendChild(none);
    }
    results.hidden = false;
  }
  search.addEventListener("input", showResults);
  results.addEventListener("click", function () { results.hidden = true; });

  function draw(box) {
    if (box.getAttribute("data-drawn")) return;
    box.setAttribute("data-drawn", "pending");
    var diagram = data.diagrams[box.getAttribute("data-term")];
    if (!diagram || typeof vis === "undefined") { box.textContent = "No diagram."; return; }
    var nodes = diagram.nodes.map(function (n) {
      return { id: n.id, label: n.label, color: n.color, shape: n.id === 0 ? "box" : "dot", size: 10,
               font: { color: n.id === 0 ? "#ffffff" : "#222222" }, href: n.href };
    });
    var edges = diagram.edges.map(function (e) {
      return { from: e.from, to: e.to, label: e.label, arrows: "to", font: { size: 10, align: "middle" },
               color: { color: "#888888" } };
    });
    var network = new vis.Network(box, { nodes: nodes, edges: edges }, {
      physics: { stabilization: { iterations: 150 } }, interaction: { hover: true }
    });
    network.once("afterDrawing", function () { box.setAttribute("data-drawn", "true"); });
    network.on("doubleClick", function (params) {
      if (!params.nodes.length) return;
      var node = nodes[params.nodes[0]];
      if (node && node.href) window.location.href = termHref(node.href);
    });
  }
  var boxes = Array.prototype.slice.call(document.querySelectorAll(".diagram"));
  // the term the address names is drawn at once, wherever its diagram is on the page
  function drawTarget() {
    var slug = decodeURIComponent(window.location.hash.slice(1));
    var box = slug && document.querySelector('.diagram[data-term="' + CSS.escape(slug) + '"]');
    if (box) draw(box);
  }
  window.addEventListener("hashchange", drawTarget);
  drawTarget();
  if (boxes.length === 1) draw(boxes[0]);
  if ("IntersectionObserver" in window) {
    var observer = new IntersectionObserver(function (entries) {
      entries.forEach(function (entry) { if (entry.isIntersecting) { draw(entry.target); observer.unobserve(entry.target); } });
    }, { rootMargin: "200px" });
    boxes.forEach(function (box) { observer.observe(box); });
  } else {
    boxes.forEach(draw);
  }
})();
