/**
 * The typed client API: start a run, watch its progress (a workflow query), wait for its summary.
 * The CLI is a thin layer over it.
 */
import { randomBytes } from 'node:crypto';
import { WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError, type Client, type WorkflowExecutionStatusName } from '@temporalio/client';
import { WorkflowIdReusePolicy } from '@temporalio/common';
import type { RunSummary } from '../activities/contracts';
import { innermostMessage } from '../domain/failure-message';
import { validateRunInput, type RunInput, type RunSettings } from '../domain/run-input';
import { runNameForWorkflowId, runNameInUseMessage, runNameProblem } from '../domain/run-name';
import { DEFAULT_TASK_QUEUE } from '../domain/task-queues';
import { retryingCalls, type RetryingCallsOptions } from './retrying-calls';
import type { RetryingCalls } from './retrying-calls-summary';
import type { Budget, BudgetInput } from '../domain/budget';
import {
  answerProgressQuery,
  augconJudge,
  augconRun,
  pauseSignal,
  progressQuery,
  resumeSignal,
  scorerProgressQuery,
  setBudgetUpdate,
  setConcurrencyUpdate,
  stopSignal,
  type JudgeInput,
  type JudgeSummary,
  type RunProgress,
} from '../workflows';

export class InvalidRunInputError extends Error {
  override name = 'InvalidRunInputError';
}

export interface StartRunOptions {
  /**
   * Also names the run directory unless the input has runName, so it must then be a valid run name
   * (run-name.ts). @default "augcon-<date>-<time>-<random>"
   */
  workflowId?: string;
  /** @default "augcon" */
  taskQueue?: string;
  /**
   * Reuse the name of an earlier run, deleting its rows first (sets `replace` in the run input).
   * Without it a name an earlier run holds is refused. @default false
   */
  replace?: boolean;
}

export interface RunHandle {
  workflowId: string;
  runName: string;
  settings: RunSettings;
}

export interface RunStatus {
  workflowId: string;
  status: WorkflowExecutionStatusName;
  startTime: Date;
  closeTime?: Date;
  progress?: RunProgress;
  /** While it runs: the LLM calls Temporal is retrying, and the latest failure among them. */
  retrying?: RetryingCalls;
  summary?: RunSummary;
  failure?: string;
}

/** A run's default name and workflow id, `<prefix>-20261204-131500-<6 hex>`: a valid run name (no colons), so a valid directory name. */
export function newRunId(now = new Date(), prefix = 'augcon', suffix = randomBytes(3).toString('hex')): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return `${prefix}-${stamp}-${suffix}`;
}

export class AugconClient {
  constructor(private readonly client: Client) {}

  /** Validates the input here (so the caller hears about mistakes at once), then starts the run workflow. */
  async startRun(input: RunInput, options: StartRunOptions = {}): Promise<RunHandle> {
    const args: RunInput = options.replace ? { ...input, replace: true } : input;
    const validation = validateRunInput(args);
    if (!validation.ok) throw new InvalidRunInputError(validation.message);
    const workflowId = options.workflowId ?? input.runName ?? newRunId();
    // The workflow names the run the same way (and refuses the same names).
    const runName = validation.settings.runName ?? runNameForWorkflowId(workflowId);
    const problem = validation.settings.runName === undefined ? runNameProblem(runName) : undefined;
    if (problem !== undefined) throw new InvalidRunInputError(`${problem} (without runName the workflow id names the run)`);
    // A closed run under this id is a run of this name: refused at once (the ingest activity checks
    // the store too, for names held by runs of other workflow ids or no longer in Temporal).
    const reuse = runName === workflowId && !validation.settings.replace ? { workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE } : {};
    try {
      await this.client.workflow.start(augconRun, { workflowId, taskQueue: options.taskQueue ?? DEFAULT_TASK_QUEUE, args: [args], ...reuse });
    } catch (error) {
      if (error instanceof WorkflowExecutionAlreadyStartedError) throw new InvalidRunInputError(await this.alreadyStartedMessage(workflowId, runName));
      throw error;
    }
    return { workflowId, runName, settings: validation.settings };
  }

  private async alreadyStartedMessage(workflowId: string, runName: string): Promise<string> {
    const description = await this.client.workflow
      .getHandle(workflowId)
      .describe()
      .catch(() => undefined);
    if (!description || description.status.name === 'RUNNING') return `a run with workflow id ${workflowId} is already running; pick another --run-name`;
    return runNameInUseMessage(runName, { workflowId, createdAt: description.startTime.toISOString() });
  }

