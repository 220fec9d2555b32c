// How each benchmark is printed: its figures, its target and PASS or MISS (a miss is reported, never fatal).

export interface Result {
  id: string;
  title: string;
  figures: string;
  target: string;
  pass: boolean;
}

export function print(result: Result): void {
  console.log(`${result.id.padEnd(4)} ${result.title}`);
  console.log(`     ${result.figures}`);
  console.log(`     target ${result.target}: ${result.pass ? 'PASS' : 'MISS'}`);
}

export const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
export const millis = (ms: number) => `${ms.toFixed(1)} ms`;
export const ratio = (value: number) => `${value.toFixed(2)}x`;

export function percentile(samples: number[], q: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

export const median = (samples: number[]) => percentile(samples, 0.5);

/** Runs `work` `times` times and keeps the median duration (ms). */
export async function timed(times: number, work: () => Promise<void>): Promise<number> {
  const samples: number[] = [];
  for (let run = 0; run < times; run++) {
    const start = performance.now();
    await work();
    samples.push(performance.now() - start);
  }
  return median(samples);
}
