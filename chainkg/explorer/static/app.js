/* The explorer's pages: home, chain, node, path, query. Data comes from /api as JSON. */
"use strict";
const PARAMS = new URLSearchParams(location.search);
const MAIN = document.getElementById("app");
let RERENDER = null;  // the page's draw function, called again when the language changes

function ready() { applyWords(); document.body.dataset.ready = "1"; }
function fail(error) { showError(String(error && error.message || error)); document.body.dataset.ready = "1"; }

/* search in the header, on every page */
function wireSearch() {
  const input = document.getElementById("search"), hits = document.getElementById("search-hits");
  let timer = null, asked = "";
  input.value = PARAMS.get("q") || "";
  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(async () => {
      const text = input.value.trim(); asked = text;
      hits.replaceChildren();
      if (!text) { hits.hidden = true; return; }
      try {
        const data = await api("search", { q: text });
        if (asked !== text) return;
        for (const h of data.hits) {
          const item = el("li"); item.append(nodeLink(h.id, h.name), " ", el("span", "label", h.label));
          if (h.matched !== h.name) item.append(" ", el("span", "alias", "(" + h.matched + ")"));
          hits.append(item);
        }
        if (!data.hits.length) hits.append(word("li", "no_hits"));
        hits.hidden = false;
      } catch (e) { showError(e.message); }
    }, 150);
  });
}

/* home: chains with badges; ?q= lists search results */
async function homePage() {
  const [data, found] = await Promise.all([api("chains"), PARAMS.get("q") ? api("search", { q: PARAMS.get("q") }) : null]);
  const draw = () => {
    MAIN.replaceChildren();
    if (found) {
      const box = el("section", "results"); box.append(word("h2", "results_for"));
      const list = el("ul", "hits");
      for (const h of found.hits) { const li = el("li"); li.append(nodeLink(h.id, h.name), " ", el("span", "label", h.label)); list.append(li); }
      if (!found.hits.length) list.append(word("li", "no_hits"));
      box.append(list); MAIN.append(box);
    }
    MAIN.append(word("h1", "chains"));
    const grid = el("div", "chain-grid");
    for (const c of data.chains) {
      const card = el("article", "chain-card");
      card.append(link("/chain", { name: c.name }, c.name, "chain-name"));
      if (c.name_en) card.append(el("div", "name-en", c.name_en));
      const badges = el("div", "badges");
      badges.append(badge("products", c.products, "strength"), badge("enterprises", c.enterprises, "strength"));
      if (c.gaps) badges.append(badge("gaps", c.gaps, "gap"));
      if (c.thin) badges.append(badge("thin", c.thin, "thin"));
      if (c.bottlenecks) badges.append(badge("bottlenecks", c.bottlenecks, "bottleneck"));
      card.append(badges); grid.append(card);
    }
    MAIN.append(grid); applyWords(MAIN);
  };
  RERENDER = draw; draw();
}

/* chain: stage bands, 空白 slots, badges, region picker, the report's analysis */
async function chainPage() {
  const data = await api("chain", { name: PARAMS.get("name") || "", region: PARAMS.get("region") || "" });
  const draw = () => {
    MAIN.replaceChildren();
    const head = el("div", "chain-head");
    head.append(el("h1", null, data.chain.name));
    if (data.chain.name_en) head.append(el("span", "name-en", data.chain.name_en));
    const picker = el("select", "region-picker"); picker.id = "region";
    const any = el("option", null, t("anywhere")); any.value = ""; picker.append(any);
    for (const r of data.regions) { const o = el("option", null, r); o.value = r; o.selected = r === data.region; picker.append(o); }
    picker.addEventListener("change", () => { location.href = href("/chain", picker.value ? { name: data.chain.name, region: picker.value } : { name: data.chain.name }); });
    const label = el("label"); label.append(word("span", "region"), " ", picker); head.append(label);
    MAIN.append(head);
    const bands = el("div", "bands");
    for (const band of data.stages) {
      const section = el("section", "band stage-" + (band.stage || "none"));
      section.append(word("h2", band.stage || "no_stage"));
      const columns = el("div", "columns");
      const byDepth = new Map();
      for (const p of band.products) { if (!byDepth.has(p.depth)) byDepth.set(p.depth, []); byDepth.get(p.depth).push(p); }
      for (const [, products] of [...byDepth.entries()].sort((a, b) => a[0] - b[0])) {
        const column = el("div", "column");
        for (const p of products) column.append(productCard(p, data.region));
        columns.append(column);
      }
      section.append(columns); bands.append(section);
    }
    MAIN.append(bands, analysis(data));
    applyWords(MAIN);
  };
  RERENDER = draw; draw();
}

