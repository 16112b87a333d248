import * as tf from '@tensorflow/tfjs';

export type BackendName = 'tensorflow' | 'wasm' | 'cpu';

let chosen: BackendName | null = null;

/**
 * Selects the fastest tfjs backend that loads here: the native `tensorflow`
 * backend when the optional @tensorflow/tfjs-node package installed, else
 * WebAssembly, else the plain JavaScript `cpu` backend. `preferred` forces one
 * backend (benchmarks compare them). Returns the backend in use.
 */
export async function initBackend(preferred?: BackendName): Promise<BackendName> {
  if (chosen && (!preferred || preferred === chosen)) return chosen;
  const candidates: BackendName[] = preferred ? [preferred] : ['tensorflow', 'wasm', 'cpu'];
  for (const name of candidates) {
    if (await tryBackend(name)) {
      chosen = name;
      return name;
    }
  }
  throw new Error(`tfjs backend ${preferred} could not be initialised; use one of tensorflow, wasm or cpu`);
}

/** Returns the backend chosen by initBackend, or null before it ran. */
export function currentBackend(): BackendName | null {
  return chosen;
}

async function tryBackend(name: BackendName): Promise<boolean> {
  try {
    if (name === 'tensorflow') {
      const nativePackage = '@tensorflow/tfjs-node';
      await import(nativePackage);
    } else if (name === 'wasm') {
      await import('@tensorflow/tfjs-backend-wasm');
    }
    return (await tf.setBackend(name)) && tf.getBackend() === name;
  } catch {
    return false;
  }
}
