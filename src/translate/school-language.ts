/**
 * The language a school's own words are written in: entry titles and comments, skill names and
 * domains. French schools teach and write in French; what families write (messages, comments)
 * carries its own language instead.
 */
export const SCHOOL_LANGUAGE = 'fr';
