/**
 * A medium's file name as the archive spells it: ASCII letters, digits, `.`, `_` and `-` only,
 * starting with a letter or digit, so it is the same on every system that unzips it and matches
 * `MEDIA_PATH_PATTERN`. Stored names are already clean (`photo-3.jpg`); this is the last guard.
 */
export function archiveFileName(fileName: string): string {
  const ascii = fileName
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/^[^A-Za-z0-9]+/, '')
    .slice(0, 100);
  return ascii === '' ? 'file' : ascii;
}
