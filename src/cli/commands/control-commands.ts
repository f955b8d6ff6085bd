/**
 * Run control from the command line: `augcon pause|resume|stop <run>`, `augcon budget <run> ...` and
 * `augcon concurrency <run> <roots>`. Each talks to the running workflow (signals and updates) and
 * says what it did; a run that is not running is exit code 4 or 5 with a message.
 */
import { WorkflowNotFoundError } from '@temporalio/client';
import type { Command } from 'commander';
import type { BudgetInput } from '../../domain/budget';
import { MAX_ROOTS_IN_FLIGHT, positiveCount, positiveNumber, rootsInFlight, usdPrice } from '../arguments';
import { CliError, EXIT } from '../exit-codes';
import { openSession, type TemporalSession } from '../temporal-session';

async function withRunningRun(run: string, action: (session: TemporalSession) => Promise<string>): Promise<void> {
  const session = await openSession();
  try {
    const status = await session.augcon.status(run);
    if (!status) throw new CliError(`no run ${run} in namespace ${session.namespace}`, EXIT.notFound);
    if (status.status !== 'RUNNING') throw new CliError(`run ${run} is ${status.status.toLowerCase()}, not running`, EXIT.runNotCompleted);
    console.log(await action(session));
  } catch (error) {
    // The run was running a moment ago: a closed workflow refuses signals and updates as "not found".
    if (error instanceof WorkflowNotFoundError) throw new CliError(`run ${run} is no longer running (it closed meanwhile; augcon status ${run})`, EXIT.runNotCompleted);
    throw error;
  } finally {
    await session.close();
  }
}

interface BudgetOptions {
  maxTokens?: number;
  maxCost?: number;
  inputPrice?: number;
  outputPrice?: number;
}

export function registerControlCommands(program: Command): void {
  const signals = [
    ['pause', 'pause a run: nothing new starts, calls in flight finish and are stored', (run: string) => `pause requested; calls in flight finish. Resume with: augcon resume ${run}`],
    ['resume', 'resume a paused run (one paused by its budget resumes once the budget allows it)', () => 'resume requested'],
    [
      'stop',
      'stop a run gracefully: work in flight finishes, then what is done is exported and the run completes',
      (run: string) => `stopping; work in flight finishes, then what is done is exported (augcon status ${run})`,
    ],
  ] as const;
  for (const [name, description, said] of signals) {
    program
      .command(name)
      .description(description)
      .argument('<run>', 'the run name (workflow id)')
      .action((run: string) =>
        withRunningRun(run, async ({ augcon }) => {
          await augcon[name](run);
          return `run ${run}: ${said(run)}`;
        }),
      );
  }
  program
    .command('budget')
    .description("replace a running run's budget caps (tokens, or cost at the given prices); a run paused by its budget resumes when the new one allows it")
    .argument('<run>', 'the run name (workflow id)')
    .option('--max-tokens <n>', 'pause once the run has used this many tokens', positiveCount)
    .option('--max-cost <usd>', 'pause once the run has cost this much at the prices', positiveNumber)
    .option('--input-price <usd>', 'USD per million prompt tokens', usdPrice)
    .option('--output-price <usd>', 'USD per million completion tokens', usdPrice)
    .action((run: string, options: BudgetOptions) =>
      withRunningRun(run, async ({ augcon }) => {
        const budget: BudgetInput = {
          ...(options.maxTokens === undefined ? {} : { maxTokens: options.maxTokens }),
          ...(options.maxCost === undefined ? {} : { maxCostUsd: options.maxCost }),
          ...(options.inputPrice === undefined ? {} : { inputPricePerMillion: options.inputPrice }),
          ...(options.outputPrice === undefined ? {} : { outputPricePerMillion: options.outputPrice }),
        };
        const set = await augcon.setBudget(run, budget);
        const caps = [set.maxTokens === undefined ? undefined : `${set.maxTokens} tokens`, set.maxCostUsd === undefined ? undefined : `$${set.maxCostUsd}`].filter(Boolean);
        return `run ${run}: budget now ${caps.length ? caps.join(' and ') : 'uncapped'}`;
      }),
    );
  program
    .command('concurrency')
    .description('change how many roots (and so LLM calls) a running run keeps in flight')
    .argument('<run>', 'the run name (workflow id)')
    .argument('<roots>', `roots in flight, 1 to ${MAX_ROOTS_IN_FLIGHT}`, rootsInFlight)
    .action((run: string, roots: number) =>
      withRunningRun(run, async ({ augcon }) => `run ${run}: ${await augcon.setMaxConcurrentRoots(run, roots)} roots in flight from now on`),
    );
}
