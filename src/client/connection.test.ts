import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadTemporalConnectConfig, TemporalConfigError } from './connection';

describe('loadTemporalConnectConfig', () => {
  it("reads the project's local profile by default", () => {
    const config = loadTemporalConnectConfig({ env: {} });
    expect(config).toMatchObject({ profile: 'local', namespace: 'default', connectionOptions: { address: 'localhost:7233' } });
    expect(config.configFile).toMatch(/temporal-config\/temporal\.toml$/);
  });

  it('selects another profile and lets TEMPORAL_* variables override it', async () => {
    const file = join(await mkdtemp(join(tmpdir(), 'augcon-toml-')), 'temporal.toml');
    await writeFile(file, '[profile.cluster]\naddress = "temporal.example:7233"\nnamespace = "augcon"\n');
    expect(loadTemporalConnectConfig({ env: { TEMPORAL_CONFIG_FILE: file, TEMPORAL_PROFILE: 'cluster' } })).toMatchObject({
      namespace: 'augcon',
      connectionOptions: { address: 'temporal.example:7233' },
    });
    expect(loadTemporalConnectConfig({ env: { TEMPORAL_CONFIG_FILE: file, TEMPORAL_PROFILE: 'cluster', TEMPORAL_ADDRESS: '127.0.0.1:9999' } }).connectionOptions.address).toBe(
      '127.0.0.1:9999',
    );
  });

  it('says which file and profile are wrong', () => {
    expect(() => loadTemporalConnectConfig({ env: { TEMPORAL_PROFILE: 'nope' } })).toThrow(TemporalConfigError);
    expect(() => loadTemporalConnectConfig({ env: { TEMPORAL_PROFILE: 'nope' } })).toThrow(/profile "nope" from .*temporal\.toml/);
  });
});
