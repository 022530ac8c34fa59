/**
 * A small SQL tokenizer for the console's highlighting (DuckDB dialect:
 * `--` and block comments, '…' strings with '' escapes, "…" identifiers,
 * numbers, keywords, function calls), and the error position DuckDB reports
 * as `LINE n:` followed by a caret line.
 */
export type TokenKind = 'keyword' | 'string' | 'number' | 'comment' | 'ident' | 'quoted' | 'function' | 'operator' | 'space';

export interface Token {
  kind: TokenKind;
  text: string;
  start: number;
}

export const KEYWORDS = new Set(
  `select from where group by order having limit offset with as on join left right full outer inner cross natural using
  union all intersect except distinct and or not in is null like ilike between case when then else end asc desc nulls first last
  true false cast try_cast over partition rows range unbounded preceding following current row window qualify filter exists any
  values table describe summarize show pivot unpivot lateral recursive struct list map interval date timestamp time varchar
  integer bigint double decimal boolean semi anti positional asof sample using collate escape some`
    .split(/\s+/)
    .filter(Boolean),
);

const TOKEN = /(--[^\n]*|\/\*[\s\S]*?(?:\*\/|$))|('(?:[^']|'')*'?)|("(?:[^"]|"")*"?)|(\d+(?:\.\d*)?(?:[eE][+-]?\d+)?|\.\d+)|([A-Za-z_\u0080-\uffff][\w$\u0080-\uffff]*)|(\s+)|([^\w\s])/gy;

export function tokenize(sql: string): Token[] {
  const out: Token[] = [];
  TOKEN.lastIndex = 0;
  let m: RegExpExecArray | null;
  while (TOKEN.lastIndex < sql.length && (m = TOKEN.exec(sql))) {
    const start = m.index;
    const text = m[0];
    let kind: TokenKind;
    if (m[1]) kind = 'comment';
    else if (m[2]) kind = 'string';
    else if (m[3]) kind = 'quoted';
    else if (m[4]) kind = 'number';
    else if (m[5]) {
      if (KEYWORDS.has(text.toLowerCase())) kind = 'keyword';
      else kind = /^\s*\(/.test(sql.slice(start + text.length, start + text.length + 8)) ? 'function' : 'ident';
    } else if (m[6]) kind = 'space';
    else kind = 'operator';
    out.push({ kind, text, start });
  }
  return out;
}

/** Character offset in `sql` of the position DuckDB marked with `LINE n:` and a caret, if any. */
export function errorPosition(sql: string, message: string): number | undefined {
  const lines = message.split('\n');
  const at = lines.findIndex((l) => /^LINE \d+: /.test(l));
  if (at < 0) return undefined;
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
