/**
 * The one rule for run names. A run name names the run directory `<dataDir>/runs/<run name>` and keys
 * every row of the run in the store, so it must be one safe path segment on every system: no path
 * separator, no "..", no ":" (Windows and several tools take it for a drive or stream), nothing a
 * Windows file system silently changes (a trailing ".") or refuses (a device name such as "con").
 * Pure (no Temporal, no Node built-ins): the workflows, the client, the CLI and the stores use it alike.
 */
import { z } from 'zod';

/** @default 128 */
export const RUN_NAME_MAX_LENGTH = 128;

/** Temporal appends a schedule run's nominal time (RFC 3339, UTC) to the schedule's workflow id. */
const SCHEDULED_TIME = /-(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})Z$/;

/** What a scheduled run's name adds to its schedule's workflow id: "-20261126T030000Z". */
export const SCHEDULED_SUFFIX_LENGTH = '-20261126T030000Z'.length;

/** The failure type of a run refused because an earlier run holds its name. */
export const RUN_NAME_IN_USE = 'RunNameInUse';

const ALLOWED_CHARACTER = /[A-Za-z0-9._-]/;
const WINDOWS_DEVICE = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\.|$)/i;

/** What a name may be, for messages. */
export const describeRule = (maxLength = RUN_NAME_MAX_LENGTH): string =>
  `use 1 to ${maxLength} letters, digits, ".", "_" and "-", starting with a letter or digit and not ending with "."`;

function reason(name: string, maxLength: number): string | undefined {
  if (name.length === 0) return 'it is empty';
  if (name.length > maxLength) return `it has ${name.length} characters`;
  if (/[/\\]/.test(name)) return 'it contains a path separator';
  if (name.includes('..')) return 'it contains ".."';
  if (name.includes(':')) return 'it contains ":"';
  if (!/^[A-Za-z0-9]/.test(name)) return `it starts with ${JSON.stringify(name[0])}`;
  const other = [...name].find((character) => !ALLOWED_CHARACTER.test(character));
  if (other !== undefined) return `it contains ${JSON.stringify(other)}`;
  if (name.endsWith('.')) return 'it ends with "."';
  if (WINDOWS_DEVICE.test(name)) return 'it is a device name on Windows';
  return undefined;
}

const shown = (name: string) => JSON.stringify(name.length > 200 ? `${name.slice(0, 200)}…` : name);

/**
 * Why `name` cannot name a run (`run name "../x" is not allowed: it contains a path separator; use
 * ...`), or undefined when it can. `what` and `maxLength` adapt it to names that become part of a run
 * name (a dataset's).
 */
export function runNameProblem(name: string, what = 'run name', maxLength = RUN_NAME_MAX_LENGTH): string | undefined {
  const why = reason(name, maxLength);
  return why === undefined ? undefined : `${what} ${shown(name)} is not allowed: ${why}; ${describeRule(maxLength)}`;
}

/** A run name, for the zod schemas of every input that carries one. */
export const RunNameSchema = z.string().superRefine((name, context) => {
  const problem = runNameProblem(name);
  if (problem !== undefined) context.addIssue({ code: 'custom', message: problem });
});

/**
 * The run name of a run whose input has no runName: its workflow id, with the nominal time Temporal
 * appends to a scheduled run's id ("-2026-11-26T03:00:00Z") written without colons
 * ("-20261126T030000Z"). Any other id is returned as it is (and must then pass runNameProblem).
 */
export function runNameForWorkflowId(workflowId: string): string {
  return workflowId.replace(SCHEDULED_TIME, '-$1$2$3T$4$5$6Z');
}

/**
 * Why `dataset` cannot name a dataset refreshed on a schedule: its runs are named
 * `<dataset>-<start time>`, so the dataset name leaves room for the time.
 */
export function datasetNameProblem(dataset: string): string | undefined {
  return runNameProblem(dataset, 'dataset name', RUN_NAME_MAX_LENGTH - SCHEDULED_SUFFIX_LENGTH);
}

/** The refusal of a run whose name an earlier run holds: who holds it, and the two ways out. */
export function runNameInUseMessage(name: string, holder: { workflowId?: string; createdAt: string }): string {
  const by = holder.workflowId === undefined ? 'an earlier run' : `the run of workflow ${holder.workflowId}`;
  return (
    `run name ${shown(name)} is already used by ${by} (created ${holder.createdAt}): choose another run name, ` +
    'or replace that run with --replace (replace: true in the run input or the client), which deletes its rows first'
  );
}
