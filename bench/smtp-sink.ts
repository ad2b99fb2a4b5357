import { SMTPServer } from 'smtp-server';

/** An SMTP server that only counts e-mails by Message-ID (a real server; parsing bodies would slow it). */
export interface SmtpSink {
  readonly url: string;
  /** How many times each Message-ID arrived. */
  readonly received: Map<string, number>;
  /** The envelope's recipients of each Message-ID. */
  readonly recipients: Map<string, readonly string[]>;
  close(): Promise<void>;
}

export async function startSmtpSink(): Promise<SmtpSink> {
  const received = new Map<string, number>();
  const recipients = new Map<string, readonly string[]>();
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    maxClients: 50,
    onData(stream, session, callback) {
      let head = '';
      stream.on('data', (chunk: Buffer) => {
        if (head.length < 8192) head += chunk.toString('utf8');
      });
      stream.on('end', () => {
        const id = /^Message-ID:\s*<([^>]+)>/im.exec(head)?.[1] ?? 'none';
        received.set(id, (received.get(id) ?? 0) + 1);
        recipients.set(id, session.envelope.rcptTo.map((address) => address.address.toLowerCase()));
        callback();
      });
    },
  });
  // A client killed mid-conversation (the benchmark's SIGKILL) resets its connection: not the server's failure.
  server.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'ECONNRESET' && error.code !== 'EPIPE') throw error;
  });
  const port = await new Promise<number>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.server.address();
      resolve(typeof address === 'object' && address ? address.port : 0);
    });
  });
  return { url: `smtp://127.0.0.1:${port}`, received, recipients, close: () => new Promise((resolve) => server.close(() => resolve())) };
}
