/**
 * Pictograms drawn with pdfkit's vector paths, for families who read little: each fits a square of
 * `size` points at (x, y), in black lines on white so that any printer renders them.
 */
export const PICTOGRAMS = ['scan', 'portfolio', 'listen', 'answer', 'install'] as const;
export type Pictogram = (typeof PICTOGRAMS)[number];

type Doc = PDFKit.PDFDocument;

/** Draws a pictogram in the square of side `size` whose top left corner is (x, y). */
export function drawPictogram(document: Doc, pictogram: Pictogram, x: number, y: number, size: number): void {
  const unit = size / 100;
  document.save();
  document.translate(x, y).scale(unit);
  document.lineWidth(5).strokeColor('#000000').fillColor('#000000').lineJoin('round').lineCap('round');
  DRAWINGS[pictogram](document);
  document.restore();
}

/** A phone, drawn by every pictogram that happens on one. */
function phone(document: Doc, x: number, y: number, width: number, height: number): void {
  document.roundedRect(x, y, width, height, 8).stroke();
  document.moveTo(x + width / 2 - 6, y + height - 8).lineTo(x + width / 2 + 6, y + height - 8).stroke();
}

const DRAWINGS: Record<Pictogram, (document: Doc) => void> = {
  // A phone aimed at a QR code.
  scan(document) {
    phone(document, 8, 10, 40, 80);
    for (const [cx, cy] of [
      [62, 30],
      [84, 30],
      [62, 52],
    ] as const) {
      document.rect(cx - 8, cy - 8, 16, 16).stroke();
      document.rect(cx - 3, cy - 3, 6, 6).fill();
    }
    document.rect(80, 48, 8, 8).fill();
    // The lines of sight from the camera to the code.
    document.dash(4, { space: 4 }).moveTo(48, 40).lineTo(52, 40).stroke().undash();
  },
  // A photo in a frame: the child's work.
  portfolio(document) {
    document.rect(10, 18, 80, 64).stroke();
    document.circle(32, 38, 8).stroke();
    document.moveTo(14, 78).lineTo(40, 52).lineTo(56, 66).lineTo(68, 56).lineTo(86, 78).stroke();
  },
  // A loudspeaker and its sound waves.
  listen(document) {
    document.moveTo(12, 38).lineTo(30, 38).lineTo(52, 18).lineTo(52, 82).lineTo(30, 62).lineTo(12, 62).closePath().stroke();
    for (const radius of [14, 26, 38]) {
      document.path(`M ${52 + radius * 0.7} ${50 - radius * 0.7} A ${radius} ${radius} 0 0 1 ${52 + radius * 0.7} ${50 + radius * 0.7}`).stroke();
    }
  },
  // A box with a tick, and a pen: answering.
  answer(document) {
    document.rect(12, 30, 40, 40).stroke();
    document.moveTo(20, 50).lineTo(30, 62).lineTo(48, 36).stroke();
    document.moveTo(64, 80).lineTo(90, 28).lineTo(96, 32).lineTo(70, 84).closePath().stroke();
    document.moveTo(64, 80).lineTo(62, 90).lineTo(70, 84).stroke();
  },
  // A phone's home screen with a plus: adding the app.
  install(document) {
    phone(document, 26, 6, 48, 88);
    for (const [cx, cy] of [
      [38, 22],
      [62, 22],
      [38, 44],
    ] as const) document.roundedRect(cx - 7, cy - 7, 14, 14, 3).stroke();
    document.moveTo(62, 36).lineTo(62, 52).stroke();
    document.moveTo(54, 44).lineTo(70, 44).stroke();
  },
};

/**
 * A row of pictograms centred across the page at `y` (the steps a family follows, in order),
 * left out when the page has no room for it.
 */
export function drawPictogramRow(document: Doc, pictograms: readonly Pictogram[], y: number, size: number): void {
  const gap = size / 2;
  if (y + size > document.page.height - document.page.margins.bottom) return;
  const width = pictograms.length * size + (pictograms.length - 1) * gap;
  let x = (document.page.width - width) / 2;
  for (const pictogram of pictograms) {
    drawPictogram(document, pictogram, x, y, size);
    x += size + gap;
  }
}
