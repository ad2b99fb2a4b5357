import net from 'node:net';

/**
 * A port free on 127.0.0.1 now, for a server the test starts in another process or must know
 * before it listens (the kernel picks it; the probe is closed again at once).
 */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}
