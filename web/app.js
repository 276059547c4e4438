/* app.js - the analysts' pages (docs/api.md): screen a name, check a
 * transaction, upload a customer file, review alerts, list changes, a
 * party's ownership graph.  Plain DOM, no framework; one view per hash route
 * (#screen, #check, #upload, #review, #changes, #party/ID).  Text from the
 * server is only ever set as text (textContent / text nodes), never parsed
 * as HTML. */
"use strict";

const BATCH = 1000;            /* records per POST /v1/screen (server limit) */
const UPLOAD_RETRIES = 5;      /* a busy server's 503/429, per batch */
const KEY_ITEM = "clearance-key";
const SHOW_ROWS = 500;         /* upload results shown on the page; the CSV has all */

const $ = (id) => document.getElementById(id);

function el(tag, attrs, ...kids) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) if (v != null && v !== false) e.setAttribute(k, v);
  for (const k of kids) if (k != null && k !== "") e.append(k);
  return e;
}

const SVG = "http://www.w3.org/2000/svg";
function svg(tag, attrs, ...kids) {
  const e = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
  for (const k of kids) e.append(k);
  return e;
}

/* A customer id linked to its party page (ownership paths). */
function partyLink(id) {
  if (!id) return "";
  return el("a", {href: "#party/" + encodeURIComponent(id), title: "ownership paths of " + id}, id);
}

function fmtScore(x) { return x == null ? "" : Number(x).toFixed(3); }
function fmtPct(x) { return x == null ? "" : (Math.round(Number(x) * 100) / 100) + "%"; }
function plural(n, one, many) { return n + " " + (n === 1 ? one : (many || one + "s")); }
function human(s) { return String(s || "").replace(/_/g, " "); }

/* "Entity List (EL) - Bureau of Industry and Security" -> "EL" */
function shortSource(s) {
  const m = /\(([A-Z][A-Z0-9-]*)\)/.exec(s || "");
  return m ? m[1] : (s || "?");
}

function message(kind, text) {
  return el("p", {class: "msg " + kind, role: kind === "err" ? "alert" : null}, text);
}

/* ---- the API -------------------------------------------------------- */

function apiKey() { return sessionStorage.getItem(KEY_ITEM) || ""; }

/* Resolves to {ok, status, data, error, field}; never throws. */
async function api(method, path, body) {
  const headers = {};
  const key = apiKey();
  if (key) headers.Authorization = "Bearer " + key;
  if (body !== undefined) headers["Content-Type"] = "application/json";
  let r;
  try {
    r = await fetch(path, {method, headers, body: body === undefined ? undefined : JSON.stringify(body)});
  } catch (e) {
    return {ok: false, status: 0, error: "network error: " + e.message};
  }
  let data = null;
  try { data = await r.json(); } catch (e) { /* not JSON */ }
  if (r.ok && data) return {ok: true, status: r.status, data};
  const retryAfter = Number(r.headers.get("Retry-After")) || 0;
  /* errors: {"error":"...","field":"..."} or {"error":{"message","field"}} */
  const e = data && data.error;
  let error = typeof e === "string" ? e : (e && e.message) || "HTTP " + r.status;
  const field = (data && data.field) || (e && e.field) || "";
  if (r.status === 404 && !data) error = "not found";
  if (r.status === 401) error += " - enter an API key above";
  return {ok: false, status: r.status, error, field, retryAfter};
}

/* An error paragraph; a route the server lacks says so plainly. */
function apiError(res, what) {
  if (res.status === 404 && /no such route/.test(res.error))
    return el("p", {class: "msg warn unavailable", "data-status": "404"},
      "This server does not offer " + what + " (404: " + res.error + ").");
  return el("p", {class: "msg err", role: "alert", "data-status": String(res.status)},
    what + ": " + res.error + (res.field ? " (field " + res.field + ")" : ""));
}

/* ---- screen ------------------------------------------------------------ */

function fold(w) {
  return w.toLowerCase().normalize("NFKD").replace(/[\u0300-\u036f]/g, "").replace(/[^\p{L}\p{N}]/gu, "");
}

/* Whether a word of the listed name is the surface form of a normalised
 * token: the same, a prefix ("tech" - "technology"), a shared stem
 * ("technologies" - "technology") or an abbreviation ("ltd" - "limited"). */
function spells(word, tok) {
  if (!word || word.length < 2) return word === tok;
  if (word === tok || tok.startsWith(word)) return true;
  let k = 0;
  while (k < word.length && word[k] === tok[k]) k++;
  if (k >= 5 && k >= 0.75 * Math.min(word.length, tok.length)) return true;
  if (word[0] !== tok[0] || word.length > tok.length) return false;
  let j = 0;
  for (const c of tok) if (c === word[j]) j++;
  return j === word.length;
}

/* The listed name with the words the explanation matched highlighted.  The
 * explanation gives normalised tokens, not offsets: a token marks the words
 * it equals, else the first unmarked word that spells it, else the
 * consecutive words whose initials spell it ("ai" - "Artificial Intelligence"). */
function highlight(text, tokens) {
  const parts = text.split(/(\s+)/), words = parts.map(fold), how = new Array(parts.length).fill(null);
  const todo = [];
  for (const t of tokens)
    if (t.listed && t.how !== "unmatched")
      for (const w of t.listed.split(" ")) {
        let found = false;
        words.forEach((n, i) => { if (n && n === w) { how[i] = t.how; found = true; } });
        if (!found) todo.push([w, t.how]);
      }
  for (const [w, h] of todo) {
    const i = words.findIndex((n, k) => !how[k] && n && spells(n, w));
    if (i >= 0) { how[i] = h; continue; }
    for (let i = 0; w.length > 1 && i < parts.length; i++) {
      let k = 0, j = i;
      while (k < w.length && j < parts.length && words[j] && words[j][0] === w[k]) { k++; j += 2; }
      if (k === w.length) { for (let m = i; m < j; m += 2) how[m] = how[m] || h; break; }
    }
  }
  const frag = document.createDocumentFragment();
  parts.forEach((p, i) => frag.append(how[i] ? el("mark", {class: how[i], title: "matched: " + human(how[i])}, p) : p));
  return frag;
}

function tokenTable(tokens) {
  const body = el("tbody");
  for (const m of tokens) {
    const q = m.query || "-", l = m.listed || "-", un = m.how === "unmatched";
    body.append(el("tr", {class: un ? "unmatched" : null},
      el("td", {}, un ? q : el("mark", {class: m.how}, q)),
      el("td", {}, un ? l : el("mark", {class: m.how}, l)),
      el("td", {}, human(m.how)),
      el("td", {class: "num"}, m.similarity != null ? Number(m.similarity).toFixed(2) : "")));
  }
  return el("table", {class: "tokens"},
    el("caption", {class: "sr-only"}, "How each word of the query matched"),
    el("thead", {}, el("tr", {}, el("th", {scope: "col"}, "query word"), el("th", {scope: "col"}, "listed word"),
      el("th", {scope: "col"}, "how"), el("th", {scope: "col", class: "num"}, "similarity"))),
    body);
}

/* Evidence beyond the name (docs/api.md): an effect's badge tone.  What
 * points to the listed party alerts (bad), what supports the name warns,
 * what points away is good. */
const EFFECT_TONE = {match: "bad", agrees: "warn", near: "warn", contradicts: "good", lowered: "good", cleared: "good"};
const EV_FIELDS = {dob: "date of birth", nationality: "nationality", id: "identifier", imo: "IMO number", mmsi: "MMSI",
  call_sign: "call sign", aircraft_serial: "aircraft serial", address: "address"};

