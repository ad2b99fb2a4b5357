import { createHash } from 'node:crypto';
import type { SpeechEngine, SpokenAudio } from './speech-engine.js';

/** How long a rendered reading is kept, and how much audio in all: memory only, never a file or a row. */
const RETENTION_MS = 60 * 60_000;
const MAX_BYTES = 32 * 1024 * 1024;
/** Renderings at once: each takes a core for a moment, and the pages must stay quick meanwhile. */
const MAX_RENDERINGS = 2;

interface Kept {
  readonly audio: SpokenAudio;
  readonly keptUntil: number;
}

/**
 * Readings already rendered, per text and language, so that a class's thirty families listening to
 * the same message cost one rendering. Bounded (oldest first out) and kept an hour at most; the
 * same rendering asked twice at once is rendered once, and two at most run at a time. Counted in no school's quota: it is not
 * stored, and it is gone after its retention.
 */
export class SpeechCache {
  private readonly kept = new Map<string, Kept>();
  private readonly pending = new Map<string, Promise<SpokenAudio>>();
  private bytes = 0;
  private rendering = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(
    private readonly engine: SpeechEngine,
    private readonly now: () => number = Date.now,
    private readonly maxBytes = MAX_BYTES,
    private readonly retentionMs = RETENTION_MS,
  ) {}

  /** The engine's voices, for the listen button's choice. */
  speaks(language: string): Promise<boolean> {
    return this.engine.speaks(language);
  }

  async render(text: string, language: string): Promise<SpokenAudio> {
    const key = createHash('sha256').update(`${language}\n${text}`).digest('hex');
    this.dropExpired();
    const found = this.kept.get(key);
    if (found) {
      // Most recently used last: the oldest is the first to go when full.
      this.kept.delete(key);
      this.kept.set(key, found);
      return found.audio;
    }
    const running = this.pending.get(key);
    if (running) return running;
    const rendering = this.inTurn(() => this.engine.render(text, language)).finally(() => this.pending.delete(key));
    this.pending.set(key, rendering);
    const audio = await rendering;
    this.keep(key, audio);
    return audio;
  }

  /** Bytes held now (for tests and metrics). */
  get size(): { readonly entries: number; readonly bytes: number } {
    return { entries: this.kept.size, bytes: this.bytes };
  }

  /** Runs a rendering when fewer than MAX_RENDERINGS are running, in the order asked. */
  private async inTurn<T>(render: () => Promise<T>): Promise<T> {
    // A finished rendering hands its turn to the next waiting one, so no newcomer slips in between.
    if (this.rendering >= MAX_RENDERINGS) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.rendering += 1;
    try {
      return await render();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.rendering -= 1;
    }
  }

  private keep(key: string, audio: SpokenAudio): void {
    if (audio.bytes.length > this.maxBytes || this.kept.has(key)) return;
    this.kept.set(key, { audio, keptUntil: this.now() + this.retentionMs });
    this.bytes += audio.bytes.length;
    for (const [oldest, kept] of this.kept) {
      if (this.bytes <= this.maxBytes) break;
      this.forget(oldest, kept);
    }
  }

  private dropExpired(): void {
    const now = this.now();
    for (const [key, kept] of this.kept) if (kept.keptUntil <= now) this.forget(key, kept);
  }

  private forget(key: string, kept: Kept): void {
    this.kept.delete(key);
    this.bytes -= kept.audio.bytes.length;
  }
}
