/** How the stand-in answers a call picked for a fault that replaces the reply (status, reset, hang, broken bodies). */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { finishCall, type CallRecord } from './call-record';
import type { Fault } from './fault-plan';
import { sendJson } from './http';

/**
 * Sends the fault; false when the fault does not replace the reply (malformed-content and latency
 * shape the normal reply instead). A hanging response is added to `hanging` until the client closes it.
 */
export function sendFault(fault: Fault, request: IncomingMessage, response: ServerResponse, record: CallRecord, hanging: Set<ServerResponse>): boolean {
  switch (fault.kind) {
    case 'status':
      finishCall(record, 'fault:status', fault.status);
      sendJson(
        response,
        fault.status,
        { error: { message: `stand-in injected HTTP ${fault.status}`, type: fault.status === 429 ? 'rate_limit_exceeded' : 'server_error' } },
        fault.retryAfterSeconds === undefined ? {} : { 'retry-after': String(fault.retryAfterSeconds) },
      );
      return true;
    case 'reset':
      finishCall(record, 'fault:reset', 0);
      request.socket.destroy();
      return true;
    case 'hang':
      record.outcome = 'fault:hang';
      hanging.add(response);
      response.on('close', () => {
        hanging.delete(response);
        record.endedAt = Date.now();
      });
      return true;
    case 'malformed-body':
      finishCall(record, 'fault:malformed-body', 200);
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end('{"id": "chatcmpl-standin", "choices": [ {"message": ');
      return true;
    case 'truncated-body': {
      finishCall(record, 'fault:truncated-body', 200);
      const full = JSON.stringify({ id: 'chatcmpl-standin', object: 'chat.completion', choices: [] });
      response.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(full) + 100 });
      response.write(full);
      request.socket.destroy();
      return true;
    }
    default:
      return false;
  }
}
