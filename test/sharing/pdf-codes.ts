import jsQRModule from 'jsqr';
import { getDocument, OPS } from 'pdfjs-dist/legacy/build/pdf.mjs';

/** One page of a printed sheet: its text and the QR codes its images hold. */
export interface SheetPage {
  readonly text: string;
  readonly codes: readonly string[];
}

interface DecodedImage {
  width: number;
  height: number;
  data: Uint8ClampedArray | Uint8Array;
  kind?: number;
}

/**
 * Reads a PDF as a person with a phone would: the text of each page, and every image decoded as a
 * QR code (pdf.js decodes the embedded images to pixels; jsQR reads them).
 */
export async function readSheets(pdf: Buffer): Promise<SheetPage[]> {
  const document = await getDocument({ data: new Uint8Array(pdf), useSystemFonts: false, isEvalSupported: false }).promise;
  const pages: SheetPage[] = [];
  for (let number = 1; number <= document.numPages; number += 1) {
    const page = await document.getPage(number);
    const content = await page.getTextContent();
    const text = content.items.map((item) => ('str' in item ? item.str : '')).join('\n');
    const operators = await page.getOperatorList();
    const codes: string[] = [];
    for (const [index, op] of operators.fnArray.entries()) {
      if (op !== OPS.paintImageXObject) continue;
      const name = (operators.argsArray[index] as [string])[0];
      const image = await new Promise<DecodedImage>((resolve) => page.objs.get(name, resolve));
      // jsqr is CommonJS: its function is both the module and its `default` (which TypeScript sees).
      const decoded = jsQRModule.default(toRgba(image), image.width, image.height);
      if (decoded) codes.push(decoded.data);
    }
    pages.push({ text, codes });
  }
  await document.destroy();
  return pages;
}

/** pdf.js gives RGB (kind 2) or RGBA (kind 3) pixels; jsQR wants RGBA. */
function toRgba(image: DecodedImage): Uint8ClampedArray {
  const pixels = image.width * image.height;
  if (image.data.length === pixels * 4) return new Uint8ClampedArray(image.data);
  const rgba = new Uint8ClampedArray(pixels * 4);
  const channels = image.data.length / pixels;
  for (let pixel = 0; pixel < pixels; pixel += 1) {
    for (let channel = 0; channel < 3; channel += 1) rgba[pixel * 4 + channel] = image.data[pixel * channels + (channels === 1 ? 0 : channel)]!;
    rgba[pixel * 4 + 3] = 255;
  }
  return rgba;
}
