/**
 * The roots the next CST pass expands again: those that ran exactly `passes` passes without error and
 * are still under quota (src/domain/quota.ts) after filtering. The store lists each root's outcome and
 * kept count; the quota rule is applied here, reading store pages until `limit` roots are found.
 */
import { isUnderQuota, quotaSupply } from '../domain/quota';
import type { RunStore, UnderQuotaRoot } from '../store/run-store';

/** How many roots one store read lists while looking for under-quota ones. */
const STORE_PAGE = 200;

export async function listUnderQuotaRoots(
  store: Pick<RunStore, 'listRootsAfterPass'>,
  input: { runName: string; passes: number; afterSeq: number; limit: number },
): Promise<UnderQuotaRoot[]> {
  const found: UnderQuotaRoot[] = [];
  for (let afterSeq = input.afterSeq; found.length < input.limit; ) {
    const page = await store.listRootsAfterPass(input.runName, input.passes, afterSeq, STORE_PAGE);
    for (const { kept, ...root } of page) {
      // A later pass exists only when the scorer filters, so a root's supply is its kept questions.
      if (isUnderQuota(quotaSupply({ candidates: root.outcome.candidates, kept }, true), root.outcome.quota)) found.push(root);
      if (found.length === input.limit) break;
    }
    if (page.length < STORE_PAGE) break;
    afterSeq = page.at(-1)!.seq;
  }
  return found;
}
