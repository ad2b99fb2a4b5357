/**
 * Translates a catalog key, with `{{name}}` values and `count` for plurals. In a file of its own
 * so that the translator's helpers (elision) can name it without importing the translator back.
 */
export type Translate = (key: string, values?: Record<string, unknown>) => string;
