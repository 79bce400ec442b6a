/**
 * Characters that must not reach a terminal raw: C0 controls but the line feed (escape
 * sequences start with ESC, a carriage return overwrites the line), DEL, C1 controls, the
 * Unicode line and paragraph separators, and the bidirectional controls that reorder what is
 * shown (a base named "\u202Egnp.exe" reads backwards: "Trojan Source", CVE-2021-42574).
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNSAFE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/**
 * Text for a terminal with every unsafe character (see above) written as a visible `\uXXXX`
 * escape. The same escape is valid inside a JSON string, so `--json` output stays the same JSON
 * value (these characters occur only inside strings there) while never acting on the terminal.
 * Names from input files (bases, regions, labels) reach the terminal only through this.
 *
 * @example
 * terminalSafe('Base \u001b[31mred\u001b[0m'); // -> 'Base \\u001b[31mred\\u001b[0m'
 * terminalSafe('a\nb'); // -> 'a\nb' (line feeds stay)
 */
export function terminalSafe(text: string): string {
  return text.replace(UNSAFE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
