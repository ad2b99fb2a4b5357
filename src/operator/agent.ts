/**
 * Who performs an operator action, for the audit log: the command line (whoever runs it on the
 * server) or an operator signed in to the pages, named by their configuration entry.
 */
export interface OperatorAgent {
  /** `cli`, or the operator's configuration entry (`issuer subject`, `connector#key`). */
  readonly label: string;
  /** The signed-in operator's person id; null on the command line. */
  readonly personId: string | null;
}

/** The command line as an agent. */
export const CLI_AGENT: OperatorAgent = { label: 'cli', personId: null };
