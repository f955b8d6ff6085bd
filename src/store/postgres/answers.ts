/** PostgreSQL: stage 3: the questions to answer, self-improvement's example traces, the answers, and the output counts. */
import { addUsage } from '../../domain/tokens';
import { type Row, USAGE_SUMS, answerFrom, num, questionFrom, str, traceFrom, usageFrom, questionsWithAnswers } from '../row-mapping';
import type { AnswerRow, AnswerStore, ExampleTraceRow, NodeKey, OutputCounts, QuestionRow } from '../run-store';
import { type PostgresConnection, QUESTIONS_ALL, QUESTIONS_FILTERED, RANK_ORDER, usageValues } from './connection';

export function postgresAnswerStore(conn: PostgresConnection): AnswerStore {
  return {
    async listQuestions(runName: string, rootId: string, filtered: boolean): Promise<QuestionRow[]> {
      const alias = filtered ? 'f' : 'c';
      const order = filtered ? RANK_ORDER : 'c.pass, c.path';
      const rows = await conn.rows(
        `${filtered ? QUESTIONS_FILTERED : QUESTIONS_ALL} AND ${alias}.run_name = $1 AND ${alias}.root_id = $2 ORDER BY ${order}`,
        [runName, rootId],
      );
      return rows.map(questionFrom);
    },

    async putExampleTrace(runName: string, t: ExampleTraceRow): Promise<void> {
      await conn.upsert('example_traces', {
        run_name: runName, set_index: t.setIndex, round: t.round, example_index: t.exampleIndex, verdict: t.verdict, answer: t.answer,
        reasoning: t.reasoning, detail: t.detail, judge_attempts: t.judgeAttempts, ...usageValues(t.usage),
      });
    },

    async getExampleTrace(runName: string, key: Pick<ExampleTraceRow, 'setIndex' | 'round' | 'exampleIndex'>): Promise<ExampleTraceRow | undefined> {
      const row = await conn.row(
        'SELECT * FROM example_traces WHERE run_name = $1 AND set_index = $2 AND round = $3 AND example_index = $4',
        [runName, key.setIndex, key.round, key.exampleIndex],
      );
      return row && traceFrom(row);
    },

    async listExampleTraces(runName: string): Promise<ExampleTraceRow[]> {
      const rows = await conn.rows('SELECT * FROM example_traces WHERE run_name = $1 ORDER BY set_index, round, example_index', [runName]);
      return rows.map(traceFrom);
    },

    async putAnswer(runName: string, a: AnswerRow): Promise<void> {
      await conn.upsert('answers', {
        run_name: runName, root_id: a.rootId, pass: a.pass, path: a.path, status: a.status, answer: a.answer, reasoning: a.reasoning,
        critique_json: a.critique ? JSON.stringify(a.critique) : null, detail: a.detail, model: a.model, attempts: a.attempts, ...usageValues(a.usage),
      });
    },

    async getAnswer(runName: string, key: NodeKey): Promise<AnswerRow | undefined> {
      const row = await conn.row('SELECT * FROM answers WHERE run_name = $1 AND root_id = $2 AND pass = $3 AND path = $4', [
        runName,
        key.rootId,
        key.pass,
        key.path,
      ]);
      return row && answerFrom(row);
    },

    async listAnswers(runName: string, filtered: boolean): Promise<(QuestionRow & { answer: AnswerRow })[]> {
      const alias = filtered ? 'f' : 'c';
      const withinRoot = filtered ? RANK_ORDER : 'c.pass, c.path';
      const questions = await conn.rows(
        `${filtered ? QUESTIONS_FILTERED : QUESTIONS_ALL} AND ${alias}.run_name = $1
         AND EXISTS (SELECT 1 FROM answers a WHERE a.run_name = c.run_name AND a.root_id = c.root_id AND a.pass = c.pass AND a.path = c.path)
         ORDER BY (SELECT r.seq FROM roots r WHERE r.run_name = c.run_name AND r.root_id = c.root_id) NULLS FIRST, ${withinRoot}`,
        [runName],
      );
      return questionsWithAnswers(questions, await conn.rows('SELECT * FROM answers WHERE run_name = $1', [runName]));
    },

    async outputCounts(runName: string): Promise<OutputCounts> {
      const grouped = async (sql: string): Promise<Record<string, number>> =>
        Object.fromEntries((await conn.rows(sql, [runName])).map((row) => [str(row, 'k'), num(row, 'n')]));
      const sums = async (table: 'candidates' | 'drops'): Promise<Row> =>
        (await conn.row(
          `SELECT COUNT(*) AS n, ${USAGE_SUMS} FROM ${table} WHERE run_name = $1`,
          [runName],
        ))!;
      const candidates = await sums('candidates');
      const drops = await sums('drops');
      return {
        candidates: num(candidates, 'n'),
        drops: num(drops, 'n'),
        dropsByReason: await grouped('SELECT reason AS k, COUNT(*) AS n FROM drops WHERE run_name = $1 GROUP BY reason ORDER BY reason'),
        leavesByReason: await grouped(
          'SELECT leaf_reason AS k, COUNT(*) AS n FROM candidates WHERE run_name = $1 AND leaf_reason IS NOT NULL GROUP BY leaf_reason ORDER BY leaf_reason',
        ),
        candidatesByDepth: await grouped('SELECT depth AS k, COUNT(*) AS n FROM candidates WHERE run_name = $1 GROUP BY depth ORDER BY depth'),
        usage: addUsage(usageFrom(candidates), usageFrom(drops)),
      };
    },
  };
}
