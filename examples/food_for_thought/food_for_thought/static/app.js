"use strict";
// Food-for-Thought: the API's own demo page. No framework, no build step, no external requests.
(() => {
  const base = document.body.dataset.base || "";
  const shared = location.origin + base; // the name this page came from
  const POLL_MS = 1000, PROBE_MS = 2000, LAG_MS = 5000, LAG_STEP_MS = 25;
  const TIMEOUT_MS = 4000, LOG_ROWS = 12;
  const $ = (id) => document.getElementById(id);
  const state = { home: null, urls: {}, reachable: {}, served: null, sharedOk: true, orders: [] };
  const session = Math.random().toString(36).slice(2, 10);

  class Unreachable extends Error {}

  function el(tag, text, cls) {
    const node = document.createElement(tag);
    if (text !== undefined) node.textContent = text;
    if (cls) node.className = cls;
    return node;
  }
  const clock = () => new Date().toTimeString().slice(0, 8);

  function log(method, url, status, region, ms) {
    const row = el("tr");
    const regional = Object.keys(state.urls).find((r) => url.startsWith(state.urls[r]));
    const prefix = regional ? `[${regional}] ` : "";
    const rest = regional ? url.slice(state.urls[regional].length) : url.slice(shared.length);
    const path = prefix + rest.replace(/[^/]{13,}/g, (id) => `${id.slice(0, 8)}…`);
    for (const cell of [clock(), `${method} ${path}`, status, region || "-", Math.round(ms)]) {
      row.append(el("td", String(cell)));
    }
    $("log").prepend(row);
    while ($("log").rows.length > LOG_ROWS) $("log").deleteRow(-1);
  }

  // One request. "no-store": never a cached answer from the region that served it last.
  async function call(method, url, body, { quiet = false, headers = {} } = {}) {
    const init = { method, cache: "no-store", headers: { ...headers },
      signal: AbortSignal.timeout(TIMEOUT_MS) };
    if (body !== undefined) {
      init.body = JSON.stringify(body);
      init.headers["Content-Type"] = "application/json";
    }
    const started = performance.now();
    let response;
    try {
      response = await fetch(url, init);
    } catch (error) {
      if (!quiet) log(method, url, "no answer", null, performance.now() - started);
      throw new Unreachable(url);
    }
    const ms = performance.now() - started;
    const region = response.headers.get("X-Served-Region");
    const data = await response.json().catch(() => null);
    if (!quiet) log(method, url, response.status, region, ms);
    return { status: response.status, region, data, ms, location: response.headers.get("Location") };
  }

  // The shared name, or (while it does not answer) a region that does, chosen before sending.
  function entry() {
    if (state.sharedOk) return shared;
    const region = Object.keys(state.urls).find((r) => state.reachable[r]);
    return region ? state.urls[region] : shared;
  }

  function say(id, text, isError) {
    $(id).textContent = text;
    $(id).className = isError ? "result error" : "result";
  }

  // -- live panel ------------------------------------------------------------------------

  async function pollShared() {
    try {
      const answer = await call("GET", `${shared}/hello`, undefined, { quiet: true });
      state.sharedOk = answer.status === 200;
      const region = answer.region || (answer.data && answer.data.region);
      if (state.sharedOk && region && region !== state.served) {
        if (state.served) {
          $("switches").prepend(el("li", `${clock()}  ${state.served} → ${region}`));
          while ($("switches").children.length > LOG_ROWS) $("switches").lastChild.remove();
        }
        state.served = region;
      }
    } catch (error) {
      state.sharedOk = false;
    }
    $("served").textContent = state.sharedOk ? state.served : `${state.served || "?"} (no answer)`;
    banner();
  }

  async function probe(region) {
    const row = $(`region-${region}`);
    try {
      const answer = await call("GET", `${state.urls[region]}/hello`, undefined, { quiet: true });
      state.reachable[region] = answer.status === 200;
      row.cells[1].textContent = answer.status === 200 ? "up" : `HTTP ${answer.status}`;
      row.cells[2].textContent = `${Math.round(answer.ms)} ms`;
    } catch (error) {
      state.reachable[region] = false;
      row.cells[1].textContent = "down";
      row.cells[2].textContent = "-";
    }
    row.cells[1].className = state.reachable[region] ? "up" : "down";
    banner();
  }

  function banner() {
    const home = state.home;
    let text = "";
    if (home && state.reachable[home] === false) {
      text = `Home region ${home} is down: catalog changes and changes to orders homed in ` +
        `${home} wait for it. Reads and new orders go to a region that answers.`;
    } else if (home && state.served && state.served !== home) {
      text = `Home region ${home} is out of rotation: the shared name sends you to ` +
        `${state.served}. Catalog writes and orders homed in ${home} still go to ${home}.`;
    } else if (!state.sharedOk) {
      text = "The shared name does not answer: reads and new orders use a regional name.";
    }
    $("banner").textContent = text;
    $("banner").hidden = !text;
  }

  // Write through one region, read through another until the write shows: replication lag.
  async function measureLag() {
    const up = Object.keys(state.urls).filter((r) => state.reachable[r]);
    const writer = up.includes(state.served) ? state.served : up[0];
    const reader = up.find((r) => r !== writer);
    if (!reader) {
      $("lag").textContent = "n/a";
      $("lag-how").textContent = "(needs two regions that answer)";
      return;
    }
    const path = `/items/lag-probe-${session}`, stamp = `${Date.now()}-${Math.random()}`;
    try {
      const put = await call("PUT", state.urls[writer] + path, { data: { stamp } }, { quiet: true });
      if (put.status !== 200) return;
      const written = performance.now();
      while (performance.now() - written < LAG_MS) {
        const read = await call("GET", state.urls[reader] + path, undefined, { quiet: true });
        if (read.status === 200 && read.data.data.stamp === stamp) {
          $("lag").textContent = `${Math.round(performance.now() - written)} ms`;
          $("lag-how").textContent = `(written in ${writer}, read in ${reader})`;
          return;
        }
        await new Promise((resolve) => setTimeout(resolve, LAG_STEP_MS));
      }
      $("lag").textContent = `> ${LAG_MS} ms`;
    } catch (error) {
      $("lag").textContent = "?";
    }
  }

  // -- the app ---------------------------------------------------------------------------

  async function loadCatalog() {
    const answer = await call("GET", `${entry()}/catalog`);
    if (answer.status !== 200) return;
    $("catalog").replaceChildren();
    $("sku").replaceChildren();
    for (const item of answer.data.entries) {
      const row = el("tr");
      row.append(el("td", item.id), el("td", item.name),
        el("td", (item.priceCents / 100).toFixed(2)), el("td", item.description));
      $("catalog").append(row);
      const option = el("option", `${item.name} (${(item.priceCents / 100).toFixed(2)})`);
      option.value = item.id;
      $("sku").append(option);
    }
  }

  async function saveEntry(event) {
    event.preventDefault();
    const form = event.target;
    const body = { name: form.name.value, priceCents: Math.round(Number(form.price.value) * 100) };
    let url = `${state.urls[state.home]}/catalog/${encodeURIComponent(form.id.value)}`;
    try {
      let answer = await call("PUT", url, body);
      if (answer.status === 409 && answer.data.error === "wrong_region") {
        say("entry-result", `409 wrong_region: written only in ${answer.data.homeRegion}; ` +
          `following ${answer.location}`);
        url = answer.location;
        answer = await call("PUT", url, body);
      }
      if (answer.status !== 200) throw new Error(answer.data ? answer.data.message : answer.status);
      say("entry-result", `saved in ${answer.region}`);
      await loadCatalog();
    } catch (error) {
      say("entry-result", error instanceof Unreachable
        ? `home region ${state.home} does not answer: catalog writes wait for it`
        : `not saved: ${error.message}`, true);
    }
  }

  function renderOrders() {
    $("orders").replaceChildren();
    for (const order of state.orders) {
      const item = el("li");
      item.dataset.id = order.id;
      const line = order.lines.map((l) => `${l.quantity}× ${l.sku}`).join(", ");
      item.append(el("code", order.id.slice(0, 8)),
        ` ${line} — ${order.status} v${order.version} · home `, el("span", order.homeRegion, "region"));
      for (const status of ["paid", "shipped", "cancelled"]) {
        const button = el("button", status);
        button.type = "button";
        button.addEventListener("click", () => updateOrder(order, status));
        item.append(button);
      }
      const reread = el("button", "re-read");
      reread.type = "button";
      reread.addEventListener("click", () => readOrder(order));
      item.append(reread);
      $("orders").append(item);
    }
  }

  function remember(order) {
    const at = state.orders.findIndex((o) => o.id === order.id);
    if (at < 0) state.orders.unshift(order); else state.orders[at] = order;
    renderOrders();
  }

  async function placeOrder(event) {
    event.preventDefault();
    const form = event.target;
    const body = { customer: form.customer.value,
      lines: [{ sku: form.sku.value, quantity: Number(form.quantity.value) }] };
    const key = `${session}-${Date.now()}`;
    try {
      const answer = await call("POST", `${entry()}/orders`, body, { headers: { "Idempotency-Key": key } });
      if (answer.status !== 201) throw new Error(answer.data ? answer.data.message : answer.status);
      remember(answer.data);
      say("order-result", `order placed in ${answer.data.homeRegion}`);
    } catch (error) {
      say("order-result", `not placed: ${error.message}`, true);
    }
  }

  async function readOrder(order) {
    try {
      const answer = await call("GET", `${entry()}/orders/${order.id}`);
      if (answer.status !== 200) throw new Error(answer.data ? answer.data.message : answer.status);
      remember(answer.data);
      say("order-result", `read from ${answer.region}: ${answer.data.status} v${answer.data.version}`);
    } catch (error) {
      say("order-result", `not read: ${error.message}`, true);
    }
  }

  // Changes go to the order's home region, whichever region the shared name prefers.
  async function updateOrder(order, status) {
    let url = `${order.homeUrl}/orders/${order.id}`;
    const body = { version: order.version, status };
    try {
      let answer = await call("PATCH", url, body);
      if (answer.status === 409 && answer.data.error === "wrong_region") {
        url = answer.location;
        answer = await call("PATCH", url, body);
      }
      if (answer.status !== 200) throw new Error(answer.data ? answer.data.message : answer.status);
      remember(answer.data);
      say("order-result", `updated in its home region ${answer.region}`);
    } catch (error) {
      say("order-result", error instanceof Unreachable
        ? `home region ${order.homeRegion} does not answer: this change waits for it`
        : `not updated: ${error.message}`, true);
    }
  }

  async function hit(method) {
    const answer = await call(method, `${entry()}/hits`);
    if (answer.status === 200) $("hits").textContent = String(answer.data.total);
  }

  function every(ms, task) {
    const run = () => task().catch(() => {}).finally(() => setTimeout(run, ms));
    run();
  }

  async function start() {
    const answer = await call("GET", `${shared}/regions`);
    state.home = answer.data.home;
    state.urls = answer.data.regions;
    $("home").textContent = state.home;
    for (const [region, url] of Object.entries(state.urls)) {
      const row = el("tr");
      row.id = `region-${region}`;
      row.append(el("td", region, "region"), el("td", "…"), el("td", "…"), el("td", url));
      $("regions").append(row);
      every(PROBE_MS, () => probe(region));
    }
    every(POLL_MS, pollShared);
    every(LAG_MS, measureLag);
    $("entry").addEventListener("submit", saveEntry);
    $("order").addEventListener("submit", placeOrder);
    $("hit").addEventListener("click", () => hit("POST"));
    await Promise.all([loadCatalog(), hit("POST")]);
  }

  start().catch((error) => say("entry-result", `could not start: ${error.message}`, true));
})();
