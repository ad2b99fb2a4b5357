/**
 * The text of an uploaded export. ONDE and SIECLE write Windows-1252 (Latin-1) files; spreadsheets
 * write UTF-8, often with a byte-order mark. Strict UTF-8 first, Windows-1252 when that fails.
 */
export function decodeRosterFile(bytes: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return new TextDecoder('windows-1252').decode(bytes);
  }
}