  /**
   * Judges a seeded sample of the run's kept pairs with the worker's LLM (answerability and
   * faithfulness, 95% intervals) and waits for the summary; judge.json lands in the run directory.
   * The workflow id names run, sample and seed, so asking twice at once joins the first judge.
   */
  async judge(input: JudgeInput, options: { taskQueue?: string } = {}): Promise<JudgeSummary> {
    const workflowId = `${input.runName}-judge-${input.sample}-${input.seed}`;
    try {
      return await this.client.workflow.execute(augconJudge, { workflowId, taskQueue: options.taskQueue ?? DEFAULT_TASK_QUEUE, args: [input] });
    } catch (error) {
      if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
      return this.client.workflow.getHandle<typeof augconJudge>(workflowId).result();
    }
  }

  /** The run's progress; while it scores or answers, with that stage's own progress. */
  async progress(workflowId: string): Promise<RunProgress> {
    const progress = await this.client.workflow.getHandle(workflowId).query(progressQuery);
    if (progress.stage === 'scoring') {
      // The stage may have finished between the two queries: then the run's own progress is enough.
      const scorer = await this.client.workflow
        .getHandle(`${workflowId}/scorer`)
        .query(scorerProgressQuery)
        .catch(() => undefined);
      if (scorer) {
        progress.scorer = scorer;
        // While it draws negatives the stage gates its own calls (and pauses itself at the budget).
        if (scorer.control) progress.control = scorer.control;
        if (scorer.tokens) progress.tokens = scorer.tokens;
      }
    }
    if (progress.stage === 'answering') {
      const answers = await this.client.workflow
        .getHandle(`${workflowId}/answers`)
        .query(answerProgressQuery)
        .catch(() => undefined);
      if (answers) {
        progress.answers = answers;
        // The stage gates its own work (and pauses itself at the budget): its control state is the one in force.
        progress.control = answers.control;
        if (answers.tokens) progress.tokens = answers.tokens;
      }
    }
    return progress;
  }

  /**
   * The run's LLM calls that Temporal is retrying (attempt 2 or later) in the run and its open child
   * workflows, with the latest failure's type, message and attempt. Costs up to 50 describe calls.
   */
  async retryingCalls(workflowId: string, options?: RetryingCallsOptions): Promise<RetryingCalls> {
    return retryingCalls(this.client, workflowId, options);
  }

  /** Pauses a run: no new root, node or answer is started; calls in flight finish and are stored. */
  async pause(workflowId: string): Promise<void> {
    await this.client.workflow.getHandle(workflowId).signal(pauseSignal);
  }

  /** Resumes a paused run (a run paused by its budget resumes only once the budget allows it). */
  async resume(workflowId: string): Promise<void> {
    await this.client.workflow.getHandle(workflowId).signal(resumeSignal);
  }

  /** Stops a run gracefully: work in flight finishes, then what is done is exported and the run completes. */
  async stop(workflowId: string): Promise<void> {
    await this.client.workflow.getHandle(workflowId).signal(stopSignal);
  }

  /** Replaces the run's budget; a run paused by its budget resumes when the new one allows it. */
  async setBudget(workflowId: string, budget: BudgetInput): Promise<Budget> {
    return this.client.workflow.getHandle(workflowId).executeUpdate(setBudgetUpdate, { args: [budget] });
  }

  /** Changes how many roots (and so LLM calls) the run keeps in flight, while it runs. */
  async setMaxConcurrentRoots(workflowId: string, roots: number): Promise<number> {
    return this.client.workflow.getHandle(workflowId).executeUpdate(setConcurrencyUpdate, { args: [roots] });
  }

  async result(workflowId: string): Promise<RunSummary> {
    return this.client.workflow.getHandle<typeof augconRun>(workflowId).result();
  }

  /** Status, progress (when the workflow can answer queries) and the summary once completed. */
  async status(workflowId: string): Promise<RunStatus | undefined> {
    const handle = this.client.workflow.getHandle<typeof augconRun>(workflowId);
    let description;
    try {
      description = await handle.describe();
    } catch (error) {
      if (error instanceof WorkflowNotFoundError) return undefined;
      throw error;
    }
    const status: RunStatus = {
      workflowId,
      status: description.status.name,
      startTime: description.startTime,
      closeTime: description.closeTime,
    };
    if (description.status.name === 'COMPLETED') {
      status.summary = await handle.result();
    } else if (description.status.name === 'RUNNING') {
      const [progress, retrying] = await Promise.all([
        this.progress(workflowId).catch(() => undefined),
        this.retryingCalls(workflowId).catch(() => undefined),
      ]);
      if (progress) status.progress = progress;
      if (retrying) status.retrying = retrying;
    } else {
      status.failure = await handle.result().then(
        () => undefined,
        (error: unknown) => innermostMessage(error),
      );
    }
    return status;
  }
}