/* a score's change: +0.080, \u22120.120, \u00b10.000 */
function fmtDelta(x) {
  if (x == null) return "";
  const v = Number(x);
  return (v > 0 ? "+" : v < 0 ? "\u2212" : "\u00b1") + Math.abs(v).toFixed(3);
}

function evidenceTitle(e) {
  return (EV_FIELDS[e.field] || human(e.field)) + ": " + (e.query || "?") + " given, " +
    (e.listed == null ? "none listed" : e.listed + " listed") + (e.delta ? ", score " + fmtDelta(e.delta) : "");
}

function evidenceTable(ev) {
  return el("table", {class: "tokens evidence"},
    el("caption", {}, "Evidence beyond the name"),
    el("thead", {}, el("tr", {}, ...["field", "query", "listed", "effect", "change"].map((h) =>
      el("th", {scope: "col", class: h === "change" ? "num" : null}, h)))),
    el("tbody", {}, ...ev.map((e) => el("tr", {"data-field": e.field, "data-effect": e.effect},
      el("td", {}, EV_FIELDS[e.field] || human(e.field)),
      el("td", {}, e.query || "-"),
      el("td", {}, e.listed == null ? el("span", {class: "muted", title: "the entry lists none"}, "-") : e.listed),
      el("td", {}, el("span", {class: "badge " + (EFFECT_TONE[e.effect] || "")}, e.effect)),
      el("td", {class: "num"}, fmtDelta(e.delta))))));
}

/* The effects in one line for tables: "dob agrees \u00b7 id match". */
function evidenceLine(ev) {
  if (!ev || !ev.length) return "";
  const line = el("div", {class: "ev-line small"});
  ev.forEach((e, i) => line.append(i ? " \u00b7 " : "",
    el("span", {class: "ev " + (EFFECT_TONE[e.effect] || ""), title: evidenceTitle(e)}, e.field + " " + e.effect)));
  return line;
}

/* "web-sdn-101: dob agrees, id match; 26952: dob cleared" - a record's
 * evidence over its alerts and cleared names, for the results CSV. */
function evidenceSummary(r) {
  return [...(r.alerts || []), ...(r.cleared || [])].filter((a) => a.evidence && a.evidence.length)
    .map((a) => a.entry_id + ": " + a.evidence.map((e) => e.field + " " + e.effect).join(", ")).join("; ");
}

/* Why a cleared name is no alert, from its "cleared" evidence. */
function clearedWhy(ev) {
  const by = ev.filter((e) => e.effect === "cleared").map((e) => "the " + (EV_FIELDS[e.field] || human(e.field)) +
    " (" + (e.query || "?") + " given, " + (e.listed == null ? "none" : e.listed) + " listed)");
  return "Not an alert: cleared by " + (by.length ? by.join(" and ") : "the evidence below") + ".";
}

/* An alert of a result; `cleared`: a name the evidence cleared, not an alert. */
function alertCard(a, cleared) {
  const ex = a.explain || {}, toks = ex.tokens || [], ev = a.evidence || [];
  const meta = [(a.countries || []).join(", "), (a.federal_register || []).join("; "),
    a.start_date ? "listed since " + a.start_date : ""].filter(Boolean).join("  ·  ");
  return el("article", {class: "alert-card" + (cleared ? " cleared" : ""), "data-entry": a.entry_id},
    el("div", {class: "alert-head"},
      el("span", {class: "score", title: cleared ? "score of the name, cleared by evidence" : "score"}, fmtScore(a.score)),
      a.name_score != null ? el("span", {class: "name-score", title: "the score of the name alone, before the evidence"},
        "name alone " + fmtScore(a.name_score)) : "",
      el("span", {class: "badge src"}, shortSource(a.source)),
      a.jurisdiction && a.jurisdiction !== "US" ? el("span", {class: "badge", title: "jurisdiction of the list"}, a.jurisdiction) : "",
      el("code", {class: "entry"}, a.entry_id || ""),
      cleared ? el("span", {class: "badge good"}, "cleared") : ""),
    el("div", {class: "listed"}, highlight(a.matched_name || a.name || "", toks)),
    a.matched_name && a.matched_name !== a.name ? el("div", {class: "muted"}, "listed as " + a.name) : "",
    meta ? el("div", {class: "muted small"}, meta) : "",
    cleared ? el("p", {class: "why-cleared"}, clearedWhy(ev)) : "",
    ev.length ? evidenceTable(ev) : "",
    toks.length ? tokenTable(toks) : "",
    (a.listings || []).length ? listingsList(a.listings) : "");
}

const LINKED_BY = {identifier: "same identifier", un_reference: "same UN reference number",
  name_and_date_of_birth: "same name and date of birth", name_on_same_list: "same name, same list",
  name_and_country: "same name and country"};

/* The other listings of an alert's party (docs/parties.md), folded. */
function listingsList(ls) {
  return el("details", {class: "listings"},
    el("summary", {}, "Also listed " + plural(ls.length, "time")),
    el("ul", {}, ...ls.map((l) => el("li", {"data-entry": l.entry_id},
      el("span", {class: "badge src"}, shortSource(l.source)), " ",
      el("code", {class: "entry"}, l.entry_id), " ", l.name,
      (l.addresses || []).length && l.addresses[0].address ? el("span", {class: "muted small"}, " \u00b7 " + l.addresses[0].address) : "",
      l.start_date ? el("span", {class: "muted small"}, " \u00b7 listed since " + l.start_date) : "",
      el("span", {class: "muted small"}, " \u00b7 " + (LINKED_BY[l.linked_by] || l.linked_by))))));
}

/* The query as POST /v1/screen takes it; evidence only when filled.  An
 * identifier goes when its number or country is: the API names what is
 * missing. */
function screenBody() {
  const v = (id) => $(id).value.trim();
  const body = {name: v("name")};
  if (v("type")) body.type = v("type");
  if (v("country")) body.country = v("country").toUpperCase();
  if (v("threshold")) body.threshold = Number(v("threshold"));
  if (v("jurisdiction")) body.jurisdiction = v("jurisdiction").toUpperCase();
  if (v("dob")) body.dob = v("dob");
  if (v("nationality")) body.nationality = v("nationality");
  if (v("id-number") || v("id-country")) {
    const id = {number: v("id-number")};
    if (v("id-type")) id.type = v("id-type");
    if (v("id-country")) id.country = v("id-country");
    body.ids = [id];
  }
  if (v("imo")) body.imo = v("imo");
  return body;
}

/* "(2 filled)" beside the evidence group's summary, so a closed group
 * still says it is sent. */
function countEvidence() {
  const n = ["dob", "nationality", "id-number", "id-country", "imo"].filter((id) => $(id).value.trim()).length;
  $("screen-evidence-count").textContent = n ? "(" + n + " filled)" : "";
}

