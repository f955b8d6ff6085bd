/** The innermost message of an error's cause chain: the one that says what actually went wrong. */
export function innermostMessage(error: unknown): string {
  let current: unknown = error;
  let message = error instanceof Error ? error.message : String(error);
  while (current instanceof Error) {
    if (current.message) message = current.message;
    current = current.cause;
  }
  return message;
}
