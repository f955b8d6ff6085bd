/** SQLite: the LLM response cache shared by every run, and each run's hits and misses. */
import { type Row, NO_CACHE_USE, cacheStatsFrom, cacheUseValues, cachedResponseFrom } from '../row-mapping';
import type { CacheStats, CacheUse, CachedResponse, ResponseCacheStore } from '../run-store';
import type { SqliteConnection } from './connection';

export function sqliteResponseCacheStore(conn: SqliteConnection): ResponseCacheStore {
  return {
    async getCachedResponse(key: string): Promise<CachedResponse | undefined> {
      const row = conn.db.prepare('SELECT * FROM llm_cache WHERE cache_key = ?').get(key) as Row | undefined;
      return row && cachedResponseFrom(row);
    },

    async putCachedResponse(key: string, r: CachedResponse): Promise<void> {
      conn.db
        .prepare('INSERT OR REPLACE INTO llm_cache VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
        .run(key, r.text, r.model, r.finishReason ?? null, r.usage.promptTokens, r.usage.completionTokens, r.usage.totalTokens, r.paidByRun ?? null);
    },

    async countCacheUse(runName: string, use: CacheUse): Promise<void> {
      conn.db
        .prepare(
          `INSERT INTO llm_cache_stats (run_name, hits, misses, prompt_tokens, cached_prompt_tokens) VALUES (?, ?, ?, ?, ?)
           ON CONFLICT (run_name) DO UPDATE SET hits = hits + excluded.hits, misses = misses + excluded.misses,
             prompt_tokens = prompt_tokens + excluded.prompt_tokens, cached_prompt_tokens = cached_prompt_tokens + excluded.cached_prompt_tokens`,
        )
        .run(runName, ...cacheUseValues(use));
    },

    async cacheStats(runName: string): Promise<CacheStats> {
      const row = conn.db.prepare('SELECT hits, misses, prompt_tokens, cached_prompt_tokens FROM llm_cache_stats WHERE run_name = ?').get(runName) as Row | undefined;
      return row ? cacheStatsFrom(row) : { ...NO_CACHE_USE };
    },
  };
}
