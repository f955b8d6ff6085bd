/** SQLite: the LLM response cache shared by every run, and each run's hits and misses. */
import { type Row, cacheStatsFrom, cachedResponseFrom } from '../row-mapping';
import type { CacheStats, CachedResponse, ResponseCacheStore } from '../run-store';
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

    async countCacheUse(runName: string, hit: boolean): Promise<void> {
      conn.db
        .prepare(
          `INSERT INTO llm_cache_stats (run_name, hits, misses) VALUES (?, ?, ?)
           ON CONFLICT (run_name) DO UPDATE SET hits = hits + excluded.hits, misses = misses + excluded.misses`,
        )
        .run(runName, hit ? 1 : 0, hit ? 0 : 1);
    },

    async cacheStats(runName: string): Promise<CacheStats> {
      const row = conn.db.prepare('SELECT hits, misses FROM llm_cache_stats WHERE run_name = ?').get(runName) as Row | undefined;
      return row ? cacheStatsFrom(row) : { hits: 0, misses: 0 };
    },
  };
}
