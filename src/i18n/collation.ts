/**
 * Name order for lists people read. SQL cannot give it on both engines: SQLite sorts bytes ("Éric"
 * after "Zoé"), MariaDB's collation ignores accents. French rules, ignoring case and accents first.
 */
const collator = new Intl.Collator('fr', { sensitivity: 'base', numeric: true });

/** A comparator on the keys `keys(item)` in turn, e.g. family name then given name. */
export function byNames<T>(keys: (item: T) => readonly string[]): (a: T, b: T) => number {
  return (a, b) => {
    const left = keys(a);
    const right = keys(b);
    for (let index = 0; index < left.length; index += 1) {
      const order = collator.compare(left[index] ?? '', right[index] ?? '');
      if (order !== 0) return order;
    }
    return 0;
  };
}
