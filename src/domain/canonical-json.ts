/** JSON with object keys sorted at every level: the same value always gives the same bytes (for hashes and exports). */
export function canonicalJson(value: unknown, indent?: number): string {
  return JSON.stringify(value, (_key, item: unknown) => {
    if (item && typeof item === 'object' && !Array.isArray(item)) {
      return Object.fromEntries(Object.entries(item as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    }
    return item;
  }, indent);
}
