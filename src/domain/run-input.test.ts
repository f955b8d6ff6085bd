import { validateRunInput, withCurrentDefaults } from './run-input';

describe('validateRunInput', () => {
  it('fills every default from the corpus paths alone', () => {
    const result = validateRunInput({ corpus: { paths: ['docs'] } });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.settings.seed).toBe(1);
    expect(result.settings.cst).toMatchObject({ minChars: 20, charsPerPair: 35, maxParseRetries: 4, groundingMinPrecision: 0.7, maxDepth: 12, maxPasses: 3, temperature: 0.85, maxTokens: 1024 });
    expect(result.settings.roots).toMatchObject({ rootMaxChars: 500, latinScale: 3 });
    expect(result.settings.corpus.jsonTextField).toBe('text');
  });
  it('names the field and what was expected', () => {
    const result = validateRunInput({ corpus: { paths: [] }, cst: { temperature: 'hot' } });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.message).toContain('run input: corpus.paths: name at least one folder, file or glob');
    expect(result.message).toMatch(/run input: cst\.temperature: .*number/);
  });
  it('rejects unknown fields instead of ignoring a typo', () => {
    const result = validateRunInput({ corpus: { paths: ['x'] }, cst: { minchars: 10 } });
    expect(!result.ok && result.message).toMatch(/cst.*minchars/);
  });
  it('drops markdown code blocks by default and reads records at the top level', () => {
    const result = validateRunInput({ corpus: { paths: ['docs'] } });
    expect(result.ok && result.settings.corpus).toEqual({ paths: ['docs'], jsonTextField: 'text', jsonIdField: 'id', codeBlocks: 'drop', maxFileBytes: 64 * 1024 * 1024 });
    const keeping = validateRunInput({ corpus: { paths: ['docs'], codeBlocks: 'keep', jsonRecordPath: 'data[].paragraphs' } });
    expect(keeping.ok && keeping.settings.corpus).toMatchObject({ codeBlocks: 'keep', jsonRecordPath: 'data[].paragraphs' });
  });
  it('names corpus.codeBlocks and corpus.jsonRecordPath when they are wrong, with what is expected', () => {
    const result = validateRunInput({ corpus: { paths: ['docs'], codeBlocks: 'strip', jsonRecordPath: 'data[0].text' } });
    expect(!result.ok && result.message.split('\n')).toEqual([
      'run input: corpus.jsonRecordPath: use field names separated by "." with "[]" after an array, e.g. "data[]" or "data[].paragraphs"',
      'run input: corpus.codeBlocks: expected "drop" (code is left out and counted) or "keep" (code is kept as text)',
    ]);
    for (const path of ['data', 'data[]', 'data[].paragraphs', 'items.page body']) expect(validateRunInput({ corpus: { paths: ['x'], jsonRecordPath: path } }).ok).toBe(true);
    for (const path of ['', '.data', 'data..x', 'data[1]', 'data[]x']) expect(validateRunInput({ corpus: { paths: ['x'], jsonRecordPath: path } }).ok).toBe(false);
  });
  it('rejects run names that cannot name a directory', () => {
    expect(validateRunInput({ corpus: { paths: ['x'] }, runName: '../escape' }).ok).toBe(false);
  });
});

describe('withCurrentDefaults', () => {
  it('fills in settings a run recorded by an older version does not carry', () => {
    const current = validateRunInput({ corpus: { paths: ['docs'] } });
    if (!current.ok) throw new Error(current.message);
    const { answers: _answers, ...older } = current.settings;
    const olderOrchestration = { ...older.orchestration } as Partial<typeof older.orchestration>;
    delete olderOrchestration.trainingHeartbeatTimeoutSeconds;
    const filled = withCurrentDefaults({ ...older, orchestration: olderOrchestration } as typeof current.settings);
    expect(filled).toEqual(current.settings);
  });
});
