// The one way pages talk to the service: the bearer token of the signed-in person, and errors as the
// platform returns them ({code, message, field}).

const SESSION_KEY = "renda.session";

export class ApiError extends Error {
  constructor(status, body) {
    const error = (body && body.error) || {};
    super(error.message || `请求失败（${status}）`);
    this.status = status;
    this.code = error.code || "ERROR";
    this.field = error.field || null;
  }
}

export const session = {
  get() {
    const saved = localStorage.getItem(SESSION_KEY);
    if (!saved) return null;
    const value = JSON.parse(saved);
    if (new Date(value.expires_at) <= new Date()) {
      localStorage.removeItem(SESSION_KEY);
      return null;
    }
    return value;
  },
  set(value) {
    localStorage.setItem(SESSION_KEY, JSON.stringify(value));
  },
  clear() {
    localStorage.removeItem(SESSION_KEY);
  },
};

function query(params) {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(params || {})) {
    if (value !== undefined && value !== null && value !== "") search.set(name, value);
  }
  const text = search.toString();
  return text ? `?${text}` : "";
}

function headers(extra) {
  const current = session.get();
  const result = { ...extra };
  if (current) result.Authorization = `Bearer ${current.access_token}`;
  return result;
}

async function send(method, path, { params, body } = {}) {
  const response = await fetch(`${path}${query(params)}`, {
    method,
    headers: headers(body === undefined ? {} : { "Content-Type": "application/json" }),
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (response.status === 401 && session.get()) {
    session.clear();
    location.hash = "#/login";
  }
  const payload = response.headers.get("content-type")?.includes("json") ? await response.json() : null;
  if (!response.ok) throw new ApiError(response.status, payload);
  return payload;
}

export const api = {
  get: (path, params) => send("GET", path, { params }),
  // Every command carries a fresh command id, so a resend after a lost response is applied once.
  post: (path, body) => send("POST", path, { body: { command_id: crypto.randomUUID(), ...body } }),
  async login(username, password) {
    const response = await fetch("/api/v1/auth/login", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ username, password }),
    });
    const payload = await response.json();
    if (!response.ok) throw new ApiError(response.status, payload);
    session.set({ ...payload, username });
    return payload;
  },
  async download(path, params, filename) {
    const response = await fetch(`${path}${query(params)}`, { headers: headers({}) });
    if (!response.ok) throw new ApiError(response.status, await response.json().catch(() => null));
    const link = document.createElement("a");
    link.href = URL.createObjectURL(await response.blob());
    link.download = filename;
    link.click();
    URL.revokeObjectURL(link.href);
  },
  headers,
};
