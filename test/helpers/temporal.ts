import { randomBytes } from 'node:crypto';

/** A unique, readable suffix for task queues and workflow ids: tests isolate themselves instead of cleaning up. */
export function uniqueId(testName: string): string {
  return `${testName.replace(/[^A-Za-z0-9-]+/g, '-').slice(0, 40)}-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
}
