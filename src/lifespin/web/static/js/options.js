// House rules in words, shared by the lobby and the rules page.

// Source names inside choice values, as their sources spell them.
const VALUE_WORDS = { csharp: "C#", java: "Java", ocaml: "OCaml", gen2: "Gen II", python: "Python" };

export function optionValueText(o, value) {
  if (o.type === "bool") return value ? "on" : "off";
  if (o.type === "int") return String(value);
  if (/^\d+$/.test(String(value))) return Number(value).toLocaleString("en-US");
  const words = String(value).split(/[_-]+/).map((w) => VALUE_WORDS[w.toLowerCase()] ?? w.toLowerCase());
  const text = words.join(" ");
  return text[0].toUpperCase() + text.slice(1);
}
