/**
 * The next page appended to what is shown, each item once: an item met again (it moved between
 * pages, or arrived live meanwhile) keeps the copy already shown, in its place.
 */
export function appendUnique<T>(shown: readonly T[], page: readonly T[], idOf: (item: T) => string): T[] {
  const known = new Set(shown.map(idOf));
  const added: T[] = [];
  for (const item of page) {
    const id = idOf(item);
    if (known.has(id)) continue;
    known.add(id);
    added.push(item);
  }
  return [...shown, ...added];
}
