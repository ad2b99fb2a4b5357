/*
 * Storage for the test OpenID provider: a plain map per provider, never evicting (oidc-provider's
 * quick-start adapter is an LRU cache, which drops codes when a benchmark prepares many).
 */

/** What oidc-provider stores for each model (session, grant, code, token…). */
type Payload = Record<string, unknown> & { grantId?: string; userCode?: string; uid?: string; consumed?: number };

const epochNow = () => Math.floor(Date.now() / 1000);

/** The rows of one provider, shared by the adapters of its models. */
export class MemoryStore {
  readonly rows = new Map<string, { payload: Payload; expiresAt: number | undefined }>();
}

/** The adapter class oidc-provider builds per model name, over one store. */
export function memoryAdapterClass(store: MemoryStore): new (name: string) => MemoryAdapter {
  return class extends MemoryAdapter {
    constructor(name: string) {
      super(name, store);
    }
  };
}

/** oidc-provider's adapter interface over a `MemoryStore`. */
export class MemoryAdapter {
  constructor(
    private readonly name: string,
    private readonly store: MemoryStore,
  ) {}

  private key(id: string): string {
    return `${this.name}:${id}`;
  }

  private live(key: string): Payload | undefined {
    const row = this.store.rows.get(key);
    if (!row) return undefined;
    if (row.expiresAt !== undefined && row.expiresAt <= epochNow()) {
      this.store.rows.delete(key);
      return undefined;
    }
    return row.payload;
  }

  async upsert(id: string, payload: Payload, expiresIn?: number): Promise<void> {
    this.store.rows.set(this.key(id), { payload, expiresAt: expiresIn ? epochNow() + expiresIn : undefined });
  }

  async find(id: string): Promise<Payload | undefined> {
    return this.live(this.key(id));
  }

  async findByUid(uid: string): Promise<Payload | undefined> {
    for (const [key, row] of this.store.rows) if (key.startsWith(`${this.name}:`) && row.payload.uid === uid) return this.live(key);
    return undefined;
  }

  async findByUserCode(userCode: string): Promise<Payload | undefined> {
    for (const [key, row] of this.store.rows) if (key.startsWith(`${this.name}:`) && row.payload.userCode === userCode) return this.live(key);
    return undefined;
  }

  async consume(id: string): Promise<void> {
    const payload = this.live(this.key(id));
    if (payload) payload.consumed = epochNow();
  }

  async destroy(id: string): Promise<void> {
    this.store.rows.delete(this.key(id));
  }

  async revokeByGrantId(grantId: string): Promise<void> {
    for (const [key, row] of this.store.rows) if (row.payload.grantId === grantId) this.store.rows.delete(key);
  }
}
