/**
 * `npm run bench`: orchestration overhead and limits of CST runs (the scorer stage off), on a real Temporal dev server, a
 * worker process (the compiled one) and the stand-in LLM server with fixed latency.
 *
 * (a) wall time / ideal time, ideal = LLM calls x latency / calls in flight, at 8 and 32 in flight
 *     with 200 ms and 500 ms latency on 20 roots, and (issue 12) on 200 roots (BENCH_THROUGHPUT_DOCS) at
 *     500 ms and 2 s, 8, 32 and 64 in flight, the stand-in's capacity twice the calls in flight; with the
 *     calls the endpoint actually had in service (its busy time / the run's span);
 * (b) worker and server CPU per CST node and per LLM call; history events and bytes per LLM call;
 * (c) the largest workflow history (events, bytes) and the most pending children, for 50 and 1,000
 *     documents (BENCH_LARGE_DOCS overrides 1,000);
 * (e) scale: 10,000 small documents (BENCH_SCALE_DOCS) at zero latency: CST nodes per second of
 *     orchestration capacity, peak worker RSS and store size (bytes per node);
 * (d) the scorer and filter domain code: training on 1,500 triples, scoring 100k candidates, and the
 *     per-root ROUGE-L filter over 10k-100k candidates.
 * (f) the in-process provider on SmolLM2-135M-Instruct: prompt and completion tokens/s at 1 and N
 *     sequences beside plain node-llama-cpp (llama-bench.ts), and a 20-passage run through every
 *     stage on it (real-model-bench.ts). BENCH_ONLY=llama or BENCH_ONLY=real-model selects them.
 * Results: bench-results/bench-<time>.json and a table on stdout. Nothing here is asserted.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { AugconClient } from '../src/client/augcon-client';
import { packageRoot } from '../src/client/package-root';
import { startDevServer, type DevServer } from '../src/dev-server/start-dev-server';
import { startStandinServer, type CallRecord, type StandinServer } from '../src/standin/server';
import { STORE_FILE } from '../src/store/sqlite-run-store';
import { requireSmollm2 } from '../src/llm/smollm2';
import { runAdaptiveBench } from './adaptive-bench';
import { runLlamaBench } from './llama-bench';
import { runRealModelBench } from './real-model-bench';
import { runScorerBench } from './scorer-bench';
import { writeCorpus } from './synthetic-corpus';

const CLOCK_TICKS = 100; // USER_HZ on Linux

/** utime + stime of a process, in seconds. */
function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
}

/** Peak resident set size of a process, in MiB. */
function peakRssMiB(pid: number): number {
  const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Math.round(Number(match[1]) / 1024) : 0;
}

/** The dev server's own process (the CLI may run it as a child of the pid we started). */
function serverPids(rootPid: number): number[] {
  const children = readFileSync(`/proc/${rootPid}/task/${rootPid}/children`, 'utf8').trim();
  return [rootPid, ...children.split(/\s+/).filter(Boolean).map(Number)];
}

interface Scenario {
  name: string;
  documents: number;
  /** One short paragraph per document (the 10,000-document scale run). */
  small?: boolean;
  latencyMs: number;
  inFlight: number;
  histories: boolean;
  /** The stand-in's capacity (calls served at once) for this scenario; above `inFlight`, so the endpoint is never the limit. */
  capacity?: number;
}

