/** A mistake in how the command was called: exit 2. */
export class UsageError extends Error {}
/** Bad input, a refused query, a rejected import: exit 1. */
export class UserError extends Error {
  constructor(
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}
