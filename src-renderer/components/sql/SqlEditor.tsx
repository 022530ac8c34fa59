/**
 * The console's editor: CodeMirror 6 with DuckDB's SQL dialect, completion
 * from DuckDB's `sql_auto_complete` in the engine, Ctrl/Cmd+Enter to run, and
 * the position of a DuckDB error marked in the text.
 *
 * The view is created once; text set from outside (history, saved queries,
 * the schema browser) arrives as a transaction, so it can be undone.
 */
import { useEffect, useImperativeHandle, useLayoutEffect, useRef, type Ref } from 'react';
import { useTranslation } from 'react-i18next';
import { acceptCompletion, autocompletion, closeBrackets, closeBracketsKeymap, closeCompletion } from '@codemirror/autocomplete';
import { defaultKeymap, history, historyKeymap, indentWithTab } from '@codemirror/commands';
import { bracketMatching, indentOnInput, syntaxHighlighting } from '@codemirror/language';
import { Annotation, Compartment, EditorSelection, EditorState, Prec } from '@codemirror/state';
import { drawSelection, EditorView, highlightActiveLine, highlightActiveLineGutter, keymap, lineNumbers, placeholder } from '@codemirror/view';
import { DuckDB, duckdbHighlight } from './duckdbDialect';
import { errorMarks, setErrorMark } from './errorMark';
import { engineCompletion } from './sqlCompletion';

export interface SqlEditorHandle {
  /** Inserts text at the cursor (a space before it where it would join a word) and focuses the editor. */
  insert(text: string): void;
  focus(): void;
}

interface Props {
  value: string;
  onChange: (sql: string) => void;
  /** Ctrl/Cmd+Enter, with the text as it is in the editor at that moment. */
  onRun: (sql: string) => void;
  /** A DuckDB error in `sql` at character offset `at`: marked while the text is still `sql`. */
  error?: { sql: string; at: number; message: string };
  /** No completion requests while a query holds the engine's read lane. */
  busy: boolean;
  ref?: Ref<SqlEditorHandle>;
}

/** Marks transactions that carry the `value` prop into the view, so they are not echoed to onChange. */
const fromProps = Annotation.define<boolean>();

const theme = EditorView.theme({
  '&': { fontSize: '13px', backgroundColor: 'var(--panel)', color: 'var(--ink)', maxHeight: '380px' },
  '&.cm-focused': { outline: 'none' },
  '.cm-scroller': { fontFamily: "'JetBrains Mono', ui-monospace, Menlo, Consolas, monospace", lineHeight: '20px' },
  // Seven lines at least, the gutter as tall as the text.
  '.cm-content, .cm-gutter': { minHeight: '156px' },
  '.cm-content': { padding: '8px 0', caretColor: 'var(--ink)' },
  '.cm-line': { padding: '0 10px' },
  '.cm-gutters': { backgroundColor: '#f7f8fa', color: '#9aa5b1', borderRight: '1px solid var(--line)' },
  '.cm-lineNumbers .cm-gutterElement': { padding: '0 8px 0 10px', minWidth: '32px' },
  '.cm-activeLine': { backgroundColor: 'rgba(11, 110, 153, 0.04)' },
  '.cm-activeLineGutter': { backgroundColor: 'var(--accent-soft)', color: 'var(--accent)' },
  '&.cm-focused .cm-selectionBackground, .cm-selectionBackground, ::selection': { backgroundColor: 'rgba(11, 110, 153, 0.2)' },
  '.cm-cursor': { borderLeftColor: 'var(--ink)' },
  '&.cm-focused .cm-matchingBracket': { backgroundColor: 'rgba(15, 123, 108, 0.18)', outline: '1px solid rgba(15, 123, 108, 0.4)' },
  '&.cm-focused .cm-nonmatchingBracket': { backgroundColor: 'rgba(209, 31, 31, 0.15)' },
  '.cm-placeholder': { color: '#9aa5b1' },
  '.cm-tooltip': { border: '1px solid var(--line)', borderRadius: '6px', backgroundColor: 'var(--panel)', boxShadow: '0 6px 20px rgba(0, 0, 0, 0.14)' },
  '.cm-tooltip.cm-tooltip-autocomplete > ul': { fontFamily: "'JetBrains Mono', ui-monospace, Menlo, Consolas, monospace", fontSize: '12px', maxHeight: '260px', minWidth: '240px', padding: '4px 0' },
  '.cm-tooltip.cm-tooltip-autocomplete > ul > li': { padding: '2px 10px 2px 6px', lineHeight: '20px', display: 'flex', alignItems: 'center' },
  '.cm-tooltip-autocomplete ul li[aria-selected]': { backgroundColor: 'var(--accent-soft)', color: 'var(--ink)' },
  '.cm-completionLabel': { flex: '1' },
  '.cm-completionMatchedText': { textDecoration: 'none', fontWeight: '600' },
  '.cm-completionDetail': { fontFamily: 'system-ui, sans-serif', fontStyle: 'normal', fontSize: '11px', color: 'var(--muted)', marginLeft: '16px' },
  '.cm-completionIcon': { width: '16px', padding: '0', marginRight: '6px', opacity: '1', textAlign: 'center', fontSize: '11px', fontWeight: '700', borderRadius: '3px' },
  '.cm-completionIcon-keyword:after': { content: "'K'", color: '#0b55a0' },
  '.cm-completionIcon-table:after': { content: "'T'", color: '#0f7b6c' },
  '.cm-completionIcon-column:after': { content: "'C'", color: '#a3411c' },
  '.cm-completionIcon-function:after': { content: "'ƒ'", color: '#7a3db8' },
  '.cm-completionIcon-type:after': { content: "'τ'", color: '#6b4e16' },
});

