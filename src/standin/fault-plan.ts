/**
 * The stand-in's fault injection: which calls get an HTTP error, a reset, a hang, a broken body or
 * garbage content, and how much latency is added. Decided by hash(server seed, rule, request body,
 * how often that body was seen), so runs are reproducible and a retried request is not faulted forever.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';

export type FaultKind = 'status' | 'latency' | 'reset' | 'hang' | 'malformed-body' | 'truncated-body' | 'malformed-content';

export const FaultRuleSchema = z.object({
  kind: z.enum(['status', 'latency', 'reset', 'hang', 'malformed-body', 'truncated-body', 'malformed-content']),
  /** Share of matching calls faulted, 0..1. @default 1 */
  rate: z.number().min(0).max(1).default(1),
  /** For kind "status". @default 500 */
  status: z.number().int().min(400).max(599).default(500),
  /** Sent as retry-after with kind "status". */
  retryAfterSeconds: z.number().min(0).optional(),
  /** For kind "latency". @default 1000 */
  delayMs: z.number().int().min(0).default(1000),
  /** Only these routes, e.g. ["/v1/chat/completions"]. */
  routes: z.array(z.string()).optional(),
  /** Fault only the first N matching calls (then rate is ignored). */
  firstN: z.number().int().min(0).optional(),
});
export type FaultRule = z.input<typeof FaultRuleSchema>;
export type Fault = z.output<typeof FaultRuleSchema>;

export interface FaultDecision {
  /** Latency added by the matching latency rules, summed. */
  delayMs: number;
  /** The first other matching rule. */
  fault?: Fault;
}

export class FaultPlan {
  private rules: Fault[];
  private readonly seenBodies = new Map<string, number>();
  private readonly matchedByRule = new Map<number, number>();

  constructor(
    private readonly seed: number,
    rules: FaultRule[] = [],
  ) {
    this.rules = rules.map((rule) => FaultRuleSchema.parse(rule));
  }

  /** Replaces the rules (already parsed ones pass unchanged); `firstN` counts start again. */
  setRules(rules: FaultRule[]): Fault[] {
    this.rules = rules.map((rule) => FaultRuleSchema.parse(rule));
    this.matchedByRule.clear();
    return this.rules;
  }

  /** Forgets which bodies were seen and how many calls each rule matched. */
  reset(): void {
    this.seenBodies.clear();
    this.matchedByRule.clear();
  }

  /** The faults for one call: latency rules add up, the first other matching rule wins. */
  decide(route: string, bodyHash: string): FaultDecision {
    const occurrence = this.seenBodies.get(bodyHash) ?? 0;
    this.seenBodies.set(bodyHash, occurrence + 1);
    let delayMs = 0;
    let fault: Fault | undefined;
    this.rules.forEach((rule, ruleIndex) => {
      if (rule.routes && !rule.routes.includes(route)) return;
      if (!this.hits(rule, ruleIndex, bodyHash, occurrence)) return;
      if (rule.kind === 'latency') delayMs += rule.delayMs;
      else fault ??= rule;
    });
    return fault ? { delayMs, fault } : { delayMs };
  }

  private hits(rule: Fault, ruleIndex: number, bodyHash: string, occurrence: number): boolean {
    if (rule.firstN !== undefined) {
      const matched = this.matchedByRule.get(ruleIndex) ?? 0;
      this.matchedByRule.set(ruleIndex, matched + 1);
      return matched < rule.firstN;
    }
    return createHash('sha256').update(`${this.seed}:${ruleIndex}:${bodyHash}:${occurrence}`).digest().readUInt32BE(0) / 0x100000000 < rule.rate;
  }
}
