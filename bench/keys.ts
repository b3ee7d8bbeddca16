// The keys both the benchmark and the profile load: 100 of them, a third of each role, a quarter
// never expiring, the rest expiring an hour apart.
export const KEYS = 100;

export type SeedKey = { name: string; role: string; secondsToLive: number | null };

export function benchKeys(): SeedKey[] {
  return Array.from({ length: KEYS }, (_, i) => ({
    name: `bench-key-${String(i).padStart(3, '0')}`,
    role: ['Viewer', 'Editor', 'Admin'][i % 3],
    secondsToLive: i % 4 === 0 ? null : 3600 * (i + 1),
  }));
}
