/** The stand-in's test control routes over HTTP: /_standin/{calls,reset,faults,latency}. */
import type { ServerResponse } from 'node:http';
import { z } from 'zod';
import { parseJson } from '../../domain/cst/parse';
import { FaultRuleSchema, type Fault, type FaultRule } from '../fault-plan';
import type { CallRecord } from '../call-record';
import { sendJson } from '../http';

/** What the control routes read and change: the server's own in-process controls. */
export interface StandinControls {
  calls: () => CallRecord[];
  resetCalls: () => void;
  setFaults: (rules: FaultRule[]) => Fault[];
  setLatency: (ms: number) => void;
}

export function answerControl(route: string, bodyText: string, response: ServerResponse, controls: StandinControls): void {
  const json = parseJson(bodyText || 'null');
  if (route === '/_standin/calls') return sendJson(response, 200, controls.calls());
  if (route === '/_standin/reset') {
    controls.resetCalls();
    return sendJson(response, 200, { ok: true });
  }
  if (route === '/_standin/faults' && json.ok) {
    const parsed = z.array(FaultRuleSchema).safeParse(json.value);
    if (!parsed.success) return sendJson(response, 400, { error: { message: parsed.error.message } });
    return sendJson(response, 200, { ok: true, rules: controls.setFaults(parsed.data) });
  }
  if (route === '/_standin/latency' && json.ok) {
    const parsed = z.object({ ms: z.number().int().min(0) }).safeParse(json.value);
    if (!parsed.success) return sendJson(response, 400, { error: { message: parsed.error.message } });
    controls.setLatency(parsed.data.ms);
    return sendJson(response, 200, { ok: true, latencyMs: parsed.data.ms });
  }
  return sendJson(response, 404, { error: { message: `unknown control route ${route}` } });
}
