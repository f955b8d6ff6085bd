/**
 * Dataset refreshes on Temporal Schedules: one schedule per dataset starts `augconRun` with the
 * dataset's run input (its `dataset.name` set), so every scheduled run is the next version of the
 * dataset and, as a refresh, pays only for new or changed documents. Overlapping refreshes of one
 * dataset never run at once: the overlap policy buffers one start while a refresh is running.
 */
import { ScheduleNotFoundError, ScheduleOverlapPolicy, type Client, type ScheduleDescription } from '@temporalio/client';
// The parser Temporal's client applies to the interval, so a string passes here exactly when it passes there.
import { msToNumber } from '@temporalio/common/lib/time';
import { validateRunInput, type RunInput } from '../domain/run-input';
import { datasetNameProblem, runNameForWorkflowId } from '../domain/run-name';
import { DEFAULT_TASK_QUEUE } from '../domain/task-queues';
import { InvalidRunInputError } from './augcon-client';

export interface RefreshSpec {
  /** An interval such as "1 day", "6h", "30m" (ms-style strings, as Temporal takes them). */
  every?: string;
  /** A cron expression, e.g. "0 3 * * *" (UTC). */
  cron?: string;
}

export interface ScheduleSummary {
  scheduleId: string;
  dataset: string;
  paused: boolean;
  note?: string;
  nextRuns: Date[];
  /** `runName`: the run's name in the store and its run directory (the workflow id without colons). */
  recentRuns: { workflowId: string; runName: string; startedAt: Date }[];
  overlap: string;
  /** The task queue its runs start on: a worker must poll it (AUGCON_TASK_QUEUE). */
  taskQueue: string;
}

export const scheduleIdOf = (dataset: string) => `augcon-dataset-${dataset}`;

/** Why `every` is not a refresh interval Temporal takes ("1d", "6h", "30m", "1 day"), or undefined. */
export function refreshIntervalProblem(every: string): string | undefined {
  let millis: number;
  try {
    millis = msToNumber(every);
  } catch {
    return `refresh interval ${JSON.stringify(every)} is not a duration: expected e.g. 1d, 6h, 30m or "1 day"`;
  }
  return millis >= 1000 ? undefined : `refresh interval ${JSON.stringify(every)} is too short: expected 1 second or more, e.g. 1d, 6h, 30m`;
}

/**
 * The run input a dataset's schedule starts (its dataset.name set), after every check that needs no
 * server: the dataset name, exactly one of an interval or a cron expression, a valid interval, no
 * runName, a valid run input. Throws InvalidRunInputError naming what is wrong.
 */
export function scheduledRunInput(dataset: string, input: RunInput, spec: RefreshSpec): RunInput {
  // The dataset name is the schedule's workflow id: its runs are named `<dataset>-<start time>`.
  const problem = datasetNameProblem(dataset);
  if (problem !== undefined) throw new InvalidRunInputError(problem);
  if (!spec.every === !spec.cron) throw new InvalidRunInputError('give exactly one of an interval (--every) or a cron expression (--cron)');
  const interval = spec.every === undefined ? undefined : refreshIntervalProblem(spec.every);
  if (interval !== undefined) throw new InvalidRunInputError(`--every: ${interval}`);
  if (input.runName !== undefined) throw new InvalidRunInputError('a scheduled run input has no runName: each refresh is named after the schedule and its start time');
  const runInput: RunInput = { ...input, dataset: { ...input.dataset, name: dataset } };
  const validation = validateRunInput(runInput);
  if (!validation.ok) throw new InvalidRunInputError(validation.message);
  return runInput;
}

export class AugconSchedules {
  constructor(private readonly client: Client) {}

  /** Creates the dataset's refresh schedule; the input's dataset.name is set to `dataset`. */
  async create(dataset: string, input: RunInput, spec: RefreshSpec, options: { taskQueue?: string; paused?: boolean } = {}): Promise<string> {
    const runInput = scheduledRunInput(dataset, input, spec);
    const scheduleId = scheduleIdOf(dataset);
    await this.client.schedule.create({
      scheduleId,
      spec: spec.every ? { intervals: [{ every: spec.every as `${number}${string}` }] } : { cronExpressions: [spec.cron!] },
      action: {
        type: 'startWorkflow',
        workflowType: 'augconRun',
        // Temporal appends the scheduled time ("-2026-11-26T03:00:00Z"), so every refresh has its own
        // workflow id; its run name is that id without the time's colons (runNameForWorkflowId).
        workflowId: dataset,
        taskQueue: options.taskQueue ?? DEFAULT_TASK_QUEUE,
        args: [runInput],
      },
      policies: { overlap: ScheduleOverlapPolicy.BUFFER_ONE, catchupWindow: '1 day' },
      state: { paused: options.paused ?? false, note: options.paused ? 'created paused' : `refreshes ${dataset}` },
    });
    return scheduleId;
  }

  async list(): Promise<ScheduleSummary[]> {
    const summaries: ScheduleSummary[] = [];
    for await (const listed of this.client.schedule.list()) {
      if (!listed.scheduleId.startsWith('augcon-dataset-')) continue;
      const summary = await this.describe(listed.scheduleId.slice('augcon-dataset-'.length));
      if (summary) summaries.push(summary);
    }
    return summaries.sort((a, b) => a.dataset.localeCompare(b.dataset));
  }

  async describe(dataset: string): Promise<ScheduleSummary | undefined> {
    let description: ScheduleDescription;
    try {
      description = await this.client.schedule.getHandle(scheduleIdOf(dataset)).describe();
    } catch (error) {
      if (error instanceof ScheduleNotFoundError) return undefined;
      throw error;
    }
    return {
      scheduleId: description.scheduleId,
      dataset,
      paused: description.state.paused,
      ...(description.state.note ? { note: description.state.note } : {}),
      nextRuns: description.info.nextActionTimes,
      recentRuns: description.info.recentActions.map((action) => ({
        workflowId: action.action.workflow.workflowId,
        runName: runNameForWorkflowId(action.action.workflow.workflowId),
        startedAt: action.takenAt,
      })),
      overlap: description.policies.overlap ?? 'unspecified',
      taskQueue: description.action.type === 'startWorkflow' ? description.action.taskQueue : 'unknown',
    };
  }

  async pause(dataset: string, note = 'paused with augcon schedule pause'): Promise<void> {
    await this.client.schedule.getHandle(scheduleIdOf(dataset)).pause(note);
  }

  async unpause(dataset: string, note = 'unpaused with augcon schedule unpause'): Promise<void> {
    await this.client.schedule.getHandle(scheduleIdOf(dataset)).unpause(note);
  }

  /** Starts a refresh now (buffered behind one that is still running). */
  async trigger(dataset: string): Promise<void> {
    await this.client.schedule.getHandle(scheduleIdOf(dataset)).trigger(ScheduleOverlapPolicy.BUFFER_ONE);
  }

  async delete(dataset: string): Promise<void> {
    await this.client.schedule.getHandle(scheduleIdOf(dataset)).delete();
  }
}
