import fs from 'node:fs';
import PDFDocument from 'pdfkit';

/** DejaVu Sans (Debian's fonts-dejavu-core): it prints Latin, Arabic and Cyrillic, which PDF's built-in fonts do not. */
export const REGULAR_FONT_FILE = '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf';
const BOLD_FONT_FILE = '/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf';

/** An A4 document being written, with its fonts registered. */
export interface A4Document {
  readonly document: PDFKit.PDFDocument;
  /** Names to give `document.font()`: DejaVu when installed, PDF's built-in Helvetica otherwise. */
  readonly fonts: { readonly regular: string; readonly bold: string };
  /** False when DejaVu is missing: only Latin text can then be printed, so other languages are left out. */
  readonly unicode: boolean;
  /** Ends the document; resolves to its bytes. */
  finish(): Promise<Buffer>;
}

/**
 * Starts an A4 PDF (sheets, letters, copies, reports all print on A4), collecting its bytes in
 * memory: each is a few pages for one class or family, and is sent whole with its length.
 */
export function startA4Document(options: { readonly title: string; readonly margin: number; readonly autoFirstPage?: boolean }): A4Document {
  const document = new PDFDocument({ size: 'A4', margin: options.margin, autoFirstPage: options.autoFirstPage ?? true, info: { Title: options.title, Producer: 'e-carnet' } });
  const chunks: Buffer[] = [];
  document.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    document.on('end', () => resolve(Buffer.concat(chunks)));
    document.on('error', reject);
  });
  const unicode = fs.existsSync(REGULAR_FONT_FILE) && fs.existsSync(BOLD_FONT_FILE);
  if (unicode) {
    document.registerFont('regular', REGULAR_FONT_FILE);
    document.registerFont('bold', BOLD_FONT_FILE);
    // A page that never chooses a font still prints the family's script.
    document.font('regular');
  }
  return {
    document,
    fonts: unicode ? { regular: 'regular', bold: 'bold' } : { regular: 'Helvetica', bold: 'Helvetica-Bold' },
    unicode,
    finish: () => {
      document.end();
      return done;
    },
  };
}