function productCard(p, region) {
  const card = el("div", "product status-" + (p.status || "ok"));
  card.dataset.product = p.name;
  card.append(nodeLink(p.id, p.name));
  const badges = el("div", "badges");
  if (p.status === "gap") badges.append(badge("gap", undefined, "gap"));
  if (p.status === "thin") badges.append(badge("thin_one", undefined, "thin"));
  if (p.maker_count === 1) badges.append(badge("single_maker", undefined, "single"));
  card.append(badges);
  if (p.status === "gap") { const slot = el("div", "slot"); slot.append("空白 · ", word("span", "no_maker"), region ? " · " + region : ""); card.append(slot); }
  const makers = el("ul", "makers");
  for (const m of p.makers) { const li = el("li"); li.append(nodeLink(m.id, m.name)); makers.append(li); }
  if (p.maker_count > p.makers.length) { const li = el("li", "more"); li.append("+" + (p.maker_count - p.makers.length) + " ", word("span", "makers")); makers.append(li); }
  card.append(makers);
  for (const tech of p.blocked_by) {
    const tb = el("div", "tech tech-" + tech.status); tb.append(word("span", "blocked_by"), " ", nodeLink(tech.id, tech.name), " · ", word("span", tech.status));
    card.append(tb);
  }
  return card;
}

function analysis(data) {
  const box = el("section", "analysis"); box.append(word("h2", "analysis"));
  if (!data.report) { box.append(word("p", "no_report")); return box; }
  const a = data.analysis;
  box.append(word("h3", "completeness"));
  const table = el("table", "completeness");
  for (const r of a.completeness) {
    const row = el("tr"); const miss = el("td", "missing", (r.missing || []).join("、"));
    row.append(el("td", null, r.region), el("td", "share", Math.round(r.share * 100) + "%"), el("td", null, r.local + "/" + r.products), miss);
    table.append(row);
  }
  box.append(table, word("h3", "bottlenecks"));
  const techs = el("ul", "bottleneck-list");
  for (const b of a.bottlenecks) {
    const li = el("li", "tech-" + b.status); li.append(el("span", "tech-name", b.name), " · ", word("span", b.status));
    if (b.broken_by.length) li.append(" · ", word("span", "broken_by"), " ", b.broken_by.join("、"));
    li.append(" ", el("code", "where", b.evidence)); techs.append(li);
  }
  box.append(techs, word("h3", "critical"));
  const chips = el("div", "suppliers");
  for (const s of a.critical_suppliers) {
    const chip = link("/node", { id: s.id }, s.supplier, "supplier");
    chip.style.fontSize = (0.85 + 0.9 * s.importance).toFixed(2) + "em";
    chip.title = s.dependents + " " + t("dependents") + ", " + s.customers + " " + t("customers");
    chips.append(chip);
  }
  box.append(chips, word("h3", "concentration"));
  const hhi = el("table", "hhi");
  for (const c of a.concentration) {
    const row = el("tr"); row.append(el("td", null, c.product), el("td", null, Math.round(c.hhi)), el("td", null, c.largest + " " + Math.round(c.largest_share * 100) + "%"));
    hhi.append(row);
  }
  box.append(hhi);
  return box;
}

