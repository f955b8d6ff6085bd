/**
 * The search attributes a run keeps current, so runs can be filtered in the Temporal UI (for example
 * `AugconStatus = "paused-budget"`). They must be registered on the cluster (the dev server's flags in
 * temporal-config/dev-server.conf do it; see the README for a real cluster).
 */
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';
import { upsertSearchAttributes } from '@temporalio/workflow';
import type { ControlState } from './run-control';

export const RUN_NAME = defineSearchAttributeKey('AugconRunName', SearchAttributeType.KEYWORD);
export const DATASET = defineSearchAttributeKey('AugconDataset', SearchAttributeType.KEYWORD);
export const STAGE = defineSearchAttributeKey('AugconStage', SearchAttributeType.KEYWORD);
export const STATUS = defineSearchAttributeKey('AugconStatus', SearchAttributeType.KEYWORD);

export type RunStatusAttribute = 'running' | 'paused' | 'paused-budget' | 'stopping' | 'completed';

export function statusOf(stage: string, control: ControlState): RunStatusAttribute {
  if (stage === 'completed') return 'completed';
  if (control.stopping) return 'stopping';
  if (control.paused) return control.pausedForBudget ? 'paused-budget' : 'paused';
  return 'running';
}

export function markRun(run: { runName: string; dataset: string; stage: string; control: ControlState }): void {
  upsertSearchAttributes([
    { key: RUN_NAME, value: run.runName },
    { key: DATASET, value: run.dataset },
    { key: STAGE, value: run.stage },
    { key: STATUS, value: statusOf(run.stage, run.control) },
  ]);
}
