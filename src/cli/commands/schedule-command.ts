/**
 * `augcon schedule create|list|describe|pause|unpause|trigger|delete`: dataset refreshes on Temporal
 * Schedules (src/client/augcon-schedules.ts). Each scheduled run is the next version of the dataset.
 */
import { ScheduleAlreadyRunning, ScheduleNotFoundError } from '@temporalio/client';
import type { Command } from 'commander';
import { InvalidRunInputError } from '../../client/augcon-client';
import { AugconSchedules, type ScheduleSummary } from '../../client/augcon-schedules';
import { defaultTaskQueue, TASK_QUEUE_HELP } from '../arguments';
import { CliError, EXIT } from '../exit-codes';
import { loadRunInput } from '../run-input-file';
import { openSession } from '../temporal-session';

async function withSchedules<T>(action: (schedules: AugconSchedules) => Promise<T>): Promise<T> {
  const session = await openSession();
  try {
    return await action(new AugconSchedules(session.client));
  } catch (error) {
    if (error instanceof InvalidRunInputError) throw new CliError(error.message, EXIT.invalidInput);
    if (error instanceof ScheduleAlreadyRunning) throw new CliError(`a schedule for this dataset exists already (augcon schedule describe)`, EXIT.invalidInput);
    if (error instanceof ScheduleNotFoundError) throw new CliError(`no schedule for this dataset (augcon schedule list)`, EXIT.notFound);
    throw error;
  } finally {
    await session.close();
  }
}

function describeSchedule(schedule: ScheduleSummary): string {
  return [
    `${schedule.dataset}: ${schedule.paused ? 'paused' : 'active'}${schedule.note ? ` (${schedule.note})` : ''}, overlap ${schedule.overlap}, task queue ${schedule.taskQueue}`,
    `  next runs: ${schedule.nextRuns.map((date) => date.toISOString()).join(', ') || 'none'}`,
    ...schedule.recentRuns.map((run) => `  ran ${run.workflowId} at ${run.startedAt.toISOString()}`),
  ].join('\n');
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
      const id = await withSchedules((schedules) =>
        schedules.create(dataset, input, { ...(options.every ? { every: options.every } : {}), ...(options.cron ? { cron: options.cron } : {}) }, { taskQueue: options.taskQueue, paused: options.paused }),
      );
      console.log(`schedule ${id} created: refreshes dataset ${dataset}${options.every ? ` every ${options.every}` : ` on "${options.cron}"`}`);
    });
  schedule
    .command('list')
    .description('list the dataset refresh schedules')
    .option('--json', 'print JSON')
    .action(async (options: { json?: boolean }) => {
      const all = await withSchedules((schedules) => schedules.list());
      console.log(options.json ? JSON.stringify(all, null, 2) : all.map(describeSchedule).join('\n') || 'no dataset schedules');
    });
  schedule
    .command('describe')
    .description("show a dataset's schedule: state, next and recent runs")
    .argument('<dataset>', 'the dataset name')
    .option('--json', 'print JSON')
    .action(async (dataset: string, options: { json?: boolean }) => {
      const found = await withSchedules((schedules) => schedules.describe(dataset));
      if (!found) throw new CliError(`no schedule for dataset ${dataset} (augcon schedule list)`, EXIT.notFound);
      console.log(options.json ? JSON.stringify(found, null, 2) : describeSchedule(found));
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
