/**
 * The one place that says where the Temporal Web UI is, for every link augcon prints (run, status,
 * demo, schedules) and for the codec server's allowed browser origin: AUGCON_TEMPORAL_UI_URL (a UI
 * behind another host or a proxy), else http://localhost:<AUGCON_TEMPORAL_UI_PORT>, the setting
 * scripts/temporal-dev.sh starts the local dev server's UI on (default 8233).
 */

/** The dev server's UI port when AUGCON_TEMPORAL_UI_PORT is unset (scripts/temporal-dev.sh uses the same). */
export const DEFAULT_TEMPORAL_UI_PORT = 8233;

export class TemporalUiSettingError extends Error {
  override name = 'TemporalUiSettingError';
}

/** AUGCON_TEMPORAL_UI_PORT, else 8233; a value that is not a port is an error naming the variable. */
export function temporalUiPort(env: NodeJS.ProcessEnv = process.env): number {
  const value = env.AUGCON_TEMPORAL_UI_PORT;
  if (value === undefined || value.trim() === '') return DEFAULT_TEMPORAL_UI_PORT;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 1 || port > 65_535) {
    throw new TemporalUiSettingError(`AUGCON_TEMPORAL_UI_PORT ${JSON.stringify(value)} is not a port: expected a whole number from 1 to 65535 (the Web UI port of the dev server)`);
  }
  return port;
}

/** The Web UI's base URL, without a trailing slash. */
export function temporalUiUrl(env: NodeJS.ProcessEnv = process.env): string {
  const url = env.AUGCON_TEMPORAL_UI_URL?.trim();
  if (url) {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw new TemporalUiSettingError(`AUGCON_TEMPORAL_UI_URL ${JSON.stringify(url)} is not a URL: expected e.g. http://temporal-ui.internal:8080`);
    }
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new TemporalUiSettingError(`AUGCON_TEMPORAL_UI_URL ${JSON.stringify(url)} is not an http(s) URL`);
    return url.replace(/\/+$/, '');
  }
  return `http://localhost:${temporalUiPort(env)}`;
}

/** The Web UI page of a workflow (a run). */
export function workflowUrl(namespace: string, workflowId: string, env: NodeJS.ProcessEnv = process.env): string {
  return `${temporalUiUrl(env)}/namespaces/${encodeURIComponent(namespace)}/workflows/${encodeURIComponent(workflowId)}`;
}

/** The Web UI page of a schedule (a dataset's refreshes). */
export function scheduleUrl(namespace: string, scheduleId: string, env: NodeJS.ProcessEnv = process.env): string {
  return `${temporalUiUrl(env)}/namespaces/${encodeURIComponent(namespace)}/schedules/${encodeURIComponent(scheduleId)}`;
}

/** The browser origins of the Web UI (localhost and 127.0.0.1 for a local one): the codec server's default allowed origins. */
export function temporalUiOrigins(env: NodeJS.ProcessEnv = process.env): string[] {
  const url = new URL(temporalUiUrl(env));
  const origins = [url.origin];
  if (url.hostname === 'localhost') origins.push(`${url.protocol}//127.0.0.1${url.port ? `:${url.port}` : ''}`);
  return origins;
}