/* node: start from one node, expand by relation type and direction, evidence of every edge */
async function nodePage() {
  const start = PARAMS.get("id") || "";
  const layout = el("div", "node-layout"), canvas = el("div", "canvas"), panel = el("aside", "panel");
  canvas.id = "graph"; layout.append(canvas, panel); MAIN.replaceChildren(layout);
  const g = newNetwork(canvas);
  const expanded = new Set(), edgeInfo = new Map();
  window.chainkgExplorer = { nodes: () => g.nodes.getIds(), edges: () => g.edges.get().map(e => [e.from, e.to, e.type]) };
  async function select(id) {
    const node = await api("node", { id: id });
    if (!g.nodes.get(id)) g.nodes.add(visNode(id, node.name, node.label, 0, 0));
    panel.replaceChildren();
    panel.append(el("h1", null, node.name), el("div", "label", node.label));
    if (node.label === "Chain") panel.append(link("/chain", { name: node.name }, "→ " + t("open_page")));
    else if (id !== start) panel.append(link("/node", { id: id }, "→ " + t("open_page")));
    if (node.aliases.length) { panel.append(word("h3", "aliases"), el("p", "aliases", node.aliases.join("、"))); }
    panel.append(word("h3", "properties"), propertyTable(node.properties), word("h3", "evidence"), evidenceList(node.evidence));
    panel.append(word("h3", "relations"));
    const menu = el("div", "menu");
    for (const r of node.relations) {
      const button = el("button", "expand");
      button.type = "button"; button.dataset.type = r.type; button.dataset.dir = r.direction;
      button.append((r.direction === "out" ? "→ " : "← ") + r.type + " ", el("span", "label", r.label), " (" + r.count + ")");
      button.disabled = expanded.has(id + "|" + r.type + "|" + r.direction);
      button.addEventListener("click", () => expand(id, r.type, r.direction).then(() => { button.disabled = true; }).catch(fail));
      menu.append(button);
    }
    panel.append(menu, word("h3", "edges"));
    const list = el("ul", "edge-list");
    for (const [, e] of edgeInfo) if (e.from === id || e.to === id) list.append(edgeItem(e));
    panel.append(list); applyWords(panel);
  }
  async function expand(id, type, direction) {
    const key = id + "|" + type + "|" + direction;
    if (expanded.has(key)) return;
    expanded.add(key);
    const data = await api("expand", { id: id, type: type, dir: direction });
    const at = g.network.getPositions([id])[id] || { x: 0, y: 0 };
    const fresh = data.edges.filter(e => !g.nodes.get(e.id));
    const radius = 140 + 6 * fresh.length, turn = (expanded.size * 0.7) % (2 * Math.PI);
    fresh.forEach((e, i) => {
      const angle = turn + 2 * Math.PI * i / Math.max(fresh.length, 1);
      g.nodes.add(visNode(e.id, e.name, e.label, at.x + radius * Math.cos(angle), at.y + radius * Math.sin(angle)));
    });
    for (const e of data.edges) {
      const from = direction === "out" ? id : e.id, to = direction === "out" ? e.id : id;
      const edgeId = from + "|" + type + "|" + to + "|" + edgeInfo.size;
      const info = { from: from, to: to, type: type, name: e.name, properties: e.properties, evidence: e.evidence };
      edgeInfo.set(edgeId, info);
      g.edges.add({ id: edgeId, from: from, to: to, type: type, label: type });
    }
    document.body.dataset.nodes = String(g.nodes.length);
    if (data.more) showError(t("limited") + " " + data.edges.length);
    await select(id);
  }
  function edgeItem(e) {
    const li = el("li", "edge");
    const fromName = (g.nodes.get(e.from) || {}).label || e.from, toName = (g.nodes.get(e.to) || {}).label || e.to;
    li.append(nodeLink(e.from, fromName), " —" + e.type + "→ ", nodeLink(e.to, toName));
    if (Object.keys(e.properties).length) li.append(propertyTable(e.properties));
    li.append(evidenceList(e.evidence));
    return li;
  }
  g.network.on("click", (ev) => {
    if (ev.nodes.length) select(ev.nodes[0]).catch(fail);
    else if (ev.edges.length) { panel.replaceChildren(word("h3", "evidence"), edgeItem(edgeInfo.get(ev.edges[0]))); applyWords(panel); }
  });
  g.network.on("doubleClick", (ev) => {
    if (!ev.nodes.length) return;
    api("node", { id: ev.nodes[0] }).then(n => Promise.all(n.relations.map(r => expand(ev.nodes[0], r.type, r.direction)))).catch(fail);
  });
  await select(start);
  g.network.fit();
  RERENDER = () => applyWords();
}

/* path finder */
async function pathPage() {
  const form = el("form", "path-form"); form.action = "/path"; form.method = "get";
  for (const key of ["source", "target"]) {
    const label = el("label"); label.append(word("span", key)); const input = el("input"); input.name = key; input.value = PARAMS.get(key) || "";
    input.maxLength = 200; input.required = true; label.append(" ", input); form.append(label);
  }
  const go = word("button", "find"); go.type = "submit"; form.append(go);
  MAIN.replaceChildren(form);
  if (!PARAMS.get("source") || !PARAMS.get("target")) return;
  const data = await api("path", { source: PARAMS.get("source"), target: PARAMS.get("target") });
  if (data.hops === null) { MAIN.append(word("p", "no_path", "no-path")); return; }
  MAIN.append(el("p", "hops", data.hops + " " + t("hops")));
  const canvas = el("div", "canvas path-canvas"); MAIN.append(canvas);
  const g = newNetwork(canvas);
  data.nodes.forEach((n, i) => g.nodes.add(visNode(n.id, n.name, n.label, i * 220, 0)));
  data.edges.forEach((e, i) => g.edges.add({ id: "e" + i, from: e.source, to: e.target, label: (e.properties || {}).product || e.type }));
  g.network.fit();
  const list = el("ol", "path-list");
  for (const e of data.edges) {
    const li = el("li"); li.append(nodeLink(e.source, e.source.split(":").slice(1).join(":")), " → ", nodeLink(e.target, e.target.split(":").slice(1).join(":")));
    if (Object.keys(e.properties).length) li.append(propertyTable(e.properties));
    li.append(evidenceList(e.evidence)); list.append(li);
  }
  MAIN.append(list);
}

