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

/** The failure type of a run whose corpus has no readable document: the CLI exits with 2 (invalid input). */
export const EMPTY_CORPUS_ERROR = 'EmptyCorpus';