async function onScreen(ev) {
  ev.preventDefault();
  const out = $("screen-out"), form = $("screen-form");
  clearMarks(form);
  $("screen-msg").replaceChildren();
  out.replaceChildren(message("info", "Screening..."));
  const res = await api("POST", form.dataset.route, screenBody());
  if (!res.ok) {
    out.replaceChildren();
    const p = apiError(res, "Screening");
    p.id = "screen-error";
    $("screen-msg").replaceChildren(p);
    markField(form, res.field, p.id);
    return;
  }
  const js = res.data, alerts = js.alerts || [], cleared = js.cleared || [];
  const also = cleared.length ? "; " + plural(cleared.length, "name") + " cleared by evidence" : "";
  const parts = [alerts.length
    ? el("p", {class: "summary"}, plural(alerts.length, "alert") + " for \u201c" + js.name + "\u201d" + also)
    : message("ok", "No alert for \u201c" + js.name + "\u201d" + also + "."), ...alerts.map((a) => alertCard(a))];
  if (cleared.length)
    parts.push(el("section", {class: "cleared-list", id: "screen-cleared", "aria-labelledby": "h-cleared"},
      el("h2", {id: "h-cleared"}, "Cleared by evidence (" + cleared.length + ")"),
      el("p", {class: "muted small"}, "These names alone would alert; the evidence given rules them out. They are not alerts."),
      ...cleared.map((a) => alertCard(a, true))));
  out.replaceChildren(...parts);
}

/* ---- check a transaction ------------------------------------------------ */

/* decision or effect -> badge tone, most severe last */
const SEVERITY = {no_license_required: "good", review: "warn", license_required: "bad", prohibited: "stop"};
const ROLES = ["ultimate_consignee", "end_user", "purchaser", "intermediate_consignee"];

/* today in the analyst's time zone, YYYY-MM-DD */
function today() {
  const d = new Date();
  return new Date(d.getTime() - d.getTimezoneOffset() * 60000).toISOString().slice(0, 10);
}

/* One labelled control of an item or party row; `key` is its JSON member.
 * The ids, the "Item 2 " of the label and data-field are set by renumber(). */
function rowField(key, label, control, cls) {
  control.dataset.key = key;
  return el("div", {class: "field" + (cls ? " " + cls : "")},
    el("label", {}, el("span", {class: "sr-only"}), label), control);
}

const ROW_KINDS = {
  items: {one: "item", cells: () => [
    rowField("eccn", "ECCN", el("input", {autocomplete: "off", placeholder: "EAR99 or 3A090", size: "11"})),
    rowField("paragraph", "Paragraph", el("input", {autocomplete: "off", placeholder: "3A090.a", size: "10"})),
    rowField("hts", "HTS", el("input", {autocomplete: "off", inputmode: "numeric", placeholder: "6 digits", size: "8"})),
    rowField("food_medicine", "Food/medicine", el("input", {type: "checkbox"}), "tick"),
    rowField("description", "Description", el("input", {autocomplete: "off", placeholder: "optional"}), "grow")]},
  parties: {one: "party", cells: () => [
    rowField("role", "Role", el("select", {}, ...ROLES.map((r) => el("option", {value: r}, human(r))))),
    rowField("name", "Name", el("input", {required: "", autocomplete: "off", placeholder: "as on the documents"}), "grow"),
    rowField("country", "Country", el("input", {autocomplete: "off", placeholder: "CU", size: "8"}))]},
};

/* Numbers a list's rows: ids, labels ("Item 2 ECCN"), data-field
 * ("items[1].eccn", the name the API's errors and questions use). */
function renumber(list) {
  const kind = list.dataset.kind, one = ROW_KINDS[kind].one, rows = [...list.children];
  rows.forEach((row, i) => {
    const name = one[0].toUpperCase() + one.slice(1) + " " + (i + 1);
    row.dataset.field = `${kind}[${i}]`;
    for (const c of row.querySelectorAll("[data-key]")) {
      c.id = `check-${one}-${i}-${c.dataset.key}`;
      c.dataset.field = `${kind}[${i}].${c.dataset.key}`;
      const label = c.previousElementSibling;
      label.htmlFor = c.id;
      label.firstChild.textContent = name + " ";
    }
    const rm = row.querySelector("button.remove");
    rm.setAttribute("aria-label", "Remove " + name.toLowerCase());
    rm.disabled = rows.length === 1;    /* the API wants at least one of each */
  });
}

function addRow(list, values) {
  const row = el("div", {class: "row-fields"}, ...ROW_KINDS[list.dataset.kind].cells(),
    el("div", {class: "field action"}, el("button", {type: "button", class: "quiet remove"}, "Remove")));
  for (const [k, v] of Object.entries(values || {})) row.querySelector(`[data-key="${k}"]`).value = v;
  row.querySelector("button.remove").addEventListener("click", () => {
    const next = row.nextElementSibling || row.previousElementSibling;
    row.remove();
    renumber(list);
    if (next) next.querySelector("[data-key]").focus();
  });
  list.append(row);
  renumber(list);
  return row;
}

/* A form's control for an API field name ("items[0].hts", "end_use",
 * "ids[0]"); for a name no control carries, its group's main control
 * (data-main), else the first control of its row or list. */
function fieldControl(field, form = $("check-form")) {
  let f = String(field || "");
  while (f) {
    const e = form.querySelector(`[data-field="${CSS.escape(f)}"]`);
    if (e) return e.matches("input, select") ? e : e.querySelector("[data-main]") || e.querySelector("input, select");
    const up = f.replace(/(\.\w+|\[\d+\])$/, "");
    if (up === f) break;
    f = up;
  }
  return null;
}

function clearMarks(form = $("check-form")) {
  for (const c of form.querySelectorAll(".ask, [aria-invalid]")) {
    c.classList.remove("ask");
    c.removeAttribute("aria-invalid");
    c.removeAttribute("aria-describedby");
  }
}

/* Marks the control an API error names as invalid, described by the error
 * paragraph, opens the group that hides it, and moves the focus there. */
function markField(form, field, errorId) {
  const c = field && fieldControl(field, form);
  if (!c) return;
  const group = c.closest("details");
  if (group) group.open = true;
  c.setAttribute("aria-invalid", "true");
  c.setAttribute("aria-describedby", errorId);
  c.focus();
}

/* The transaction as POST /v1/check takes it; empty optional fields left out. */
function checkBody() {
  const v = (id) => $(id).value.trim();
  const rows = (id) => [...$(id).children].map((row) => {
    const o = {};
    for (const c of row.querySelectorAll("[data-key]")) {
      if (c.type === "checkbox") { if (c.checked) o[c.dataset.key] = true; continue; }
      const x = c.value.trim();
      if (x) o[c.dataset.key] = x;
    }
    return o;
  });
  const body = {};
  if (v("check-id")) body.id = v("check-id");
  body.date = v("check-date") || today();
  if (v("check-dest")) body.destination = v("check-dest");   /* missing: the decision asks */
  if (v("check-end-use")) body.end_use = v("check-end-use");
  if (v("check-end-user-type")) body.end_user_type = v("check-end-user-type");
  body.items = rows("check-items");
  body.parties = rows("check-parties");
  return body;
}

/* What a reason is about: the item, the party and the list entry it matched. */
function reasonSubject(r) {
  const out = [];
  if (r.item) out.push(el("div", {}, el("code", {}, r.item), " ",
    [r.eccn, r.paragraph && r.paragraph !== r.eccn ? r.paragraph : ""].filter(Boolean).join(" ")));
  if (r.party) out.push(el("div", {}, r.party, r.role ? el("span", {class: "muted"}, " (" + human(r.role) + ")") : ""));
  if (r.entry_id) out.push(el("div", {class: "muted small"}, r.source ? el("span", {class: "badge src"}, shortSource(r.source)) : "", " ",
    r.entry_id, r.matched_name ? " \u00b7 " + r.matched_name : "", r.score != null ? " \u00b7 score " + fmtScore(r.score) : ""));
  if (!out.length && r.destination) out.push(el("div", {}, "destination " + r.destination));
  return out;
}

