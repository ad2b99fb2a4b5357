/** A backup or restore that cannot go ahead; its message tells the operator why. Nothing was touched. */
export class BackupRefused extends Error {}
