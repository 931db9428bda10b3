/* The explorer's words in Chinese and English; the toggle is kept in localStorage. */
"use strict";
const WORDS = {
  brand: ["产业链图谱", "Chain graph"], nav_home: ["产业链", "Chains"], nav_path: ["供应路径", "Supply path"],
  nav_query: ["查询", "Queries"], search_hint: ["搜索企业、产品、别名…", "Search any node or alias…"],
  chains: ["产业链", "Chains"], products: ["产品", "products"], enterprises: ["企业", "enterprises"],
  clusters: ["集群", "clusters"], gaps: ["空白", "gaps"], thin: ["薄弱", "thin"], bottlenecks: ["卡脖子", "bottlenecks"],
  gap: ["空白", "gap"], thin_one: ["薄弱 · 单一来源", "thin · single source"], single_maker: ["单一制造商", "single maker"],
  upstream: ["上游", "upstream"], midstream: ["中游", "midstream"], downstream: ["下游", "downstream"],
  no_stage: ["未注明环节", "stage not given"], makers: ["制造商", "makers"], more: ["更多", "more"],
  no_maker: ["无本地来源", "no local source"], region: ["地区", "region"], anywhere: ["全部地区", "anywhere"],
  completeness: ["完整度", "completeness"], critical: ["关键供应商", "critical suppliers"],
  dependents: ["依赖企业", "dependents"], customers: ["客户", "customers"], concentration: ["供应集中度 (HHI)", "supplier concentration (HHI)"],
  status: ["状态", "status"], broken_by: ["突破者", "broken through by"], missing: ["缺失", "missing"],
  analysis: ["分析", "analysis"], evidence: ["证据", "evidence"], properties: ["属性", "properties"], aliases: ["别名", "aliases"],
  relations: ["关系（点击展开）", "relations (click to expand)"], edges: ["已展开的边", "expanded edges"],
  open_page: ["打开页面", "open page"], source: ["起点企业", "from enterprise"], target: ["终点企业", "to enterprise"],
  find: ["查找", "find"], hops: ["跳", "hops"], no_path: ["没有供应路径（10 跳以内）", "no supply path (within 10 hops)"],
  run: ["运行", "run"], rows: ["行", "rows"], download: ["下载", "download"], optional: ["可选", "optional"],
  queries: ["查询库", "query library"], no_hits: ["没有找到", "nothing found"], search: ["搜索", "search"],
  sentence: ["句", "sentence"], out: ["出", "out"], in: ["入", "in"], limited: ["只显示前", "only the first"],
  no_report: ["此目录没有 report.json：运行 chainkg report DIR", "this folder has no report.json: run chainkg report DIR"],
  unsolved: ["未解决", "unsolved"], tackling: ["攻关中", "tackling"], breakthrough: ["已突破", "breakthrough"],
  blocked_by: ["受制于", "blocked by"], picture: ["图", "picture"], table: ["表", "table"], loading: ["加载中…", "loading…"],
  label: ["类型", "label"], none: ["无", "none"], results_for: ["搜索结果", "results for"],
};
let LANG = (() => { try { return localStorage.getItem("chainkg-lang") || "zh"; } catch (e) { return "zh"; } })();
function t(key) { const w = WORDS[key]; return w ? w[LANG === "en" ? 1 : 0] : key; }
function applyWords(root) {
  document.documentElement.lang = LANG === "en" ? "en" : "zh";
  for (const node of (root || document).querySelectorAll("[data-i18n]")) node.textContent = t(node.dataset.i18n);
  for (const node of (root || document).querySelectorAll("[data-i18n-placeholder]")) node.placeholder = t(node.dataset.i18nPlaceholder);
  const toggle = document.getElementById("lang");
  if (toggle) toggle.textContent = LANG === "en" ? "中文" : "EN";
}
function toggleLanguage() {
  LANG = LANG === "en" ? "zh" : "en";
  try { localStorage.setItem("chainkg-lang", LANG); } catch (e) { /* private mode */ }
  applyWords();
}
