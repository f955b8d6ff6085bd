/**
 * Run control, shared by the run workflow and its scorer and answer stages: pause and resume, a graceful
 * stop (no new work is started, work in flight finishes, what is done is exported; LLM calls that are
 * only retrying are cancelled, graceful-stop.ts), the roots in flight, and budget caps that pause the
 * run when reached. Pausing and stopping act where work is started, so nothing is ever half-written:
 * a call's attempt in flight always completes and is stored.
 */
import { condition, defineQuery, defineSignal, defineUpdate, setHandler } from '@temporalio/workflow';
import { budgetExhausted, BudgetSchema, type Budget, type BudgetInput } from '../domain/budget';
import { addUsage, zeroUsage, type TokenUsage } from '../domain/tokens';
import { GracefulStop, stopSignal } from './graceful-stop';

export const pauseSignal = defineSignal('pause');
export const resumeSignal = defineSignal('resume');
/** Replaces the run's budget (validated); returns the budget now in force. */
export const setBudgetUpdate = defineUpdate<Budget, [BudgetInput]>('setBudget');
/** Changes how many roots (and so LLM calls) the run keeps in flight; returns the new value. */
export const setConcurrencyUpdate = defineUpdate<number, [number]>('setMaxConcurrentRoots');
/** Forwarded by the run to its answer stage when the budget changes. */
export const budgetSignal = defineSignal<[Budget]>('budget');

/** What the operator did, passed on to a running child stage (a budget pause is the stage's own). */
export type OperatorAction = 'pause' | 'resume' | 'stop' | 'budget';

export interface ControlState {
  paused: boolean;
  /** Why the run is paused: the operator asked, or a budget cap was reached (with the cap's message). */
  pauseReason?: string;
  pausedForBudget: boolean;
  stopping: boolean;
  budget: Budget;
  maxConcurrentRoots: number;
}

export const controlQuery = defineQuery<ControlState>('control');

export class RunControl {
  readonly state: ControlState;
  /** LLM calls and child workflows under the graceful stop: the stop cancels what is only retrying. */
  readonly gracefulStop = new GracefulStop();
  /** Tokens used by the run so far (this workflow's own share plus what its caller had used). */
  private usage: TokenUsage;
  private readonly listeners: ((state: ControlState, action?: OperatorAction) => void)[] = [];

  constructor(initial: { budget: Budget; maxConcurrentRoots: number; usage?: TokenUsage; state?: ControlState }) {
    this.state = initial.state ?? { paused: false, pausedForBudget: false, stopping: false, budget: initial.budget, maxConcurrentRoots: initial.maxConcurrentRoots };
    this.usage = initial.usage ?? zeroUsage();
    if (this.state.stopping) this.gracefulStop.stop();
  }

  /** Signals, the query, and (on the run workflow) the updates; onChange hears every change. */
  install(options: { updates: boolean }): void {
    setHandler(pauseSignal, () => this.pause('paused by the operator (augcon resume <run> continues)', 'pause'));
    setHandler(resumeSignal, () => this.resume('resume'));
    setHandler(stopSignal, () => {
      this.state.stopping = true;
      this.gracefulStop.stop();
      this.changed('stop');
    });
    setHandler(budgetSignal, (budget) => {
      this.setBudget(budget);
    });
    setHandler(controlQuery, () => this.state);
    if (options.updates) {
      setHandler(setBudgetUpdate, (input) => this.setBudget(BudgetSchema.parse(input)), {
        validator: (input) => {
          BudgetSchema.parse(input);
        },
      });
      setHandler(
        setConcurrencyUpdate,
        (value) => {
          this.state.maxConcurrentRoots = value;
          this.changed();
          return value;
        },
        {
          validator: (value) => {
            if (!Number.isInteger(value) || value < 1 || value > 500) throw new Error(`expected a whole number of roots from 1 to 500, got ${value}`);
          },
        },
      );
    }
  }

  onChange(listener: (state: ControlState, action?: OperatorAction) => void): void {
    this.listeners.push(listener);
  }

  /** Adds tokens used; pauses the run when a budget cap is reached. */
  charge(usage: TokenUsage): void {
    this.usage = addUsage(this.usage, usage);
    this.checkBudget();
  }

  /**
   * Sets the tokens used back to what they were (batch mode runs a CST pass again from its start:
   * its first round's replies come from the response cache and are counted again in full).
   */
  rewindUsage(usage: TokenUsage): void {
    this.usage = usage;
  }

  /** Waits while paused; false when the run is stopping (start nothing more). */
  async mayStart(extra: () => boolean = () => true): Promise<boolean> {
    await condition(() => this.state.stopping || (!this.state.paused && extra()));
    return !this.state.stopping;
  }

  get tokensUsed(): TokenUsage {
    return this.usage;
  }

  private pause(reason: string, action?: OperatorAction): void {
    this.state.paused = true;
    this.state.pauseReason = reason;
    this.changed(action);
  }

  private resume(action?: OperatorAction): void {
    // A budget pause ends only when the budget allows it; the operator's resume is still passed on.
    if (!(this.state.pausedForBudget && budgetExhausted(this.usage.paid, this.state.budget))) {
      this.state.paused = false;
      this.state.pausedForBudget = false;
      delete this.state.pauseReason;
    }
    this.changed(action);
  }

  private setBudget(budget: Budget): Budget {
    this.state.budget = budget;
    if (this.state.pausedForBudget && !budgetExhausted(this.usage.paid, budget)) this.resume();
    else this.checkBudget();
    this.changed('budget');
    return budget;
  }

  private checkBudget(): void {
    const reason = budgetExhausted(this.usage.paid, this.state.budget);
    if (reason && !this.state.paused) {
      this.state.pausedForBudget = true;
      this.pause(reason);
    }
  }

  private changed(action?: OperatorAction): void {
    for (const listener of this.listeners) listener(this.state, action);
  }
}
