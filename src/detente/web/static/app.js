// detente dashboard: charts drawn by Vega-Lite (served from the package) from the page's data.
"use strict";

const TYPE_COLORS = {
  AGREE: "#1b9e77", CONSULT: "#66a61e", SUPPORT: "#2ca02c", CONCEDE: "#8c6d31",
  COOPERATE: "#17becf", AID: "#1f77b4", RETREAT: "#9467bd", REQUEST: "#bcbd22",
  ACCUSE: "#e377c2", REJECT: "#d62728", THREATEN: "#ff7f0e", PROTEST: "#e7298a",
  SANCTION: "#7f3b08", MOBILIZE: "#525252", COERCE: "#a50f15", ASSAULT: "#67000d",
};
const SHAPES = { asserted: "circle", planned: "triangle-up", hypothetical: "diamond", negated: "cross" };
const PHASE_COLORS = { warm: "#4daf4a", cool: "#999999", hostile: "#e41a1c" };

function pageData() {
  const node = document.getElementById("page-data");
  return node ? JSON.parse(node.textContent) : null;
}

function placedOn(date) {
  // the day an event counts on (detente.relations.placed_on): a reported window on its end
  if (!date) return null;
  if (date.basis === "reported" && date.end) return date.end;
  return date.start || date.end;
}

function addDay(iso) {
  const d = new Date(iso + "T00:00:00Z");
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

function dyadRows(relation) {
  const periods = [];
  const events = [];
  let run = 0;
  let previousEnd = null;
  relation.timeline.forEach((p) => {
    if (previousEnd !== null && addDay(previousEnd) < p.start) run += 1; // a gap, never a line
    previousEnd = p.end;
    if (p.score !== null) periods.push({ start: p.start, end: p.end, score: p.score, run: run, n: p.n_events });
    p.events.forEach((e) => {
      events.push({
        id: e.event_id, day: placedOn(e.date), on: placedOn(e.date), score: e.score, type: e.type, modality: e.modality,
        what: `${e.source} ${e.type} ${e.target}`, source: e.source, target: e.target,
        basis: e.date.basis || "none", date_text: e.date.text || "", outlets: e.outlets.join(", "),
        claimed_by: e.claimed_by.join(", "), url: e.url || "", article_id: e.article_id,
        evidence: e.evidence, scope: e.scope, period: p.start,
      });
    });
  });
  const turning = new Set(relation.phases.filter((p) => p.turning_event).map((p) => p.turning_event.event_id));
  const phases = relation.phases.map((p) => ({ start: p.start, end: addDay(p.end), sign: p.sign }));
  return { periods, events, phases, turning: events.filter((e) => turning.has(e.id)) };
}

function dyadSpec(rows, title) {
  const x = { type: "temporal", title: "date (event's day; score per period)" };
  const types = [...new Set(rows.events.map((e) => e.type))].sort();
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title: title, width: "container", height: 320,
    layer: [
      { data: { values: rows.phases }, mark: { type: "rect", opacity: 0.12 },
        encoding: { x: { field: "start", ...x }, x2: { field: "end" },
          color: { field: "sign", type: "nominal", title: "phase",
            scale: { domain: Object.keys(PHASE_COLORS), range: Object.values(PHASE_COLORS) } } } },
      { data: { values: rows.periods }, mark: { type: "line", color: "#333", point: false },
        encoding: { x: { field: "start", ...x }, y: { field: "score", type: "quantitative",
          title: "score (−10 hostile .. +10 cooperative)", scale: { domain: [-10, 10] } },
          detail: { field: "run" } } },
      { data: { values: rows.turning }, mark: { type: "point", size: 420, strokeWidth: 2, color: "#000", filled: false },
        name: "turning", encoding: { x: { field: "day", ...x }, y: { field: "score", type: "quantitative" },
          tooltip: [{ field: "what", title: "turning event" }] } },
      { data: { values: rows.events }, name: "events",
        mark: { type: "point", filled: true, size: 110, opacity: 0.9, cursor: "pointer" },
        encoding: {
          x: { field: "day", ...x }, y: { field: "score", type: "quantitative" },
          color: { field: "type", type: "nominal", title: "event type",
            scale: { domain: types, range: types.map((t) => TYPE_COLORS[t] || "#444") } },
          shape: { field: "modality", type: "nominal", title: "modality",
            scale: { domain: Object.keys(SHAPES), range: Object.values(SHAPES) } },
          tooltip: [{ field: "what" }, { field: "day", title: "date" }, { field: "modality" }, { field: "score" }],
        } },
    ],
    resolve: { scale: { color: "independent" } },
  };
}

function text(id, value) {
  document.getElementById(id).textContent = value;
}

