import type { MessageKind } from '../model/message.js';

/**
 * Messages that must also exist on paper: requests (material, authorisations), invitations and
 * anything sent as urgent. The school's rule is that what matters is never digital only.
 */
export function isImportant(message: { kind: MessageKind; urgent: boolean }): boolean {
  return message.kind === 'request' || message.kind === 'invitation' || message.urgent;
}

/** Whether a message asks for a yes or a no, which the reply slip then offers to tick. */
export function asksAnswer(message: { kind: MessageKind }): boolean {
  return message.kind === 'request' || message.kind === 'invitation';
}
