/** Runs `run` and returns the message it throws, for table-driven error snapshots. */
export function catchMessage(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    return String(error);
  }
  return '(no error)';
}
