/**
 * Parsers of the CLI's option and argument values, one home for each rule; commander turns a throw
 * into exit 2 with the option's name, the value given and what was expected.
 */
import { InvalidArgumentError } from 'commander';
import { workerTaskQueue } from '../worker/worker-config';

export function wholeNumber(value: string): number {
  const parsed = Number(value);
  if (value.trim() === '' || !Number.isInteger(parsed)) throw new InvalidArgumentError('expected a whole number');
  return parsed;
}

export function countArgument(value: string): number {
  const parsed = Number(value);
  if (value.trim() === '' || !Number.isInteger(parsed) || parsed < 0) throw new InvalidArgumentError('expected a whole number, 0 or more');
  return parsed;
}

export function positiveCount(value: string): number {
  const parsed = Number(value);
  if (value.trim() === '' || !Number.isInteger(parsed) || parsed < 1) throw new InvalidArgumentError('expected a whole number, 1 or more');
  return parsed;
}

export function positiveNumber(value: string): number {
  const parsed = Number(value);
  if (value.trim() === '' || !Number.isFinite(parsed) || parsed <= 0) throw new InvalidArgumentError('expected a number above 0');
  return parsed;
}

export function usdPrice(value: string): number {
  const parsed = Number(value);
  if (value.trim() === '' || !Number.isFinite(parsed) || parsed < 0) throw new InvalidArgumentError('expected a price in USD, 0 or more');
  return parsed;
}

/** A share from 0 to 1, e.g. the Batch API's discount (0.5: half price). */
export function fractionOff(value: string): number {
  const parsed = Number(value);
  if (value.trim() === '' || !Number.isFinite(parsed) || parsed < 0 || parsed > 1) throw new InvalidArgumentError('expected a fraction from 0 to 1 (0.5 is half price)');
  return parsed;
}

export function portNumber(value: string): number {
  const parsed = Number(value);
  if (value.trim() === '' || !Number.isInteger(parsed) || parsed < 0 || parsed > 65_535) throw new InvalidArgumentError('expected a port number (0 to 65535)');
  return parsed;
}

/** The most roots a run keeps in flight (orchestration.maxConcurrentRoots and the workflow's update accept the same). */
export const MAX_ROOTS_IN_FLIGHT = 500;

export function rootsInFlight(value: string): number {
  const parsed = Number(value);
  if (value.trim() === '' || !Number.isInteger(parsed) || parsed < 1 || parsed > MAX_ROOTS_IN_FLIGHT) {
    throw new InvalidArgumentError(`expected a whole number of roots from 1 to ${MAX_ROOTS_IN_FLIGHT}`);
  }
  return parsed;
}

/**
 * The task queue every command starts work on unless told otherwise, read as the worker reads its
 * own: AUGCON_TASK_QUEUE, else the taskQueue of AUGCON_WORKER_CONFIG's file, else "augcon".
 */
export function defaultTaskQueue(env: NodeJS.ProcessEnv = process.env): string {
  return workerTaskQueue(env);
}

export const TASK_QUEUE_HELP = "task queue of the workers (default: AUGCON_TASK_QUEUE, else the worker config file's taskQueue, else augcon)";
