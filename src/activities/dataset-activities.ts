/**
 * Datasets and versions (the operations issue): a run with `dataset.name` is the next version of that
 * dataset. When the previous completed version ran with the same generation settings, a refresh
 * carries every root whose text is unchanged forward from it (its candidates, decisions and answers:
 * no LLM call), reuses its scorer and demonstrations, and generates only new or changed roots. The
 * changelog against the previous version is written when the run finishes.
 */
import { z } from 'zod';
import { canonicalJson } from '../domain/canonical-json';
import { candidateSetArtifact, DEMONSTRATIONS_ARTIFACT, SETUP_ARTIFACT } from '../domain/answer/stored';
import { documentChanges, pairChanges, type DocumentChanges, type PairChanges } from '../domain/changelog';
import { readStoredSettings, type RunSettings } from '../domain/run-input';
import { parseStoredJson } from '../domain/stored-json';
import type { RunStore } from '../store/run-store';
import { SCORER_ARTIFACTS } from './scorer-activities';

export interface DatasetActivityDeps {
  store: RunStore;
}

/** What a version starts from (artifact "refresh"). */
const VersionPlanSchema = z.object({
  dataset: z.string(),
  version: z.number().int(),
  previousRun: z.string().optional(),
  previousVersion: z.number().int().optional(),
  /** Why nothing was carried forward, when a previous version exists. */
  fullRegeneration: z.string().optional(),
  carriedRoots: z.number().int(),
  reuseScorer: z.boolean(),
  reuseDemonstrations: z.boolean(),
  documents: z.object({ new: z.array(z.string()), changed: z.array(z.string()), deleted: z.array(z.string()), unchanged: z.number().int() }).optional(),
});
export type VersionPlan = z.infer<typeof VersionPlanSchema>;

export interface Changelog {
  dataset: string;
  version: number;
  previousVersion: number | null;
  documents: DocumentChanges | null;
  pairs: PairChanges;
  carriedRoots: number;
}

const REFRESH_ARTIFACT = 'refresh';
const DEMONSTRATION_ARTIFACTS = (settings: RunSettings) => [
  SETUP_ARTIFACT,
  DEMONSTRATIONS_ARTIFACT,
  ...Array.from({ length: settings.answers.candidateSets }, (_, index) => candidateSetArtifact(index)),
];

/** The settings a pair depends on: a refresh carries pairs forward only when these are the same. */
function generationSettings(settings: RunSettings): string {
  const { seed, roots, cst, scorer, answers } = settings;
  return canonicalJson({ seed, roots, cst, scorer: { ...scorer }, answers: { ...answers, enabled: undefined } });
}

export function createDatasetActivities(deps: DatasetActivityDeps) {
  const { store } = deps;

  async function prepareVersion(input: { runName: string; settings: RunSettings }): Promise<VersionPlan | undefined> {
    const { settings, runName } = input;
    const dataset = settings.dataset.name;
    if (!dataset) return undefined;
    const version = await store.registerVersion(dataset, runName, new Date().toISOString());
    const previous = (await store.listVersions(dataset)).filter((v) => v.status === 'completed' && v.version < version.version).at(-1);
    const plan: VersionPlan = { dataset, version: version.version, carriedRoots: 0, reuseScorer: false, reuseDemonstrations: false };
    if (previous) {
      plan.previousRun = previous.runName;
      plan.previousVersion = previous.version;
      plan.documents = documentChanges(await store.listDocuments(previous.runName), await store.listDocuments(runName));
      const previousRow = await store.getRun(previous.runName);
      const previousSettings = previousRow ? readStoredSettings(previous.runName, previousRow.settingsJson) : undefined;
      if (!settings.dataset.incremental) plan.fullRegeneration = 'dataset.incremental is false';
      else if (!previousSettings || generationSettings(previousSettings) !== generationSettings(settings)) {
        plan.fullRegeneration = `the generation settings differ from version ${previous.version}'s`;
      } else {
        const unchanged = await store.unchangedRoots(previous.runName, runName);
        await store.carryForwardRoots(previous.runName, runName, unchanged);
        plan.carriedRoots = unchanged.length;
        plan.reuseScorer = settings.scorer.enabled && !settings.dataset.retrainScorer && (await store.getArtifact(previous.runName, SCORER_ARTIFACTS.model)) !== undefined;
        plan.reuseDemonstrations = settings.answers.enabled && (await store.getArtifact(previous.runName, DEMONSTRATIONS_ARTIFACT)) !== undefined;
        await store.carryForwardArtifacts(previous.runName, runName, [
          ...(plan.reuseScorer ? [SCORER_ARTIFACTS.model] : []),
          ...(plan.reuseDemonstrations ? DEMONSTRATION_ARTIFACTS(settings) : []),
        ]);
      }
    }
    await store.putArtifact(runName, REFRESH_ARTIFACT, canonicalJson(plan));
    return plan;
  }

  return { prepareVersion };
}

/** Marks the version completed and returns its changelog against the previous version (finalizeRun writes it). */
export async function completeVersionWithChangelog(store: RunStore, runName: string, filtered: boolean): Promise<Changelog | undefined> {
  const json = await store.getArtifact(runName, REFRESH_ARTIFACT);
  if (json === undefined) return undefined;
  const plan = parseStoredJson(VersionPlanSchema, json, `the version plan (artifact ${REFRESH_ARTIFACT}) of run ${runName}`);
  const pairsOf = async (run: string) =>
    (await store.listAnswers(run, filtered))
      .filter((row) => row.answer.status === 'ok')
      .map((row) => ({ node: `${row.rootId}/${row.pass}/${row.path}`, question: row.question, answer: row.answer.answer ?? '' }));
  const current = await pairsOf(runName);
  const previous = plan.previousRun ? await pairsOf(plan.previousRun) : [];
  await store.completeVersion(plan.dataset, runName);
  return {
    dataset: plan.dataset,
    version: plan.version,
    previousVersion: plan.previousVersion ?? null,
    documents: plan.documents ?? null,
    pairs: pairChanges(previous, current),
    carriedRoots: plan.carriedRoots,
  };
}
