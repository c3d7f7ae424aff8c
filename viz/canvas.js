/* genai-kg graph pages: the canvas renderer for large graphs.
 *
 * vis-network sets up every node and edge as an object with its own copy of the options, which takes
 * seconds for tens of thousands of items. This renderer draws plain arrays instead, on two stacked
 * canvases: edges below (drawn progressively, a slice per animation frame, so the tab never freezes)
 * and nodes, labels and the selection above. While the user drags or zooms, the last drawing is moved
 * with a CSS transform; the real drawing follows when the gesture stops. Positions are computed by
 * the page generator; there is no physics here.
 *
 * It draws no text as HTML: labels go through the canvas API only.
 */
(function () {
  "use strict";

  var TAU = Math.PI * 2;
  var EDGE_SLICE = 60000;
  var MAX_LABELS = 1500;
  var SETTLE_MS = 140;

  function shapePath(ctx, shape, x, y, r) {
    var i, a, k;
    switch (shape) {
      case "square":
        ctx.rect(x - r * 0.85, y - r * 0.85, r * 1.7, r * 1.7);
        break;
      case "diamond":
        ctx.moveTo(x, y - r); ctx.lineTo(x + r, y); ctx.lineTo(x, y + r); ctx.lineTo(x - r, y); ctx.closePath();
        break;
      case "triangle":
        ctx.moveTo(x, y - r); ctx.lineTo(x + r * 0.95, y + r * 0.7); ctx.lineTo(x - r * 0.95, y + r * 0.7); ctx.closePath();
        break;
      case "triangleDown":
        ctx.moveTo(x, y + r); ctx.lineTo(x + r * 0.95, y - r * 0.7); ctx.lineTo(x - r * 0.95, y - r * 0.7); ctx.closePath();
        break;
      case "hexagon":
        for (i = 0; i < 6; i++) {
          a = TAU * i / 6;
          if (i === 0) { ctx.moveTo(x + r * Math.cos(a), y + r * Math.sin(a)); }
          else { ctx.lineTo(x + r * Math.cos(a), y + r * Math.sin(a)); }
        }
        ctx.closePath();
        break;
      case "star":
        for (i = 0; i < 10; i++) {
          k = i % 2 ? r * 0.45 : r;
          a = TAU * i / 10 - Math.PI / 2;
          if (i === 0) { ctx.moveTo(x + k * Math.cos(a), y + k * Math.sin(a)); }
          else { ctx.lineTo(x + k * Math.cos(a), y + k * Math.sin(a)); }
        }
        ctx.closePath();
        break;
      default:
        ctx.moveTo(x + r, y); ctx.arc(x, y, r, 0, TAU);
    }
  }

  function makeLayer(container) {
    var canvas = document.createElement("canvas");
    canvas.className = "kg-layer";
    container.appendChild(canvas);
    return canvas;
  }

  /**
   * model: {count, xs, ys, rs, fills, borders, shapes, texts, edges (flat [from, to, style, …]),
   *         styles ([{color, width, dashes}]), directed, incident(i) → edge numbers}
   * hooks: {node(i), none(), drawn() (once, after the first complete drawing), rendered() (after each)}
   */
  function create(container, model, hooks) {
    var n = model.count, xs = model.xs, ys = model.ys, rs = model.rs;
    var flat = model.edges, m = flat.length / 3;
    var dpr = window.devicePixelRatio || 1;
    var edgeCanvas = makeLayer(container), nodeCanvas = makeLayer(container);
    var ec = edgeCanvas.getContext("2d"), nc = nodeCanvas.getContext("2d");
    var width = 1, height = 1;
    var scale = 1, tx = 0, ty = 0;                    // screen = world × scale + t
    var shownScale = 1, shownTx = 0, shownTy = 0;     // the camera of what the canvases show
    var minScale = 1e-4, maxScale = 40;
    var selected = -1, drawnNodes = 0, drawnOnce = false, job = 0, settleTimer = 0, pending = 0;
    var maxR = 1, i;
    for (i = 0; i < n; i++) { if (rs[i] > maxR) { maxR = rs[i]; } }

    // nodes batched by shape and colour, so each batch is one path and one fill
    var batchIndex = {}, batches = [];
    for (i = 0; i < n; i++) {
      var key = model.shapes[i] + "|" + model.fills[i];
      var batch = batchIndex[key];
      if (!batch) {
        batch = batchIndex[key] = { shape: model.shapes[i], fill: model.fills[i], border: model.borders[i], nodes: [] };
        batches.push(batch);
      }
      batch.nodes.push(i);
    }
    // labels of big nodes first
    var bySize = new Int32Array(n);
    for (i = 0; i < n; i++) { bySize[i] = i; }
    bySize.sort(function (a, b) { return rs[b] - rs[a] || a - b; });
    // edges grouped by style, so each group is one path and one stroke
    var styleCount = model.styles.length, perStyle = [], fill = [], j;
    for (i = 0; i < styleCount; i++) { perStyle.push(0); fill.push(0); }
    for (j = 0; j < m; j++) { perStyle[flat[3 * j + 2]]++; }
    var byStyle = perStyle.map(function (c) { return new Int32Array(c); });
    for (j = 0; j < m; j++) { var s = flat[3 * j + 2]; byStyle[s][fill[s]++] = j; }
    var dense = m > 20000;

    function resize() {
      width = Math.max(1, container.clientWidth);
      height = Math.max(1, container.clientHeight);
      [edgeCanvas, nodeCanvas].forEach(function (c) {
        c.width = Math.round(width * dpr);
        c.height = Math.round(height * dpr);
        c.style.width = width + "px";
        c.style.height = height + "px";
      });
    }

    function bounds() {
      var x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
      for (var k = 0; k < n; k++) {
        if (xs[k] - rs[k] < x0) { x0 = xs[k] - rs[k]; }
        if (ys[k] - rs[k] < y0) { y0 = ys[k] - rs[k]; }
        if (xs[k] + rs[k] > x1) { x1 = xs[k] + rs[k]; }
        if (ys[k] + rs[k] > y1) { y1 = ys[k] + rs[k]; }
      }
      if (!n) { return [-1, -1, 1, 1]; }
      return [x0, y0, x1, y1];
    }

    function fit() {
      var b = bounds(), pad = 30;
      scale = Math.min((width - 2 * pad) / Math.max(b[2] - b[0], 1), (height - 2 * pad) / Math.max(b[3] - b[1], 1));
      scale = Math.min(Math.max(scale, minScale), 2);
      minScale = Math.min(scale / 4, minScale === 1e-4 ? scale / 4 : minScale);
      tx = width / 2 - (b[0] + b[2]) / 2 * scale;
      ty = height / 2 - (b[1] + b[3]) / 2 * scale;
      render();
    }

    function showTransform(css) {
      edgeCanvas.style.transform = css;
      nodeCanvas.style.transform = css;
    }

    function preview() {
      var k = scale / shownScale;
      showTransform("translate(" + (tx - shownTx * k) + "px," + (ty - shownTy * k) + "px) scale(" + k + ")");
      clearTimeout(settleTimer);
      settleTimer = setTimeout(render, SETTLE_MS);
    }

    function render() {
      clearTimeout(settleTimer);
      cancelAnimationFrame(pending);
      job++;
      shownScale = scale; shownTx = tx; shownTy = ty;
      showTransform("");
      drawNodes();
      ec.setTransform(dpr, 0, 0, dpr, 0, 0);
      ec.clearRect(0, 0, width, height);
      drawEdges(job, 0, 0);
    }

    function visible(x, y, r) {
      return x + r >= 0 && x - r <= width && y + r >= 0 && y - r <= height;
    }

    function drawEdges(myJob, style, start) {
      if (myJob !== job) { return; }
      var budget = EDGE_SLICE;
      ec.lineCap = "butt";
      while (style < styleCount && budget > 0) {
        var list = byStyle[style], look = model.styles[style];
        if (look.hidden) { style++; start = 0; continue; }  // an edge kind toggled off
        var end = Math.min(list.length, start + budget);
        ec.beginPath();
        for (var k = start; k < end; k++) {
          var e = list[k] * 3, a = flat[e], b = flat[e + 1];
          var x1 = xs[a] * scale + tx, y1 = ys[a] * scale + ty, x2 = xs[b] * scale + tx, y2 = ys[b] * scale + ty;
          if ((x1 < 0 && x2 < 0) || (y1 < 0 && y2 < 0) || (x1 > width && x2 > width) || (y1 > height && y2 > height)) {
            continue;
          }
          ec.moveTo(x1, y1);
          ec.lineTo(x2, y2);
        }
        ec.strokeStyle = look.color;
        ec.globalAlpha = dense ? 0.5 : 0.9;
        ec.lineWidth = dense ? Math.min(look.width, 1) : look.width;
        ec.setLineDash(look.dashes || []);
        ec.stroke();
        budget -= end - start;
        if (end >= list.length) { style++; start = 0; } else { start = end; }
      }
      ec.globalAlpha = 1;
      ec.setLineDash([]);
      if (style < styleCount) {
        pending = requestAnimationFrame(function () { drawEdges(myJob, style, start); });
        return;
      }
      drawArrows();
      if (hooks.rendered) { hooks.rendered(); }
      if (!drawnOnce) {
        drawnOnce = true;
        requestAnimationFrame(function () { hooks.drawn(); });
      }
    }

    function drawArrows() {
      if (!model.directed || m > 6000) { return; }
      var size = 7;
      for (var style = 0; style < styleCount; style++) {
        var list = byStyle[style];
        if (model.styles[style].hidden) { continue; }
        ec.beginPath();
        for (var k = 0; k < list.length; k++) {
          var e = list[k] * 3, a = flat[e], b = flat[e + 1];
          var x1 = xs[a] * scale + tx, y1 = ys[a] * scale + ty, x2 = xs[b] * scale + tx, y2 = ys[b] * scale + ty;
          var dx = x2 - x1, dy = y2 - y1, length = Math.sqrt(dx * dx + dy * dy), r = rs[b] * scale;
          if (length < r + 3 * size || !visible(x2, y2, r + size)) { continue; }
          var ux = dx / length, uy = dy / length, px = x2 - ux * (r + 1), py = y2 - uy * (r + 1);
          ec.moveTo(px, py);
          ec.lineTo(px - ux * size * 1.6 - uy * size * 0.6, py - uy * size * 1.6 + ux * size * 0.6);
          ec.lineTo(px - ux * size * 1.6 + uy * size * 0.6, py - uy * size * 1.6 - ux * size * 0.6);
          ec.closePath();
        }
        ec.fillStyle = model.styles[style].color;
        ec.fill();
      }
    }

    function drawNodes() {
      nc.setTransform(dpr, 0, 0, dpr, 0, 0);
      nc.clearRect(0, 0, width, height);
      var k, X, Y, R;
      if (selected >= 0) {
        var incident = model.incident(selected);
        nc.beginPath();
        for (k = 0; k < incident.length; k++) {
          var e = incident[k] * 3;
          nc.moveTo(xs[flat[e]] * scale + tx, ys[flat[e]] * scale + ty);
          nc.lineTo(xs[flat[e + 1]] * scale + tx, ys[flat[e + 1]] * scale + ty);
        }
        nc.strokeStyle = "#d9480f";
        nc.lineWidth = 2;
        nc.stroke();
      }
      var count = 0;
      for (var g = 0; g < batches.length; g++) {
        var batch = batches[g], big = false;
        nc.beginPath();
        for (k = 0; k < batch.nodes.length; k++) {
          var node = batch.nodes[k];
          X = xs[node] * scale + tx; Y = ys[node] * scale + ty; R = Math.max(rs[node] * scale, 1.6);
          if (!visible(X, Y, R)) { continue; }
          if (R > 3) { big = true; }
          shapePath(nc, batch.shape, X, Y, R);
          count++;
        }
        nc.fillStyle = batch.fill;
        nc.fill();
        if (big) { nc.strokeStyle = batch.border; nc.lineWidth = 1; nc.stroke(); }
      }
      drawnNodes = count;
      drawLabels();
      if (selected >= 0) {
        X = xs[selected] * scale + tx; Y = ys[selected] * scale + ty; R = Math.max(rs[selected] * scale, 3);
        nc.beginPath();
        nc.arc(X, Y, R + 4, 0, TAU);
        nc.strokeStyle = "#d9480f";
        nc.lineWidth = 3;
        nc.stroke();
      }
    }

    function label(k, X, Y, R, bold) {
      nc.font = (bold ? "600 " : "") + "12px system-ui, sans-serif";
      nc.strokeText(model.texts[k], X, Y + R + 4);
      nc.fillText(model.texts[k], X, Y + R + 4);
    }

    function drawLabels() {
      nc.textAlign = "center";
      nc.textBaseline = "top";
      nc.lineWidth = 3;
      nc.strokeStyle = "rgba(255,255,255,0.9)";
      nc.fillStyle = "#222";
      nc.lineJoin = "round";
      var shown = 0;
      for (var k = 0; k < n && shown < MAX_LABELS; k++) {
        var node = bySize[k], R = rs[node] * scale;
        if (R < 5) { break; }
        var X = xs[node] * scale + tx, Y = ys[node] * scale + ty;
        if (!visible(X, Y, R + 40)) { continue; }
        label(node, X, Y, R, false);
        shown++;
      }
      if (selected >= 0) {
        label(selected, xs[selected] * scale + tx, ys[selected] * scale + ty, Math.max(rs[selected] * scale, 3), true);
      }
    }

    // hit testing: a grid over world coordinates, built on the first click
    var grid = null, cell = Math.max(maxR * 2, 1);
    function buildGrid() {
      grid = new Map();
      for (var k = 0; k < n; k++) {
        var gk = Math.floor(xs[k] / cell) + ":" + Math.floor(ys[k] / cell);
        var list = grid.get(gk);
        if (!list) { list = []; grid.set(gk, list); }
        list.push(k);
      }
    }
    function nodeAt(sx, sy) {
      var wx = (sx - tx) / scale, wy = (sy - ty) / scale, reach = Math.max(maxR, 6 / scale);
      var best = -1, bestD = Infinity, k, d;
      function consider(node) {
        var dx = xs[node] - wx, dy = ys[node] - wy, dd = Math.sqrt(dx * dx + dy * dy);
        if (dd <= Math.max(rs[node], 6 / scale) && dd < bestD) { best = node; bestD = dd; }
      }
      var cx0 = Math.floor((wx - reach) / cell), cx1 = Math.floor((wx + reach) / cell);
      var cy0 = Math.floor((wy - reach) / cell), cy1 = Math.floor((wy + reach) / cell);
      if ((cx1 - cx0 + 1) * (cy1 - cy0 + 1) > 1600) {
        for (k = 0; k < n; k++) { consider(k); }
        return best;
      }
      if (!grid) { buildGrid(); }
      for (var gx = cx0; gx <= cx1; gx++) {
        for (var gy = cy0; gy <= cy1; gy++) {
          var list = grid.get(gx + ":" + gy);
          if (!list) { continue; }
          for (d = 0; d < list.length; d++) { consider(list[d]); }
        }
      }
      return best;
    }

    // gestures: drag to pan, wheel to zoom, click to select
    var down = null;
    nodeCanvas.addEventListener("pointerdown", function (event) {
      down = { x: event.clientX, y: event.clientY, tx: tx, ty: ty, moved: false };
      nodeCanvas.setPointerCapture(event.pointerId);
    });
    nodeCanvas.addEventListener("pointermove", function (event) {
      if (!down) { return; }
      var dx = event.clientX - down.x, dy = event.clientY - down.y;
      if (!down.moved && Math.abs(dx) + Math.abs(dy) > 4) { down.moved = true; }
      if (down.moved) { tx = down.tx + dx; ty = down.ty + dy; preview(); }
    });
    nodeCanvas.addEventListener("pointerup", function (event) {
      if (down && !down.moved) {
        var box = nodeCanvas.getBoundingClientRect();
        var hit = nodeAt(event.clientX - box.left, event.clientY - box.top);
        if (hit >= 0) { hooks.node(hit); } else { hooks.none(); }
      }
      down = null;
    });
    nodeCanvas.addEventListener("wheel", function (event) {
      event.preventDefault();
      var box = nodeCanvas.getBoundingClientRect(), mx = event.clientX - box.left, my = event.clientY - box.top;
      var next = Math.min(Math.max(scale * Math.exp(-event.deltaY * 0.0015), minScale), maxScale), k = next / scale;
      tx = mx - (mx - tx) * k;
      ty = my - (my - ty) * k;
      scale = next;
      preview();
    }, { passive: false });
    window.addEventListener("resize", function () { resize(); render(); });

    resize();
    fit();

    return {
      kind: "canvas",
      select: function (k) { selected = k; render(); },
      unselect: function () { selected = -1; render(); },
      focus: function (k) {
        scale = Math.min(Math.max(18 / Math.max(rs[k], 1), minScale), maxScale);
        tx = width / 2 - xs[k] * scale;
        ty = height / 2 - ys[k] * scale;
        render();
      },
      fit: fit,
      setPhysics: null,
      drawnNodeCount: function () { return drawnNodes; },
      screenPosition: function (k) {
        var box = nodeCanvas.getBoundingClientRect();
        return { x: box.left + xs[k] * scale + tx, y: box.top + ys[k] * scale + ty };
      },
      redraw: render
    };
  }

  window.KgCanvas = { create: create };
}());
