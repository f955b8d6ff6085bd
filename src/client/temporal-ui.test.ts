import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_UI_ORIGINS } from '../codec/codec-server';
import { DEFAULT_TEMPORAL_UI_PORT, scheduleUrl, temporalUiOrigins, temporalUiPort, temporalUiUrl, TemporalUiSettingError, workflowUrl } from './temporal-ui';

describe('the Temporal Web UI address', () => {
  it('is the dev server UI port that scripts/temporal-dev.sh reads, with the same default', () => {
    const script = readFileSync(join(__dirname, '..', '..', 'scripts', 'temporal-dev.sh'), 'utf8');
    expect(script).toContain(`ui_port="\${AUGCON_TEMPORAL_UI_PORT:-${DEFAULT_TEMPORAL_UI_PORT}}"`);
    expect(script).toContain('--ui-port "$ui_port"');
    expect(temporalUiUrl({})).toBe('http://localhost:8233');
    expect(temporalUiUrl({ AUGCON_TEMPORAL_UI_PORT: '18233' })).toBe('http://localhost:18233');
    expect(temporalUiPort({ AUGCON_TEMPORAL_UI_PORT: ' ' })).toBe(8233);
  });

  it('is AUGCON_TEMPORAL_UI_URL when set, without a trailing slash', () => {
    expect(temporalUiUrl({ AUGCON_TEMPORAL_UI_URL: 'https://temporal.example/ui/', AUGCON_TEMPORAL_UI_PORT: '18233' })).toBe('https://temporal.example/ui');
  });

  it('refuses a setting that is not a port or an http(s) URL, naming the variable', () => {
    expect(() => temporalUiUrl({ AUGCON_TEMPORAL_UI_PORT: '8233x' })).toThrow(TemporalUiSettingError);
    expect(() => temporalUiUrl({ AUGCON_TEMPORAL_UI_PORT: '70000' })).toThrow(/AUGCON_TEMPORAL_UI_PORT "70000" is not a port/);
    expect(() => temporalUiUrl({ AUGCON_TEMPORAL_UI_URL: 'temporal:8233' })).toThrow(/AUGCON_TEMPORAL_UI_URL "temporal:8233" is not an http\(s\) URL/);
    expect(() => temporalUiUrl({ AUGCON_TEMPORAL_UI_URL: 'not a url' })).toThrow(/AUGCON_TEMPORAL_UI_URL "not a url" is not a URL/);
  });

  it('builds workflow and schedule pages with the namespace and id escaped', () => {
    const env = { AUGCON_TEMPORAL_UI_PORT: '9000' };
    expect(workflowUrl('default', 'wiki-2026-12-04T03:00:00Z', env)).toBe('http://localhost:9000/namespaces/default/workflows/wiki-2026-12-04T03%3A00%3A00Z');
    expect(scheduleUrl('my ns', 'augcon-dataset-wiki', env)).toBe('http://localhost:9000/namespaces/my%20ns/schedules/augcon-dataset-wiki');
  });

  it("gives the codec server the UI's origins: localhost and 127.0.0.1 on the UI port, or the URL's origin", () => {
    expect(temporalUiOrigins({ AUGCON_TEMPORAL_UI_PORT: '18233' })).toEqual(['http://localhost:18233', 'http://127.0.0.1:18233']);
    expect(temporalUiOrigins({ AUGCON_TEMPORAL_UI_URL: 'https://temporal.example/ui' })).toEqual(['https://temporal.example']);
    expect(DEFAULT_UI_ORIGINS).toEqual(['http://localhost:8233', 'http://127.0.0.1:8233']);
  });
});
