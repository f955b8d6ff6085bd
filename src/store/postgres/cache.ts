/** PostgreSQL: the LLM response cache shared by every run, and each run's hits and misses. */
import { NO_CACHE_USE, cacheStatsFrom, cacheUseValues, cachedResponseFrom } from '../row-mapping';
import type { CacheStats, CacheUse, CachedResponse, ResponseCacheStore } from '../run-store';
import { type PostgresConnection, tokenValues } from './connection';

export function postgresResponseCacheStore(conn: PostgresConnection): ResponseCacheStore {
  return {
    async getCachedResponse(key: string): Promise<CachedResponse | undefined> {
      const row = await conn.row('SELECT * FROM llm_cache WHERE cache_key = $1', [key]);
      return row && cachedResponseFrom(row);
    },

    async putCachedResponse(key: string, r: CachedResponse): Promise<void> {
      await conn.upsert('llm_cache', {
        cache_key: key, text: r.text, model: r.model, finish_reason: r.finishReason ?? null, ...tokenValues(r.usage), paid_by_run: r.paidByRun ?? null,
      });
    },

    async countCacheUse(runName: string, use: CacheUse): Promise<void> {
      await conn.pool.query(
        `INSERT INTO llm_cache_stats (run_name, hits, misses, prompt_tokens, cached_prompt_tokens) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (run_name) DO UPDATE SET hits = llm_cache_stats.hits + EXCLUDED.hits, misses = llm_cache_stats.misses + EXCLUDED.misses,
           prompt_tokens = llm_cache_stats.prompt_tokens + EXCLUDED.prompt_tokens,
           cached_prompt_tokens = llm_cache_stats.cached_prompt_tokens + EXCLUDED.cached_prompt_tokens`,
        [runName, ...cacheUseValues(use)],
      );
    },

    async cacheStats(runName: string): Promise<CacheStats> {
      const row = await conn.row('SELECT hits, misses, prompt_tokens, cached_prompt_tokens FROM llm_cache_stats WHERE run_name = $1', [runName]);
      return row ? cacheStatsFrom(row) : { ...NO_CACHE_USE };
    },
  };
}