interface ScenarioResult extends Scenario {
  roots: number;
  nodes: number;
  llmCalls: number;
  wallSeconds: number;
  idealSeconds: number;
  wallOverIdeal: number;
  nodesPerSecond: number;
  workerCpuMsPerNode: number;
  serverCpuMsPerNode: number;
  /** Orchestration cost per LLM call answered: worker and dev-server CPU. */
  workerCpuMsPerCall: number;
  serverCpuMsPerCall: number;
  /** Calls the endpoint actually had in service on average: its busy time (served to answered, summed) / the run's span. */
  callsInFlight: number;
  /** The calls in service every 2 s and per kind of call (serviceProfile). */
  service: ReturnType<typeof serviceProfile>;
  workerPeakRssMiB: number;
  maxPendingChildren: number;
  workflowExecutions?: number;
  largestHistoryEvents?: number;
  largestHistoryBytes?: number;
  /** All the run's histories (every workflow execution) per LLM call answered. */
  historyEventsPerCall?: number;
  historyBytesPerCall?: number;
  /** The store file (with its write-ahead log) after the run. */
  storeMiB: number;
  storeBytesPerNode: number;
}

function startWorker(server: DevServer, standin: StandinServer, taskQueue: string, dataDir: string, inFlight: number): ChildProcess {
  return spawn(process.execPath, [join(packageRoot(), 'dist', 'src', 'worker', 'main.js')], {
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      TEMPORAL_ADDRESS: server.address,
      TEMPORAL_NAMESPACE: 'default',
      AUGCON_TASK_QUEUE: taskQueue,
      AUGCON_DATA_DIR: dataDir,
      AUGCON_LLM_BASE_URL: standin.baseUrl,
      AUGCON_LLM_MODEL: 'augcon-standin',
      AUGCON_LLM_MAX_IN_FLIGHT: String(inFlight),
      AUGCON_LOG_LEVEL: 'WARN',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

interface HistoryTotals {
  executions: number;
  /** The largest history's events and bytes. */
  events: number;
  bytes: number;
  /** Every history's events and bytes, summed. */
  totalEvents: number;
  totalBytes: number;
}

async function histories(client: Client, workflowIdPrefix: string): Promise<HistoryTotals> {
  const totals: HistoryTotals = { executions: 0, events: 0, bytes: 0, totalEvents: 0, totalBytes: 0 };
  for await (const execution of client.workflow.list({ query: `WorkflowId STARTS_WITH "${workflowIdPrefix}"` })) {
    const history = await client.workflow.getHandle(execution.workflowId, execution.runId).fetchHistory();
    const events = history.events?.length ?? 0;
    const bytes = temporal.api.history.v1.History.encode(history).finish().length;
    totals.executions += 1;
    totals.events = Math.max(totals.events, events);
    totals.bytes = Math.max(totals.bytes, bytes);
    totals.totalEvents += events;
    totals.totalBytes += bytes;
  }
  return totals;
}

/** The endpoint's calls in service on average: summed service time of the answered calls over the span from the first start to the last end. */
function callsInService(calls: readonly CallRecord[]): number {
  const answered = calls.filter((call) => call.outcome === 'ok' && call.endedAt !== undefined);
  if (answered.length === 0) return 0;
  const busy = answered.reduce((sum, call) => sum + (call.endedAt! - (call.servedAt ?? call.startedAt)), 0);
  const span = Math.max(...answered.map((call) => call.endedAt!)) - Math.min(...answered.map((call) => call.startedAt));
  return span > 0 ? busy / span : 0;
}

/**
 * Where a run's time goes: the endpoint's calls in service per `bucketMs` from the first call, and
 * per kind of call (CST, answers, judge...) its span from the run's first call and its calls in service.
 */
function serviceProfile(calls: readonly CallRecord[], bucketMs = 2000): { timeline: number[]; byKind: Record<string, { calls: number; fromS: number; toS: number; inService: number }> } {
  const answered = calls.filter((call) => call.outcome === 'ok' && call.endedAt !== undefined);
  if (answered.length === 0) return { timeline: [], byKind: {} };
  const origin = Math.min(...answered.map((call) => call.startedAt));
  const end = Math.max(...answered.map((call) => call.endedAt!));
  const busy = new Array<number>(Math.ceil((end - origin) / bucketMs) + 1).fill(0);
  for (const call of answered) {
    const from = (call.servedAt ?? call.startedAt) - origin;
    const to = call.endedAt! - origin;
    for (let bucket = Math.floor(from / bucketMs); bucket * bucketMs < to; bucket += 1) {
      busy[bucket]! += Math.min(to, (bucket + 1) * bucketMs) - Math.max(from, bucket * bucketMs);
    }
  }
  const byKind: Record<string, { calls: number; fromS: number; toS: number; inService: number }> = {};
  for (const kind of new Set(answered.map((call) => call.kind))) {
    const ofKind = answered.filter((call) => call.kind === kind);
    const from = Math.min(...ofKind.map((call) => call.startedAt));
    const to = Math.max(...ofKind.map((call) => call.endedAt!));
    byKind[kind] = { calls: ofKind.length, fromS: round((from - origin) / 1000), toS: round((to - origin) / 1000), inService: round(callsInService(ofKind)) };
  }
  return { timeline: busy.map((ms) => round(ms / bucketMs)), byKind };
}

async function runScenario(scenario: Scenario, server: DevServer, client: Client, sharedStandin: StandinServer): Promise<ScenarioResult> {
  // A scenario with a capacity gets a stand-in of its own (capacity is fixed when the server starts).
  const standin = scenario.capacity === undefined ? sharedStandin : await startStandinServer({ capacity: scenario.capacity });
  try {
    return await runScenarioOn(scenario, server, client, standin);
  } finally {
    if (standin !== sharedStandin) await standin.close();
  }
}

async function runScenarioOn(scenario: Scenario, server: DevServer, client: Client, standin: StandinServer): Promise<ScenarioResult> {
  const workDir = await mkdtemp(join(tmpdir(), `augcon-bench-${scenario.name}-`));
  const corpus = await writeCorpus(join(workDir, 'corpus'), scenario.documents, { small: scenario.small });
  const taskQueue = `bench-${scenario.name}-${Date.now().toString(36)}`;
  const worker = startWorker(server, standin, taskQueue, join(workDir, 'data'), scenario.inFlight);
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  try {
    await new Promise((resolve) => setTimeout(resolve, 1500)); // worker start-up is not part of the run
    standin.setLatency(scenario.latencyMs);
    standin.resetCalls();
    const augcon = new AugconClient(client);
    const pids = serverPids(server.pid);
    const serverCpuBefore = pids.reduce((sum, pid) => sum + cpuSeconds(pid), 0);
    const workerCpuBefore = cpuSeconds(worker.pid!);
    const started = Date.now();
    const handle = await augcon.startRun(
      // The CST stage alone: the scorer stage is timed in process by scorer-bench.ts.
      { corpus: { paths: [corpus] }, seed: 1, orchestration: { maxConcurrentRoots: Number(process.env.BENCH_MAX_CONCURRENT_ROOTS ?? Math.max(50, scenario.inFlight * 2)) }, scorer: { enabled: false } },
      { workflowId: taskQueue, taskQueue },
    );
    const summary = await augcon.result(handle.workflowId);
    const wallSeconds = (Date.now() - started) / 1000;
    const workerCpu = cpuSeconds(worker.pid!) - workerCpuBefore;
    const serverCpu = pids.reduce((sum, pid) => sum + cpuSeconds(pid), 0) - serverCpuBefore;
    const manifest = JSON.parse(readFileSync(join(summary.runDirectory, 'manifest.json'), 'utf8')) as {
      counts: { nodes: number };
      orchestration: { maxPendingChildren: number };
    };
    const calls = standin.calls();
    const llmCalls = calls.filter((call) => call.outcome === 'ok').length;
    const nodes = manifest.counts.nodes;
    const idealSeconds = (llmCalls * scenario.latencyMs) / 1000 / scenario.inFlight;
    const result: ScenarioResult = {
      ...scenario,
      roots: summary.roots,
      nodes,
      llmCalls,
      wallSeconds: round(wallSeconds),
      idealSeconds: round(idealSeconds),
      wallOverIdeal: idealSeconds > 0 ? round(wallSeconds / idealSeconds) : 0,
      nodesPerSecond: round(nodes / wallSeconds),
      workerCpuMsPerNode: round((workerCpu * 1000) / nodes),
      serverCpuMsPerNode: round((serverCpu * 1000) / nodes),
      workerCpuMsPerCall: round((workerCpu * 1000) / Math.max(llmCalls, 1)),
      serverCpuMsPerCall: round((serverCpu * 1000) / Math.max(llmCalls, 1)),
      callsInFlight: round(callsInService(calls)),
      service: serviceProfile(calls),
      workerPeakRssMiB: peakRssMiB(worker.pid!),
      maxPendingChildren: manifest.orchestration.maxPendingChildren,
      ...storeSize(join(workDir, 'data'), nodes),
    };
    if (scenario.histories) {
      const history = await histories(client, taskQueue);
      result.workflowExecutions = history.executions;
      result.largestHistoryEvents = history.events;
      result.largestHistoryBytes = history.bytes;
      result.historyEventsPerCall = round(history.totalEvents / Math.max(llmCalls, 1));
      result.historyBytesPerCall = Math.round(history.totalBytes / Math.max(llmCalls, 1));
    }
    return result;
  } finally {
    worker.kill('SIGTERM');
    await exited;
  }
}

const round = (value: number) => Math.round(value * 100) / 100;

function storeSize(dataDir: string, nodes: number): { storeMiB: number; storeBytesPerNode: number } {
  const bytes = ['', '-wal'].map((suffix) => join(dataDir, `${STORE_FILE}${suffix}`)).filter((file) => existsSync(file)).reduce((sum, file) => sum + statSync(file).size, 0);
  return { storeMiB: round(bytes / 2 ** 20), storeBytesPerNode: Math.round(bytes / Math.max(nodes, 1)) };
}

/** The provider bench's prompts: short CST contexts, one call each. */
const LLAMA_PASSAGES = [
  'Every Friday afternoon, whoever is on the kitchen rota backflushes the group head of the espresso machine with the blind basket and half a spoon of cleaning powder.',
  'The night bus leaves the station at a quarter past midnight. Tickets are sold on board, and the driver only accepts exact change, so passengers should bring coins.',
  'Once a month the facilities desk descales the machine. Please do not try it yourself: the procedure drains the steam boiler, and its valve is easy to damage.',
  'The town library moved into the old railway station in 2019. The waiting hall became a reading room with 40 seats, and the ticket office now lends laptops.',
  'The community garden has 30 plots that neighbours rent for one season. Each plot gets water from a shared tank that volunteers fill on Mondays.',
  'Releases are cut on Tuesdays. The release manager tags the commit, the pipeline builds the packages, and a second engineer checks the changelog before anything ships.',
  'When a page fires at night, the on-call engineer acknowledges it within five minutes, opens an incident channel and writes down every step taken.',
  'Tools are kept in a green shed behind the gate, and the code for its lock changes every spring. Ask the garden secretary for the new code.',
];

async function main(): Promise<void> {
  const largeDocs = Number(process.env.BENCH_LARGE_DOCS ?? 1000);
  const scaleDocs = Number(process.env.BENCH_SCALE_DOCS ?? 10_000);
  const throughputDocs = Number(process.env.BENCH_THROUGHPUT_DOCS ?? 200);
  console.log('  scorer and ROUGE-L filter (domain code, in process) ...');
  const scorer = runScorerBench();
  const all: Scenario[] = [
    ...[200, 500].flatMap((latencyMs) =>
      [8, 32].map((inFlight) => ({ name: `latency-${latencyMs}ms-inflight-${inFlight}`, documents: 20, latencyMs, inFlight, histories: false })),
    ),
    // Issue 12's throughput bench: enough roots (one per document) that a tree's sequential levels do not bound
    // the run, and an endpoint whose capacity is above the calls in flight, so orchestration is the only limit.
    ...[500, 2000].flatMap((latencyMs) =>
      [8, 32, 64].map((inFlight) => ({
        name: `throughput-${throughputDocs}-roots-${latencyMs}ms-inflight-${inFlight}`,
        documents: throughputDocs,
        latencyMs,
        inFlight,
        capacity: inFlight * 2,
        histories: latencyMs === 500,
      })),
    ),
    { name: 'docs-50', documents: 50, latencyMs: 0, inFlight: 32, histories: true },
    { name: `docs-${largeDocs}`, documents: largeDocs, latencyMs: 0, inFlight: 32, histories: true },
    { name: `scale-${scaleDocs}-small-docs`, documents: scaleDocs, small: true, latencyMs: 0, inFlight: 32, histories: false },
  ];
  // BENCH_ONLY=scale (a substring of scenario names, or llama, real-model, adaptive) runs a subset.
  const selected = (name: string) => !process.env.BENCH_ONLY || name.includes(process.env.BENCH_ONLY);
  const scenarios = all.filter((scenario) => selected(scenario.name));
  let adaptive: Awaited<ReturnType<typeof runAdaptiveBench>> | undefined;
  if (selected('adaptive-concurrency')) {
    console.log('  adaptive concurrency vs fixed 64 in flight, stand-in of capacity 32 answering 429 beyond it ...');
    adaptive = await runAdaptiveBench();
  }
  const modelPath = selected('llama-provider') || selected('real-model') ? requireSmollm2() : undefined;
  let llama: Awaited<ReturnType<typeof runLlamaBench>> | undefined;
  if (modelPath && selected('llama-provider')) {
    console.log('  in-process provider vs plain node-llama-cpp on SmolLM2-135M-Instruct ...');
    llama = await runLlamaBench(modelPath, LLAMA_PASSAGES);
  }
  console.log('augcon bench: real Temporal dev server, compiled worker process, stand-in LLM server (deterministic test double, not a model)');
  const server = await startDevServer();
  const standin = await startStandinServer();
  const connection = await Connection.connect({ address: server.address });
  const client = new Client({ connection });
  const results: ScenarioResult[] = [];
  let realModel: Awaited<ReturnType<typeof runRealModelBench>> | undefined;
  try {
    for (const scenario of scenarios) {
      console.log(`  running ${scenario.name} (${scenario.documents} documents) ...`);
      results.push(await runScenario(scenario, server, client, standin));
    }
    if (modelPath && selected('real-model')) {
      console.log('  a 20-passage run on SmolLM2-135M-Instruct in process (minutes) ...');
      // BENCH_GUARDS=off: the same run without the real-model guards (the "before" of docs/decisions/0006).
      realModel = await runRealModelBench(client, server.address, modelPath, { guards: process.env.BENCH_GUARDS === 'off' ? 'off' : 'defaults' });
    }
  } finally {
    await connection.close();
    await standin.close();
    await server.stop();
  }
  const report = {
    date: new Date().toISOString(),
    machine: { cpus: (await import('node:os')).cpus().length, node: process.version },
    results,
    scorer,
    adaptive: adaptive ?? null,
    llama: llama ?? null,
    realModel: realModel ?? null,
  };
  const directory = join(packageRoot(), 'bench-results');
  await mkdir(directory, { recursive: true });
  const file = join(directory, `bench-${report.date.replace(/[:.]/g, '-')}.json`);
  await writeFile(file, `${JSON.stringify(report, null, 2)}\n`);
  await writeFile(join(directory, 'latest.json'), `${JSON.stringify(report, null, 2)}\n`);
  console.table(
    results.map((r) => ({
      scenario: r.name,
      roots: r.roots,
      nodes: r.nodes,
      'LLM calls': r.llmCalls,
      'wall s': r.wallSeconds,
      'ideal s': r.idealSeconds,
      'wall/ideal': r.wallOverIdeal,
      'nodes/s': r.nodesPerSecond,
      'calls in flight': r.callsInFlight,
      'worker CPU ms/call': r.workerCpuMsPerCall,
      'server CPU ms/call': r.serverCpuMsPerCall,
      'history events/call': r.historyEventsPerCall ?? '',
      'history B/call': r.historyBytesPerCall ?? '',
      'worker RSS MiB': r.workerPeakRssMiB,
      'max pending children': r.maxPendingChildren,
      'largest history events': r.largestHistoryEvents ?? '',
      'largest history KiB': r.largestHistoryBytes === undefined ? '' : round(r.largestHistoryBytes / 1024),
      'store MiB': r.storeMiB,
      'store B/node': r.storeBytesPerNode,
    })),
  );
  console.log(
    `scorer: ${scorer.triples} triples featurized in ${scorer.featurizeTriplesSeconds} s, trained (4 epochs) in ${scorer.trainSeconds} s, ` +
      `held-out pairwise accuracy ${scorer.heldOutAccuracy}; scoring ${scorer.scoresPerSecond} candidates/s over ${scorer.scoredCandidates}`,
  );
  console.table(scorer.filter.map((f) => ({ 'filter candidates': f.candidates, roots: f.roots, seconds: f.seconds, 'µs/candidate': f.microsecondsPerCandidate })));
  if (adaptive) {
    console.log('adaptive concurrency against a stand-in that answers 429 beyond its capacity (controller only, no Temporal):');
    console.table(
      adaptive.map((a) => ({
        mode: a.mode,
        capacity: a.capacity,
        slots: a.slots,
        'latency ms': a.latencyMs,
        's': a.seconds,
        answered: a.answered,
        requests: a.requests,
        'goodput / capacity': a.goodputShare,
        '429 share': a.rejectedShare,
        'final limit': a.finalLimit ?? '',
      })),
    );
  }
  if (llama) {
    console.log(`in-process provider vs plain node-llama-cpp, ${llama.model}, ${llama.threads} threads, ${llama.maxTokens} reply tokens per call:`);
    console.table(
      llama.speeds.map((s) => ({
        side: s.side,
        sequences: s.sequences,
        'threads/seq': s.threadsPerSequence,
        calls: s.calls,
        'prompt tok': s.promptTokens,
        'reply tok': s.completionTokens,
        'wall s': s.wallSeconds,
        'prompt tok/s/seq': s.promptTokensPerSecond,
        'reply tok/s/seq': s.completionTokensPerSecond,
        'all tok/s': s.aggregateTokensPerSecond,
      })),
    );
    console.log(`provider / plain (all tok/s): ${llama.ratios.map((r) => `${r.sequences} seq ${r.ratio}`).join(', ')}`);
  }
  if (realModel) {
    const q = realModel.quality;
    console.log(
      `real model (${realModel.model}, guards ${realModel.guardSettings}, ${realModel.passages} passages, ${realModel.roots} roots): ${realModel.llmCalls} calls, ${realModel.wallSeconds} s, ` +
        `${realModel.nodes} nodes, ${realModel.candidates} candidates, ${realModel.kept} kept, ${realModel.parseRetries} parse retries`,
    );
    console.log(`  drops ${JSON.stringify(realModel.dropsByReason)}; leaves ${JSON.stringify(realModel.leavesByReason)}; guards ${JSON.stringify(realModel.guards)}`);
    console.log(
      `  quality: ${q.pairs} pairs, question grounding (root) ${q.questionGrounding.meanRoot.toFixed(2)}, answer grounding ${q.answerGrounding.meanShare.toFixed(2)}, ` +
        `copied ${q.copiedQuestions.count}, not questions ${q.forms.notQuestion}, distinct-2 ${q.diversity.distinct2.toFixed(2)}, MTLD ${q.diversity.mtld.toFixed(1)}, depth entropy ${q.granularity.depthEntropy.toFixed(2)}`,
    );
  }
  console.log(`results: ${file}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
