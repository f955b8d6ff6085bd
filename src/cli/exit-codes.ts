/** augcon's exit codes: scripts can tell a failed run from a typo from a server that is down. */
export const EXIT = {
  ok: 0,
  /** The run failed (see the message, the run's drops and the Temporal UI). */
  runFailed: 1,
  /** The command line, the config file or the run input is wrong. */
  invalidInput: 2,
  /** Temporal (or the worker's configuration) cannot be reached or is wrong. */
  unavailable: 3,
  /** No run with that id. */
  notFound: 4,
  /** The run was cancelled, terminated or timed out. */
  runNotCompleted: 5,
} as const;

export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
    this.name = 'CliError';
  }
}
