// Live updates: server-sent events from /api/v1/live, read with fetch so the bearer token travels in a
// header (EventSource cannot send one). Reconnects with a growing pause; tells the page its state.

import { api } from "./api.js";
import { PROJECTIONS } from "./contract.js";

/**
 * The names of the service's projections a page shows, by their short keys ("roster" for "county.roster").
 * A key the service does not have throws as the page loads, instead of a page that silently never updates.
 */
export function projections(...keys) {
  return keys.map((key) => {
    if (!Object.hasOwn(PROJECTIONS, key)) throw new Error(`the service has no projection "${key}"`);
    return PROJECTIONS[key];
  });
}

function parse(block) {
  let event = "message";
  const data = [];
  for (const line of block.split("\n")) {
    if (line.startsWith("event:")) event = line.slice(6).trim();
    else if (line.startsWith("data:")) data.push(line.slice(5).trim());
  }
  return { event, data: data.length ? JSON.parse(data.join("\n")) : null };
}

export function connectLive({ onNotice, onState }) {
  const controller = new AbortController();
  let pause = 1000;

  async function run() {
    while (!controller.signal.aborted) {
      try {
        const response = await fetch("/api/v1/live", { headers: api.headers({}), signal: controller.signal });
        if (!response.ok) throw new Error(`live ${response.status}`);
        const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
        let buffer = "";
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buffer += value;
          let end;
          while ((end = buffer.indexOf("\n\n")) >= 0) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            if (block.startsWith(":")) continue;
            const message = parse(block);
            if (message.event === "ready") {
              pause = 1000;
              onState("live");
            } else if (message.event === "projection") {
              onNotice(message.data);
            }
          }
        }
      } catch (error) {
        if (controller.signal.aborted) return;
      }
      onState("offline");
      await new Promise((resolve) => setTimeout(resolve, pause));
      pause = Math.min(pause * 2, 30000);
    }
  }

  run();
  return () => controller.abort();
}
