/**
 * Prices per model for the report's cost column, in US dollars per million tokens. Keys are model
 * names as the endpoint reports them; "*" prices every model not named. Without a price the report
 * shows tokens only.
 */
import { z } from 'zod';
import type { TokenCount } from '../domain/tokens';

export const ModelPriceSchema = z.strictObject({
  /** Dollars per million prompt (input) tokens. */
  prompt: z.number().min(0),
  /** Dollars per million completion (output) tokens. */
  completion: z.number().min(0),
});

export const PriceTableSchema = z.record(z.string().min(1), ModelPriceSchema);

export type ModelPrice = z.output<typeof ModelPriceSchema>;
export type PriceTable = z.output<typeof PriceTableSchema>;

/** The price of `model`: its own entry, else "*", else the table's only entry. */
export function priceFor(prices: PriceTable, model: string | undefined): ModelPrice | undefined {
  if (model !== undefined && Object.hasOwn(prices, model)) return prices[model];
  if (Object.hasOwn(prices, '*')) return prices['*'];
  const entries = Object.values(prices);
  return entries.length === 1 ? entries[0] : undefined;
}

export function costOf(usage: TokenCount, price: ModelPrice): number {
  return (usage.promptTokens * price.prompt + usage.completionTokens * price.completion) / 1_000_000;
}
