// A minimal Server-Sent Events client over fetch (Node has no EventSource), for tests.
export interface SseEvent {
  event: string;
  id?: string;
  data: string;
}

export interface SseStream {
  status: number;
  events: SseEvent[];
  comments: number;
  /** True once the server ended the stream. */
  ended: boolean;
  /** Resolves with the first event of this type not yet taken, waiting up to timeoutMs. */
  next(type: string, timeoutMs?: number): Promise<SseEvent>;
  close(): void;
}

export async function openEventStream(url: string, headers: Record<string, string> = {}): Promise<SseStream> {
  const abort = new AbortController();
  const response = await fetch(url, {
    headers: { accept: 'text/event-stream', ...headers },
    signal: abort.signal,
  });
  const events: SseEvent[] = [];
  const taken = new Set<SseEvent>();
  let waiters: (() => void)[] = [];
  const stream: SseStream = {
    status: response.status,
    events,
    comments: 0,
    ended: false,
    async next(type, timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = events.find((event) => event.event === type && !taken.has(event));
        if (found) {
          taken.add(found);
          return found;
        }
        const left = deadline - Date.now();
        if (left <= 0) throw new Error(`no ${type} event within ${timeoutMs} ms`);
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, left);
          waiters.push(() => {
            clearTimeout(timer);
            resolve();
          });
        });
      }
    },
    close: () => abort.abort(),
  };
  if (!response.body || response.status !== 200) return stream;

  void (async () => {
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
        buffer += decoder.decode(chunk, { stream: true });
        let end = buffer.indexOf('\n\n');
        while (end >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const event: SseEvent = { event: 'message', data: '' };
          let fields = 0;
          for (const line of block.split('\n')) {
            if (line.startsWith(':')) stream.comments += 1;
            const [field, ...rest] = line.split(':');
            const value = rest.join(':').replace(/^ /, '');
            if (field === 'event') event.event = value;
            else if (field === 'data') event.data += value;
            else if (field === 'id') event.id = value;
            else continue;
            fields += 1;
          }
          if (fields > 0 && event.data) events.push(event);
          for (const wake of waiters) wake();
          waiters = [];
          end = buffer.indexOf('\n\n');
        }
      }
      stream.ended = true;
    } catch {
      // aborted by close()
    }
  })();
  return stream;
}
