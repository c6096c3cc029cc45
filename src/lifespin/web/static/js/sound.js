// Optional sound, off unless the player turns it on (the choice is kept in
// this browser): a tick as the wheel turns, a rising chime for money in, a
// low note for money out, a fanfare at the end. Made with Web Audio on the
// spot: no sound files.

const KEY = "lifespin.sound";

export class Sound {
  constructor() {
    this.on = localStorage.getItem(KEY) === "on";
    this.ctx = null;
  }

  setOn(on) {
    this.on = Boolean(on);
    localStorage.setItem(KEY, this.on ? "on" : "off");
    if (this.on) this.context();
  }

  context() {
    if (!this.ctx) {
      const Ctx = window.AudioContext || window.webkitAudioContext;
      if (!Ctx) return null;
      this.ctx = new Ctx();
    }
    if (this.ctx.state === "suspended") this.ctx.resume().catch(() => {});
    return this.ctx;
  }

  /** One short note: frequency (Hz), when (s from now), length (s), loudness. */
  note(freq, when = 0, length = 0.12, gain = 0.08, type = "sine") {
    if (!this.on) return;
    const ctx = this.context();
    if (!ctx) return;
    const t = ctx.currentTime + when;
    const osc = ctx.createOscillator();
    const amp = ctx.createGain();
    osc.type = type;
    osc.frequency.setValueAtTime(freq, t);
    amp.gain.setValueAtTime(gain, t);
    amp.gain.exponentialRampToValueAtTime(0.0001, t + length);
    osc.connect(amp).connect(ctx.destination);
    osc.start(t);
    osc.stop(t + length + 0.02);
  }

  tick() {
    this.note(1400, 0, 0.03, 0.04, "square");
  }

  gain() {
    this.note(660, 0, 0.1);
    this.note(880, 0.08, 0.16);
  }

  loss() {
    this.note(300, 0, 0.18, 0.07, "triangle");
  }

  fanfare() {
    [523, 659, 784, 1047].forEach((f, i) => this.note(f, i * 0.14, 0.3, 0.08, "triangle"));
  }
}
