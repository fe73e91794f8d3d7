// Pure scheduling of the demo's activity files over several import lanes (load-portfolio.server.ts).

/**
 * Runs `importFile` over `files` with at most `lanes` at a time, never two files of one agency at once and each
 * agency's files in the given order (a later month may resend an earlier month's events: its duplicates and conflicts
 * must be judged against what that agency sent before). Results come back in the files' order.
 */
export async function importInLanes<File extends { agencyCode: string }, Result>(files: readonly File[], lanes: number, importFile: (file: File) => Promise<Result>): Promise<Result[]> {
  const results: Result[] = new Array<Result>(files.length);
  const waiting = files.map((_, index) => index);
  const busyAgencies = new Set<string>();
  let failure: unknown = null;
  let wakeLanes: (() => void)[] = [];
  const runLane = async (): Promise<void> => {
    while (failure === null) {
      const position = waiting.findIndex((index) => !busyAgencies.has(files[index]!.agencyCode));
      if (position < 0) {
        if (waiting.length === 0) return;
        // Every waiting file belongs to an agency another lane is importing: wait for that lane to finish one.
        await new Promise<void>((resolve) => wakeLanes.push(resolve));
        continue;
      }
      const [index] = waiting.splice(position, 1) as [number];
      const file = files[index]!;
      busyAgencies.add(file.agencyCode);
      try {
        results[index] = await importFile(file);
      } catch (error) {
        failure ??= error;
      } finally {
        busyAgencies.delete(file.agencyCode);
        const woken = wakeLanes;
        wakeLanes = [];
        for (const wake of woken) wake();
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, lanes) }, runLane));
  if (failure !== null) throw failure;
  return results;
}
