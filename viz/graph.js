/* genai-kg graph pages: the legend, search box, details panel, physics toggle and what the page was
 * made from; the drawing itself is vis-network's (small and medium graphs) or KgCanvas's (large ones).
 *
 * All data arrive as JSON in <script id="kg-data">. Every text from the data is put in the page with
 * textContent (or drawn on a canvas), never as HTML; the only URL set is an IRI's link, and only when it
 * is http(s).
 */
(function () {
  "use strict";

  var data = JSON.parse(document.getElementById("kg-data").textContent);
  var meta = data.meta, nodes = data.nodes, links = data.links, flat = data.edges, weights = data.weights;
  var groups = data.groups, kinds = data.kinds, edgeKinds = data.edgeKinds;
  var edgeCount = flat.length / 3;
  // edge kinds that a toggle hides (disjointness in the schema view): not drawn, not in the legend
  var hidden = {};
  (meta.hiddenKinds || []).forEach(function (kind) { hidden[kind] = true; });

  function byId(id) { return document.getElementById(id); }
  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    return node;
  }
  function clear(node) { while (node.firstChild) { node.removeChild(node.firstChild); } }
  function number(value) { return Number(value).toLocaleString("en"); }

  // -- colours ----------------------------------------------------------------------------------------

  function shade(hex, amount) {
    var v = parseInt(hex.slice(1), 16), r = (v >> 16) & 255, g = (v >> 8) & 255, b = v & 255;
    function mix(c) { return Math.round(amount < 0 ? c * (1 + amount) : c + (255 - c) * amount); }
    return "#" + ((1 << 24) + (mix(r) << 16) + (mix(g) << 8) + mix(b)).toString(16).slice(1);
  }
  function nodeColour(i) {
    var node = nodes[i];
    return node.group >= 0 ? groups[node.group].color : kinds[node.kind].color;
  }
  function linkLook(link) {
    var look = edgeKinds[link.kind] || { color: "#707070", width: 1 };
    var out = { color: look.color, width: look.width, dashes: look.dashes || null, arrow: look.arrow || null,
                curve: look.curve || 0, hidden: !!hidden[link.kind] };
    if (link.inferred) { out.color = data.inferredStyle.color; out.dashes = data.inferredStyle.dashes; }
    return out;
  }
  function nodeText(i) {
    var text = nodes[i].text || nodes[i].label, folded = tree ? tree.folded(i) : 0;
    return folded ? text + "  (+" + number(folded) + ")" : text;
  }
  function edgeText(j) {
    var link = links[flat[3 * j + 2]], text = link.text || link.label || "";
    if (weights && weights[j]) { text += (text ? " " : "") + "(" + number(weights[j]) + ")"; }
    return text;
  }

  // -- a collapsible tree (the schema view of a large ontology) ----------------------------------------
  // The page starts with the levels down to meta.collapseDepth; a click on a node shows its children, a
  // double click hides what is below it. Each time, the tree is laid out again as Python's
  // kg.schema_view.tree_layout does: each branch from left to right in a block of its own (many leaves in
  // several columns), the blocks in columns about as high as the whole is wide.

  var tree = meta.renderer === "vis" && typeof meta.collapseDepth === "number" ? makeTree() : null;

  function makeTree() {
    var n = nodes.length, kids = [], shown = new Uint8Array(n), i;
    for (i = 0; i < n; i++) { kids.push([]); }
    var order = nodes.map(function (_, k) { return k; }).sort(function (a, b) {
      var la = String(nodes[a].label).toLowerCase(), lb = String(nodes[b].label).toLowerCase();
      return la < lb ? -1 : la > lb ? 1 : a - b;
    });
    order.forEach(function (k) { if (nodes[k].parent >= 0) { kids[nodes[k].parent].push(k); } });
    for (i = 0; i < n; i++) { shown[i] = nodes[i].depth === undefined || nodes[i].depth <= meta.collapseDepth ? 1 : 0; }
    var self = {
      kids: kids,
      shown: shown,
      rank: order.reduce(function (rank, k, r) { rank[k] = r; return rank; }, new Int32Array(n)),
      folded: function (k) { return kids[k].filter(function (c) { return !shown[c]; }).length; },
      expand: function (k) {
        if (!self.folded(k)) { return false; }
        kids[k].forEach(function (c) { shown[c] = 1; });
        return true;
      },
      collapse: function (k) {
        var stack = kids[k].slice(), changed = false;
        while (stack.length) {
          var c = stack.pop();
          if (shown[c]) { shown[c] = 0; changed = true; }
          Array.prototype.push.apply(stack, kids[c]);
        }
        return changed;
      },
      reveal: function (k) {  // a node found by the search: its ancestors' children shown
        var changed = false;
        for (var up = nodes[k].parent; up >= 0; up = nodes[up].parent) { changed = self.expand(up) || changed; }
        return changed;
      }
    };
    return self;
  }

  var COLUMN = 230, ROW = 46, GAP = 2, RUN = 12;
  function layoutTree() {
    var shown = tree.shown, xs = {}, ys = {}, members = {}, roots = {}, blocks = [];
    nodes.forEach(function (node, i) {
      if (!shown[i]) { return; }
      var b = node.branch >= 0 ? node.branch : i;
      (members[b] = members[b] || []).push(i);
    });
    (meta.treeRoots || []).forEach(function (r) { roots[r] = true; });
    Object.keys(members).map(Number).sort(function (a, b) {
      return (roots[b] ? 1 : 0) - (roots[a] ? 1 : 0) || members[b].length - members[a].length || tree.rank[a] - tree.rank[b];
    }).forEach(function (b) {
      var inside = {};
      members[b].forEach(function (k) { inside[k] = true; });
      var rows = placeBranch(b, inside, xs, ys, members[b]);
      blocks.push([b, Math.max.apply(null, members[b].map(function (k) { return xs[k]; })) + COLUMN, rows * ROW]);
    });
    var area = 0, tallest = 0;
    blocks.forEach(function (block) {
      area += (block[1] + COLUMN * 0.3) * (block[2] + GAP * ROW);
      tallest = Math.max(tallest, block[2]);
    });
    var height = Math.max(tallest, Math.sqrt(area / 1.6)), x = 0, y = 0, columnWidth = 0;
    blocks.forEach(function (block) {
      if (y > 0 && y + block[2] > height) { x += columnWidth + COLUMN * 0.3; y = 0; columnWidth = 0; }
      members[block[0]].forEach(function (k) { nodes[k].x = xs[k] + x; nodes[k].y = ys[k] + y; });
      y += block[2] + GAP * ROW;
      columnWidth = Math.max(columnWidth, block[1]);
    });
  }
  function placeBranch(top, inside, xs, ys, members) {
    var rows = 0, stack = [[top, 0, 0]];  // steps: 0 place, 1 the leaves in columns, 2 the parent between
    function under(k) { return tree.kids[k].filter(function (c) { return inside[c]; }); }
    function leaf(k) { return !tree.kids[k].some(function (c) { return inside[c]; }); }
    while (stack.length) {
      var item = stack.pop(), k = item[0], level = item[1], below = under(k), leaves, m;
      if (item[2] === 0) {
        xs[k] = level * COLUMN;
        if (!below.length) { ys[k] = rows * ROW; rows++; continue; }
        leaves = below.filter(leaf);
        var inner = leaves.length <= RUN ? below : below.filter(function (c) { return !leaf(c); });
        stack.push([k, level, 2]);
        if (inner.length < below.length) { stack.push([k, level, 1]); }
        for (m = inner.length - 1; m >= 0; m--) { stack.push([inner[m], level + 1, 0]); }
      } else if (item[2] === 1) {
        leaves = below.filter(leaf);
        var per = Math.ceil(leaves.length / Math.ceil(leaves.length / RUN));
        leaves.forEach(function (c, q) { xs[c] = (level + 1 + Math.floor(q / per)) * COLUMN; ys[c] = (rows + q % per) * ROW; });
        rows += per;
      } else {
        var ends = below.map(function (c) { return ys[c]; });
        ys[k] = (Math.min.apply(null, ends) + Math.max.apply(null, ends)) / 2;
      }
    }
    members.forEach(function (k) { if (ys[k] === undefined) { xs[k] = 0; ys[k] = rows * ROW; rows++; } });
    return Math.max(rows, 1);
  }
  if (tree) { layoutTree(); }

  // An edge is drawn unless a toggle hides its kind or the tree hides one of its ends.
  function edgeHidden(j) {
    return !!hidden[links[flat[3 * j + 2]].kind] || (tree !== null && (!tree.shown[flat[3 * j]] || !tree.shown[flat[3 * j + 1]]));
  }

  // -- which edges touch a node (built on first use) --------------------------------------------------

  var starts = null, incidentList = null;
  function incident(i) {
    if (!starts) {
      var n = nodes.length, counts = new Int32Array(n + 1), j;
      for (j = 0; j < edgeCount; j++) { counts[flat[3 * j] + 1]++; if (flat[3 * j + 1] !== flat[3 * j]) { counts[flat[3 * j + 1] + 1]++; } }
      for (j = 0; j < n; j++) { counts[j + 1] += counts[j]; }
      starts = counts;
      incidentList = new Int32Array(counts[n]);
      var cursor = Int32Array.from(counts.subarray(0, n));
      for (j = 0; j < edgeCount; j++) {
        incidentList[cursor[flat[3 * j]]++] = j;
        if (flat[3 * j + 1] !== flat[3 * j]) { incidentList[cursor[flat[3 * j + 1]]++] = j; }
      }
    }
    return incidentList.subarray(starts[i], starts[i + 1]);
  }

  // -- drawing ----------------------------------------------------------------------------------------

  var hooks = {
    node: function (i) { selectNode(i, false); },
    edge: function (j) { selectEdge(j); },
    none: function () { clearSelection(); },
    drawn: function () {
      if (!window.__kgDrawn) { window.__kgDrawn = performance.now(); }
      document.documentElement.setAttribute("data-kg-drawn", "true");
    },
    // the time of the last complete drawing (ms since navigation), for tests and benchmarks
    rendered: function () { window.__kgRendered = performance.now(); }
  };

  // Nodes whose label boxes overlap are pushed apart, along the axis where they overlap least, for a
  // few rounds at most; the boxes are measured at the last drawing and move with their nodes.
  function separateLabels(network) {
    var all = network.body.nodes, ids = Object.keys(all).filter(function (id) {
      var n = all[id];
      return n.labelModule && n.labelModule.size && n.options.label && n.labelModule.size.width > 0 && !n.options.hidden;
    });
    var offsets = ids.map(function (id) {
      var n = all[id], s = n.labelModule.size;
      return [s.left - n.x, s.top - n.y, s.width, s.height];
    });
    for (var round = 0; round < 400; round++) {
      var moved = false;
      for (var a = 0; a < ids.length; a++) {
        for (var b = a + 1; b < ids.length; b++) {
          var p = all[ids[a]], q = all[ids[b]], op = offsets[a], oq = offsets[b];
          var pl = p.x + op[0], pt = p.y + op[1], ql = q.x + oq[0], qt = q.y + oq[1];
          var w = Math.min(pl + op[2], ql + oq[2]) - Math.max(pl, ql);
          var h = Math.min(pt + op[3], qt + oq[3]) - Math.max(pt, qt);
          if (w <= 0 || h <= 0) { continue; }
          if (h <= w) {
            var dy = (h / 2 + 4) * (p.y <= q.y ? 1 : -1);
            p.y -= dy; q.y += dy;
          } else {
            var dx = (w / 2 + 4) * (p.x <= q.x ? 1 : -1);
            p.x -= dx; q.x += dx;
          }
          moved = true;
        }
      }
      if (!moved) { break; }
    }
    network.redraw();
    window.__kgLabelsSettled = performance.now();
  }

  function visView(container) {
    var items = nodes.map(function (node, i) {
      var colour = nodeColour(i), item = {
        id: i, label: nodeText(i), shape: kinds[node.kind].shape, size: node.size, x: node.x, y: node.y,
        color: { background: colour, border: shade(colour, -0.3),
                 highlight: { background: shade(colour, 0.3), border: "#d9480f" } }
      };
      if (node.kind === "class") { item.font = { size: 14 }; }
      if (tree) { item.hidden = !tree.shown[i]; }
      return item;
    });
    var pairs = {}, edges = [], smooth = data.visOptions.edges.smooth !== false;
    for (var j = 0; j < edgeCount; j++) {
      var from = flat[3 * j], to = flat[3 * j + 1], link = links[flat[3 * j + 2]], look = linkLook(link);
      var width = look.width;
      if (weights && weights[j]) { width = 1 + (data.maxWidth || 8) * Math.sqrt(weights[j] / data.maxWeight); }
      var edge = { id: j, from: from, to: to, width: width, dashes: look.dashes || false, hidden: edgeHidden(j),
                   color: { color: look.color, highlight: "#d9480f", opacity: 0.95 } };
      if (look.arrow) {  // the restriction kinds' own arrowheads; "none" for symmetric relations
        edge.arrows = { to: { enabled: meta.directed && look.arrow !== "none", type: look.arrow, scaleFactor: 0.55 } };
      }
      if (meta.edgeLabels) { edge.label = edgeText(j); }
      if (look.curve) {  // arcs: between siblings of a tree layout a straight line would lie on the others
        edge.smooth = { enabled: true, type: "curvedCW", roundness: look.curve };
      } else if (smooth) {
        var pair = from < to ? from + ":" + to : to + ":" + from, seen = pairs[pair] = (pairs[pair] || 0) + 1;
        edge.smooth = seen === 1 && from !== to ? { enabled: false }
          : { enabled: true, type: seen % 2 ? "curvedCW" : "curvedCCW", roundness: 0.12 * Math.ceil(seen / 2) + 0.06 };
      }
      edges.push(edge);
    }
    var network = new vis.Network(container, { nodes: new vis.DataSet(items), edges: new vis.DataSet(edges) },
                                  data.visOptions);
    network.on("click", function (params) {
      if (params.nodes.length && tree && tree.expand(params.nodes[0])) { regrow(params.nodes[0]); }
      if (params.nodes.length) { hooks.node(params.nodes[0]); }
      else if (params.edges.length) { hooks.edge(params.edges[0]); }
      else { hooks.none(); }
    });
    // A frame the browser does not paint (a notebook's <iframe> below the fold) runs no animation
    // frames, so vis-network would draw nothing until it is scrolled to: there it draws on timers.
    var painted = false;
    requestAnimationFrame(function () { painted = true; });
    setTimeout(function () {
      if (!painted && network.renderer) { network.renderer.requiresTimeout = true; network.redraw(); }
    }, 250);
    network.once("afterDrawing", function () {
      if (painted) { requestAnimationFrame(hooks.drawn); } else { setTimeout(hooks.drawn, 0); }
    });
    network.on("afterDrawing", hooks.rendered);
    network.on("doubleClick", function (params) {
      if (params.nodes.length && tree && tree.collapse(params.nodes[0])) { regrow(params.nodes[0]); }
    });
    // labels must not cover each other: once the layout rests (or at once, without physics)
    network.on("stabilized", function () { separateLabels(network); });
    network.once("afterDrawing", function () {
      if (!meta.physics) { setTimeout(function () { separateLabels(network); }, 0); }
    });
    return {
      kind: "vis",
      network: network,
      select: function (i) { network.selectNodes([i]); },
      selectEdge: function (j) { network.setSelection({ nodes: [], edges: [j] }); },
      unselect: function () { network.unselectAll(); },
      focus: function (i) { network.focus(i, { scale: Math.max(network.getScale(), 1.2), animation: false }); },
      fit: function () { network.fit({ animation: false }); },
      setPhysics: function (on) { network.setOptions({ physics: { enabled: on } }); },
      showHidden: function () {
        var updates = [];
        for (var j = 0; j < edgeCount; j++) { updates.push({ id: j, hidden: edgeHidden(j) }); }
        network.body.data.edges.update(updates);
      },
      // the tree laid out again: every node's place, whether it is shown, its label; node k stays put
      regrow: function (k) {
        var before = network.getPositions([k])[k];
        layoutTree();
        network.body.data.nodes.update(nodes.map(function (node, i) {
          return { id: i, x: node.x, y: node.y, hidden: !tree.shown[i], label: nodeText(i) };
        }));
        this.showHidden();
        var centre = network.getViewPosition();
        network.moveTo({ position: { x: centre.x + nodes[k].x - before.x, y: centre.y + nodes[k].y - before.y },
                         scale: network.getScale(), animation: false });
        network.once("afterDrawing", function () { setTimeout(function () { separateLabels(network); }, 0); });
      },
      drawnNodeCount: function () {
        var positions = network.getPositions(), count = 0;
        network.body.nodeIndices.forEach(function (id) {
          if (network.body.nodes[id].options.hidden) { return; }
          if (positions[id] && isFinite(positions[id].x) && isFinite(positions[id].y)) { count++; }
        });
        return count;
      },
      screenPosition: function (i) {
        var point = network.canvasToDOM(network.getPositions([i])[i]), box = container.getBoundingClientRect();
        return { x: box.left + point.x, y: box.top + point.y };
      },
      redraw: function () { network.redraw(); }
    };
  }

  function canvasView(container) {
    var n = nodes.length, xs = new Float64Array(n), ys = new Float64Array(n), rs = new Float64Array(n);
    var fills = [], borders = [], shapes = [], texts = [];
    for (var i = 0; i < n; i++) {
      var node = nodes[i], colour = nodeColour(i);
      xs[i] = node.x; ys[i] = node.y; rs[i] = node.size;
      fills.push(colour); borders.push(shade(colour, -0.3)); shapes.push(kinds[node.kind].shape); texts.push(nodeText(i));
    }
    var styles = links.map(linkLook);
    var canvas = window.KgCanvas.create(container, {
      count: n, xs: xs, ys: ys, rs: rs, fills: fills, borders: borders, shapes: shapes, texts: texts,
      edges: flat, styles: styles, directed: meta.directed, incident: incident
    }, hooks);
    canvas.showHidden = function () {
      styles.forEach(function (look, k) { look.hidden = !!hidden[links[k].kind]; });
      canvas.redraw();
    };
    return canvas;
  }

  if (weights) {
    data.maxWeight = Math.max.apply(null, weights.concat([1]));
  }
  var view = meta.renderer === "vis" ? visView(byId("kg-graph")) : canvasView(byId("kg-graph"));
  function regrow(k) { view.regrow(k); legend(); }

  // -- selection and the details panel ----------------------------------------------------------------

  var selection = null;
  var details = byId("kg-details");

  function row(list, term, value) {
    list.appendChild(el("dt", null, term));
    var dd = el("dd");
    if (value instanceof Node) { dd.appendChild(value); } else { dd.textContent = String(value); }
    list.appendChild(dd);
  }
  function iriBlock(iri) {
    var block = el("p");
    if (/^https?:\/\//i.test(iri)) {
      var anchor = el("a", "kg-iri", iri);
      anchor.href = iri;
      anchor.target = "_blank";
      anchor.rel = "noopener noreferrer";
      block.appendChild(anchor);
    } else {
      block.appendChild(el("code", "kg-iri", iri));
    }
    return block;
  }
  function jump(i) {
    var button = el("button", null, nodes[i].label);
    button.type = "button";
    button.addEventListener("click", function () { selectNode(i, true); });
    return button;
  }

  function showNode(i) {
    var node = nodes[i];
    clear(details);
    details.appendChild(el("h2", "kg-label", node.label));
    var kindText = (kinds[node.kind] ? kinds[node.kind].label : node.kind);
    if (node.types && node.types.length) { kindText += " · " + node.types.join(", "); }
    details.appendChild(el("p", "kg-kindline", kindText));
    if (node.count !== undefined) { details.appendChild(el("p", "kg-count-line", number(node.count) + " instances")); }
    if (node.definition) { details.appendChild(el("p", "kg-definition", node.definition)); }
    if (node.iri) { details.appendChild(iriBlock(node.iri)); }
    var facts = el("dl");
    if (node.value !== undefined) { row(facts, "value", node.value); }
    (node.attributes || []).forEach(function (pair) { row(facts, pair[0], pair[1]); });
    if (facts.firstChild) { details.appendChild(facts); }
    var touching = incident(i);
    if (touching.length) {
      details.appendChild(el("h3", null, "Links (" + number(touching.length) + ")"));
      var list = el("ul", "kg-links");
      for (var k = 0; k < touching.length && k < 60; k++) {
        var j = touching[k], from = flat[3 * j], to = flat[3 * j + 1], item = el("li");
        var link = links[flat[3 * j + 2]];
        item.appendChild(el("span", link.inferred ? "kg-inferred" : null,
                            (from === i ? "→ " : "← ") + (edgeText(j) || "link") + " "));
        item.appendChild(jump(from === i ? to : from));
        list.appendChild(item);
      }
      details.appendChild(list);
      if (touching.length > 60) { details.appendChild(el("p", "kg-hint", "… and " + number(touching.length - 60) + " more")); }
    }
  }

  function showEdge(j) {
    var link = links[flat[3 * j + 2]], from = flat[3 * j], to = flat[3 * j + 1];
    clear(details);
    details.appendChild(el("h2", "kg-label", edgeText(j) || "link"));
    var kindText = edgeKinds[link.kind] ? edgeKinds[link.kind].label : link.kind;
    details.appendChild(el("p", "kg-kindline", kindText + (link.inferred ? " · inferred by the reasoner" : "")));
    var ends = el("p");
    ends.appendChild(jump(from));
    ends.appendChild(el("span", null, " → "));
    ends.appendChild(jump(to));
    details.appendChild(ends);
    if (link.definition) { details.appendChild(el("p", "kg-definition", link.definition)); }
    if (link.iri) { details.appendChild(iriBlock(link.iri)); }
    var facts = el("dl");
    if (link.restriction) {
      row(facts, "restriction", link.restriction + (link.cardinality ? " " + link.cardinality : "") +
          (link.qualified === false ? " (unqualified)" : ""));
    }
    if (link.via) { row(facts, "stated by", link.via); }
    (link.facts || []).forEach(function (pair) { row(facts, pair[0], pair[1]); });
    if (weights && weights[j]) { row(facts, "used", number(weights[j]) + " times"); }
    if (link.types) { row(facts, "types", link.types.join(", ")); }
    if (facts.firstChild) { details.appendChild(facts); }
  }

  function clearSelection() {
    selection = null;
    view.unselect();
    clear(details);
    details.appendChild(el("p", "kg-hint", "Click a node or an edge to see its label, definition and IRI; search a label above."));
  }
  function selectNode(i, focus) {
    if (tree && !tree.shown[i] && tree.reveal(i)) { regrow(i); }
    selection = { type: "node", index: i };
    if (focus) { view.focus(i); }
    view.select(i);
    showNode(i);
  }
  function selectEdge(j) {
    selection = { type: "edge", index: j };
    if (view.selectEdge) { view.selectEdge(j); }
    showEdge(j);
  }

  // -- search -----------------------------------------------------------------------------------------

  var search = byId("kg-search"), results = byId("kg-results"), lowered = null;
  function matches(text) {
    var query = text.trim().toLowerCase(), exact = [], prefix = [], inside = [], limit = 20;
    if (!query) { return []; }
    if (!lowered) { lowered = nodes.map(function (node) { return String(node.label).toLowerCase(); }); }
    for (var i = 0; i < lowered.length && exact.length < limit; i++) {
      var label = lowered[i];
      if (label === query) { exact.push(i); }
      else if (prefix.length < limit && label.lastIndexOf(query, 0) === 0) { prefix.push(i); }
      else if (inside.length < limit && label.indexOf(query) >= 0) { inside.push(i); }
    }
    var found = exact.concat(prefix, inside).slice(0, limit);
    if (!found.length) {
      for (i = 0; i < nodes.length && found.length < limit; i++) {
        if (nodes[i].iri && nodes[i].iri.toLowerCase().indexOf(query) >= 0) { found.push(i); }
      }
    }
    return found;
  }
  function showResults() {
    var found = matches(search.value);
    clear(results);
    if (!search.value.trim()) { results.hidden = true; return found; }
    if (!found.length) { results.appendChild(el("li", "kg-none", "No label matches")); }
    found.forEach(function (i) {
      var item = el("li"), button = el("button", null, nodes[i].label);
      button.type = "button";
      button.setAttribute("role", "option");
      button.appendChild(el("span", "kg-kind", kinds[nodes[i].kind] ? kinds[nodes[i].kind].label : nodes[i].kind));
      button.addEventListener("click", function () { pick(i); });
      item.appendChild(button);
      results.appendChild(item);
    });
    results.hidden = false;
    return found;
  }
  function pick(i) {
    results.hidden = true;
    selectNode(i, true);
  }
  var searchTimer = 0;
  search.addEventListener("input", function () {
    clearTimeout(searchTimer);
    searchTimer = setTimeout(showResults, nodes.length > 20000 ? 120 : 0);
  });
  search.addEventListener("keydown", function (event) {
    if (event.key === "Enter") {
      event.preventDefault();
      clearTimeout(searchTimer);
      var found = showResults();
      if (found.length) { pick(found[0]); }
    } else if (event.key === "Escape") {
      results.hidden = true;
    } else if (event.key === "ArrowDown" && results.querySelector("button")) {
      event.preventDefault();
      results.querySelector("button").focus();
    }
  });
  document.addEventListener("click", function (event) {
    if (!results.contains(event.target) && event.target !== search) { results.hidden = true; }
  });

  // -- controls, message, legend, about ---------------------------------------------------------------

  byId("kg-fit").addEventListener("click", function () { view.fit(); });
  var physics = byId("kg-physics");
  function showPhysics(on) {
    physics.setAttribute("aria-pressed", on ? "true" : "false");
    physics.textContent = "Physics: " + (on ? "on" : "off");
  }
  if (view.setPhysics) {
    var physicsOn = !!meta.physics;
    showPhysics(physicsOn);
    physics.addEventListener("click", function () {
      physicsOn = !physicsOn;
      view.setPhysics(physicsOn);
      showPhysics(physicsOn);
    });
  } else {
    showPhysics(false);
    physics.disabled = true;
    physics.title = "This graph is large: it is drawn at positions computed beforehand, without physics.";
  }

  if (meta.message) {
    var banner = byId("kg-message");
    banner.textContent = meta.message;
    banner.hidden = false;
  }
  byId("kg-title").textContent = meta.title;
  document.title = meta.title;

  function legend() {
    var box = byId("kg-legend");
    clear(box);
    box.appendChild(el("h2", null, "Legend"));
    box.appendChild(el("h3", null, "Nodes"));
    var list = el("ul", "kg-legend-kinds");
    Object.keys(kinds).forEach(function (kind) {
      var item = el("li");
      item.setAttribute("data-kind", kind);
      item.appendChild(el("span", "kg-glyph", kinds[kind].glyph));
      item.appendChild(el("span", "kg-legend-label", kinds[kind].label));
      item.appendChild(el("span", "kg-count", number(kinds[kind].count)));
      list.appendChild(item);
    });
    box.appendChild(list);
    if (groups.length) {
      box.appendChild(el("h3", null, "Colours: top classes"));
      list = el("ul", "kg-legend-groups");
      groups.forEach(function (group) {
        var item = el("li"), swatch = el("span", "kg-swatch");
        swatch.style.background = group.color;
        item.setAttribute("data-group", group.label);
        item.appendChild(swatch);
        item.appendChild(el("span", "kg-legend-label", group.label));
        item.appendChild(el("span", "kg-count", number(group.count)));
        list.appendChild(item);
      });
      box.appendChild(list);
    }
    // every edge style drawn, and only those: the kinds a toggle hides are left out
    var drawn = drawnEdgeKinds();
    var edgeNames = Object.keys(edgeKinds).filter(function (kind) { return drawn[kind]; });
    if (edgeNames.length) {
      box.appendChild(el("h3", null, "Edges"));
      list = el("ul", "kg-legend-edges");
      edgeNames.forEach(function (kind) {
        var look = edgeKinds[kind], item = el("li"), line = el("div", "kg-legend-row");
        item.setAttribute("data-edge-kind", kind);
        line.appendChild(strokeSample(look));
        line.appendChild(el("span", "kg-legend-label", look.label));
        line.appendChild(el("span", "kg-count", number(drawn[kind])));
        item.appendChild(line);
        if (look.explain) { item.appendChild(el("p", "kg-explain", look.explain)); }
        list.appendChild(item);
      });
      box.appendChild(list);
    }
  }

  // A short line drawn as the page draws the edges: colour, width, dashes and arrowhead (on a canvas:
  // the page makes no markup of its own beyond text).
  function strokeSample(look) {
    var canvas = el("canvas", "kg-stroke"), ratio = window.devicePixelRatio || 1;
    canvas.width = 30 * ratio; canvas.height = 10 * ratio;
    canvas.style.width = "30px"; canvas.style.height = "10px";
    canvas.setAttribute("aria-hidden", "true");
    var ctx = canvas.getContext("2d");
    ctx.scale(ratio, ratio);
    ctx.strokeStyle = ctx.fillStyle = look.color;
    ctx.lineWidth = Math.max(1.2, Math.min(look.width || 1, 3.2));
    ctx.setLineDash(look.dashes || []);
    ctx.beginPath(); ctx.moveTo(1, 5); ctx.lineTo(look.arrow === "none" ? 29 : 24, 5); ctx.stroke();
    ctx.setLineDash([]);
    ctx.beginPath();
    if (look.arrow === "circle") { ctx.arc(26, 5, 3, 0, Math.PI * 2); }
    else if (look.arrow === "bar") { ctx.rect(25.5, 0.5, 2.2, 9); }
    else if (look.arrow !== "none" && meta.directed) { ctx.moveTo(29, 5); ctx.lineTo(22, 1.5); ctx.lineTo(22, 8.5); ctx.closePath(); }
    ctx.fill();
    return canvas;
  }

  // the edges drawn now, by kind (and "inferred"): what the legend lists
  function drawnEdgeKinds() {
    var counts = {};
    for (var j = 0; j < edgeCount; j++) {
      if (edgeHidden(j)) { continue; }
      var link = links[flat[3 * j + 2]];
      counts[link.kind] = (counts[link.kind] || 0) + 1;
      if (link.inferred) { counts.inferred = (counts.inferred || 0) + 1; }
    }
    return counts;
  }

  // -- toggles: edge kinds shown or hidden (the schema view's disjointness) -------------------------

  function toggles() {
    var bar = document.querySelector(".kg-bar"), before = byId("kg-fit");
    (meta.toggles || []).forEach(function (kind) {
      if (!edgeKinds[kind]) { return; }
      var button = el("button"), name = edgeKinds[kind].toggle || edgeKinds[kind].label;
      button.type = "button";
      button.id = "kg-toggle-" + kind;
      function show() {
        button.setAttribute("aria-pressed", hidden[kind] ? "false" : "true");
        button.textContent = name + " (" + number(edgeKinds[kind].count) + "): " + (hidden[kind] ? "off" : "on");
      }
      button.addEventListener("click", function () {
        hidden[kind] = !hidden[kind];
        if (view.showHidden) { view.showHidden(); }
        show();
        legend();
      });
      show();
      bar.insertBefore(button, before);
    });
  }

  function about() {
    var body = byId("kg-about-body"), facts = el("dl");
    row(facts, "view", meta.view);
    if (meta.layout) { row(facts, "layout", meta.layout); }
    if (meta.around) { row(facts, "around", meta.around); }
    row(facts, "nodes", meta.totalNodes > meta.nodes ? number(meta.nodes) + " of " + number(meta.totalNodes)
                                                      : number(meta.nodes));
    row(facts, "edges", meta.totalEdges > meta.edges ? number(meta.edges) + " of " + number(meta.totalEdges)
                                                      : number(meta.edges));
    row(facts, "drawn with", meta.renderer === "vis" ? "vis-network (from pyvis), inlined"
                                                     : "canvas, layout computed beforehand");
    row(facts, "made by", meta.generator);
    body.appendChild(facts);
    body.appendChild(el("h3", null, "Sources"));
    var sources = el("ul", "kg-sources");
    (meta.sources.length ? meta.sources : ["(none recorded)"]).forEach(function (source) {
      sources.appendChild(el("li", null, source));
    });
    body.appendChild(sources);
    if (meta.query) {
      body.appendChild(el("h3", null, "Query"));
      body.appendChild(el("pre", "kg-query", meta.query));
    }
  }

  toggles();
  legend();
  about();

  // for people at the console, and for tests
  window.kg = {
    data: data,
    view: view,
    selectNode: selectNode,
    selectEdge: selectEdge,
    search: function (text) { search.value = text; return showResults(); },
    selection: function () { return selection; },
    drawnNodeCount: function () { return view.drawnNodeCount(); },
    // the edges drawn now (those of hidden kinds left out), by kind
    drawnEdgeKinds: drawnEdgeKinds,
    tree: tree
  };
}());
