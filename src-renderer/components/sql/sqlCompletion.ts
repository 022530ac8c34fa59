/**
 * Completion from the engine: DuckDB's `sql_auto_complete` (its built-in
 * autocomplete extension) reads the text before the cursor and suggests
 * keywords, tables, columns and functions of the open workspace.
 */
import type { Completion, CompletionContext, CompletionResult, CompletionSource } from '@codemirror/autocomplete';
import type { SqlSuggestion } from '../../../src-main/common/sqlApi';
import { call } from '../../api/client';

/** The request schema's limit on the text sent (sqlApi's sqlComplete). */
const MAX_TEXT = 200_000;
/** Options shown; DuckDB ranks them, the engine sends at most 50. */
const MAX_OPTIONS = 30;

/** CodeMirror's option type (its icon class) for DuckDB's suggestion_type. */
export function completionKind(kind: string): string {
  return kind.endsWith('_function') || kind === 'function' ? 'function' : kind;
}

const bare = (text: string) => text.replace(/^"|"$/g, '').replaceAll('""', '"').toLowerCase();

/**
 * DuckDB's ranked suggestions, minus those that do not contain the word typed
 * (it fills its list with loose matches: `abort` for `partic`) and the word
 * itself; prefix matches first, in DuckDB's order.
 */
export function toOptions(suggestions: SqlSuggestion[], before: string, detail: (kind: string) => string): { from: number; options: Completion[] } | null {
  const from = suggestions[0]?.start;
  if (from === undefined) return null;
  const typed = bare(before.slice(from));
  const prefix: Completion[] = [];
  const inner: Completion[] = [];
  const seen = new Set<string>();
  // Suggestions replacing from another offset than the first are rare (DuckDB completes one word); they are left out.
  for (const s of suggestions) {
    const word = bare(s.text);
    if (s.start !== from || !s.text || word === typed || seen.has(`${s.kind}:${s.text}`)) continue;
    seen.add(`${s.kind}:${s.text}`);
    const kind = completionKind(s.kind);
    const option: Completion = { label: s.text, type: kind, detail: detail(kind) };
    if (word.startsWith(typed)) prefix.push(option);
    else if (typed && word.includes(typed)) inner.push(option);
  }
  const options = [...prefix, ...inner].slice(0, MAX_OPTIONS);
  return options.length ? { from, options } : null;
}

/**
 * A completion source asking the engine. CodeMirror waits for a pause in
 * typing before it asks; a query is dropped as soon as the text changes, and
 * only one request is in flight at a time (the engine's read lane serves them
 * in turn, so stale ones would only delay the fresh one).
 */
export function engineCompletion(opts: { busy: () => boolean; detail: (kind: string) => string }): CompletionSource {
  let inflight: Promise<unknown> = Promise.resolve();
  return async (ctx: CompletionContext): Promise<CompletionResult | null> => {
    if (opts.busy() || ctx.pos > MAX_TEXT) return null;
    const before = ctx.state.sliceDoc(0, ctx.pos);
    // Typing asks only after a word character or a dot; Ctrl+Space asks anywhere.
    if (!ctx.explicit && !/[\p{L}\p{N}_$".]$/u.test(before)) return null;
    let stale = false;
    ctx.addEventListener('abort', () => (stale = true), { onDocChange: true });
    const request = inflight.then(() => (stale ? undefined : call('sqlComplete', { sql: before, cursor: before.length })));
    inflight = request.catch(() => undefined);
    const r = await request;
    if (!r || stale || ctx.aborted || !r.ok) return null;
    const found = toOptions(r.value.suggestions, before, opts.detail);
    // DuckDB's list depends on the whole prefix, so each keystroke asks again (no validFor) and its order is kept (no filter).
    return found && { ...found, filter: false };
  };
}
