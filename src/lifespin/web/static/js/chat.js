// The table chat: the last lines (GET /games/{id}/chat), new ones as the
// socket brings them ({"type": "chat"}), and for a seat a line to send
// (POST /games/{id}/seats/{seat}/chat). Lines are shown as text, never markup.

import { request } from "./api.js";
import { h, replaceChildren, seatColour, textOn } from "./util.js";

export const CHAT_MAX = 200; // the server's cap (lifespin.web.together.CHAT_MAX_CHARS)

export class ChatBox {
  /**
   * @param {HTMLElement} container
   * @param {{gameId: string, seat: number|null, token: string|null}} who
   */
  constructor(container, { gameId, seat, token }) {
    this.gameId = gameId;
    this.seat = seat;
    this.token = token;
    this.list = h("ol", { class: "chat-lines", role: "log", "aria-live": "polite", "aria-label": "Table chat", tabindex: "0" });
    this.error = h("p", { class: "error", role: "alert", hidden: true });
    const parts = [this.list];
    if (seat !== null) {
      this.input = h("input", {
        type: "text", id: "chat-input", maxlength: CHAT_MAX, autocomplete: "off",
        placeholder: "Say something to the table", "aria-label": "Chat message",
      });
      parts.push(h("form", { class: "chat-form", onsubmit: (ev) => { ev.preventDefault(); this.send(); } },
        this.input, h("button", { type: "submit", class: "small", id: "chat-send" }, "Send")));
    } else {
      parts.push(h("p", { class: "help" }, "Spectators read the chat; players write in it."));
    }
    parts.push(this.error);
    replaceChildren(container, parts);
  }

  async load() {
    try {
      const lines = await request(`/games/${encodeURIComponent(this.gameId)}/chat`);
      replaceChildren(this.list);
      for (const line of lines) this.add(line);
    } catch {
      // No chat history is no reason to stop the game.
    }
  }

  add(line) {
    const colour = seatColour(line.seat);
    this.list.append(h("li", { class: "chat-line" },
      h("span", { class: "seat-chip small", style: { background: colour, color: textOn(colour) }, "aria-hidden": "true" }, String(line.seat + 1)),
      " ", h("strong", {}, `${line.name}: `), line.text));
    while (this.list.children.length > 60) this.list.firstElementChild.remove();
    this.list.scrollTop = this.list.scrollHeight;
  }

  async send() {
    const text = this.input.value.trim();
    if (!text) return;
    this.error.hidden = true;
    try {
      await request(`/games/${encodeURIComponent(this.gameId)}/seats/${this.seat}/chat`,
        { method: "POST", token: this.token, body: { text } });
      this.input.value = "";
    } catch (err) {
      this.error.textContent = err.detail || String(err);
      this.error.hidden = false;
    }
  }
}
