// Words for text search: lower-cased, accents folded, split on anything that is not a letter or
// digit. Stored on each product (title and all searchable text) so scoring needs no $text.
export function tokenize(...texts: string[]): string[] {
  const tokens = new Set<string>();
  for (const text of texts) {
    for (const word of text
      .normalize('NFKD')
      .replace(/\p{M}/gu, '')
      .toLowerCase()
      .split(/[^\p{L}\p{N}]+/u)) {
      if (word) tokens.add(word);
    }
  }
  return [...tokens];
}