function reasonRow(r) {
  /* list reasons carry the Federal Register and the entry's text instead */
  const cite = r.citation || (r.federal_register || []).join("; ");
  const policy = r.review_policy ? "review policy: " + human(r.review_policy) + (r.review_policy_text ? " \u2014 " + r.review_policy_text : "") : "";
  const extra = [policy, Array.isArray(r.path) && r.path.length ? "path: " + r.path.join(" \u2192 ") : "",
    ...(r.foreign_direct_product || [])].filter(Boolean);
  return el("tr", {"data-rule": r.rule},
    el("td", {}, el("code", {}, r.rule || "")),
    el("td", {}, el("span", {class: "badge " + (SEVERITY[r.effect] || "")}, human(r.effect))),
    el("td", {}, ...reasonSubject(r)),
    el("td", {class: "cite"}, cite),
    el("td", {}, r.why || r.detail || r.license_requirement || "", ...extra.map((t) => el("div", {class: "muted small"}, t))));
}

function dataTable(id, caption, heads, rows, cls) {
  return el("div", {class: "table-wrap"}, el("table", {class: "data" + (cls ? " " + cls : ""), id},
    el("caption", {class: "sr-only"}, caption),
    el("thead", {}, el("tr", {}, ...heads.map((h) => el("th", {scope: "col"}, h)))),
    el("tbody", {}, ...rows)));
}

/* A question names the field to fill: the control is highlighted and the
 * name is a button that moves the focus to it. */
function questionItem(q) {
  const c = fieldControl(q.field);
  let name = el("code", {}, q.field || "");
  if (c) {
    c.classList.add("ask");
    name = el("button", {type: "button", class: "field-link", "data-field": q.field, title: "go to the field " + q.field}, q.field);
    name.addEventListener("click", () => { c.focus(); c.scrollIntoView({block: "center"}); });
  }
  return el("li", {}, name, " ", q.question || "", q.why ? el("div", {class: "muted small"}, q.why) : "");
}

function checkResult(d) {
  const reasons = d.reasons || [], questions = d.questions || [], cands = d.license_exception_candidates || [];
  const notes = d.notes || [], tables = Object.entries(d.tables || {});
  const tone = SEVERITY[d.decision] || "";
  const parts = [el("div", {class: "card decision-card " + tone, id: "check-summary"},
    el("div", {class: "decision-line"},
      el("span", {class: "badge big " + tone, id: "check-decision", "data-decision": d.decision}, human(d.decision)),
      el("span", {class: "muted"}, [d.id ? "transaction " + d.id : "", d.date ? "on " + d.date : ""].filter(Boolean).join(" "))),
    el("dl", {class: "facts"},
      el("dt", {}, "Review policy"), el("dd", {id: "check-policy"}, d.review_policy ? human(d.review_policy) : "not applicable"),
      el("dt", {}, "License exceptions"), el("dd", {}, human(d.license_exceptions) || "-")))];
  if (questions.length)
    parts.push(el("h2", {}, "Questions (" + questions.length + ")"),
      el("ol", {class: "questions", id: "check-questions"}, ...questions.map(questionItem)));
  parts.push(el("h2", {}, "Reasons (" + reasons.length + ")"), reasons.length
    ? dataTable("check-reasons", "Reasons for the decision", ["Rule", "Effect", "Concerns", "Citation", "Why"], reasons.map(reasonRow), "reasons")
    : message("info", "No rule or list entry checked here restricts this transaction."));
  if (cands.length)
    parts.push(el("h2", {}, "License exception candidates (" + cands.length + ")"),
      dataTable("check-exceptions", "License exceptions to verify", ["Exception", "Section", "For", "Verify"], cands.map((c) =>
        el("tr", {}, el("td", {}, el("span", {class: "badge src"}, c.symbol || "?"), el("div", {class: "muted small"}, c.title || "")),
          el("td", {class: "cite"}, c.section ? "15 CFR " + c.section : ""),
          el("td", {class: "cite"}, c.for || ""), el("td", {}, c.verify || "")))));
  if (notes.length)
    parts.push(el("h2", {}, "Notes"), el("ul", {id: "check-notes"}, ...notes.map((n) => el("li", {}, String(n)))));
  if (d.outside_this_check) parts.push(el("p", {class: "msg warn", id: "check-outside"}, d.outside_this_check));
  if (tables.length)
    parts.push(el("p", {class: "muted small", id: "check-tables"}, "Tables used: ",
      ...tables.flatMap(([k, f], i) => [i ? "  \u00b7  " : "", human(k) + " ", el("code", {}, String(f))])));
  return parts;
}

async function onCheck(ev) {
  ev.preventDefault();
  const out = $("check-out"), msg = $("check-msg"), btn = ev.submitter || null;
  clearMarks();
  msg.replaceChildren();
  out.replaceChildren(message("info", "Checking..."));
  if (btn) btn.disabled = true;
  const res = await api("POST", "v1/check", checkBody());
  if (btn) btn.disabled = false;
  if (!res.ok) {
    out.replaceChildren();
    /* the checker names the field in its message: "field 'items[0].eccn': ..." */
    const field = res.field || (/field '([^']+)'/.exec(res.error) || [])[1] || "";
    const p = apiError(res, "Check");
    p.id = "check-error";
    msg.replaceChildren(p);
    markField($("check-form"), field, p.id);
    return;
  }
  out.replaceChildren(...checkResult(res.data));
}

function initCheck() {
  $("check-date").value = today();
  for (const [id, kind] of [["check-items", "items"], ["check-parties", "parties"]]) $(id).dataset.kind = kind;
  addRow($("check-items"));
  addRow($("check-parties"));
  $("check-add-item").addEventListener("click", () => addRow($("check-items")).querySelector("[data-key]").focus());
  $("check-add-party").addEventListener("click", () => addRow($("check-parties")).querySelector("[data-key]").focus());
  /* a highlighted or refused control is plain again once edited */
  $("check-form").addEventListener("input", (ev) => {
    ev.target.classList.remove("ask");
    ev.target.removeAttribute("aria-invalid");
  });
  $("check-form").addEventListener("submit", onCheck);
}

/* ---- upload ------------------------------------------------------------ */

/* RFC 4180 CSV: quoted fields, "" escapes, CRLF or LF; rows of strings. */
function parseCsv(text) {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const rows = [];
  let row = [], f = "", i = 0, q = false;
  while (i < text.length) {
    const c = text[i];
    if (q) {
      if (c === '"' && text[i + 1] === '"') { f += '"'; i += 2; continue; }
      if (c === '"') { q = false; i++; continue; }
      f += c; i++; continue;
    }
    if (c === '"' && f === "") { q = true; i++; continue; }
    if (c === ",") { row.push(f); f = ""; i++; continue; }
    if (c === "\r" || c === "\n") {
      row.push(f); f = "";
      if (row.length > 1 || row[0] !== "") rows.push(row);
      row = [];
      i += c === "\r" && text[i + 1] === "\n" ? 2 : 1;
      continue;
    }
    f += c; i++;
  }
  if (q) throw new Error("unterminated quoted field at the end of the file");
  row.push(f);
  if (row.length > 1 || row[0] !== "") rows.push(row);
  return rows;
}

const TYPES = {person: "person", individual: "person", entity: "entity", organization: "entity",
  vessel: "vessel", aircraft: "aircraft"};

/* Evidence columns passed as they are; id_type, id_number and id_country
 * make one "ids" item (the customers file's layout, docs/api.md). */
