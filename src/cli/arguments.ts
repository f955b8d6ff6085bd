/** Parsers of the CLI's numeric options, one home for each rule; commander turns a throw into exit 2. */
import { InvalidArgumentError } from 'commander';
import { DEFAULT_TASK_QUEUE } from '../domain/task-queues';

export function wholeNumber(value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed)) throw new InvalidArgumentError('expected a whole number');
  return parsed;
}

export function countArgument(value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0) throw new InvalidArgumentError('expected a whole number, 0 or more');
  return parsed;
}

export function positiveCount(value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 1) throw new InvalidArgumentError('expected a whole number, 1 or more');
  return parsed;
}

export function usdPrice(value: string): number {
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || parsed < 0) throw new InvalidArgumentError('expected a price in USD, 0 or more');
  return parsed;
}

/** The task queue every command uses unless told otherwise: AUGCON_TASK_QUEUE, else "augcon" (as the worker). */
export function defaultTaskQueue(env: NodeJS.ProcessEnv = process.env): string {
  return env.AUGCON_TASK_QUEUE ?? DEFAULT_TASK_QUEUE;
}

export const TASK_QUEUE_HELP = 'task queue of the workers (default: AUGCON_TASK_QUEUE, else augcon)';
