/**
 * A `Content-Disposition` header value with the user's file name: a plain ASCII `filename` for old
 * clients and the exact UTF-8 name in `filename*` (accents of French names survive).
 * @see https://www.rfc-editor.org/rfc/rfc6266#section-4.3
 * @see https://www.rfc-editor.org/rfc/rfc5987#section-3.2
 */
export function contentDisposition(type: 'inline' | 'attachment', fileName: string): string {
  // No path parts, no control characters; keep the name readable.
  const base = fileName.split(/[\\/]/).pop() ?? '';
  const name = [...base].filter((char) => char.charCodeAt(0) > 0x1f && char.charCodeAt(0) !== 0x7f).join('').trim() || 'fichier';
  const ascii = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^\x20-\x7e]/g, '_')
    .replace(/["\\%]/g, '_');
  // RFC 5987 attr-char: encodeURIComponent leaves ' ( ) * ! unescaped, which are not attr-chars.
  const encoded = encodeURIComponent(name).replace(/['()*!]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`);
  return `${type}; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