export function SqlEditor({ value, onChange, onRun, error, busy, ref }: Props) {
  const { t, i18n } = useTranslation();
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  const locale = useRef(new Compartment());
  // The view outlives renders: it reads the latest props through refs.
  const latest = useRef({ onChange, onRun, busy, t });
  useLayoutEffect(() => {
    latest.current = { onChange, onRun, busy, t };
  });

  const localeExtension = () => [
    placeholder(t('screens.sql.placeholder')),
    EditorView.contentAttributes.of({ 'aria-label': t('screens.sql.editorLabel') }),
    EditorState.phrases.of({
      Completions: t('screens.sql.editor.completions'),
      'Selection deleted': t('screens.sql.editor.selectionDeleted'),
      'Control character': t('screens.sql.editor.controlCharacter'),
    }),
  ];

  useEffect(() => {
    const run = (v: EditorView) => {
      closeCompletion(v);
      latest.current.onRun(v.state.doc.toString());
      return true;
    };
    const completion = engineCompletion({
      busy: () => latest.current.busy,
      detail: (kind) => latest.current.t(`screens.sql.kind.${kind}`, { defaultValue: kind.replaceAll('_', ' ') }),
    });
    const v = new EditorView({
      parent: host.current!,
      state: EditorState.create({
        doc: value,
        selection: EditorSelection.cursor(value.length),
        extensions: [
          Prec.highest(keymap.of([{ key: 'Mod-Enter', run, preventDefault: true }, { key: 'Tab', run: acceptCompletion }])),
          lineNumbers(),
          highlightActiveLineGutter(),
          highlightActiveLine(),
          drawSelection(),
          history(),
          indentOnInput(),
          bracketMatching(),
          closeBrackets(),
          // Long queries wrap rather than scroll sideways: the whole statement stays in view.
          EditorView.lineWrapping,
          DuckDB.language,
          syntaxHighlighting(duckdbHighlight),
          autocompletion({ override: [completion], icons: true, maxRenderedOptions: 30 }),
          errorMarks,
          // autocompletion() brings its own keymap (Enter/arrows/Escape on the popup, Ctrl+Space) with the highest precedence.
          keymap.of([...closeBracketsKeymap, ...defaultKeymap, ...historyKeymap, indentWithTab]),
          EditorView.contentAttributes.of({ 'data-testid': 'sql-editor', spellcheck: 'false', autocapitalize: 'off', autocorrect: 'off' }),
          locale.current.of(localeExtension()),
          theme,
          EditorView.updateListener.of((u) => {
            if (u.docChanged && !u.transactions.every((tr) => tr.annotation(fromProps))) latest.current.onChange(u.state.doc.toString());
          }),
        ],
      }),
    });
    view.current = v;
    return () => {
      v.destroy();
      view.current = null;
    };
    // Created once: `value` changes arrive through the effect below.
  }, []);

  useEffect(() => {
    const v = view.current;
    if (!v || v.state.doc.toString() === value) return;
    v.dispatch({
      changes: { from: 0, to: v.state.doc.length, insert: value },
      selection: EditorSelection.cursor(value.length),
      annotations: fromProps.of(true),
      scrollIntoView: true,
    });
  }, [value]);

  const errorSql = error?.sql;
  const errorAt = error?.at;
  const errorMessage = error?.message;
  useEffect(() => {
    const v = view.current;
    if (!v) return;
    const marked = errorSql !== undefined && errorAt !== undefined && v.state.doc.toString() === errorSql;
    v.dispatch({
      effects: marked
        ? [setErrorMark.of({ at: errorAt, message: errorMessage ?? '' }), EditorView.scrollIntoView(Math.min(errorAt, v.state.doc.length), { y: 'nearest' })]
        : setErrorMark.of(null),
    });
  }, [errorSql, errorAt, errorMessage]);

  useEffect(() => {
    view.current?.dispatch({ effects: locale.current.reconfigure(localeExtension()) });
    // localeExtension reads only `t`, which changes with the language.
  }, [i18n.language, t]);

  useImperativeHandle(
    ref,
    () => ({
      insert(text: string) {
        const v = view.current;
        if (!v) return;
        const { from, to } = v.state.selection.main;
        const joins = from > 0 && !/[\s(,]/.test(v.state.sliceDoc(from - 1, from));
        const insert = joins ? ` ${text}` : text;
        v.dispatch({ changes: { from, to, insert }, selection: EditorSelection.cursor(from + insert.length), scrollIntoView: true, userEvent: 'input' });
        v.focus();
      },
      focus() {
        view.current?.focus();
      },
    }),
    [],
  );

  return <div ref={host} className="sql-editor-wrap" />;
}
