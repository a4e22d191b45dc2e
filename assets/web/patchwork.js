// Patchwork web page: pan and zoom, details, search, legend toggles, saved views as steps and
// focus, over the SVG map written by Patchwork. It makes no requests: everything is in the page.
// Contract with the SVG (see src/export/html.rs): #organisations has one element per organisation
// in data order; #labels has, organisation by organisation, D.labelParts[i] elements of its label;
// #links has a path per link in data order, each followed by its arrowhead polygon if any.
(function () {
  'use strict';
  var startMs = performance.now();
  var D = JSON.parse(document.getElementById('pw-data').textContent);
  var SVGNS = 'http://www.w3.org/2000/svg';
  var MAX_TAB_STOPS = 1000;
  var stage = document.getElementById('pw-stage');
  var svg = stage.querySelector('svg');
  var mapG = svg.querySelector('#map');
  var orgG = svg.querySelector('#organisations');
  var linkG = svg.querySelector('#links');
  var labelG = svg.querySelector('#labels');
  var side = document.getElementById('pw-side');
  var details = document.getElementById('pw-details');
  var N = D.orgs.length;
  var W = parseFloat(svg.getAttribute('width')) || 400;
  var H = parseFloat(svg.getAttribute('height')) || 300;
  // Around the figure, the figure's own background (its first rect), so a dark theme stays dark.
  var backdrop = svg.querySelector('rect');
  if (backdrop) stage.style.background = getComputedStyle(backdrop).fill;
  var off = [0, 0];
  var m = mapG && mapG.transform.baseVal.consolidate();
  if (m) off = [m.matrix.e, m.matrix.f];

  function $(id) { return document.getElementById(id); }
  // An element with attributes and children (strings become text: nothing is parsed as HTML).
  function el(tag, attrs, kids) {
    var e = document.createElement(tag);
    var k;
    for (k in attrs || {}) {
      if (k === 'text') e.textContent = attrs[k]; else e.setAttribute(k, attrs[k]);
    }
    (kids || []).forEach(function (c) { if (c != null) e.appendChild(typeof c === 'string' ? document.createTextNode(c) : c); });
    return e;
  }
  function sv(tag, attrs) {
    var e = document.createElementNS(SVGNS, tag);
    for (var k in attrs) e.setAttribute(k, attrs[k]);
    return e;
  }
  function orgSwatch(t) {
    var s = sv('svg', { width: 16, height: 16, viewBox: '0 0 16 16', 'aria-hidden': 'true' });
    var ty = D.orgTypes[t];
    if (!ty) return s;
    s.appendChild(ty.swatch ? sv('polygon', { points: ty.swatch, fill: ty.colour, stroke: '#333' })
      : sv('circle', { cx: 8, cy: 8, r: 6.5, fill: ty.colour, stroke: '#333' }));
    return s;
  }
  function linkSwatch(t) {
    var s = sv('svg', { width: 26, height: 16, viewBox: '0 0 26 16', 'aria-hidden': 'true' });
    var ty = D.linkTypes[t];
    if (!ty) return s;
    var line = sv('line', { x1: 1, y1: 8, x2: ty.directed ? 17 : 25, y2: 8, stroke: ty.colour, 'stroke-width': 2 });
    if (ty.dash) line.setAttribute('stroke-dasharray', ty.dash);
    if (/^0 /.test(ty.dash)) line.setAttribute('stroke-linecap', 'round');
    s.appendChild(line);
    if (ty.directed) s.appendChild(sv('polygon', { points: '25,8 17,3.5 17,12.5', fill: ty.colour }));
    return s;
  }
  function fieldName(v) { var f = D.fields[D.values[v][0]]; return f ? f.name : ''; }
  function typeName(t) { return D.orgTypes[t] ? D.orgTypes[t].name : 'Organisation'; }

  // --- The SVG's elements, by organisation and link ---
  var orgEls = Array.prototype.slice.call(orgG ? orgG.children : []);
  var labelEls = new Array(N);
  var lc = labelG ? labelG.children : [];
  var li = 0, i;
  for (i = 0; i < N; i++) {
    labelEls[i] = Array.prototype.slice.call(lc, li, li + D.labelParts[i]);
    li += D.labelParts[i];
  }
  var linkEls = [];
  var cur = null;
  Array.prototype.forEach.call(linkG ? linkG.children : [], function (c) {
    if (c.tagName === 'path') { cur = [c]; linkEls.push(cur); } else if (cur) cur.push(c);
  });
  var nbrLinks = [];
  for (i = 0; i < N; i++) nbrLinks.push([]);
  D.links.forEach(function (l, k) { nbrLinks[l[0]].push(k); if (l[1] !== l[0]) nbrLinks[l[1]].push(k); });

  // Adds classes (the SVG's own classes carry each element's look).
  function addClass(e, cls) { if (e) e.setAttribute('class', (e.getAttribute('class') || '') + ' ' + cls); }
  function setClass(list, cls) { list.forEach(function (e) { addClass(e, cls); }); }
  // Tab goes through the organisations of a map small enough to tab through; on a bigger one
  // Find reaches them (and Tab goes on from the one found).
  var tabStop = N <= MAX_TAB_STOPS ? '0' : '-1';
  if (tabStop === '-1') stage.setAttribute('aria-label', 'Map of ' + N.toLocaleString('en') + ' organisations. Drag or use the arrow keys to move, + and − to zoom; use Find to reach an organisation.');
  orgEls.forEach(function (e, k) {
    var o = D.orgs[k];
    if (!o) return;
    addClass(e, 't' + o[1]);
    e.setAttribute('data-i', k);
    e.setAttribute('tabindex', tabStop);
    e.setAttribute('role', 'button');
    e.setAttribute('aria-label', o[0] + ', ' + typeName(o[1]));
    setClass(labelEls[k], 't' + o[1]);
  });
  linkEls.forEach(function (els, k) {
    var l = D.links[k];
    if (l) setClass(els, 'l' + l[2] + ' a' + D.orgs[l[0]][1] + ' b' + D.orgs[l[1]][1]);
  });
  // Hiding a type is one class on the SVG: the browser hides its elements in one style pass.
  var sheet = document.styleSheets[document.styleSheets.length - 1];
  D.orgTypes.forEach(function (t, k) {
    sheet.insertRule('svg.ht' + k + ' .t' + k + ', svg.ht' + k + ' .a' + k + ', svg.ht' + k + ' .b' + k + ' { display: none; }', sheet.cssRules.length);
  });
  D.linkTypes.forEach(function (t, k) {
    sheet.insertRule('svg.hl' + k + ' .l' + k + ' { display: none; }', sheet.cssRules.length);
  });

  // --- Pan and zoom: a CSS transform of the whole SVG (zoom = screen px per map unit) ---
  var view = { x: 0, y: 0, k: 1 };
  var idle = 0, rasterK = 0;
  // Once the zoom settles, the SVG becomes its own compositor layer (class pw-moving:
  // will-change) drawn at that scale, so panning moves pixels already drawn. A new zoom draws it
  // again at the new scale when the zooming stops, to stay sharp (a layer keeps the scale it was
  // drawn at).
  function apply() {
    svg.style.transform = 'translate(' + view.x + 'px,' + view.y + 'px) scale(' + view.k + ')';
    svg.classList.toggle('pw-nolabels', D.labelSize * view.k < D.minLabelPx);
    if (view.k === rasterK) return;
    clearTimeout(idle);
    idle = setTimeout(function () {
      rasterK = view.k;
      stage.classList.remove('pw-moving');
      requestAnimationFrame(function () {
        requestAnimationFrame(function () {
          stage.classList.add('pw-moving');
          // For tests: the scale the map was last drawn at.
          stage.setAttribute('data-drawn-at', rasterK);
        });
      });
    }, 250);
  }
  function size() { return [stage.clientWidth || 1, stage.clientHeight || 1]; }
  function zoomAt(px, py, f) {
    var k = Math.min(64, Math.max(0.005, view.k * f));
    f = k / view.k;
    view.x = px - (px - view.x) * f;
    view.y = py - (py - view.y) * f;
    view.k = k;
    apply();
  }
  function zoomCentre(f) { var s = size(); zoomAt(s[0] / 2, s[1] / 2, f); }
  function pan(dx, dy) { view.x += dx; view.y += dy; apply(); }
  function fitBox(x0, y0, x1, y1) {
    var s = size();
    var k = Math.min(s[0] / Math.max(x1 - x0, 1), s[1] / Math.max(y1 - y0, 1)) * 0.95;
    view.k = Math.min(8, Math.max(0.005, k));
    view.x = s[0] / 2 - (x0 + x1) / 2 * view.k;
    view.y = s[1] / 2 - (y0 + y1) / 2 * view.k;
    apply();
  }
  // Fit what is shown: the whole figure, or the organisations shown (and room for labels).
  function fit() {
    var x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity, any = false, all = true;
    for (var k = 0; k < N; k++) {
      if (!shown(k)) { all = false; continue; }
      var o = D.orgs[k], r = 3 * D.labelSize, rx = 8 * D.labelSize;
      x0 = Math.min(x0, o[2] - rx); y0 = Math.min(y0, o[3] - r); x1 = Math.max(x1, o[2] + rx); y1 = Math.max(y1, o[3] + r);
      any = true;
    }
    if (!any || all) { fitBox(0, 0, W, H); return; }
    fitBox(x0 + off[0], y0 + off[1], x1 + off[0], y1 + off[1]);
  }
  function centreOn(k, minZoom) {
    var s = size(), o = D.orgs[k];
    if (minZoom && view.k < minZoom) view.k = minZoom;
    view.x = s[0] / 2 - (o[2] + off[0]) * view.k;
    view.y = s[1] / 2 - (o[3] + off[1]) * view.k;
    apply();
  }
  function onScreen(k) {
    var s = size(), o = D.orgs[k];
    var x = (o[2] + off[0]) * view.k + view.x, y = (o[3] + off[1]) * view.k + view.y;
    return x > 0 && y > 0 && x < s[0] && y < s[1];
  }
  // Wheel and trackpad (a pinch arrives as a wheel with ctrlKey).
  stage.addEventListener('wheel', function (e) {
    e.preventDefault();
    var r = stage.getBoundingClientRect();
    var unit = e.deltaMode === 1 ? 33 : e.deltaMode === 2 ? 400 : 1;
    if (e.ctrlKey || !e.shiftKey) zoomAt(e.clientX - r.left, e.clientY - r.top, Math.exp(-e.deltaY * unit * (e.ctrlKey ? 0.01 : 0.0015)));
    else pan(-e.deltaX * unit, -e.deltaY * unit);
  }, { passive: false });
  // Mouse drag, touch drag and two-finger pinch, as pointer events.
  var pointers = {};
  var press = null;
  function orgIndexOf(t) {
    while (t && t !== svg) {
      if (t.parentNode === orgG && t.hasAttribute('data-i')) return +t.getAttribute('data-i');
      t = t.parentNode;
    }
    return -1;
  }
  stage.addEventListener('pointerdown', function (e) {
    pointers[e.pointerId] = { x: e.clientX, y: e.clientY };
    if (Object.keys(pointers).length === 1) press = { x: e.clientX, y: e.clientY, org: orgIndexOf(e.target), moved: false };
    else if (press) press.moved = true;
  });
  stage.addEventListener('pointermove', function (e) {
    var p = pointers[e.pointerId];
    if (!p) return;
    var ids = Object.keys(pointers);
    if (ids.length === 1) {
      if (press && Math.abs(e.clientX - press.x) + Math.abs(e.clientY - press.y) > 5) press.moved = true;
      if (!press || press.moved) { pan(e.clientX - p.x, e.clientY - p.y); if (press && stage.setPointerCapture) { try { stage.setPointerCapture(e.pointerId); } catch (err) { /* gone */ } } }
    } else if (ids.length === 2) {
      var q = pointers[ids[0] === String(e.pointerId) ? ids[1] : ids[0]];
      var d0 = Math.hypot(p.x - q.x, p.y - q.y), d1 = Math.hypot(e.clientX - q.x, e.clientY - q.y);
      var r = stage.getBoundingClientRect();
      pan((e.clientX - p.x) / 2, (e.clientY - p.y) / 2);
      if (d0 > 0) zoomAt((e.clientX + q.x) / 2 - r.left, (e.clientY + q.y) / 2 - r.top, d1 / d0);
    }
    p.x = e.clientX; p.y = e.clientY;
  });
  function release(e) {
    if (!pointers[e.pointerId]) return;
    delete pointers[e.pointerId];
    if (Object.keys(pointers).length === 0) {
      if (press && !press.moved && e.type === 'pointerup') {
        if (press.org >= 0) select(press.org); else select(-1);
      }
      press = null;
    }
  }
  stage.addEventListener('pointerup', release);
  stage.addEventListener('pointercancel', release);
  // Keyboard: + − zoom, arrows move, 0 fits, Enter opens an organisation, Escape lets go.
  stage.addEventListener('keydown', function (e) {
    var k = orgIndexOf(e.target);
    var step = 60;
    switch (e.key) {
      case '+': case '=': zoomCentre(1.25); break;
      case '-': case '_': case '−': zoomCentre(0.8); break;
      case 'ArrowLeft': pan(step, 0); break;
      case 'ArrowRight': pan(-step, 0); break;
      case 'ArrowUp': pan(0, step); break;
      case 'ArrowDown': pan(0, -step); break;
      case '0': fit(); break;
      case 'Enter': case ' ': if (k >= 0) select(k); else return; break;
      case 'f': if (selected >= 0) focusOn(selected); else return; break;
      case 'Escape': if (focusSet) clearFocus(); else select(-1); break;
      default: return;
    }
    e.preventDefault();
  });
  // Hover (and keyboard focus) shows an organisation until one is chosen.
  orgG && orgG.addEventListener('pointerover', function (e) {
    var k = orgIndexOf(e.target);
    if (k >= 0 && selected < 0) showDetails(k);
  });
  orgG && orgG.addEventListener('pointerout', function () { if (selected < 0) showDetails(-1); });
  orgG && orgG.addEventListener('focusin', function (e) {
    var k = orgIndexOf(e.target);
    if (k < 0) return;
    if (!onScreen(k)) centreOn(k);
    if (selected < 0) showDetails(k);
  });
  $('pw-zoom-in').addEventListener('click', function () { zoomCentre(1.4); });
  $('pw-zoom-out').addEventListener('click', function () { zoomCentre(1 / 1.4); });
  $('pw-fit').addEventListener('click', fit);
  $('pw-panel-btn').addEventListener('click', function () {
    var closed = side.classList.toggle('pw-closed');
    this.setAttribute('aria-expanded', String(!closed));
  });

  // --- What is shown: type toggles, the current view's filter, focus ---
  var hiddenOrgTypes = D.orgTypes.map(function () { return false; });
  var hiddenLinkTypes = D.linkTypes.map(function () { return false; });
  var mask = null; // the current view's organisations (a Uint8Array), or null for all
  function shown(k) { return !hiddenOrgTypes[D.orgs[k][1]] && (!mask || mask[k] === 1); }
  function linkShown(k) { var l = D.links[k]; return shown(l[0]) && shown(l[1]) && !hiddenLinkTypes[l[2]]; }
  function setOrgType(t, hide) { hiddenOrgTypes[t] = hide; svg.classList.toggle('ht' + t, hide); }
  function setLinkType(t, hide) { hiddenLinkTypes[t] = hide; svg.classList.toggle('hl' + t, hide); }
  function setMask(m) {
    var k;
    mask = m;
    for (k = 0; k < N; k++) {
      var out = !!m && m[k] !== 1;
      orgEls[k].classList.toggle('x', out);
      labelEls[k].forEach(function (e) { e.classList.toggle('x', out); });
    }
    for (k = 0; k < linkEls.length; k++) {
      var l = D.links[k], gone = !!m && (m[l[0]] !== 1 || m[l[1]] !== 1);
      linkEls[k].forEach(function (e) { e.classList.toggle('x', gone); });
    }
  }
  function count() {
    var n = 0, k;
    for (k = 0; k < N; k++) if (shown(k)) n++;
    var c = $('pw-count');
    c.textContent = 'Showing ' + n.toLocaleString('en') + ' of ' + N.toLocaleString('en') + ' organisations';
    c.setAttribute('data-shown', n);
    c.setAttribute('data-total', N);
  }

  // --- Legend with toggles ---
  var orgBoxes = [], linkBoxes = [];
  (function legend() {
    var box = $('pw-legend');
    box.appendChild(el('h2', { text: 'Organisations' }));
    D.orgTypes.forEach(function (t, k) {
      var cb = el('input', { type: 'checkbox', 'data-org-type': k });
      cb.checked = true;
      cb.addEventListener('change', function () { setOrgType(k, !cb.checked); count(); });
      orgBoxes[k] = cb;
      if (t.count > 0) box.appendChild(el('label', { 'class': 'pw-row' }, [cb, orgSwatch(k), t.name + ' (' + t.count.toLocaleString('en') + ')']));
    });
    box.appendChild(el('h2', { text: 'Links' }));
    D.linkTypes.forEach(function (t, k) {
      var cb = el('input', { type: 'checkbox', 'data-link-type': k });
      cb.checked = true;
      cb.addEventListener('change', function () { setLinkType(k, !cb.checked); });
      linkBoxes[k] = cb;
      if (t.count > 0) box.appendChild(el('label', { 'class': 'pw-row' }, [cb, linkSwatch(k), t.name + ' (' + t.count.toLocaleString('en') + ')']));
    });
  })();

  // --- Details of an organisation ---
  var selected = -1;
  function goButton(k) {
    var b = el('button', { type: 'button', 'class': 'pw-link', text: D.orgs[k][0] });
    b.addEventListener('click', function () { goTo(k); });
    return b;
  }
  function showDetails(k) {
    details.textContent = '';
    if (k < 0) {
      details.appendChild(el('p', { 'class': 'pw-hint', text: 'Point at, tap or Tab to an organisation to see its details.' }));
      return;
    }
    var o = D.orgs[k];
    details.appendChild(el('h2', { id: 'pw-org-name', text: o[0] }));
    details.appendChild(el('div', { 'class': 'pw-row', id: 'pw-org-type' }, [orgSwatch(o[1]), typeName(o[1])]));
    if (!shown(k)) details.appendChild(el('p', { 'class': 'pw-muted', text: 'Hidden by the current view or legend.' }));
    var fields = o[4] || [];
    if (fields.length) {
      details.appendChild(el('dl', { id: 'pw-org-fields' }, [].concat.apply([], fields.map(function (v) {
        return [el('dt', { text: fieldName(v) }), el('dd', { text: D.values[v][1] })];
      }))));
    }
    if (o[5] && o[5].length) details.appendChild(el('p', { id: 'pw-org-tags' }, [el('strong', { text: 'Tags: ' }), o[5].join(', ')]));
    if (o[6]) details.appendChild(el('p', { 'class': 'pw-notes', id: 'pw-org-notes', text: o[6] }));
    var ls = nbrLinks[k];
    details.appendChild(el('h3', { text: ls.length ? 'Links (' + ls.length + ')' : 'No links' }));
    if (ls.length) {
      var ul = el('ul', { id: 'pw-org-links' });
      ls.slice(0, 300).forEach(function (lk) {
        var l = D.links[lk], t = D.linkTypes[l[2]] || { name: 'Link', directed: false };
        var other = l[0] === k ? l[1] : l[0];
        var how = !t.directed ? ' with ' : l[0] === k ? ' to ' : ' from ';
        var item = el('li', {}, [linkSwatch(l[2]), ' ' + t.name + how, goButton(other)]);
        (l[3] || []).forEach(function (v) { item.appendChild(el('div', { 'class': 'pw-muted', text: fieldName(v) + ': ' + D.values[v][1] })); });
        if (l[4]) item.appendChild(el('div', { 'class': 'pw-notes', text: l[4] }));
        ul.appendChild(item);
      });
      if (ls.length > 300) ul.appendChild(el('li', { 'class': 'pw-muted', text: 'and ' + (ls.length - 300) + ' more' }));
      details.appendChild(ul);
    }
    var focusBtn = el('button', { type: 'button', id: 'pw-focus', text: 'Focus on it and its neighbours' });
    focusBtn.addEventListener('click', function () { focusOn(k); });
    var actions = el('div', { 'class': 'pw-actions' }, [focusBtn]);
    if (focusSet) {
      var clear = el('button', { type: 'button', id: 'pw-unfocus', text: 'Show everything' });
      clear.addEventListener('click', clearFocus);
      actions.appendChild(clear);
    }
    details.appendChild(actions);
  }
  function select(k) {
    if (selected >= 0 && orgEls[selected]) orgEls[selected].classList.remove('pw-sel');
    selected = k;
    if (k >= 0) {
      orgEls[k].classList.add('pw-sel');
      side.classList.remove('pw-closed');
    }
    showDetails(k);
  }
  function goTo(k) {
    select(k);
    centreOn(k, D.minLabelPx / D.labelSize * 2.5);
    orgEls[k].focus({ preventScroll: true });
  }

  // --- Focus on an organisation and its neighbours ---
  var focusSet = null, focusEls = [];
  function clearFocus() {
    focusEls.forEach(function (e) { e.classList.remove('f'); });
    focusEls = [];
    focusSet = null;
    svg.classList.remove('pw-focusing');
    $('pw-focus-note').textContent = '';
    if (selected >= 0) showDetails(selected);
  }
  function focusOn(k) {
    clearFocus();
    focusSet = {};
    focusSet[k] = true;
    nbrLinks[k].forEach(function (lk) {
      var l = D.links[lk];
      focusSet[l[0]] = focusSet[l[1]] = true;
      linkEls[lk].forEach(function (e) { focusEls.push(e); });
    });
    Object.keys(focusSet).forEach(function (o) { focusEls.push(orgEls[o]); labelEls[o].forEach(function (e) { focusEls.push(e); }); });
    focusEls.forEach(function (e) { e.classList.add('f'); });
    svg.classList.add('pw-focusing');
    $('pw-focus-note').textContent = '· Focused on ' + D.orgs[k][0] + ' and ' + (Object.keys(focusSet).length - 1) + ' neighbours (Escape: show everything)';
    select(k);
  }

  // --- Search by name ---
  var search = $('pw-search'), results = $('pw-results');
  var lower = D.orgs.map(function (o) { return o[0].toLowerCase(); });
  function closeResults() { results.hidden = true; results.textContent = ''; }
  function choose(k) { closeResults(); goTo(k); }
  search.addEventListener('input', function () {
    var q = search.value.trim().toLowerCase();
    results.textContent = '';
    if (!q) { results.hidden = true; return; }
    var hits = [];
    for (var k = 0; k < N && hits.length < 30; k++) if (lower[k].indexOf(q) >= 0) hits.push(k);
    hits.forEach(function (k) {
      var item = el('li', { role: 'option', tabindex: '-1', 'data-i': k }, [D.orgs[k][0] + ' ', el('span', { 'class': 'pw-type', text: typeName(D.orgs[k][1]) })]);
      item.addEventListener('click', function () { choose(k); });
      item.addEventListener('keydown', function (e) {
        if (e.key === 'Enter') { e.preventDefault(); choose(k); }
        if (e.key === 'ArrowDown' && item.nextSibling) { e.preventDefault(); item.nextSibling.focus(); }
        if (e.key === 'ArrowUp') { e.preventDefault(); (item.previousSibling || search).focus(); }
        if (e.key === 'Escape') { closeResults(); search.focus(); }
      });
      results.appendChild(item);
    });
    if (!hits.length) results.appendChild(el('li', { 'class': 'pw-muted', text: 'No organisation called that' }));
    results.hidden = false;
  });
  search.addEventListener('keydown', function (e) {
    var first = results.querySelector('li[data-i]');
    if (e.key === 'Enter' && first) { e.preventDefault(); choose(+first.getAttribute('data-i')); }
    if (e.key === 'ArrowDown' && first) { e.preventDefault(); first.focus(); }
    if (e.key === 'Escape') closeResults();
  });

  // --- Saved views as steps ---
  var steps = [{ name: 'The whole map', caption: D.caption, orgTypes: null, linkTypes: null, shown: null, viewport: null }].concat(D.views);
  var step = 0;
  function bits(b64) {
    var raw = atob(b64), out = new Uint8Array(N);
    for (var k = 0; k < N; k++) out[k] = (raw.charCodeAt(k >> 3) >> (k & 7)) & 1;
    return out;
  }
  function showStep(s) {
    step = Math.max(0, Math.min(steps.length - 1, s));
    var v = steps[step];
    clearFocus();
    D.orgTypes.forEach(function (t, k) {
      var hide = !!v.orgTypes && v.orgTypes.indexOf(k) < 0;
      setOrgType(k, hide);
      orgBoxes[k].checked = !hide;
    });
    D.linkTypes.forEach(function (t, k) {
      var hide = !!v.linkTypes && v.linkTypes.indexOf(k) < 0;
      setLinkType(k, hide);
      linkBoxes[k].checked = !hide;
    });
    setMask(v.shown ? bits(v.shown) : null);
    $('pw-step-name').textContent = (steps.length > 1 ? (step + 1) + ' / ' + steps.length + ': ' : '') + v.name;
    $('pw-step-caption').textContent = v.caption || '';
    $('pw-prev').disabled = step === 0;
    $('pw-next').disabled = step === steps.length - 1;
    count();
    if (v.viewport) {
      var sz = size();
      view.k = v.viewport[2];
      view.x = sz[0] / 2 - (v.viewport[0] + off[0]) * view.k;
      view.y = sz[1] / 2 - (v.viewport[1] + off[1]) * view.k;
      apply();
    } else fit();
    if (selected >= 0) showDetails(selected);
  }
  $('pw-prev').addEventListener('click', function () { showStep(step - 1); });
  $('pw-next').addEventListener('click', function () { showStep(step + 1); });
  if (steps.length === 1) $('pw-steps').classList.add('pw-single');
  document.addEventListener('keydown', function (e) {
    if (e.target === search || e.altKey || e.ctrlKey || e.metaKey) return;
    if (e.key === 'PageDown') { showStep(step + 1); e.preventDefault(); }
    if (e.key === 'PageUp') { showStep(step - 1); e.preventDefault(); }
    if (e.key === 'Escape' && !about.hidden) closeAbout();
  });

  // --- About this map: title, description, caption, typology definitions ---
  var about = $('pw-about');
  function closeAbout() { about.hidden = true; $('pw-about-btn').focus(); }
  (function aboutBody() {
    var b = $('pw-about-body');
    b.appendChild(el('h2', { id: 'pw-about-title', text: D.title || 'Patchwork map' }));
    (D.description || '').split(/\n\s*\n/).forEach(function (p) { if (p.trim()) b.appendChild(el('p', { text: p })); });
    if (D.caption) b.appendChild(el('p', { text: D.caption }));
    b.appendChild(el('p', { 'class': 'pw-muted', text: N.toLocaleString('en') + ' organisations, ' + D.links.length.toLocaleString('en') + ' links, ' + D.views.length + ' saved views.' }));
    if (D.redacted) b.appendChild(el('p', { id: 'pw-redacted', text: 'Redacted for sharing: sensitive organisations have pseudonyms, and notes and private fields were left out.' }));
    function table(caption, head, rows) {
      if (!rows.length) return;
      b.appendChild(el('h3', { text: caption }));
      b.appendChild(el('table', {}, [el('thead', {}, [el('tr', {}, head.map(function (h) { return el('th', { text: h }); }))]),
        el('tbody', {}, rows.map(function (r) { return el('tr', {}, r.map(function (c) { return el('td', {}, [c]); })); }))]));
    }
    table('Organisation types', ['Type', 'Definition'], D.orgTypes.map(function (t, k) {
      return [el('span', { 'class': 'pw-row' }, [orgSwatch(k), t.name]), t.definition || '—'];
    }));
    table('Link types', ['Type', 'Definition'], D.linkTypes.map(function (t, k) {
      return [el('span', { 'class': 'pw-row' }, [linkSwatch(k), t.name + (t.directed ? ' (directed)' : '')]), t.definition || '—'];
    }));
    table('Fields', ['Field', 'What it means'], D.fields.map(function (f) {
      return [f.name + (f.appliesTo === 'links' ? ' (links)' : ''), (f.description || '') + (f.options.length ? ' Values: ' + f.options.join(', ') + '.' : '')];
    }));
    b.appendChild(el('p', { 'class': 'pw-muted', text: 'Written by ' + D.creator + '. This page works offline and makes no requests. Drag or use the arrow keys to move, the wheel, a pinch or + and − to zoom; PageUp and PageDown step through the saved views.' }));
  })();
  $('pw-about-btn').addEventListener('click', function () { about.hidden = false; $('pw-about-close').focus(); });
  $('pw-about-close').addEventListener('click', closeAbout);
  about.addEventListener('click', function (e) { if (e.target === about) closeAbout(); });

  // A resized window (a phone turned) keeps the same map point in the middle.
  var lastSize = size();
  window.addEventListener('resize', function () {
    var s = size();
    pan((s[0] - lastSize[0]) / 2, (s[1] - lastSize[1]) / 2);
    lastSize = s;
  });
  showStep(D.start || 0);
  // For tests and measurements: when the page was ready, in ms since navigation started.
  window.patchwork = { startMs: startMs, readyMs: performance.now(), step: function () { return step; }, selected: function () { return selected; } };
  requestAnimationFrame(function () {
    requestAnimationFrame(function () {
      window.patchwork.paintedMs = performance.now();
      document.documentElement.setAttribute('data-ready', 'true');
    });
  });
})();
