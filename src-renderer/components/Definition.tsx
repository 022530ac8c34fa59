/** A small ⓘ whose tooltip states a number's definition (SPEC.md); every metric on screen has one. */
export function Definition({ text }: { text: string }) {
  return (
    <span className="definition" title={text} aria-label={text} role="note" tabIndex={0}>
      ⓘ
    </span>
  );
}
