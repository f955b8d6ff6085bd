/** The workflows the worker registers. Workflow code only orchestrates: no I/O, no Node built-ins. */
export { augconRun } from './run-workflow';
export { progressQuery } from './run-context';
export type { RunProgress, RunStage, RunState } from './run-context';
export { cstRootWorkflow } from './cst-root-workflow';
export { cstSubtreeWorkflow } from './cst-subtree-workflow';
export { scorerProgressQuery, scorerStageWorkflow } from './scorer-stage-workflow';
export type { ScorerProgress } from './scorer-stage-workflow';
export { answerProgressQuery, answerStageWorkflow } from './answer-stage-workflow';
export type { AnswerProgress, AnswerStageSummary } from './answer-stage-workflow';
export { augconJudge } from './judge-workflow';
export type { JudgeInput, JudgeSummary } from './judge-workflow';
export { controlQuery, pauseSignal, resumeSignal, setBudgetUpdate, setConcurrencyUpdate } from './run-control';
export { stopSignal } from './graceful-stop';
export type { ControlState } from './run-control';