const EVIDENCE_COLUMNS = ["dob", "nationality", "address", "city", "imo"];
const ID_COLUMNS = {type: "id_type", number: "id_number", country: "id_country"};

/* rows -> records {id, name, type?, country?, evidence?}; throws naming the line */
function toRecords(rows) {
  if (!rows.length) throw new Error("the file is empty");
  const head = rows[0].map((h) => h.trim().toLowerCase());
  const col = (n) => head.indexOf(n);
  const ci = col("id"), cn = col("name"), ct = col("type"), cc = col("country");
  if (cn < 0) throw new Error("line 1: no 'name' column (header: " + rows[0].join(",") + ")");
  const evc = EVIDENCE_COLUMNS.map((n) => [n, col(n)]).filter(([, c]) => c >= 0);
  const idc = Object.entries(ID_COLUMNS).map(([k, n]) => [k, col(n)]).filter(([, c]) => c >= 0);
  const recs = [];
  for (let i = 1; i < rows.length; i++) {
    const r = rows[i], name = (r[cn] || "").trim();
    const cell = (c) => (r[c] || "").trim();
    if (!name) throw new Error("line " + (i + 1) + ": field 'name' is empty");
    const rec = {id: ci >= 0 && r[ci] ? r[ci].trim() : "row-" + i, name};
    const t = ct >= 0 ? TYPES[(r[ct] || "").trim().toLowerCase()] : null;
    if (t) rec.type = t;
    const c = cc >= 0 ? (r[cc] || "").trim() : "";
    if (c) rec.country = c.toUpperCase();
    for (const [n, k] of evc) if (cell(k)) rec[n] = cell(k);
    const id = Object.fromEntries(idc.map(([k, n]) => [k, cell(n)]).filter(([, v]) => v));
    if (id.number) rec.ids = [id];       /* a type or country without a number says nothing */
    recs.push(rec);
  }
  if (!recs.length) throw new Error("no records after the header");
  return recs;
}

/* Where a batch error's field ("records[3].ids[0].number") is in the file:
 * the customer, its line and column; "" when the field names no record. */
function recordPlace(field, recs, first) {
  const m = /^records\[(\d+)\](?:\.(\w+)(?:\[\d+\](?:\.(\w+))?)?)?$/.exec(field || "");
  const k = m ? first + Number(m[1]) : -1;
  if (!recs[k]) return "";
  const column = m[2] === "ids" ? ID_COLUMNS[m[3] || "number"] : m[2];
  return "customer " + recs[k].id + ", line " + (k + 2) + (column ? ", column " + column : "");
}

function setProgress(done, total) {
  const pct = total ? Math.floor((done * 100) / total) : 100;
  $("upload-bar").value = pct;
  $("upload-pct").textContent = pct + "%";
  $("upload-label").textContent = "Screened " + done.toLocaleString() + " of " + total.toLocaleString();
}

