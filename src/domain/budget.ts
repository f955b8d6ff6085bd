/**
 * Budget caps of a run: tokens, or cost at the configured prices. Reaching a cap pauses the run (it
 * does not fail): raising the cap resumes it. A cap counts the tokens the run paid for (TokenUsage's
 * `paid`): replies the response cache had from other runs are free. Pure, so workflows use it directly.
 */
import { z } from 'zod';
import type { TokenCount } from './tokens';

export const BudgetSchema = z.strictObject({
  /** Pause the run once it has paid for this many tokens (prompt + completion). */
  maxTokens: z.number().int().positive().optional(),
  /** Pause the run once its tokens cost this much at the prices below (USD). */
  maxCostUsd: z.number().positive().optional(),
  /** USD per million prompt tokens of the run's model. @default 0 */
  inputPricePerMillion: z.number().min(0).default(0),
  /** USD per million completion tokens of the run's model. @default 0 */
  outputPricePerMillion: z.number().min(0).default(0),
});
export type Budget = z.output<typeof BudgetSchema>;
export type BudgetInput = z.input<typeof BudgetSchema>;

export function costUsd(usage: TokenCount, budget: Pick<Budget, 'inputPricePerMillion' | 'outputPricePerMillion'>): number {
  return (usage.promptTokens * budget.inputPricePerMillion + usage.completionTokens * budget.outputPricePerMillion) / 1e6;
}

/** Why the budget is exhausted by the tokens paid so far, or undefined while there is budget left. */
export function budgetExhausted(paid: TokenCount, budget: Budget): string | undefined {
  if (budget.maxTokens !== undefined && paid.totalTokens >= budget.maxTokens) {
    return `token budget of ${budget.maxTokens} reached (${paid.totalTokens} paid); raise it with augcon budget <run> --max-tokens N`;
  }
  if (budget.maxCostUsd !== undefined) {
    const cost = costUsd(paid, budget);
    if (cost >= budget.maxCostUsd) {
      return `cost budget of $${budget.maxCostUsd} reached ($${cost.toFixed(2)} paid); raise it with augcon budget <run> --max-cost USD`;
    }
  }
  return undefined;
}
