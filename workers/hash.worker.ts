/// <reference lib="webworker" />
// Hash worker (issue 13): the SHA-256 of an upload, fed the engine's chunks as it reads them, so
// the engine thread only reads and inserts while this one hashes (lib/ingest/hash.ts).
import * as Comlink from 'comlink';
import { hashService } from '../lib/ingest/hash';

// the page's first message is the port the engine calls on
self.addEventListener('message', (e: MessageEvent<MessagePort>) => Comlink.expose(hashService(), e.data), { once: true });
