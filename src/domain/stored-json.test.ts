import { z } from 'zod';
import { readStoredSettings, validateRunInput } from './run-input';
import { parseStoredJson, StoredDataError } from './stored-json';

describe('parseStoredJson', () => {
  const Schema = z.object({ version: z.number().int(), name: z.string() });

  it('returns the value when it matches its schema', () => {
    expect(parseStoredJson(Schema, '{"version":2,"name":"wiki"}', 'the plan')).toEqual({ version: 2, name: 'wiki' });
  });

  it('names what was read and what is wrong with it', () => {
    expect(() => parseStoredJson(Schema, '{"version":"2"}', 'the plan of run x')).toThrow(StoredDataError);
    expect(() => parseStoredJson(Schema, '{"version":"2"}', 'the plan of run x')).toThrow(/^the plan of run x is not what augcon stored: version: .*number.*; name: /);
    expect(() => parseStoredJson(Schema, '{"version":', 'the plan of run x')).toThrow(/^the plan of run x: not valid JSON/);
  });
});

describe('readStoredSettings', () => {
  it('reads settings as validated at ingest, with defaults filled in', () => {
    const validated = validateRunInput({ corpus: { paths: ['docs'] }, seed: 3 });
    if (!validated.ok) throw new Error(validated.message);
    expect(readStoredSettings('wiki-v1', JSON.stringify(validated.settings))).toEqual(validated.settings);
    // A setting added since the row was written gets its default.
    const { budget: _budget, ...older } = validated.settings;
    expect(readStoredSettings('wiki-v1', JSON.stringify(older)).budget).toEqual(validated.settings.budget);
  });

  it('fails with the run name and the field for settings that do not validate', () => {
    expect(() => readStoredSettings('wiki-v1', '{"corpus":{"paths":[]}}')).toThrow(/^stored settings of run wiki-v1 is not what augcon stored: corpus\.paths: /);
  });
});
