/**
 * The position of a DuckDB error, marked in the editor: a wavy underline
 * under the word there (or a marker after the text, when DuckDB points at a
 * line's end or at the end of input), the line and its number tinted, and
 * DuckDB's message on hover. The next edit clears it: the position no
 * longer means anything then.
 */
import { RangeSet, StateEffect, StateField, type EditorState, type Extension, type Range } from '@codemirror/state';
import { Decoration, EditorView, GutterMarker, gutterLineClass, WidgetType, type DecorationSet } from '@codemirror/view';

export interface ErrorMark {
  /** Character offset DuckDB pointed at. */
  at: number;
  message: string;
}

export const setErrorMark = StateEffect.define<ErrorMark | null>();

class EndOfTextMark extends WidgetType {
  constructor(readonly message: string) {
    super();
  }
  override eq(other: EndOfTextMark) {
    return other.message === this.message;
  }
  toDOM() {
    const span = document.createElement('span');
    span.className = 'sql-error-mark sql-error-eol';
    span.title = this.message;
    span.textContent = '\u00a0';
    return span;
  }
}

class ErrorLineNumber extends GutterMarker {
  override elementClass = 'sql-error-gutter';
}

interface Marked {
  marks: DecorationSet;
  gutter: RangeSet<GutterMarker>;
}

const none: Marked = { marks: Decoration.none, gutter: RangeSet.empty };

function decorate(state: EditorState, { at, message }: ErrorMark): Marked {
  const pos = Math.max(0, Math.min(at, state.doc.length));
  const line = state.doc.lineAt(pos);
  const marks: Range<Decoration>[] = [Decoration.line({ class: 'sql-error-line' }).range(line.from)];
  if (pos >= line.to || /\s/.test(state.sliceDoc(pos, pos + 1))) marks.push(Decoration.widget({ widget: new EndOfTextMark(message), side: 1 }).range(pos));
  else {
    const word = state.wordAt(pos);
    marks.push(Decoration.mark({ class: 'sql-error-mark', attributes: { title: message } }).range(word ? word.from : pos, word ? word.to : pos + 1));
  }
  return { marks: Decoration.set(marks, true), gutter: RangeSet.of(new ErrorLineNumber().range(line.from)) };
}

const errorMarkField = StateField.define<Marked>({
  create: () => none,
  update(marked, tr) {
    for (const e of tr.effects) if (e.is(setErrorMark)) return e.value ? decorate(tr.state, e.value) : none;
    return tr.docChanged ? none : marked;
  },
  provide: (field) => [EditorView.decorations.from(field, (m) => m.marks), gutterLineClass.from(field, (m) => m.gutter)],
});

// In a theme, so the tint wins over the active line's (a theme's rules are more specific than styles.css's).
const errorTheme = EditorView.theme({
  '.cm-line.sql-error-line': { backgroundColor: 'rgba(209, 31, 31, 0.07)' },
  '.cm-gutterElement.sql-error-gutter': { color: '#d11f1f', fontWeight: '700', backgroundColor: 'rgba(209, 31, 31, 0.1)' },
});

/** The field holding the mark, with its styling. */
export const errorMarks: Extension = [errorMarkField, errorTheme];
