import { budgetExhausted, BudgetSchema, costUsd } from './budget';

const usage = (promptTokens: number, completionTokens: number) => ({ promptTokens, completionTokens, totalTokens: promptTokens + completionTokens });

describe('budgetExhausted', () => {
  it('has no cap by default', () => {
    expect(budgetExhausted(usage(10 ** 9, 10 ** 9), BudgetSchema.parse({}))).toBeUndefined();
  });

  it('stops at the token cap, exactly at it', () => {
    const budget = BudgetSchema.parse({ maxTokens: 1000 });
    expect(budgetExhausted(usage(900, 99), budget)).toBeUndefined();
    expect(budgetExhausted(usage(900, 100), budget)).toMatch(/^token budget of 1000 reached \(1000 paid\)/);
  });

  it('prices prompt and completion tokens separately for the cost cap', () => {
    const budget = BudgetSchema.parse({ maxCostUsd: 1, inputPricePerMillion: 0.5, outputPricePerMillion: 2 });
    expect(costUsd(usage(1_000_000, 250_000), budget)).toBe(1);
    expect(budgetExhausted(usage(1_000_000, 249_999), budget)).toBeUndefined();
    expect(budgetExhausted(usage(1_000_000, 250_000), budget)).toMatch(/^cost budget of \$1 reached \(\$1\.00 paid\)/);
  });

  it('rejects a cap that is not positive', () => {
    expect(BudgetSchema.safeParse({ maxTokens: 0 }).success).toBe(false);
  });
});
