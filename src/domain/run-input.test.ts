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
