/** SQLite: stage 3: the questions to answer, self-improvement's example traces, the answers, and the output counts. */
import { addUsage } from '../../domain/tokens';
import { type Row, USAGE_SUMS, answerFrom, num, questionFrom, str, traceFrom, usageColumnValues, usageFrom, questionsWithAnswers } from '../row-mapping';
import type { AnswerRow, AnswerStore, ExampleTraceRow, NodeKey, OutputCounts, QuestionRow } from '../run-store';
import { QUESTIONS_ALL, QUESTIONS_FILTERED, type SqliteConnection } from './connection';

export function sqliteAnswerStore(conn: SqliteConnection): AnswerStore {
  return {
    async listQuestions(runName: string, rootId: string, filtered: boolean): Promise<QuestionRow[]> {
      const alias = filtered ? 'f' : 'c';
      const order = filtered ? 'f.rank' : 'c.pass, c.path';
      const rows = conn.db
        .prepare(`${filtered ? QUESTIONS_FILTERED : QUESTIONS_ALL} AND ${alias}.run_name = ? AND ${alias}.root_id = ? ORDER BY ${order}`)
        .all(runName, rootId) as Row[];
      return rows.map(questionFrom);
    },

    async putExampleTrace(runName: string, t: ExampleTraceRow): Promise<void> {
      conn.db
        .prepare('INSERT OR REPLACE INTO example_traces VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)')
        .run(runName, t.setIndex, t.round, t.exampleIndex, t.verdict, t.answer ?? null, t.reasoning ?? null, t.detail ?? null, t.judgeAttempts,
          ...usageColumnValues(t.usage));
    },

    async getExampleTrace(runName: string, key: Pick<ExampleTraceRow, 'setIndex' | 'round' | 'exampleIndex'>): Promise<ExampleTraceRow | undefined> {
      const row = conn.db
        .prepare('SELECT * FROM example_traces WHERE run_name = ? AND set_index = ? AND round = ? AND example_index = ?')
        .get(runName, key.setIndex, key.round, key.exampleIndex) as Row | undefined;
      return row && traceFrom(row);
    },

    async listExampleTraces(runName: string): Promise<ExampleTraceRow[]> {
      const rows = conn.db.prepare('SELECT * FROM example_traces WHERE run_name = ? ORDER BY set_index, round, example_index').all(runName) as Row[];
      return rows.map((row) => traceFrom(row));
    },

    async putAnswer(runName: string, a: AnswerRow): Promise<void> {
      conn.db
        .prepare('INSERT OR REPLACE INTO answers VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)')
        .run(runName, a.rootId, a.pass, a.path, a.status, a.answer ?? null, a.reasoning ?? null, a.critique ? JSON.stringify(a.critique) : null,
          a.detail ?? null, a.model, a.attempts, ...usageColumnValues(a.usage));
    },

    async getAnswer(runName: string, key: NodeKey): Promise<AnswerRow | undefined> {
      const row = conn.db
        .prepare('SELECT * FROM answers WHERE run_name = ? AND root_id = ? AND pass = ? AND path = ?')
        .get(runName, key.rootId, key.pass, key.path) as Row | undefined;
      return row && answerFrom(row);
    },

    async listAnswers(runName: string, filtered: boolean): Promise<(QuestionRow & { answer: AnswerRow })[]> {
      const alias = filtered ? 'f' : 'c';
      const withinRoot = filtered ? 'f.rank' : 'c.pass, c.path';
      const questions = conn.db
        .prepare(
          `${filtered ? QUESTIONS_FILTERED : QUESTIONS_ALL} AND ${alias}.run_name = ?
           AND EXISTS (SELECT 1 FROM answers a WHERE a.run_name = c.run_name AND a.root_id = c.root_id AND a.pass = c.pass AND a.path = c.path)
           ORDER BY (SELECT r.seq FROM roots r WHERE r.run_name = c.run_name AND r.root_id = c.root_id), ${withinRoot}`,
        )
        .all(runName) as Row[];
      return questionsWithAnswers(questions, conn.db.prepare('SELECT * FROM answers WHERE run_name = ?').all(runName));
    },

    async outputCounts(runName: string): Promise<OutputCounts> {
      const grouped = (sql: string): Record<string, number> =>
        Object.fromEntries((conn.db.prepare(sql).all(runName) as Row[]).map((row) => [str(row, 'k'), num(row, 'n')]));
      const sums = (table: string): Row => conn.db.prepare(`SELECT COUNT(*) AS n, ${USAGE_SUMS} FROM ${table} WHERE run_name = ?`).get(runName) as Row;
      const candidates = sums('candidates');
      const drops = sums('drops');
      return {
        candidates: num(candidates, 'n'),
        drops: num(drops, 'n'),
        dropsByReason: grouped('SELECT reason AS k, COUNT(*) AS n FROM drops WHERE run_name = ? GROUP BY reason ORDER BY reason'),
        leavesByReason: grouped(
          'SELECT leaf_reason AS k, COUNT(*) AS n FROM candidates WHERE run_name = ? AND leaf_reason IS NOT NULL GROUP BY leaf_reason ORDER BY leaf_reason',
        ),
        candidatesByDepth: grouped('SELECT depth AS k, COUNT(*) AS n FROM candidates WHERE run_name = ? GROUP BY depth ORDER BY depth'),
        usage: addUsage(usageFrom(candidates), usageFrom(drops)),
      };
    },
  };
}
