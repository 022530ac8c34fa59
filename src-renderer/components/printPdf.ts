/**
 * Prints the current view (its @media print layout) to PDF: Electron's
 * printToPDF with a save dialog in the desktop app, the browser's print
 * dialog ("Save as PDF") in web mode.
 */
export async function printPdf(suggestedName: string): Promise<void> {
  const bridge = window.sotong;
  if (bridge?.printToPdf) {
    await bridge.printToPdf(suggestedName);
    return;
  }
  window.print();
}
