import fs from 'node:fs/promises';
import path from 'node:path';
import nodemailer, { type Transporter } from 'nodemailer';
import { PermanentDeliveryFailure, type ChannelSender, type Delivery } from './channel.js';

/**
 * E-mail over SMTP with nodemailer (pooled connections). Without an SMTP server (demo), each
 * e-mail is written as an `.eml` file under `<data>/mail/`, so `npm start` works anywhere.
 */
export class EmailChannel implements ChannelSender {
  private readonly transporter: Transporter;

  constructor(
    private readonly options: { smtpUrl: string | null; from: string; dataDir: string; hostname: string },
  ) {
    this.transporter = options.smtpUrl
      ? nodemailer.createTransport({ url: options.smtpUrl, pool: true, maxConnections: 5, maxMessages: Infinity } as Parameters<typeof nodemailer.createTransport>[0])
      : nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  }

  async deliver(delivery: Delivery): Promise<void> {
    if (!delivery.recipient.email) throw new PermanentDeliveryFailure('no e-mail address');
    const info = (await this.transporter.sendMail({
      from: this.options.from,
      to: { name: delivery.recipient.name, address: delivery.recipient.email },
      subject: delivery.title,
      text: `${delivery.text}\n\n${delivery.link}\n`,
      // The delivery id: a retry after a crash carries the same Message-ID, which mail systems deduplicate.
      messageId: `<${delivery.id}@${this.options.hostname}>`,
      ...(delivery.attachments ? { attachments: delivery.attachments.map((file) => ({ filename: file.filename, contentType: file.contentType, content: file.content })) } : {}),
      headers: {
        'X-Ecarnet-Notification': delivery.id,
        'Auto-Submitted': 'auto-generated',
        // Mail clients show their own "unsubscribe" button and POST to the address (RFC 2369, RFC 8058).
        ...(delivery.unsubscribeUrl ? { 'List-Unsubscribe': `<${delivery.unsubscribeUrl}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' } : {}),
      },
    })) as { message?: Buffer };
    if (!this.options.smtpUrl && info.message) {
      const folder = path.join(this.options.dataDir, 'mail');
      await fs.mkdir(folder, { recursive: true });
      await fs.writeFile(path.join(folder, `${delivery.id}.eml`), info.message);
    }
  }

  async close(): Promise<void> {
    this.transporter.close();
  }
}
