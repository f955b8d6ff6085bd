#!/usr/bin/env node
/**
 * The augcon command line: `run`, `status`, `plan`, `pause`/`resume`/`stop`/`budget`/`concurrency`, `schedule`,
 * `export`, `report`, `eval`, `codec-server`, `worker`, `dev`, `demo`, `standin`.
 * Exit codes are in exit-codes.ts; --json prints machine-readable output on stdout.
 */
import { Command, Option } from 'commander';
import { countArgument, defaultTaskQueue, portNumber, positiveCount, TASK_QUEUE_HELP, fractionOff, usdPrice, wholeNumber } from './arguments';
import { createRedactor, secretsFromEnv, shutdownTracing } from '../observability';
import { CodecKeyError } from '../codec/payload-keys';
import { TemporalUiSettingError } from '../client/temporal-ui';
import { CliError, EXIT } from './exit-codes';
import { runCommand } from './commands/run-command';
import { statusCommand } from './commands/status-command';
import { workerCommand } from './commands/worker-command';
import { devCommand } from './commands/dev-command';
import { demoCommand, demoModel } from './commands/demo-command';
import { standinCommand } from './commands/standin-command';
import { registerExportCommand } from './commands/export-command';
import { planCommand } from './commands/plan-command';
import { registerControlCommands } from './commands/control-commands';
import { registerScheduleCommand } from './commands/schedule-command';
import { registerReportCommand } from './commands/report-command';
import { registerEvalCommand } from './commands/eval-command';
import { registerCodecServerCommand } from './commands/codec-server-command';

export function buildProgram(): Command {
  const program = new Command()
    .name('augcon')
    .description('Turns a document corpus into supervised fine-tuning data (AugCon), durably on Temporal.')
    .showHelpAfterError()
    .exitOverride();

  program
    .command('run')
    .description('start a run over a corpus and (by default) wait for it, showing progress')
    .argument('[paths...]', 'folders, files or globs of documents (override corpus.paths of --config)')
    .option('-c, --config <file>', 'run input JSON (the same object the Temporal UI takes)')
    .option('-n, --run-name <name>', 'workflow id and run directory name (letters, digits, ".", "_", "-"; at most 128)')
    .option('--replace', "reuse the name of an earlier run: delete that run's rows and run directory first (the response cache is kept)")
    .option('--seed <n>', 'sampling seed', wholeNumber)
    .option('--task-queue <name>', TASK_QUEUE_HELP, defaultTaskQueue())
    .option('--no-wait', 'start the run and return at once')
    .option('--json', 'print the result as JSON on stdout')
    .option('-q, --quiet', 'no progress display')
    .action(runCommand);

  program
    .command('status')
    .description("show a run's status, progress or summary")
    .argument('<run>', 'the run name (workflow id)')
    .option('--json', 'print JSON on stdout')
    .action(statusCommand);

  program
    .command('plan')
    .description('estimate roots, LLM calls per stage, tokens and cost of a run before anything is spent (no Temporal, no LLM)')
    .argument('[paths...]', 'folders, files or globs of documents (override corpus.paths of --config)')
    .option('-c, --config <file>', 'run input JSON (the same object `augcon run` takes)')
    .option('--input-price <usd>', 'USD per million prompt tokens', usdPrice)
    .option('--output-price <usd>', 'USD per million completion tokens', usdPrice)
    .option('--cached-input-price <usd>', "USD per million prompt tokens served from the provider's prompt cache (default: the input price)", usdPrice)
    .option('--batch-discount <fraction>', 'share of the price the Batch API takes off, for a run with llm.mode "batch" (default: 0.5, as OpenAI)', fractionOff)
    .option('--json', 'print the estimate as JSON')
    .action(planCommand);

  program.command('worker').description('run a worker (configured by AUGCON_* environment variables)').action(workerCommand);

  program
    .command('dev')
    .description('start the local Temporal dev server (SQLite file, Web UI on AUGCON_TEMPORAL_UI_PORT, default 8233) if needed, then run a worker')
    .action(devCommand);

  program
    .command('demo')
    .description('run the sample corpus end to end: against the deterministic stand-in LLM server (no real model), or --model smollm2 (a tiny real model in process)')
    .option('--model <name>', 'standin (a test double, seconds) or smollm2 (SmolLM2-135M-Instruct in process, minutes; not production quality)', demoModel, 'standin')
    .option('--corpus <path>', 'corpus to use', 'samples/corpus')
    .option('--data-dir <dir>', 'where the demo writes its run', '.augcon/demo-data')
    .option('--json', 'print the summary as JSON on stdout')
    .action(demoCommand);

  program
    .command('standin')
    .description('serve the deterministic stand-in LLM server (a test double, not a model) on 127.0.0.1')
    .option('--port <n>', 'port (0 = any free port)', portNumber, 8808)
    .option('--latency-ms <n>', 'latency added to every call', countArgument, 0)
    .option('--seed <n>', 'fault-injection seed', wholeNumber, 1)
    .option('--capacity <n>', 'calls served at once, as an endpoint\'s slots (default: unlimited)', positiveCount)
    .addOption(new Option('--over-capacity <mode>', 'a call over the capacity waits in line (queue) or is answered 429 (reject)').choices(['queue', 'reject']).default('queue'))
    .action(standinCommand);

  registerControlCommands(program);
  registerScheduleCommand(program);
  registerExportCommand(program);
  registerReportCommand(program);
  registerEvalCommand(program);
  registerCodecServerCommand(program);
  return program;
}

export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : EXIT.ok;
  } catch (error) {
    // A message may quote a URL, a header or a setting: no secret of this environment is printed.
    const redactor = createRedactor({ secrets: secretsFromEnv() });
    const print = (message: string) => console.error(`augcon: ${redactor.text(message)}`);
    if (error instanceof CliError) {
      print(error.message);
      return error.exitCode;
    }
    if (error instanceof CodecKeyError || error instanceof TemporalUiSettingError) {
      print(error.message);
      return EXIT.invalidInput;
    }
    if (error && typeof error === 'object' && 'code' in error && String(error.code).startsWith('commander.')) {
      const code = String(error.code);
      return code === 'commander.helpDisplayed' || code === 'commander.version' ? EXIT.ok : EXIT.invalidInput;
    }
    print(error instanceof Error ? error.message : String(error));
    return EXIT.runFailed;
  }
}

if (require.main === module) {
  main(process.argv).then(
    async (code) => {
      process.exitCode = code;
      // With AUGCON_OTEL on, the client's last spans are sent before the process exits.
      await shutdownTracing();
    },
    (error: unknown) => {
      console.error(error);
      process.exitCode = EXIT.runFailed;
    },
  );
}
