/**
 * The console's editor: a textarea over a highlighted copy of its text (so
 * typing, selection, undo and IME input stay the browser's own), a completion
 * popup fed by DuckDB's `sql_auto_complete` in the engine, Ctrl/Cmd+Enter to
 * run, and the error position DuckDB reported marked in the text.
 */
import { useCallback, useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { SqlSuggestion } from '../../../src-main/common/sqlApi';
import { call } from '../../api/client';
import { tokenize } from './highlight';

interface Props {
  value: string;
  onChange: (sql: string) => void;
  onRun: () => void;
  /** Offset of a syntax error to mark. */
  errorAt?: number;
  /** No completion requests while a query holds the engine's read lane. */
  busy: boolean;
}

const LINE_HEIGHT = 20;
const PAD = 10;

export function SqlEditor({ value, onChange, onRun, errorAt, busy }: Props) {
  const { t } = useTranslation();
  const area = useRef<HTMLTextAreaElement>(null);
  const pre = useRef<HTMLPreElement>(null);
  const measure = useRef<HTMLSpanElement>(null);
  const [popup, setPopup] = useState<{ items: SqlSuggestion[]; active: number; top: number; left: number; cursor: number }>();
  const timer = useRef<number | undefined>(undefined);
  const request = useRef(0);

  const highlighted = useMemo(() => {
    const tokens = tokenize(value);
    const parts: React.ReactNode[] = [];
    for (const tok of tokens) {
      const marked = errorAt !== undefined && errorAt >= tok.start && errorAt < tok.start + Math.max(1, tok.text.length) && tok.kind !== 'space';
      parts.push(
        <span key={tok.start} className={`sql-tok-${tok.kind}${marked ? ' sql-error-mark' : ''}`}>
          {tok.text}
        </span>,
      );
    }
    if (errorAt !== undefined && errorAt >= value.length) parts.push(<span key="eof" className="sql-error-mark"> </span>);
    // A trailing newline needs a character after it to take up a line.
    parts.push('\n');
    return parts;
  }, [value, errorAt]);

  const syncScroll = () => {
    if (pre.current && area.current) {
      pre.current.scrollTop = area.current.scrollTop;
      pre.current.scrollLeft = area.current.scrollLeft;
    }
  };

  const complete = useCallback(
    async (text: string, cursor: number) => {
      const id = ++request.current;
      const r = await call('sqlComplete', { sql: text, cursor });
      if (id !== request.current || !r.ok || !area.current) return;
      const before = text.slice(0, cursor);
      const word = /[\w."]*$/.exec(before)?.[0] ?? '';
      const items = r.value.suggestions.filter((s) => s.text.toLowerCase() !== word.toLowerCase()).slice(0, 12);
      if (items.length === 0) return setPopup(undefined);
      const lines = before.split('\n');
      const charWidth = measure.current?.getBoundingClientRect().width || 7.8;
      const top = PAD + lines.length * LINE_HEIGHT - area.current.scrollTop + 2;
      const left = Math.min(PAD + (lines[lines.length - 1]!.length - word.length) * charWidth - area.current.scrollLeft, area.current.clientWidth - 260);
      setPopup({ items, active: 0, top, left: Math.max(0, left), cursor });
    },
    [],
  );

  const scheduleComplete = (text: string, cursor: number, force = false) => {
    window.clearTimeout(timer.current);
    const before = text.slice(0, cursor);
    if (busy || (!force && !/[\w.]$/.test(before))) {
      setPopup(undefined);
      return;
    }
    timer.current = window.setTimeout(() => void complete(text, cursor), force ? 0 : 180);
  };

  useEffect(() => () => window.clearTimeout(timer.current), []);

  const accept = (s: SqlSuggestion) => {
    const el = area.current;
    if (!el || !popup) return;
    const cursor = popup.cursor;
    const next = value.slice(0, s.start) + s.text + value.slice(cursor);
    onChange(next);
    setPopup(undefined);
    const caret = s.start + s.text.length;
    requestAnimationFrame(() => {
      el.focus();
      el.setSelectionRange(caret, caret);
    });
  };

  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if ((e.ctrlKey || e.metaKey) && e.key === 'Enter') {
      e.preventDefault();
      setPopup(undefined);
      onRun();
      return;
    }
    if (e.ctrlKey && e.key === ' ') {
      e.preventDefault();
      scheduleComplete(value, e.currentTarget.selectionStart, true);
      return;
    }
    if (popup) {
      if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
        e.preventDefault();
        const n = popup.items.length;
        setPopup({ ...popup, active: (popup.active + (e.key === 'ArrowDown' ? 1 : n - 1)) % n });
        return;
      }
      if (e.key === 'Enter' || e.key === 'Tab') {
        e.preventDefault();
        accept(popup.items[popup.active]!);
        return;
      }
      if (e.key === 'Escape') {
        e.preventDefault();
        setPopup(undefined);
        return;
      }
    }
    if (e.key === 'Tab') {
      e.preventDefault();
      const el = e.currentTarget;
      const { selectionStart: a, selectionEnd: b } = el;
      onChange(value.slice(0, a) + '  ' + value.slice(b));
      requestAnimationFrame(() => el.setSelectionRange(a + 2, a + 2));
    }
  };

  const rows = Math.min(18, Math.max(6, value.split('\n').length + 1));
  return (
    <div className="sql-editor-wrap" style={{ height: rows * LINE_HEIGHT + 2 * PAD + 2 }}>
      <pre ref={pre} className="sql-editor-highlight" aria-hidden="true">
        {highlighted}
      </pre>
      <textarea
        ref={area}
        className="sql-editor-input"
        value={value}
        spellCheck={false}
        autoCapitalize="off"
        autoComplete="off"
        aria-label={t('screens.sql.editorLabel')}
        placeholder={t('screens.sql.placeholder')}
        data-testid="sql-editor"
        onChange={(e) => {
          onChange(e.target.value);
          scheduleComplete(e.target.value, e.target.selectionStart);
        }}
        onKeyDown={onKeyDown}
        onScroll={syncScroll}
        onBlur={() => setTimeout(() => setPopup(undefined), 150)}
        onClick={() => setPopup(undefined)}
      />
      <span ref={measure} className="sql-measure" aria-hidden="true">
        M
      </span>
      {popup && (
        <ul className="sql-complete" role="listbox" style={{ top: popup.top, left: popup.left }} data-testid="sql-complete">
          {popup.items.map((s, i) => (
            <li
              key={`${s.text}-${i}`}
              role="option"
              aria-selected={i === popup.active}
              className={i === popup.active ? 'active' : undefined}
              onMouseDown={(e) => {
                e.preventDefault();
                accept(s);
              }}
            >
              <span className="sql-complete-text">{s.text}</span>
              <span className="sql-complete-kind">{t(`screens.sql.kind.${s.kind}`, { defaultValue: s.kind })}</span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
