"use strict";
// Food-for-Thought: the API's own demo page. No framework, no build step, no external requests.
(() => {
  const base = document.body.dataset.base || "";
  const shared = location.origin + base; // the name this page came from
  const POLL_MS = 1000, PROBE_MS = 2000, LAG_MS = 5000, LAG_STEP_MS = 25;
  const TIMEOUT_MS = 4000, LOG_ROWS = 12;
  // What the router believes; only the local runtime's global endpoint answers it
  // (local_runtime/admin.py STATUS_PATH). Elsewhere the page says "unknown".
  const ROUTER_STATUS = "/_local/status";
  const $ = (id) => document.getElementById(id);
  // router: undefined until asked, null where no router view answers, else its status.
  const state = { home: null, urls: {}, reachable: {}, served: null, sharedOk: true, orders: [],
    router: undefined, routerLost: false, lastLag: null };
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

  // A list with nothing in it says so in a sentence instead of an empty heading or table.
  function showEmpty(id) {
    const empty = $(id).children.length === 0;
    $(`${id}-empty`).hidden = !empty;
    const table = $(id).closest("table");
    if (table) table.hidden = empty;
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
        $("switches-empty").textContent =
          `None since this page opened: the shared name has answered from ${region} throughout.`;
        showEmpty("switches");
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

  async function pollRouter() {
    if (state.router === null) return; // asked once: nothing here answers for the router
    try {
      const answer = await call("GET", location.origin + ROUTER_STATUS, undefined, { quiet: true });
      const view = answer.status === 200 && answer.data && answer.data.regions;
      state.router = view ? answer.data : null;
      state.routerLost = false;
    } catch (error) {
      state.routerLost = state.router !== undefined;
    }
    for (const region of Object.keys(state.urls)) showRotation(region);
    banner();
  }

  function rotationOf(region) {
    const view = state.router && state.router.regions[region];
    return view && !state.routerLost ? view.rotation : undefined;
  }

  // The "router" cell: in or out of rotation and why, never inferred from /hello.
  function showRotation(region) {
    const row = $(`region-${region}`), cell = row.cells[3];
    const rotation = rotationOf(region);
    let text, detail, cls;
    if (state.router === undefined) {
      text = "…";
    } else if (state.routerLost) {
      [text, detail] = ["unknown", "the router's status does not answer"];
    } else if (!rotation) {
      [text, detail] = ["unknown", "the router's view is not visible to this page"];
    } else if (rotation.inRotation) {
      [text, detail, cls] = ["in rotation", rotation.detail, "up"];
    } else {
      [text, detail, cls] = [`out of rotation: ${rotation.why}`, rotation.detail, "down"];
    }
    cell.replaceChildren(el("span", text, cls));
    if (detail) cell.append(" ", el("small", `(${detail})`));
    row.classList.toggle("out", Boolean(rotation && !rotation.inRotation));
  }

  function banner() {
    const home = state.home, served = state.served;
    const rotation = home && rotationOf(home);
    const elsewhere = served && served !== home;
    const stillHome = `Catalog writes and orders homed in ${home} still go to ${home}.`;
    let text = "";
    if (home && state.reachable[home] === false) {
      text = `Home region ${home} is down: catalog changes and changes to orders homed in ` +
        `${home} wait for it. Reads and new orders go to a region that answers.`;
    } else if (state.router && !state.routerLost && state.router.failOpen) {
      text = "No region is in rotation: like Route 53, the router then answers with every " +
        "region (fail open).";
    } else if (rotation && !rotation.inRotation) {
      text = `Home region ${home} is out of rotation (${rotation.why}): the shared name sends ` +
        `you to ${elsewhere ? served : "another region"}. ${stillHome}`;
    } else if (elsewhere && rotation) {
      text = `The shared name sends you to ${served}, the routing policy's choice; home ` +
        `region ${home} is in rotation. ${stillHome}`;
    } else if (elsewhere) {
      text = `The shared name sends you to ${served}, not the home region ${home}: it is ` +
        `nearer to you, or ${home} is out of rotation (the router's view is not visible to ` +
        `this page). ${stillHome}`;
    } else if (!state.sharedOk) {
      text = "The shared name does not answer: reads and new orders use a regional name.";
    }
    $("banner").textContent = text;
    $("banner").hidden = !text;
  }

  function showLag(value, how) {
    $("lag").textContent = value;
    $("lag-how").textContent = `(${how})`;
  }

  // Write through one region, read through another until the write shows: replication lag.
  // Until a measurement lands, or when one fails, the line says why there is no number.
  async function measureLag() {
    const regions = Object.keys(state.urls);
    if (!regions.every((r) => r in state.reachable)) return; // not every region probed yet
    const up = regions.filter((r) => state.reachable[r]);
    const writer = up.includes(state.served) ? state.served : up[0];
    const reader = up.find((r) => r !== writer);
    const before = state.lastLag ? `last ${state.lastLag}` : "no measurement yet";
    if (!reader) {
      showLag(before, "needs two regions that answer: the page writes in one, reads in another");
      return;
    }
    const path = `/items/lag-probe-${session}`, stamp = `${Date.now()}-${Math.random()}`;
    let put;
    try {
      put = await call("PUT", state.urls[writer] + path, { data: { stamp } }, { quiet: true });
    } catch (error) {
      showLag(before, `the probe's write through ${writer} got no answer`);
      return;
    }
    if (put.status !== 200) {
      showLag(before, `the probe's write through ${writer} answered HTTP ${put.status}`);
      return;
    }
    const written = performance.now();
    try {
      while (performance.now() - written < LAG_MS) {
        const read = await call("GET", state.urls[reader] + path, undefined, { quiet: true });
        if (read.status === 200 && read.data && read.data.data &&
            read.data.data.stamp === stamp) {
          state.lastLag = `${Math.round(performance.now() - written)} ms`;
          showLag(state.lastLag, `written in ${writer}, read in ${reader}`);
          return;
        }
        await new Promise((resolve) => setTimeout(resolve, LAG_STEP_MS));
      }
    } catch (error) {
      showLag(before, `reading the probe through ${reader} got no answer`);
      return;
    }
    showLag(`> ${LAG_MS} ms`, `written in ${writer}, not yet readable in ${reader}`);
  }

  // -- the app ---------------------------------------------------------------------------

  async function loadCatalog() {
    const answer = await call("GET", `${entry()}/catalog`);
    if (answer.status !== 200) return;
    $("catalog").replaceChildren();
    $("sku").replaceChildren();
    if (!answer.data.entries.length) {
      const none = el("option", "add a catalog entry first");
      [none.value, none.disabled, none.selected] = ["", true, true];
      $("sku").append(none);
    }
    for (const item of answer.data.entries) {
      const row = el("tr");
      row.append(el("td", item.id), el("td", item.name),
        el("td", (item.priceCents / 100).toFixed(2)), el("td", item.description));
      $("catalog").append(row);
      const option = el("option", `${item.name} (${(item.priceCents / 100).toFixed(2)})`);
      option.value = item.id;
      $("sku").append(option);
    }
    showEmpty("catalog");
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
    showEmpty("orders");
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
      row.append(el("td", region, "region"), el("td", "…"), el("td", "…"), el("td", "…"),
        el("td", url));
      $("regions").append(row);
      every(PROBE_MS, () => probe(region));
    }
    every(PROBE_MS, pollRouter);
    every(POLL_MS, pollShared);
    every(LAG_MS, measureLag);
    $("entry").addEventListener("submit", saveEntry);
    $("order").addEventListener("submit", placeOrder);
    $("hit").addEventListener("click", () => hit("POST"));
    await Promise.all([loadCatalog(), hit("POST")]);
  }

  start().catch((error) => say("entry-result", `could not start: ${error.message}`, true));
})();
