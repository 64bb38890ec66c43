import { err, errLine, out } from './terminal';

// (the 1 GB in USAGE is simulate.ts's FORCE_ABOVE_BYTES, not imported so that `parse` does not load the simulator)
// Commands load on demand: `parse` should not pay for tfjs and the detectors at start-up.

const USAGE = `harbinger — log anomaly workbench, command line

Usage:
  harbinger parse FILE... [--format F] [--year Y] [--json]   parse logs and print the parse report
  harbinger simulate --preset P [--seed N] [--days D] [--rps R] --out DIR [--force] [--json]
                                                          write simulated logs + labels.csv + incidents.json;
                                                          prints the estimated size first and needs --force
                                                          above 1 GB or to overwrite files already in DIR
  harbinger simulate --list                               list the presets
  harbinger evaluate LOG... --labels FILE [--detectors a,b] [--window 1m] [--train-fraction 0.5]
                   [--seed N] [--threshold quantile|train-best-f1|alarm-budget]
                   [--alarms-per-day 0.5] [--post none|likelihood|likelihood+extreme]
                   [--tf-backend wasm|cpu] [--save-model MODEL.json] [--json]
                                                          train on the first part, report honest metrics on the rest;
                                                          --save-model writes the trained models as a bundle for watch
  harbinger nab DIR [--detectors a,b] [--seed N] [--tf-backend wasm|cpu] [--json]  our detectors on a NAB corpus, NAB-scored beside the published ones
  harbinger watch --model MODEL.json FILE... [--grace 30] [--from-start] [--state FILE] [--webhook URL]
                                                          follow logs like tail -F, score windows as they close,
                                                          one JSON line per alarm/warning/recovery (watch --help)
  harbinger help

Formats: auto (default), combined, common, auth, jsonl, metrics-csv. Files may be gzip-compressed.
Text from logs and file names is printed with control characters escaped (ESC as \\e, others as \\xHH),
so a log cannot drive the terminal; --json escapes them as \\u00HH.`;

/** Entry point; returns the process exit code. */
export async function main(argv: string[]): Promise<number> {
  const [cmd, ...rest] = argv;
  switch (cmd) {
    case 'parse':
      return (await import('./parse')).parseCommand(rest);
    case 'simulate':
      return (await import('./simulate')).simulateCommand(rest);
    case 'evaluate':
      return (await import('./evaluate')).evaluateCommand(rest);
    case 'nab':
      return (await import('./nab')).nabCommand(rest);
    case 'watch':
      return (await import('./watch')).watchCommand(rest);
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      out(USAGE + '\n');
      return cmd === undefined ? 2 : 0;
    default:
      errLine('harbinger', `unknown command "${cmd}"`);
      err(`\n${USAGE}\n`);
      return 2;
  }
}