/* query page: forms from the library's // params: headers; rows as a table and a picture */
async function queryPage() {
  const library = (await api("queries")).queries;
  const name = PARAMS.get("name");
  const chosen = library.find(q => q.name === name);
  if (!chosen) {
    MAIN.replaceChildren(word("h1", "queries"));
    const list = el("dl", "query-list");
    for (const q of library) { const dt = el("dt"); dt.append(link("/query", { name: q.name }, q.name)); list.append(dt, el("dd", null, q.doc)); }
    MAIN.append(list); return;
  }
  const form = el("form", "query-form"); form.action = "/query"; form.method = "get";
  const hidden = el("input"); hidden.type = "hidden"; hidden.name = "name"; hidden.value = chosen.name; form.append(hidden);
  form.append(el("h1", null, chosen.name), el("p", "doc", chosen.doc));
  for (const p of chosen.params) {
    const label = el("label", null, p.name + " (" + p.type + ")"); if (p.optional) label.append(" ", word("span", "optional"));
    const input = el("input"); input.name = "p." + p.name; input.value = PARAMS.get("p." + p.name) || ""; input.maxLength = 500;
    label.append(" ", input); form.append(label);
  }
  const run = word("button", "run"); run.type = "submit"; form.append(run);
  MAIN.replaceChildren(form);
  if (!PARAMS.has("run") && chosen.params.some(p => !p.optional) && !chosen.params.some(p => PARAMS.get("p." + p.name))) return;
  const given = { name: chosen.name };
  for (const [k, v] of PARAMS) if (k.startsWith("p.") && v) given[k] = v;
  const data = await api("query", given);
  const bar = el("div", "downloads"); bar.append(el("span", "count", data.rows.length + " " + t("rows")), " ");
  for (const fmt of ["csv", "json"]) { const a = link("/api/query", { ...given, format: fmt }, t("download") + " " + fmt.toUpperCase(), "download"); a.download = chosen.name + "." + fmt; bar.append(a, " "); }
  MAIN.append(bar, resultPicture(data), resultTable(data));
}

function resultTable(data) {
  const table = el("table", "rows"); table.id = "result";
  const head = el("tr"); for (const c of data.columns) head.append(el("th", null, c)); table.append(head);
  for (const row of data.rows) {
    const tr = el("tr");
    for (const v of row) tr.append(el("td", null, v === null ? "" : (typeof v === "object" ? JSON.stringify(v) : v)));
    table.append(tr);
  }
  return table;
}

function resultPicture(data) {
  /* each row's first text value linked to its other text values (lists included): at most 300 rows */
  const canvas = el("div", "canvas query-canvas");
  const g = newNetwork(canvas);
  const texts = (v) => Array.isArray(v) ? v.filter(x => typeof x === "string" && x) : (typeof v === "string" && v ? [v] : []);
  const add = (name, i) => { if (!g.nodes.get(name)) { const a = 2.4 * g.nodes.length, r = 30 * Math.sqrt(g.nodes.length); g.nodes.add(visNode(name, name, i ? "Product" : "Enterprise", r * Math.cos(a), r * Math.sin(a))); } };
  data.rows.slice(0, 300).forEach((row) => {
    const values = row.map(texts);
    const first = values.findIndex(v => v.length);
    if (first < 0) return;
    const head = values[first][0]; add(head, 0);
    values.forEach((vs, i) => { if (i !== first) for (const v of vs.slice(0, 20)) { add(v, 1); if (v !== head) g.edges.add({ from: head, to: v, label: data.columns[i] }); } });
  });
  setTimeout(() => g.network.fit(), 0);
  return canvas;
}

document.getElementById("lang").addEventListener("click", () => { toggleLanguage(); if (RERENDER) RERENDER(); });
wireSearch();
applyWords();
const PAGES = { home: homePage, chain: chainPage, node: nodePage, path: pathPage, query: queryPage };
(PAGES[document.body.dataset.page] || homePage)().then(ready, fail);
