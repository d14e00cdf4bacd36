// Commands go to the queue first (sealed on the device) and are then sent, each wiped from it as soon as
// the station answers; reads refresh what the page shows. A command made online with nothing waiting
// goes to its own endpoint, a queue left from offline goes up in batches.

import { ApiError, NetworkError, api, describeError, isRefusal, readAll } from "./terminal_api.js";
import { notify } from "./terminal_dom.js";
import { askForKey } from "./terminal_key.js";
import { COMMAND_LABELS } from "./terminal_labels.js";
import { render } from "./terminal_render.js";
import {
  addToQueue, dropFromQueue, loadQueue, newCommandId, pendingCount, saveCache, state
} from "./terminal_store.js";

const BATCH_SIZE = 200;

const ENDPOINTS = {
  schedule_reception: "/receptions",
  hold_reception: "/receptions/held",
  check_in: "/check-ins",
  request_leave: "/leaves",
  record_opinion: "/opinions",
  solve_on_spot: "/opinions/solved",
  refer_to_township: "/opinions/referred",
  give_feedback: "/opinions/feedback"
};

export function enqueue(type, body) {
  var item = { type: type, command_id: newCommandId(), occurred_at: new Date().toISOString() };
  Object.keys(body).forEach(function (name) {
    item[name] = body[name];
  });
  return addToQueue(item).then(function (waiting) {
    if (!navigator.onLine) notify("info", "网络未连接，“" + COMMAND_LABELS[type] + "”已存入本机，联网后自动上传");
    render();
    flush({ direct: waiting === 1 });
  }, function (error) {
    notify("error", "“" + COMMAND_LABELS[type] + "”未能存入本机：" + ((error && error.message) || error));
  });
}

// A command made online with nothing else waiting goes to its own endpoint; whatever waited in the
// queue (offline, or after a failure) is uploaded in order with one batch request.
export function flush(options) {
  var direct = !!(options && options.direct);
  if (state.flushing) {
    state.flushAgain = true;
    return Promise.resolve();
  }
  if (!state.key) return Promise.resolve();
  state.flushing = true;
  renderSync();
  return sendNext(state.awaited, direct)
    .then(function () {
      state.networkDown = false;
    }, function (error) {
      if (error instanceof NetworkError) {
        state.networkDown = true;
      } else if (error instanceof ApiError && error.status === 401) {
        askForKey(error.message);
      } else {
        notify("error", "上传暂未成功，稍后自动重试：" + error.message);
      }
    })
    .then(function () {
      state.flushing = false;
      renderSync();
      var again = state.flushAgain;
      state.flushAgain = false;
      if (again) return flush();
      var awaited = state.awaited.splice(0);
      if (awaited.length) return refresh(awaited);
      render();
    });
}

function sendNext(awaited, direct) {
  var queue = loadQueue();
  if (!queue.length || !navigator.onLine) {
    if (queue.length) state.networkDown = true;
    return Promise.resolve();
  }
  var step = direct && queue.length === 1
    ? sendOne(queue[0], awaited)
    : sendBatch(queue.slice(0, BATCH_SIZE), awaited);
  return step.then(function () {
    return sendNext(awaited, false);
  });
}

function sendOne(item, awaited) {
  return api(ENDPOINTS[item.type], "POST", item).then(
    function (result) {
      dropFromQueue([item.command_id]);
      awaited.push.apply(awaited, result.event_ids || []);
      notify("ok", "已保存：" + COMMAND_LABELS[item.type]);
    },
    function (error) {
      if (!isRefusal(error)) throw error;
      dropFromQueue([item.command_id]);
      notify("error", "“" + COMMAND_LABELS[item.type] + "”未被接受：" + error.message);
    }
  );
}

function sendBatch(items, awaited) {
  return api("/batch", "POST", { items: items }).then(function (result) {
    var done = [];
    result.results.forEach(function (outcome) {
      var item = items[outcome.index];
      if (!item) return;
      done.push(item.command_id);
      if (outcome.ok) {
        awaited.push.apply(awaited, (outcome.result && outcome.result.event_ids) || []);
      } else {
        notify("error", "离线记录“" + COMMAND_LABELS[item.type] + "”未被接受：" +
          describeError(422, outcome.error));
      }
    });
    dropFromQueue(done);
    if (result.accepted) notify("ok", "已上传 " + result.accepted + " 条离线记录");
  });
}

export function refresh(awaited) {
  if (!state.key) return Promise.resolve();
  if (!navigator.onLine) {
    state.networkDown = true;
    render();
    return Promise.resolve();
  }
  // Events of different records may reach the ledger in any order: wait for each recent one, briefly.
  var waits = (awaited || []).slice(-5).map(function (eventId) {
    return api("/station?wait_for=" + encodeURIComponent(eventId)).catch(function (error) {
      if (error instanceof NetworkError) throw error;
      return null;
    });
  });
  return Promise.all(waits)
    .then(function () {
      return Promise.all([api("/station"), readAll("/ledger/opinions"), readAll("/ledger/receptions")]);
    })
    .then(function (results) {
      state.station = results[0];
      state.opinions = results[1];
      state.receptions = results[2];
      state.networkDown = false;
      saveCache();
      render();
    }, function (error) {
      if (error instanceof NetworkError) {
        state.networkDown = true;
        render();
      } else if (error instanceof ApiError && error.status === 401) {
        askForKey(error.message);
      } else {
        notify("error", error.message || "读取数据失败");
      }
    });
}

export function renderSync() {
  var pending = pendingCount();
  var offline = !navigator.onLine || state.networkDown;
  var box = document.getElementById("sync-status");
  var text;
  if (offline) text = "离线：" + pending + " 条待上传";
  else if (pending && state.flushing) text = "正在上传：" + pending + " 条";
  else if (pending) text = "待上传：" + pending + " 条";
  else text = "在线，已全部上传";
  document.getElementById("sync-text").textContent = text;
  box.setAttribute("data-pending", String(pending));
  box.className = "sync " + (offline ? "offline" : pending ? "pending" : "ok");
}
