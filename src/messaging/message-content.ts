import type { MessageAudience, MessageKind, RequestKind } from '../model/message.js';

/** What a message says and to whom, the same whether it is being written or read back. */
export interface MessageContent {
  readonly id: string;
  readonly schoolId: string;
  readonly threadId: string;
  readonly senderId: string;
  readonly audience: MessageAudience;
  readonly classId: string | null;
  readonly pupilId: string | null;
  readonly kind: MessageKind;
  readonly requestKind: RequestKind | null;
  readonly subject: string | null;
  readonly body: string;
  readonly language: string;
  readonly urgent: boolean;
}
