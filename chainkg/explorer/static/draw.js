/* Building the page: every value from the graph goes in as text (textContent, vis-network's canvas). */
"use strict";
function el(tag, cls, text) {
  const node = document.createElement(tag);
  if (cls) node.className = cls;
  if (text !== undefined && text !== null) node.textContent = String(text);
  return node;
}
function word(tag, key, cls) { const node = el(tag, cls, t(key)); node.dataset.i18n = key; return node; }
function href(path, params) { return path + "?" + new URLSearchParams(params).toString(); }
function link(path, params, text, cls) { const a = el("a", cls, text); a.href = href(path, params); return a; }
function nodeLink(id, name) {
  const label = String(id).split(":", 1)[0];
  if (label === "Chain") return link("/chain", { name: name }, name, "node-link chain");
  return link("/node", { id: id }, name, "node-link");
}
function badge(key, value, cls) {
  const b = el("span", "badge " + (cls || key));
  b.append(value === undefined ? "" : String(value) + " ", word("span", key));
  return b;
}
function showError(text) {
  const box = document.getElementById("error");
  box.textContent = text; box.hidden = !text;
}
async function api(path, params) {
  const response = await fetch(href("/api/" + path, params || {}), { headers: { accept: "application/json" } });
  const data = await response.json();
  if (!response.ok) throw new Error(data.error || ("HTTP " + response.status));
  return data;
}
function evidenceList(records) {
  const list = el("ul", "evidence");
  for (const r of records || []) {
    const item = el("li");
    item.append(el("code", "where", r.where || "?"));
    if (r.sentence !== null && r.sentence !== undefined) item.append(" ", el("span", "sentence-no", "#" + r.sentence));
    if (r.note) item.append(" ", el("span", "note", r.note));
    if (r.rule) item.append(" ", el("span", "rule", r.rule));
    if (r.text) item.append(el("q", "sentence", r.text));
    list.append(item);
  }
  return list;
}
function propertyTable(props) {
  const table = el("table", "props");
  for (const [key, value] of Object.entries(props || {})) {
    const row = el("tr");
    row.append(el("th", null, key), el("td", null, Array.isArray(value) ? value.join("、") : value));
    table.append(row);
  }
  return table;
}
const COLORS = { Chain: "#e15759", Product: "#f28e2b", Enterprise: "#4e79a7", Cluster: "#59a14f", Region: "#76b7b2",
  Park: "#9c755f", Technology: "#b07aa1", Project: "#edc948", Document: "#bab0ac", Industry: "#ff9da7" };
function visNode(id, name, label, x, y) {
  return { id: id, label: String(name).length > 40 ? String(name).slice(0, 39) + "…" : String(name), group: label,
    color: COLORS[label] || "#97c2fc", shape: label === "Chain" ? "box" : "dot", size: 14, x: x, y: y,
    font: { face: "Noto Sans CJK SC, Source Han Sans SC, PingFang SC, Microsoft YaHei, WenQuanYi Micro Hei, sans-serif" } };
}
function newNetwork(container) {
  const nodes = new vis.DataSet(), edges = new vis.DataSet();
  const network = new vis.Network(container, { nodes: nodes, edges: edges }, {
    physics: false, interaction: { hover: true, tooltipDelay: 1e9 },
    edges: { arrows: { to: { enabled: true, scaleFactor: 0.5 } }, font: { size: 10, align: "middle" }, color: { color: "#999" } },
  });
  return { network: network, nodes: nodes, edges: edges };
}
