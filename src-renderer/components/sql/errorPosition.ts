/**
 * Where in the query a DuckDB error points: DuckDB shows the line as
 * `LINE n: …` with a caret under the position.
 */

/** Character offset in `sql` of the position DuckDB marked with `LINE n:` and a caret (or the end of input), if any. */
export function errorPosition(sql: string, message: string): number | undefined {
  const lines = message.split('\n');
  const at = lines.findIndex((l) => /^LINE \d+: /.test(l));
  // DuckDB shows no LINE for an error at the end of the text ("syntax error at end of input"): it is after the last word.
  if (at < 0) return /\bat end of input\b/.test(lines[0] ?? '') ? sql.trimEnd().length : undefined;
  const head = /^LINE (\d+): /.exec(lines[at]!)!;
  const caretLine = lines[at + 1] ?? '';
  const caret = caretLine.indexOf('^');
  if (caret < 0) return undefined;
  const lineNo = Number(head[1]);
  const shown = lines[at]!.slice(head[0].length);
  let col = caret - head[0].length;
  const sqlLines = sql.split('\n');
  const actual = sqlLines[lineNo - 1];
  if (actual === undefined) return undefined;
  if (shown.startsWith('...')) {
    // DuckDB cut the start of a long line: find where the shown part begins.
    const piece = shown.slice(3, 3 + 24);
    const found = actual.indexOf(piece);
    if (found >= 0) col = found + (col - 3);
  }
  col = Math.max(0, Math.min(col, actual.length));
  let offset = 0;
  for (let i = 0; i < lineNo - 1; i++) offset += sqlLines[i]!.length + 1;
  return offset + col;
}