/* A CSV field; cells a spreadsheet would run as formulas get a quote. */
function csvField(v) {
  let s = v == null ? "" : String(v);
  if (/^[=+\-@\t\r]/.test(s)) s = "'" + s;
  return /[",\r\n]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s;
}

function resultsCsv(recs, results) {
  const lines = [["id", "name", "type", "country", "alerts", "entry_id", "source", "listed_name",
    "matched_name", "score", "federal_register", "evidence"].join(",")];
  results.forEach((r, i) => {
    const rec = recs[i], base = [rec.id, rec.name, rec.type, rec.country].map(csvField);
    const alerts = r.alerts || [], ev = csvField(evidenceSummary(r));
    if (!alerts.length) lines.push([...base, "0", "", "", "", "", "", "", ev].join(","));
    for (const a of alerts)
      lines.push([...base, String(alerts.length), csvField(a.entry_id), csvField(a.source), csvField(a.name),
        csvField(a.matched_name), fmtScore(a.score), csvField((a.federal_register || []).join("; ")), ev].join(","));
  });
  return lines.join("\r\n") + "\r\n";
}

/* A table of [record, alert] rows: the alerts, or the names evidence cleared. */
function uploadTable(id, what, label, rows) {
  const tb = el("tbody");
  for (const [rec, a] of rows.slice(0, SHOW_ROWS))
    tb.append(el("tr", {"data-customer": rec.id},
      el("td", {}, el("code", {}, rec.id)), el("td", {}, rec.name),
      el("td", {}, highlight(a.matched_name || a.name || "", (a.explain || {}).tokens || [])),
      el("td", {}, el("span", {class: "badge src"}, shortSource(a.source)), " ", el("code", {class: "small"}, a.entry_id)),
      el("td", {class: "num"}, fmtScore(a.score),
        a.name_score != null ? el("div", {class: "muted small"}, "name alone " + fmtScore(a.name_score)) : ""),
      el("td", {}, evidenceLine(a.evidence))));
  return el("div", {class: "table-wrap scroll", tabindex: "0", role: "region", "aria-label": label},
    el("table", {class: "data", id},
      el("caption", {}, what + (rows.length > SHOW_ROWS ? " (the first " + SHOW_ROWS + " of " + rows.length.toLocaleString() + "; the download has all)" : "")),
      el("thead", {}, el("tr", {}, ...["Customer id", "Customer", "Listed name", "List", "Score", "Evidence"].map((h) =>
        el("th", {scope: "col", class: h === "Score" ? "num" : null}, h)))),
      tb));
}

function uploadResults(file, recs, results) {
  const rows = [], clearedRows = [];
  let hit = 0, nalerts = 0;
  results.forEach((r, i) => {
    const alerts = r.alerts || [];
    if (alerts.length) hit++;
    nalerts += alerts.length;
    for (const a of alerts) rows.push([recs[i], a]);
    for (const a of r.cleared || []) clearedRows.push([recs[i], a]);
  });
  const blob = new Blob([resultsCsv(recs, results)], {type: "text/csv"});
  const base = file.name.replace(/\.csv$/i, "");
  const link = el("a", {class: "button", id: "upload-download", href: URL.createObjectURL(blob),
    download: base + "-screened.csv"}, "Download results (CSV)");
  const stats = el("div", {class: "stats"},
    stat(recs.length.toLocaleString(), "customers screened"),
    stat(hit.toLocaleString(), "with alerts", hit ? "bad" : "good"),
    stat(nalerts.toLocaleString(), "alerts"),
    clearedRows.length ? stat(clearedRows.length.toLocaleString(), "names cleared by evidence", "good") : "");
  const parts = [stats, el("div", {class: "toolbar"}, link)];
  if (rows.length) parts.push(uploadTable("upload-table", "Alerts", "Alerts of the uploaded customers", rows));
  else parts.push(message("ok", "No customer alerted."));
  if (clearedRows.length)
    parts.push(el("h2", {}, "Cleared by evidence (" + clearedRows.length.toLocaleString() + ")"),
      el("p", {class: "muted small"}, "Names that alone would alert; the customer's evidence rules them out. They are not alerts."),
      uploadTable("upload-cleared", "Cleared by evidence", "Names cleared by evidence", clearedRows));
  return parts;
}

function stat(value, label, tone) {
  return el("div", {class: "stat" + (tone ? " " + tone : "")}, el("span", {class: "v"}, value), el("span", {class: "l"}, label));
}

/* One batch; a server that sheds load (503) or throttles (429) says when to
 * come back (Retry-After): the page waits that long and sends the batch
 * again, up to UPLOAD_RETRIES times, saying so under the bar. */
async function screenBatch(records, done, total) {
  for (let attempt = 0; ; attempt++) {
    const res = await api("POST", "v1/screen", {records});
    if (res.ok || (res.status !== 503 && res.status !== 429) || attempt >= UPLOAD_RETRIES)
      return res;
    const s = Math.min(Math.max(res.retryAfter, 1), 60);
    $("upload-label").textContent = "Screened " + done.toLocaleString() + " of " + total.toLocaleString() +
      "; the server is busy (" + res.status + "), retrying in " + s + " s";
    await new Promise((ok) => setTimeout(ok, s * 1000));
  }
}

async function onUpload(ev) {
  ev.preventDefault();
  const out = $("upload-out"), file = $("csv").files[0], btn = ev.submitter || null;
  if (!file) return;
  out.replaceChildren();
  let recs;
  try {
    recs = toRecords(parseCsv(await file.text()));
  } catch (e) {
    out.replaceChildren(message("err", file.name + ": " + e.message));
    return;
  }
  if (btn) btn.disabled = true;
  $("upload-progress").hidden = false;
  setProgress(0, recs.length);
  const results = [];
  for (let i = 0; i < recs.length; i += BATCH) {
    const res = await screenBatch(recs.slice(i, i + BATCH), results.length, recs.length);
    if (!res.ok) {
      const p = apiError(res, "Screening records " + (i + 1) + "-" + Math.min(i + BATCH, recs.length));
      const place = recordPlace(res.field, recs, i);
      if (place) p.append(" \u2014 " + file.name + ": " + place + ".");
      out.replaceChildren(p);
      if (btn) btn.disabled = false;
      return;
    }
    results.push(...res.data.results);
    setProgress(results.length, recs.length);
  }
  if (btn) btn.disabled = false;
  out.replaceChildren(...uploadResults(file, recs, results));
}

/* ---- review queue ------------------------------------------------------- */

const DECISIONS = [["false_positive", "False positive"], ["true_match", "True match"], ["escalated", "Escalate"]];
const review = {offset: 0, limit: 50, total: 0};

function historyList(h) {
  if (!h || !h.length) return "";
  const items = h.map((e) => typeof e !== "object" ? String(e) :
    [e.at, human(e.kind || e.event || e.decision), (e.who || e.by) ? "by " + (e.who || e.by) : "", e.note ? "\u201c" + e.note + "\u201d" : ""]
      .filter(Boolean).join("  "));
  return el("details", {class: "history"}, el("summary", {}, "History (" + h.length + ")"),
    el("ol", {}, ...items.map((t) => el("li", {}, t))));
}

function statusBadge(a) {
  const s = a.status || "?";
  return el("span", {class: "badge st-" + s}, s + (a.decision ? ": " + human(a.decision) : ""));
}

function decisionForm(a) {
  const id = "d-" + a.id;
  const sel = el("select", {id: id + "-decision", name: "decision", required: ""},
    el("option", {value: ""}, "Decision..."), ...DECISIONS.map(([v, t]) => el("option", {value: v}, t)));
  const note = el("input", {id: id + "-note", name: "note", placeholder: "note", autocomplete: "off"});
  const f = el("form", {class: "decide", "data-alert": a.id},
    el("div", {class: "decide-row"},
      el("label", {for: id + "-decision", class: "sr-only"}, "Decision on alert " + a.id), sel,
      el("label", {for: id + "-note", class: "sr-only"}, "Note on alert " + a.id), note,
      el("button", {type: "submit"}, "Record")),
    el("div", {class: "row-msg", "aria-live": "polite"}));
  f.addEventListener("submit", (ev) => onDecide(ev, a));
  return f;
}

/* The customer's evidence columns in one line:
 * "dob 1962-03-12 \u00b7 nationality UZ \u00b7 passport AA1234567 (UZ)". */
function customerEvidence(attrs) {
  const a = attrs || {};
  const id = a.id_number ? (a.id_type || "id") + " " + a.id_number + (a.id_country ? " (" + a.id_country + ")" : "") : "";
  const parts = [a.dob ? "dob " + a.dob : "", a.nationality ? "nationality " + a.nationality : "", id,
    a.imo ? "IMO " + a.imo : ""].filter(Boolean);
  return parts.length ? el("div", {class: "muted small cust-evidence"}, parts.join(" \u00b7 ")) : "";
}

function alertRow(a) {
  return el("tr", {id: "alert-" + a.id, "data-alert": a.id},
    el("td", {}, el("code", {}, a.id), historyList(a.history)),
    el("td", {}, a.customer_name || "", el("div", {class: "muted small"}, partyLink(a.customer_id)), customerEvidence(a.attributes)),
    el("td", {}, a.listed_name || "", el("div", {class: "muted small"},
      el("span", {class: "badge src"}, shortSource(a.source)), " ", a.entry_id || ""), evidenceLine(a.evidence)),
    el("td", {class: "num"}, fmtScore(a.score),
      a.name_score != null ? el("div", {class: "muted small name-score"}, "name alone " + fmtScore(a.name_score)) : ""),
    el("td", {}, statusBadge(a)),
    el("td", {}, decisionForm(a)));
}

async function loadReview() {
  const out = $("review-out"), status = $("review-status").value;
  $("review-msg").replaceChildren();
  out.replaceChildren(message("info", "Loading..."));
  const q = "v1/alerts?status=" + encodeURIComponent(status) + "&limit=" + review.limit + "&offset=" + review.offset;
  const res = await api("GET", q);
  $("review-pager").replaceChildren();
  if (!res.ok) { $("review-count").textContent = ""; out.replaceChildren(apiError(res, "The review queue (GET /v1/alerts)")); return; }
  const {total, alerts} = res.data;
  review.total = total;
  $("review-count").textContent = plural(total, status === "all" ? "alert" : status + " alert");
  if (!alerts.length) { out.replaceChildren(message("ok", "No " + (status === "all" ? "" : status + " ") + "alerts.")); return; }
  out.replaceChildren(el("div", {class: "table-wrap"}, el("table", {class: "data", id: "review-table"},
    el("caption", {class: "sr-only"}, "Alerts, status " + status),
    el("thead", {}, el("tr", {}, ...["Alert", "Customer", "Listed party", "Score", "Status", "Decision"].map((h) =>
      el("th", {scope: "col", class: h === "Score" ? "num" : null}, h)))),
    el("tbody", {}, ...alerts.map(alertRow)))));
  pager(total, alerts.length);
}

function pager(total, shown) {
  const p = $("review-pager");
  if (total <= shown && review.offset === 0) return;
  const prev = el("button", {type: "button", class: "quiet"}, "Previous");
  const next = el("button", {type: "button", class: "quiet"}, "Next");
  prev.disabled = review.offset === 0;
  next.disabled = review.offset + shown >= total;
  prev.addEventListener("click", () => { review.offset = Math.max(0, review.offset - review.limit); loadReview(); });
  next.addEventListener("click", () => { review.offset += review.limit; loadReview(); });
  p.replaceChildren(prev, el("span", {class: "muted"}, (review.offset + 1) + "-" + (review.offset + shown) + " of " + total), next);
}

async function onDecide(ev, a) {
  ev.preventDefault();
  const f = ev.currentTarget, msg = f.querySelector(".row-msg"), btn = f.querySelector("button");
  const decision = f.elements.decision.value, note = f.elements.note.value.trim();
  if (!decision) { msg.textContent = "choose a decision"; return; }
  btn.disabled = true;
  msg.textContent = "saving...";
  const res = await api("POST", "v1/alerts/" + encodeURIComponent(a.id) + "/review", {decision, note});
  btn.disabled = false;
  if (!res.ok) { msg.replaceChildren(apiError(res, "Review")); return; }
  const now = res.data.alert || {...a, decision};
  const status = $("review-status").value, row = f.closest("tr");
  const text = "Alert " + a.id + " (" + (a.customer_name || a.customer_id) + ") recorded as " + human(decision) + ".";
  if (status !== "all" && now.status !== status) {
    row.remove();
    review.total = Math.max(0, review.total - 1);
    $("review-count").textContent = plural(review.total, status + " alert");
    $("review-msg").replaceChildren(message("ok", text + " It left the " + status + " queue."));
    if (!$("review-table").tBodies[0].rows.length) $("review-out").replaceChildren(message("ok", "No " + status + " alerts."));
  } else {
    row.replaceWith(alertRow(now));
    $("review-msg").replaceChildren(message("ok", text));
  }
}

/* ---- list changes ------------------------------------------------------- */

function when(iso) { return String(iso || "").replace("T", " ").replace(/:\d\dZ$/, " UTC"); }

function snapText(s) {
  if (!s) return "no earlier snapshot";
  return "snapshot " + s.id + (s.as_of ? " (lists as of " + s.as_of + (s.imported ? ", imported " + when(s.imported) : "") + ")" : "");
}

function changeTable(changes, kind) {
  const rows = changes.filter((c) => kind === "all" || c.change === kind);
  if (!rows.length) return message("info", "No " + (kind === "all" ? "" : kind + " ") + "entries.");
  return el("div", {class: "table-wrap"}, el("table", {class: "data", id: "changes-table"},
    el("caption", {class: "sr-only"}, "Changed entries"),
    el("thead", {}, el("tr", {}, ...["Change", "List", "Entry", "Name", "Federal Register"].map((h) => el("th", {scope: "col"}, h)))),
    el("tbody", {}, ...rows.map((c) => el("tr", {},
      el("td", {}, el("span", {class: "badge ch-" + c.change}, c.change)),
      el("td", {}, el("span", {class: "badge src"}, shortSource(c.source))),
      el("td", {}, el("code", {class: "small"}, c.entry_id)),
      el("td", {}, c.name || ""),
      el("td", {class: "cite"}, (c.citations || []).join("; ")))))));
}

function hitsTable(hits) {
  if (!hits || !hits.length) return message("ok", "No customer alerted on a changed entry.");
  return el("div", {class: "table-wrap"}, el("table", {class: "data", id: "hits-table"},
    el("caption", {class: "sr-only"}, "Customers hit by the changes"),
    el("thead", {}, el("tr", {}, ...["Customer", "Entry", "Score", "Alert"].map((h) =>
      el("th", {scope: "col", class: h === "Score" ? "num" : null}, h)))),
    el("tbody", {}, ...hits.map((h) => el("tr", {},
      el("td", {}, h.customer_name || "", el("div", {class: "muted small"}, partyLink(h.customer_id))),
      el("td", {}, el("code", {class: "small"}, h.entry_id)),
      el("td", {class: "num"}, fmtScore(h.score)),
      el("td", {}, el("a", {href: "#review"}, h.alert_id || "review"), " ", el("span", {class: "badge st-" + h.status}, h.status || "")))))));
}

async function loadChanges() {
  const out = $("changes-out");
  out.replaceChildren(message("info", "Loading..."));
  const res = await api("GET", "v1/diff");
  if (!res.ok) { out.replaceChildren(apiError(res, "List changes (GET /v1/diff)")); return; }
  const d = res.data, changes = d.changes || [];
  const summary = el("ul", {class: "chips", id: "changes-summary", "aria-label": "Changes per list"},
    ...(d.summary || []).map((s) => el("li", {class: "chip", title: `${s.added} added, ${s.removed} removed, ${s.changed} changed`},
      el("strong", {}, shortSource(s.source) + ":"), " ",
      el("span", {class: "add"}, "+" + s.added), " ",
      el("span", {class: "rem"}, "-" + s.removed), " ",
      el("span", {class: "chg"}, "~" + s.changed))));
  const filter = el("select", {id: "changes-kind"}, ...["all", "added", "removed", "changed"].map((k) => el("option", {value: k}, k)));
  const tableHolder = el("div", {}, changeTable(changes, "all"));
  filter.addEventListener("change", () => tableHolder.replaceChildren(changeTable(changes, filter.value)));
  const total = d.total_changes != null ? d.total_changes : changes.length;
  out.replaceChildren(
    el("p", {class: "muted"}, "From " + snapText(d.from) + " to " + snapText(d.to) + "."),
    summary,
    el("h2", {}, "Entries (" + total.toLocaleString() + ")"),
    el("div", {class: "toolbar"}, el("label", {for: "changes-kind"}, "Show"), filter,
      changes.length < total ? el("span", {class: "muted"}, "first " + changes.length + " of " + total) : ""),
    tableHolder,
    el("h2", {}, "Customers hit (" + (d.hits || []).length + ")"),
    hitsTable(d.hits));
}

/* ---- party ownership graph -------------------------------------------- */

/* Columns by longest path to the party: listed owners left, the party right. */
function layout(g) {
  const into = new Map();                 /* owned -> [edges] */
  for (const e of g.edges) (into.get(e.owned) || into.set(e.owned, []).get(e.owned)).push(e);
  const depth = new Map([[g.party, 0]]);
  for (let round = 0, changed = true; changed && round < g.nodes.length + 1; round++) {
    changed = false;
    for (const [n, d] of [...depth])
      for (const e of into.get(n) || [])
        if ((depth.get(e.owner) ?? -1) < d + 1 && d + 1 <= g.nodes.length) { depth.set(e.owner, d + 1); changed = true; }
  }
  for (const n of g.nodes) if (!depth.has(n.id)) depth.set(n.id, 1);
  const cols = new Map();
  for (const n of g.nodes) (cols.get(depth.get(n.id)) || cols.set(depth.get(n.id), []).get(depth.get(n.id))).push(n);
  return {depth, cols, max: Math.max(0, ...depth.values())};
}

/* the point at t of a cubic Bezier curve */
function bezier(t, p0, p1, p2, p3) {
  const u = 1 - t, k = [u * u * u, 3 * u * u * t, 3 * u * t * t, t * t * t];
  return [0, 1].map((i) => k[0] * p0[i] + k[1] * p1[i] + k[2] * p2[i] + k[3] * p3[i]);
}

/* Shortens the node labels that overflow their box, once rendered. */
function fitLabels(root, width) {
  for (const t of root.querySelectorAll("text.node-name, text.node-sub")) {
    const full = t.textContent;
    let n = full.length;
    while (n > 4 && t.getComputedTextLength() > width) t.textContent = full.slice(0, --n) + "\u2026";
  }
}

const NODE_W = 230;

function ownershipSvg(g) {
  const W = NODE_W, H = 52, GX = 110, GY = 26, PAD = 16;
  const {cols, max} = layout(g);
  const tall = Math.max(...[...cols.values()].map((c) => c.length));
  const width = PAD * 2 + (max + 1) * W + max * GX, height = PAD * 2 + tall * H + (tall - 1) * GY;
  const pos = new Map();
  for (const [d, ns] of cols) {
    const x = PAD + (max - d) * (W + GX), off = (tall - ns.length) * (H + GY) / 2;
    ns.forEach((n, i) => pos.set(n.id, {x, y: PAD + off + i * (H + GY)}));
  }
  const s = svg("svg", {viewBox: `0 0 ${width} ${height}`, width, height, role: "img",
    "aria-labelledby": "graph-title graph-desc", class: "graph", id: "party-graph"},
  svg("title", {id: "graph-title"}, "Ownership graph of " + (g.name || g.party)),
  svg("desc", {id: "graph-desc"}, g.nodes.length + " parties, " + g.edges.length + " ownership links; listed parties are outlined in red."),
  svg("defs", {}, svg("marker", {id: "arrow", viewBox: "0 0 10 10", refX: 10, refY: 5, markerWidth: 7, markerHeight: 7, orient: "auto-start-reverse"},
    svg("path", {d: "M0,0 L10,5 L0,10 z", class: "arrowhead"}))));
  for (const e of g.edges) {
    const a = pos.get(e.owner), b = pos.get(e.owned);
    if (!a || !b) continue;
    const x1 = a.x + W, y1 = a.y + H / 2, x2 = b.x, y2 = b.y + H / 2, mx = (x1 + x2) / 2;
    const label = fmtPct(e.percent), lw = 10 + label.length * 7;
    const [lx, ly] = bezier(0.4, [x1, y1], [mx, y1], [mx, y2], [x2, y2]); /* off the arrowheads */
    s.append(svg("g", {class: "edge"},
      svg("path", {d: `M${x1},${y1} C${mx},${y1} ${mx},${y2} ${x2},${y2}`, "marker-end": "url(#arrow)"}),
      svg("rect", {x: lx - lw / 2, y: ly - 10, width: lw, height: 20, rx: 4, class: "edge-label-bg"}),
      svg("text", {x: lx, y: ly + 4, "text-anchor": "middle", class: "edge-label"}, label)));
  }
  for (const n of g.nodes) {
    const p = pos.get(n.id), listed = (n.listed || []).length > 0, me = n.id === g.party;
    const sub = listed ? n.listed.map((l) => shortSource(l.source) + " " + l.entry_id).join(", ") : n.id;
    s.append(svg("g", {class: "node" + (listed ? " listed" : "") + (me ? " party" : ""), transform: `translate(${p.x},${p.y})`},
      svg("title", {}, (n.name || n.id) + (listed ? " - listed: " + n.listed.map((l) => shortSource(l.source) + " " + l.entry_id).join(", ") : "")),
      svg("rect", {width: W, height: H, rx: 6}),
      svg("text", {x: 10, y: 21, class: "node-name"}, n.name || n.id),
      svg("text", {x: 10, y: 39, class: "node-sub"}, sub)));
  }
  return s;
}

function pathText(g, p) {
  const names = new Map(g.nodes.map((n) => [n.id, n.name || n.id]));
  const pct = new Map(g.edges.map((e) => [e.owner + "\u0000" + e.owned, e.percent]));
  const ids = p.path || [];
  const li = el("li", {});
  ids.forEach((id, i) => {
    if (i) li.append(el("span", {class: "hop"}, " \u2192 " + fmtPct(pct.get(ids[i - 1] + "\u0000" + id)) + " \u2192 "));
    li.append(el("span", {class: "pnode"}, names.get(id) || id));
  });
  li.append(el("div", {class: "muted small"},
    [p.source ? shortSource(p.source) + " " + (p.entry_id || "") : "", p.share != null ? "held " + fmtPct(p.share) + " by listed or covered owners" : "",
      p.path_share != null ? "through this path " + fmtPct(p.path_share) : "",
      p.rule ? "rule: " + human(p.rule) : ""].filter(Boolean).join("  ·  ")));
  return li;
}

async function loadParty(id) {
  const out = $("party-out");
  $("party-id").value = id;
  out.replaceChildren(message("info", "Loading..."));
  const res = await api("GET", "v1/parties/" + encodeURIComponent(id) + "/paths");
  if (!res.ok) { out.replaceChildren(apiError(res, "Ownership of " + id + " (GET /v1/parties/{id}/paths)")); return; }
  const g = res.data;
  g.nodes = g.nodes || [];
  g.edges = g.edges || [];
  if (!g.nodes.some((n) => n.id === g.party)) g.nodes.push({id: g.party, name: g.name, listed: []});
  const paths = g.paths || [];
  out.replaceChildren(
    el("div", {class: "party-head"}, el("h2", {}, g.name || g.party), el("code", {}, g.party),
      el("span", {class: "badge " + (g.covered ? "bad" : "good"), id: "party-covered"},
        g.covered ? "covered through ownership" : "not covered")),
    el("figure", {class: "card graph-card"}, ownershipSvg(g),
      el("figcaption", {class: "muted small"}, "Arrows point from owner to owned, labelled with the share held. Red: listed.")),
    el("h2", {}, "Paths to listed owners (" + paths.length + ")"),
    paths.length ? el("ol", {class: "paths", id: "party-paths"}, ...paths.map((p) => pathText(g, p)))
      : message("ok", "No path to a listed owner."));
  fitLabels($("party-graph"), NODE_W - 20);
}

function onParty(ev) {
  ev.preventDefault();
  const id = $("party-id").value.trim();
  if (id) location.hash = "#party/" + encodeURIComponent(id);
}

/* ---- routing, key, health ---------------------------------------------- */

const VIEWS = {screen: null, check: null, upload: null, review: () => { review.offset = 0; loadReview(); },
  changes: loadChanges, party: (arg) => { if (arg) loadParty(arg); }};

function route(focus) {
  const [name, ...rest] = location.hash.replace(/^#/, "").split("/");
  const view = Object.prototype.hasOwnProperty.call(VIEWS, name) ? name : "screen";
  for (const s of document.querySelectorAll("main > section")) s.hidden = s.dataset.view !== view;
  for (const a of document.querySelectorAll("nav a"))
    if (a.dataset.view === view) a.setAttribute("aria-current", "page"); else a.removeAttribute("aria-current");
  const h = $("h-" + view);
  document.title = h.textContent + " - clearance";
  if (focus) { h.setAttribute("tabindex", "-1"); h.focus(); }
  let arg = rest.join("/");
  try { arg = decodeURIComponent(arg); } catch (e) { /* keep it raw */ }
  if (VIEWS[view]) VIEWS[view](arg);
}

async function health() {
  const res = await api("GET", "v1/health");
  $("health").textContent = res.ok ? "clearance " + res.data.version + "  ·  list snapshot " + res.data.snapshot +
    "  ·  " + res.data.entries.toLocaleString() + " entries" : "server: " + res.error;
}

document.addEventListener("DOMContentLoaded", () => {
  $("key").value = apiKey();
  $("key-form").addEventListener("submit", (ev) => {
    ev.preventDefault();
    sessionStorage.setItem(KEY_ITEM, $("key").value.trim());
    route(false);
  });
  $("key").addEventListener("change", () => sessionStorage.setItem(KEY_ITEM, $("key").value.trim()));
  $("screen-form").addEventListener("submit", onScreen);
  $("screen-form").addEventListener("input", (ev) => { ev.target.removeAttribute("aria-invalid"); countEvidence(); });
  initCheck();
  $("upload-form").addEventListener("submit", onUpload);
  $("review-filter").addEventListener("submit", (ev) => { ev.preventDefault(); review.offset = 0; loadReview(); });
  $("review-status").addEventListener("change", () => { review.offset = 0; loadReview(); });
  $("party-form").addEventListener("submit", onParty);
  window.addEventListener("hashchange", () => route(true));
  route(false);
  health();
});