async function showEvent(e) {
  document.getElementById("event-hint").hidden = true;
  document.getElementById("event-detail").hidden = false;
  text("event-what", e.what + (e.scope === "state" ? " (state scope)" : ""));
  text("event-date", `${e.on || "undated"} (${e.basis}${e.date_text ? `: “${e.date_text}”` : ""})`);
  text("event-score", e.score.toFixed(1));
  text("event-modality", e.modality);
  text("event-claimant", e.claimed_by || "—");
  text("event-outlets", e.outlets || "—");
  const link = document.getElementById("event-article");
  link.replaceChildren();
  if (e.article_id) {
    const a = document.createElement("a");
    a.href = `/articles/${e.article_id}`;
    a.textContent = `article ${e.article_id}`;
    link.append(a);
  }
  if (e.url) link.append(" · ", Object.assign(document.createElement("a"), { href: e.url, textContent: e.url, rel: "noreferrer nofollow" }));
  const box = document.getElementById("event-article-text");
  box.textContent = "loading the article …";
  const answer = await fetch(`/api/articles/${e.article_id}`);
  if (!answer.ok) { box.textContent = e.evidence; return; }
  const article = await answer.json();
  const stored = article.events.find((x) => x.id === e.id);
  box.replaceChildren();
  let start = stored ? stored.evidence_start : article.text.indexOf(e.evidence);
  let end = stored ? stored.evidence_end : start + e.evidence.length;
  if (start < 0) { start = 0; end = 0; }
  const mark = document.createElement("mark");
  mark.id = "evidence";
  mark.textContent = article.text.slice(start, end);
  box.append(article.text.slice(0, start), mark, article.text.slice(end));
  mark.scrollIntoView({ block: "nearest" });
}

function download(name, type, content) {
  const a = document.createElement("a");
  a.href = typeof content === "string" && content.startsWith("data:") ? content : URL.createObjectURL(new Blob([content], { type }));
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
}

function csvOf(events) {
  const fields = ["id", "day", "source", "type", "target", "score", "modality", "basis", "outlets", "claimed_by", "url", "evidence"];
  const cell = (v) => `"${String(v ?? "").replaceAll('"', '""')}"`;
  return [fields.join(","), ...events.map((e) => fields.map((f) => cell(e[f])).join(","))].join("\n") + "\n";
}

async function drawDyad(data) {
  const rows = dyadRows(data.relation);
  const title = `${data.relation.a.name} ↔ ${data.relation.b.name}, by ${data.relation.by}`;
  const result = await vegaEmbed("#chart", dyadSpec(rows, title), { renderer: "svg", actions: false });
  window.detenteView = result.view;
  result.view.addEventListener("click", (_event, item) => {
    if (item && item.datum && item.datum.evidence !== undefined) showEvent(item.datum);
  });
  document.getElementById("chart").dataset.drawn = String(rows.events.length);
  const slug = `${data.relation.a.name}-${data.relation.b.name}`.replace(/[^A-Za-z0-9]+/g, "-");
  document.getElementById("export-png").addEventListener("click", async () => download(`${slug}.png`, "image/png", await result.view.toImageURL("png")));
  document.getElementById("export-csv").addEventListener("click", () => download(`${slug}.csv`, "text/csv", csvOf(rows.events)));
}

async function drawNetwork(actor) {
  const n = actor.counterparts.length;
  const nodes = actor.counterparts.map((c, i) => {
    const angle = (2 * Math.PI * i) / Math.max(n, 1);
    return { name: c.actor.name, id: c.actor.id, score: c.current, events: c.n_events, x: Math.cos(angle), y: Math.sin(angle) };
  });
  const center = { name: actor.name, x: 0, y: 0 };
  const links = nodes.map((d) => ({ x: 0, y: 0, x2: d.x, y2: d.y, score: d.score }));
  const axis = { type: "quantitative", axis: null, scale: { domain: [-1.4, 1.4] } };
  const color = { field: "score", type: "quantitative", title: "current score",
    scale: { domain: [-10, 0, 10], range: ["#d62728", "#dddddd", "#2ca02c"] } };
  const spec = {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json", width: 480, height: 480,
    layer: [
      { data: { values: links }, mark: { type: "rule", strokeWidth: 2 },
        encoding: { x: { field: "x", ...axis }, y: { field: "y", ...axis }, x2: { field: "x2" }, y2: { field: "y2" }, color } },
      { data: { values: nodes }, name: "counterparts", mark: { type: "circle", stroke: "#333" },
        encoding: { x: { field: "x", ...axis }, y: { field: "y", ...axis }, color,
          size: { field: "events", type: "quantitative", title: "events", scale: { range: [80, 900] } },
          href: { field: "href" }, tooltip: [{ field: "name" }, { field: "score" }, { field: "events" }] } },
      { data: { values: nodes }, mark: { type: "text", dy: -16 }, encoding: { x: { field: "x", ...axis }, y: { field: "y", ...axis }, text: { field: "name" } } },
      { data: { values: [center] }, mark: { type: "text", fontWeight: "bold", fontSize: 14 }, encoding: { x: { field: "x", ...axis }, y: { field: "y", ...axis }, text: { field: "name" } } },
    ],
    config: { view: { stroke: null } },
  };
  nodes.forEach((d) => { d.href = `/dyad?a=%23${actor.id}&b=%23${d.id}`; });
  await vegaEmbed("#network", spec, { renderer: "svg", actions: false });
}

document.addEventListener("DOMContentLoaded", () => {
  const data = pageData();
  if (!data) return;
  if (document.getElementById("chart") && data.relation) drawDyad(data);
  if (document.getElementById("network") && data.counterparts) drawNetwork(data);
});
