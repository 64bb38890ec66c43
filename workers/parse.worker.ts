/// <reference lib="webworker" />
// Parse worker (issue 13): the page starts a few and gives the engine worker a port to each; the
// engine hands them slices of a big access log, parsed here by lib/ingest's driver and returned as
// Arrow IPC (lib/jobs/slice-parse.ts).
import * as Comlink from 'comlink';
import { parseSlice, type ParseApi } from '../lib/jobs/slice-parse';

const api: ParseApi = {
  parse: async (job) => {
    const r = await parseSlice(job);
    // the IPC bytes move to the engine (transferred, not copied)
    return r.kind === 'ok' && r.ipc !== null ? Comlink.transfer(r, [r.ipc.buffer as ArrayBuffer]) : r;
  },
};

// the page's first message is the port the engine calls on
self.addEventListener('message', (e: MessageEvent<MessagePort>) => Comlink.expose(api, e.data), { once: true });
