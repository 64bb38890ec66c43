import { nativeChunks } from '/work/main/lib/engine/native-chunks';
import { syntheticRequests } from '/work/main/lib/engine/synthetic';
const batches = Array.from({ length: 20 }, (_, b) => syntheticRequests(50_000, b * 50_000));
const t = performance.now();
for (const b of batches) nativeChunks(b);
console.log('ms', performance.now() - t);
