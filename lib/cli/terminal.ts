/**
 * Everything the CLI prints goes through here, because log text (rejected lines, file names,
 * error messages that quote data) may carry terminal control sequences: ESC starts sequences that
 * set the window title, clear the screen or, with OSC 52, write the clipboard; a lone CR hides
 * what came before it on the line; C1 controls (U+0080–U+009F) are 8-bit escapes to some
 * terminals; bidirectional overrides make text display in another order than it reads.
 */

/** C0 controls except tab, DEL, C1 controls, bidi embeddings/overrides/isolates. */
// eslint-disable-next-line no-control-regex -- finding control characters is this module's job
const CONTROL = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;
/** The same, but newline is left to structure multi-line output. */
// eslint-disable-next-line no-control-regex -- as above
const CONTROL_BUT_NEWLINE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\u001b': '\\e' };

function visible(c: string): string {
  const code = c.charCodeAt(0);
  return NAMED[c] ?? (code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`);
}

/** One value from a log or the file system, made safe and kept on one line: `ESC` → `\e`, newline → `\n`, DEL → `\x7f`. */
export function escapeControl(text: string): string {
  return text.replace(CONTROL, visible);
}

/** A block of output: control characters escaped, its own newlines kept. */
export function safeText(text: string): string {
  return text.replace(CONTROL_BUT_NEWLINE, visible);
}

/**
 * One JSON document on one line. JSON.stringify escapes C0 controls but not DEL, C1 or bidi
 * controls; those become `\u` escapes too, which JSON readers decode back to the same string.
 */
export function jsonLine(value: unknown): string {
  return JSON.stringify(value).replace(/[\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`) + '\n';
}

/** Writes one JSON document on one line to stdout (see `jsonLine`). */
export function outJson(value: unknown): void {
  process.stdout.write(jsonLine(value));
}

/** Writes to stdout with control characters escaped (newlines kept). */
export function out(text: string): void {
  process.stdout.write(safeText(text));
}

/** Writes to stderr with control characters escaped (newlines kept). */
export function err(text: string): void {
  process.stderr.write(safeText(text));
}

/** `<command>: <message>` on stderr, on one line whatever the message holds. */
export function errLine(command: string, message: string): void {
  process.stderr.write(`${command}: ${escapeControl(message)}\n`);
}
