// An error devstack reports as one clear line (and an exit code) instead of a stack trace.
export class DevstackError extends Error {
  constructor(message: string, readonly hint?: string, readonly exitCode = 1) {
    super(message);
    this.name = 'DevstackError';
  }
}
