/**
 * `augcon schedule create|list|describe|pause|unpause|trigger|delete`: dataset refreshes on Temporal
 * Schedules (src/client/augcon-schedules.ts). Each scheduled run is the next version of the dataset.
 */
import { ScheduleAlreadyRunning, ScheduleNotFoundError } from '@temporalio/client';
import type { Command } from 'commander';
import { InvalidRunInputError } from '../../client/augcon-client';
import { AugconSchedules, scheduledRunInput, scheduleIdOf, type RefreshSpec, type ScheduleSummary } from '../../client/augcon-schedules';
import { scheduleUrl, workflowUrl } from '../../client/temporal-ui';
import { defaultTaskQueue, TASK_QUEUE_HELP } from '../arguments';
import { CliError, EXIT } from '../exit-codes';
import { loadRunInput } from '../run-input-file';
import { openSession } from '../temporal-session';

async function withSchedules<T>(action: (schedules: AugconSchedules, namespace: string) => Promise<T>): Promise<T> {
  const session = await openSession();
  try {
    return await action(new AugconSchedules(session.client), session.namespace);
  } catch (error) {
    if (error instanceof InvalidRunInputError) throw new CliError(error.message, EXIT.invalidInput);
    if (error instanceof ScheduleAlreadyRunning) throw new CliError(`a schedule for this dataset exists already (augcon schedule describe)`, EXIT.invalidInput);
    if (error instanceof ScheduleNotFoundError) throw new CliError(`no schedule for this dataset (augcon schedule list)`, EXIT.notFound);
    throw error;
  } finally {
    await session.close();
  }
}

/** A schedule in lines: state, the task queue its runs start on, next and recent runs, and their Web UI pages. */
export function describeSchedule(schedule: ScheduleSummary, namespace: string, env: NodeJS.ProcessEnv = process.env): string {
  return [
    `${schedule.dataset}: ${schedule.paused ? 'paused' : 'active'}${schedule.note ? ` (${schedule.note})` : ''}, overlap ${schedule.overlap}, task queue ${schedule.taskQueue}`,
    `  next runs: ${schedule.nextRuns.map((date) => date.toISOString()).join(', ') || 'none'}`,
    ...schedule.recentRuns.map((run) => `  ran ${run.workflowId} at ${run.startedAt.toISOString()}: ${workflowUrl(namespace, run.workflowId, env)}`),
    `  Temporal UI  ${scheduleUrl(namespace, schedule.scheduleId, env)}`,
  ].join('\n');
}

/** The refresh times of `schedule create`, checked before anything connects. */
function refreshSpec(options: CreateOptions): RefreshSpec {
  return { ...(options.every !== undefined ? { every: options.every } : {}), ...(options.cron !== undefined ? { cron: options.cron } : {}) };
}

interface CreateOptions {
  config?: string;
  every?: string;
  cron?: string;
  taskQueue: string;
  paused?: boolean;
}

export function registerScheduleCommand(program: Command): void {
  const schedule = program.command('schedule').description('dataset refreshes on Temporal Schedules: each run is the next version of the dataset');
  schedule
    .command('create')
    .description('create the refresh schedule of a dataset (overlapping refreshes are buffered, never concurrent)')
    .argument('<dataset>', 'the dataset name')
    .argument('[paths...]', 'corpus folders, files or globs (override corpus.paths of --config)')
    .option('-c, --config <file>', 'run input JSON (as for augcon run; dataset.name is set to <dataset>)')
    .option('--every <interval>', 'refresh interval, e.g. 1d, 6h, 30m')
    .option('--cron <expression>', 'refresh times as a cron expression (UTC), e.g. "0 3 * * *"')
    .option('--task-queue <name>', TASK_QUEUE_HELP, defaultTaskQueue())
    .option('--paused', 'create it paused (augcon schedule trigger still runs it)')
    .action(async (dataset: string, paths: string[], options: CreateOptions) => {
      const input = await loadRunInput(options.config, { paths });
      const spec = refreshSpec(options);
      // A wrong dataset name, interval or input is exit 2 at once, with or without a reachable server.
      let runInput;
      try {
        runInput = scheduledRunInput(dataset, input, spec);
      } catch (error) {
        if (error instanceof InvalidRunInputError) throw new CliError(error.message, EXIT.invalidInput);
        throw error;
      }
      const created = await withSchedules(async (schedules, namespace) => ({
        id: await schedules.create(dataset, runInput, spec, { taskQueue: options.taskQueue, paused: options.paused }),
        namespace,
      }));
      console.log(
        `schedule ${created.id} created: refreshes dataset ${dataset}${spec.every ? ` every ${spec.every}` : ` on "${spec.cron}"`}, runs on task queue ${options.taskQueue}\n` +
          `  Temporal UI  ${scheduleUrl(created.namespace, scheduleIdOf(dataset))}`,
      );
    });
  schedule
    .command('list')
    .description('list the dataset refresh schedules')
    .option('--json', 'print JSON')
    .action(async (options: { json?: boolean }) => {
      const { all, namespace } = await withSchedules(async (schedules, namespace) => ({ all: await schedules.list(), namespace }));
      console.log(options.json ? JSON.stringify(all, null, 2) : all.map((found) => describeSchedule(found, namespace)).join('\n') || 'no dataset schedules');
    });
  schedule
    .command('describe')
    .description("show a dataset's schedule: state, the task queue its runs start on, next and recent runs")
    .argument('<dataset>', 'the dataset name')
    .option('--json', 'print JSON')
    .action(async (dataset: string, options: { json?: boolean }) => {
      const { found, namespace } = await withSchedules(async (schedules, namespace) => ({ found: await schedules.describe(dataset), namespace }));
      if (!found) throw new CliError(`no schedule for dataset ${dataset} (augcon schedule list)`, EXIT.notFound);
      console.log(options.json ? JSON.stringify({ ...found, url: scheduleUrl(namespace, found.scheduleId) }, null, 2) : describeSchedule(found, namespace));
    });
  for (const [name, description] of [
    ['pause', 'pause the refreshes of a dataset'],
    ['unpause', 'resume the refreshes of a dataset'],
    ['trigger', 'start a refresh now (buffered behind one that is running)'],
    ['delete', 'delete the refresh schedule of a dataset (its versions stay)'],
  ] as const) {
    schedule
      .command(name)
      .description(description)
      .argument('<dataset>', 'the dataset name')
      .action(async (dataset: string) => {
        await withSchedules((schedules) => schedules[name](dataset));
        console.log(`schedule of ${dataset}: ${name === 'trigger' ? 'refresh triggered' : `${name}d`}`);
      });
  }
}
