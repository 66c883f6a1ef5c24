/**
 * One poller shared by every open page: while at least one page listens, it
 * reads a snapshot every `everyMs` and hands it to the listeners when it
 * changed (and at once to a new listener). With no listener it stops, so an
 * idle console costs Temporal nothing.
 */
export type Listener = (event: { name: 'snapshot' | 'error'; data: string }) => void;

export class LiveFeed {
  private readonly listeners = new Set<Listener>();
  private last: string | undefined;
  private timer: NodeJS.Timeout | undefined;
  private reading = false;

  constructor(
    private readonly read: () => Promise<unknown>,
    private readonly everyMs = 1000,
  ) {}

  /** @returns a function that stops listening */
  listen(listener: Listener): () => void {
    this.listeners.add(listener);
    if (this.last !== undefined) listener({ name: 'snapshot', data: this.last });
    if (!this.timer && !this.reading) void this.tick();
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0) this.stop();
    };
  }

  stop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.last = undefined;
  }

  private async tick(): Promise<void> {
    this.timer = undefined;
    this.reading = true;
    try {
      const data = JSON.stringify(await this.read());
      if (data !== this.last) {
        this.last = data;
        for (const l of this.listeners) l({ name: 'snapshot', data });
      }
    } catch (error) {
      const data = JSON.stringify({ message: error instanceof Error ? error.message : String(error) });
      for (const l of this.listeners) l({ name: 'error', data });
    } finally {
      this.reading = false;
      if (this.listeners.size > 0) this.timer = setTimeout(() => void this.tick(), this.everyMs);
    }
  }
}
