/** The run report: data from the store, one self-contained HTML file. */
export { buildReportData, DEFAULT_MAX_TREE_ROOTS, ReportRunNotFoundError, type ReportOptions, type ReportStore } from './report-data';
export type { ReportData } from './report-model';
export { renderReport } from './render-report';
export { parseManifest, type ReportManifest } from './manifest';
export { PriceTableSchema, type PriceTable } from './pricing';
export { buildRootTrees, type PassTree, type TreeNode, type NodeMark } from './cst-tree';
