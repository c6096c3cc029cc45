// The REST side of the protocol (docs/web-protocol.md section 2), as small
// async functions. Tokens travel in the Authorization header, never the URL.

/** A refused request: `status` (HTTP code, 0 for a network failure) and `detail` in words. */
export class ApiError extends Error {
  constructor(status, detail) {
    super(detail);
    this.status = status;
    this.detail = detail;
  }
}

/** FastAPI's `detail` (a string, or a list of validation errors) as one sentence. */
function detailText(body, status) {
  const detail = body && body.detail;
  if (typeof detail === "string") return detail;
  if (Array.isArray(detail)) {
    return detail
      .map((e) => {
        const where = (e.loc || []).filter((p) => p !== "body").join(".");
        return where ? `${where}: ${e.msg}` : e.msg;
      })
      .join("; ");
  }
  return `The server answered ${status}.`;
}

/**
 * One request. `token` adds `Authorization: Bearer`; `body` is sent as JSON.
 * Resolves to the parsed JSON; rejects with ApiError.
 */
export async function request(path, { method = "GET", body, token, signal } = {}) {
  const headers = { Accept: "application/json" };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  if (token) headers.Authorization = `Bearer ${token}`;
  let response;
  try {
    response = await fetch(path, {
      method, headers, signal, cache: "no-store",
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (err) {
    if (err.name === "AbortError") throw err;
    throw new ApiError(0, "The server cannot be reached. Check the connection and try again.");
  }
  let data = null;
  const text = await response.text();
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = null;
    }
  }
  if (!response.ok) throw new ApiError(response.status, detailText(data, response.status));
  return data;
}

export const getEditions = () => request("/editions");

/** An edition's board under the game's house rules (query parameters). */
export function getBoard(name, options = {}) {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(options || {})) query.set(key, String(value));
  const qs = query.toString();
  return request(`/editions/${encodeURIComponent(name)}${qs ? `?${qs}` : ""}`);
}

export const createGame = (body) => request("/games", { method: "POST", body });
export const getGame = (id) => request(`/games/${encodeURIComponent(id)}`);
export const listGames = (status, limit = 10) =>
  request(`/games?status=${encodeURIComponent(status)}&limit=${limit}`);
export const startGame = (id, hostToken) =>
  request(`/games/${encodeURIComponent(id)}/start`, { method: "POST", token: hostToken });
export const askAdvice = (id, seat, token, signal) =>
  request(`/games/${encodeURIComponent(id)}/seats/${seat}/advice`,
    { method: "POST", token, signal });
export const getReplay = (id, start = 0, limit = 500) =>
  request(`/games/${encodeURIComponent(id)}/replay?start=${start}&limit=${limit}`);

/** A link the server gave (relative unless LIFESPIN_PUBLIC_URL is set) made absolute. */
export function absoluteUrl(link) {
  return new URL(link, location.origin).href;
}
