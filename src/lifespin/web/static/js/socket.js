// One websocket per tab (docs/web-protocol.md section 3), kept open: on a
// drop it reconnects with `since=<last version shown>` and a growing,
// jittered backoff, and resends an action that was never acknowledged
// (same id, so the server applies it at most once).

const FATAL = { 4400: "This link names no seat of the game.", 4403: "This link's token is wrong for its seat.", 4404: "There is no such game." };

export class GameSocket {
  /**
   * @param {{gameId: string, seat: number|null, token: string|null,
   *          onMessage: (msg: object) => void, onStatus: (status: string, detail?: string) => void}} opts
   */
  constructor({ gameId, seat, token, onMessage, onStatus }) {
    this.gameId = gameId;
    this.seat = seat;
    this.token = token;
    this.onMessage = onMessage;
    this.onStatus = onStatus;
    this.since = null; // last version received
    this.ws = null;
    this.attempt = 0;
    this.timer = null;
    this.pingTimer = null;
    this.pending = null; // {type: "action", ...} sent but not acknowledged
    this.closedForGood = false;
    this.counter = 0;
    this.idPrefix = Math.random().toString(36).slice(2, 8);
    window.addEventListener("online", () => this.reconnectNow());
    document.addEventListener("visibilitychange", () => {
      if (document.visibilityState === "visible") this.reconnectNow();
    });
  }

  url() {
    const proto = location.protocol === "https:" ? "wss:" : "ws:";
    const q = new URLSearchParams();
    if (this.seat !== null) {
      q.set("seat", String(this.seat));
      q.set("token", this.token || "");
    }
    if (this.since !== null) q.set("since", String(this.since));
    const qs = q.toString();
    return `${proto}//${location.host}/ws/games/${encodeURIComponent(this.gameId)}${qs ? `?${qs}` : ""}`;
  }

  connect() {
    if (this.closedForGood) return;
    clearTimeout(this.timer);
    this.onStatus(this.attempt ? "reconnecting" : "connecting");
    let ws;
    try {
      ws = new WebSocket(this.url());
    } catch {
      this.scheduleReconnect();
      return;
    }
    this.ws = ws;
    ws.addEventListener("open", () => {
      this.attempt = 0;
      this.onStatus("open");
      if (this.pending) ws.send(JSON.stringify(this.pending));
      clearInterval(this.pingTimer);
      this.pingTimer = setInterval(() => this.sendRaw({ type: "ping" }), 25000);
    });
    ws.addEventListener("message", (ev) => {
      let msg;
      try {
        msg = JSON.parse(ev.data);
      } catch {
        return;
      }
      if (msg.type === "state" && typeof msg.version === "number") {
        this.since = Math.max(this.since ?? -1, msg.version);
      }
      if ((msg.type === "ack" || msg.type === "error") && this.pending && msg.id === this.pending.id) {
        this.pending = null;
      }
      this.onMessage(msg);
    });
    ws.addEventListener("close", (ev) => {
      clearInterval(this.pingTimer);
      if (this.ws !== ws) return;
      this.ws = null;
      if (FATAL[ev.code]) {
        this.closedForGood = true;
        this.onStatus("failed", FATAL[ev.code]);
        return;
      }
      this.scheduleReconnect();
    });
  }

  scheduleReconnect() {
    if (this.closedForGood) return;
    this.attempt += 1;
    // 0.5 s, 1 s, 2 s, 4 s, ... at most 15 s, with ±30% jitter so that many
    // tabs coming back after a server restart do not all knock at once.
    const base = Math.min(15000, 500 * 2 ** (this.attempt - 1));
    const delay = Math.round(base * (0.7 + Math.random() * 0.6));
    this.onStatus("waiting", String(Math.ceil(delay / 1000)));
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.connect(), delay);
  }

  /** Try at once (the tab came back, the network returned, the user asked). */
  reconnectNow() {
    if (this.closedForGood || this.ws) return;
    this.attempt = Math.max(this.attempt, 1);
    this.connect();
  }

  /** Drop the socket as if the network had failed (tests, and "reconnect" in the UI). */
  drop() {
    if (this.ws) this.ws.close(4000, "client drop");
  }

  sendRaw(msg) {
    if (this.ws && this.ws.readyState === WebSocket.OPEN) {
      this.ws.send(JSON.stringify(msg));
      return true;
    }
    return false;
  }

  /** Send an action chosen from the state at `version`; kept until acknowledged. */
  act(action, version) {
    this.counter += 1;
    const msg = { type: "action", action, version, id: `${this.idPrefix}-${version}-${this.counter}` };
    this.pending = msg;
    this.sendRaw(msg);
    return msg.id;
  }

  isOpen() {
    return Boolean(this.ws && this.ws.readyState === WebSocket.OPEN);
  }

  close() {
    this.closedForGood = true;
    clearTimeout(this.timer);
    clearInterval(this.pingTimer);
    if (this.ws) this.ws.close(1000, "bye");
  }
}
