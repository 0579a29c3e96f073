// The content pages port: the shop's own pages (about, shipping, returns, …) as Markdown.
export interface ContentPageRecord {
  slug: string;
  title: string;
  body: string;
  version: number;
  updatedAt: string;
}

export type PageWriteOutcome =
  | { outcome: 'written'; page: ContentPageRecord; created: boolean }
  /** The page is not at the version the write expected (or exists, for a create): nothing changed. */
  | { outcome: 'stale'; current?: ContentPageRecord };

export interface ContentPageStore {
  list(): Promise<ContentPageRecord[]>;
  find(slug: string): Promise<ContentPageRecord | undefined>;
  /** Creates the page when `expectedVersion` is undefined, else replaces that version. */
  write(
    page: { slug: string; title: string; body: string },
    expectedVersion: number | undefined,
  ): Promise<PageWriteOutcome>;
}
