// The whole page drawn from `state` and the queue; each region is rebuilt only when its content changed.

import { formatDate } from "./terminal_dom.js";
import { renderLedgerOpinions, renderLedgerReceptions, renderOpenOpinions } from "./terminal_opinions.js";
import { state } from "./terminal_store.js";
import { renderSync } from "./terminal_sync.js";
import { renderDeputies, renderOpinionHint, renderReception } from "./terminal_today.js";

export function render() {
  renderSync();
  if (!state.station) return;
  var station = state.station;
  document.getElementById("station-name").textContent = station.name;
  document.getElementById("station-today").textContent = "今天是 " + formatDate(station.today);
  renderReception();
  renderDeputies();
  renderOpinionHint();
  renderOpenOpinions();
  renderLedgerOpinions();
  renderLedgerReceptions();
}
