/**
 * tfjs backend choice, shared by the tfjs detectors. In Node (tests, CLI) we run the pure-JS cpu
 * backend: @tensorflow/tfjs-node downloads a native binary at install time, which cannot install
 * here, and cpu results are bit-identical for a seed. In the browser the wasm backend is about 2×
 * faster (STACK-NOTES), single-threaded because its pthread build breaks under both bundlers.
 */
import * as tf from '@tensorflow/tfjs';

export type BackendName = 'cpu' | 'wasm';

let active: BackendName | null = null;

/**
 * Selects a backend and returns the one in use: cpu when the requested one cannot start.
 * Not named use…: React's hook lint rule would flag every call from app/ outside a component.
 * `wasmPaths` is the folder (or URL prefix) serving the tfjs-backend-wasm .wasm files.
 */
export async function selectBackend(name: BackendName, wasmPaths?: string): Promise<BackendName> {
  if (name !== 'cpu' && name !== 'wasm') throw new Error(`invalid tfjs backend: ${String(name)} (expected cpu or wasm)`);
  if (name === 'wasm') {
    try {
      // Loaded on demand so Node and the cpu path never fetch the wasm module.
      const wasm = await import('@tensorflow/tfjs-backend-wasm');
      tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
      if (wasmPaths !== undefined) wasm.setWasmPaths(wasmPaths);
      if (await tf.setBackend('wasm')) {
        await tf.ready();
        active = 'wasm';
        return active;
      }
    } catch {
      // fall through to cpu: a missing .wasm file or an old browser must not stop training
    }
  }
  // Silences the cpu backend's advice to install tfjs-node, which cannot install here (CLI noise).
  if (tf.env().getBool('IS_NODE')) tf.enableProdMode();
  if (!(await tf.setBackend('cpu'))) throw new Error('tfjs cpu backend failed to start');
  await tf.ready();
  active = 'cpu';
  return active;
}

/** The backend in use, picking cpu when none was chosen: tf's own default would try webgl first. */
export async function ensureBackend(): Promise<BackendName> {
  if (active !== null && tf.getBackend() === active) return active;
  return selectBackend('cpu');
}

export { tf };
